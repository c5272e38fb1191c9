import { describe, expect, it } from 'vitest';
import { logLevel, shownLevel } from './createKafka.ts';

describe('kafkajs log filter', () => {
  it('drops the retried coordinator answers every start prints, keeps other broker errors as warnings', () => {
    expect(shownLevel('Connection', logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available')).toBeUndefined();
    expect(shownLevel('Connection', logLevel.ERROR, 'Response InitProducerId(key: 22, version: 1)', "The coordinator is loading and hence can't process requests for this group")).toBeUndefined();
    expect(shownLevel('Connection', logLevel.ERROR, 'Response Fetch(key: 1, version: 11)', 'The requested offset is not within the range of offsets maintained by the server')).toBe(logLevel.WARN);
  });

  it('drops the creation error of a topic another app just created (kafkajs treats it as done, and throws any other)', () => {
    expect(shownLevel('Connection', logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', 'Topic creation errors')).toBeUndefined();
  });

  it('leaves refused credentials to the app, which says them in its own one line', () => {
    expect(shownLevel('Connection', logLevel.ERROR, 'Response SaslAuthenticate(key: 36, version: 1)', 'Authentication failed')).toBeUndefined();
    expect(shownLevel('BrokerPool', logLevel.ERROR, 'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials')).toBeUndefined();
  });

  it('keeps everything outside broker answers at its own level', () => {
    expect(shownLevel('ConsumerGroup', logLevel.ERROR, 'Offset out of range, resetting to default offset')).toBe(logLevel.ERROR);
    expect(shownLevel('Producer', logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees')).toBeUndefined();
  });
});
