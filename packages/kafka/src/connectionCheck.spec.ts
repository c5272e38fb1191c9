import { AuthenticationError, MultipleErrors, NetworkError } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { describeKafkaFailure, KafkaConnectionError } from './connectionCheck.ts';

const brokers = ['broker:9093'];

describe('describeKafkaFailure', () => {
  it("says refused credentials in the broker's own words and what to check", () => {
    const broker = new Error(
      'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    );
    const error = new MultipleErrors('Metadata failed 1 times.', [
      new NetworkError('Connection to broker:9093 failed.', {
        cause: new AuthenticationError('SASL authentication failed.', { cause: broker }),
      }),
    ]);
    expect(describeKafkaFailure(error, brokers)).toBe(
      'Kafka at broker:9093 refused the credentials: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD)',
    );
  });

  it('names an outage by the socket error and points at the stack', () => {
    const error = new MultipleErrors('Metadata failed 9 times.', [
      new NetworkError('Connection to broker:9093 failed.', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9093'), { code: 'ECONNREFUSED' }),
      }),
    ]);
    expect(describeKafkaFailure(error, brokers)).toBe(
      'cannot reach Kafka at broker:9093: connect ECONNREFUSED 127.0.0.1:9093. Is it running? (npx pnpm stack up)',
    );
  });

  it('passes a failed connection check through as it is', () => {
    expect(
      describeKafkaFailure(new KafkaConnectionError('broker:9093 is a TLS listener: set KAFKA_SSL=on'), brokers),
    ).toBe('Kafka at broker:9093: broker:9093 is a TLS listener: set KAFKA_SSL=on');
  });
});
