import { connect as tcpConnect, isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { createKafka } from './createKafka.ts';
import { errorMessages, errorText, isAuthenticationRefused } from './kafkaErrors.ts';
import type { KafkaSecurity } from './kafkaSecurity.ts';

/**
 * A connection that can never work, however often it is retried: a wrong
 * CA, a name the certificate does not cover, TLS against a plain listener or
 * plain against a TLS one. A client retries these like an outage (for
 * a minute); checked once before connecting, they end the run in one line.
 */
export class KafkaConnectionError extends Error {
  override name = 'KafkaConnectionError';
  readonly retriable = false;
}

const CERTIFICATE_ERRORS: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'is signed by a CA this client does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed and not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is signed by a CA this client does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is signed by a CA this client does not trust',
  CERT_HAS_EXPIRED: 'has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'does not name this host',
};

function split(broker: string): { host: string; port: number } {
  const at = broker.lastIndexOf(':');
  return { host: broker.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(broker.slice(at + 1)) };
}

/** TLS handshake with the first broker: undefined when it verifies (or the broker is just down: the client's retries wait for that). */
function tlsProblem(broker: string, ssl: ConnectionOptions, timeoutMs: number): Promise<string | undefined> {
  const { host, port } = split(broker);
  return new Promise((resolve) => {
    const socket = tlsConnect({ ...ssl, host, port, servername: isIP(host) ? undefined : host, timeout: timeoutMs });
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.once('secureConnect', () => done(undefined));
    socket.once('timeout', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (CERTIFICATE_ERRORS[code])
        return done(
          `the certificate of ${broker} ${CERTIFICATE_ERRORS[code]} (${code}); set KAFKA_SSL_CA_FILE to the CA that signed it`,
        );
      if (
        /wrong version number|packet length too long|ECONNRESET|socket disconnected/i.test(`${code} ${error.message}`)
      ) {
        return done(`${broker} does not answer TLS: it is not a TLS listener (set KAFKA_SSL=off for a plain one)`);
      }
      done(undefined);
    });
  });
}

/** A Kafka ApiVersions v0 request (correlation id 1, client id "probe"): any Kafka listener answers it, a TLS one hangs up. */
const API_VERSIONS = Buffer.from([0, 0, 0, 15, 0, 18, 0, 0, 0, 0, 0, 1, 0, 5, 0x70, 0x72, 0x6f, 0x62, 0x65]);

function plainProblem(broker: string, timeoutMs: number): Promise<string | undefined> {
  const { host, port } = split(broker);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port, timeout: timeoutMs });
    let answered = false;
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.once('connect', () => socket.write(API_VERSIONS));
    socket.on('data', (data: Buffer) => {
      answered = true;
      // A TLS listener answers plain bytes with a TLS alert record (0x15) before hanging up.
      done(
        data[0] === 0x15
          ? `${broker} is a TLS listener: set KAFKA_SSL=on (and KAFKA_SSL_CA_FILE if its CA is not a system one)`
          : undefined,
      );
    });
    socket.once('close', () => {
      if (!answered)
        done(
          `${broker} closed the connection without a Kafka answer: is it a TLS (SSL or SASL_SSL) listener? Then set KAFKA_SSL=on`,
        );
    });
    socket.once('timeout', () => done(undefined));
    socket.once('error', () => done(undefined));
  });
}

/** Throws a KafkaConnectionError when the first broker can never be talked to with these settings. */
export async function checkKafkaConnection(
  brokers: readonly string[],
  security: KafkaSecurity,
  timeoutMs = 5000,
): Promise<void> {
  const broker = brokers[0];
  if (!broker) return;
  const problem = security.tls
    ? await tlsProblem(broker, security.tls, timeoutMs)
    : await plainProblem(broker, timeoutMs);
  if (problem) throw new KafkaConnectionError(problem);
  if (security.sasl) await checkCredentials(brokers, security);
}

/**
 * One metadata request, not retried: the client retries refused credentials
 * like an outage (a minute), so they are asked once up front. The client's
 * own error is thrown; describeKafkaFailure says it. Anything else (the
 * broker is down) is left to the app's retries.
 */
async function checkCredentials(brokers: readonly string[], security: KafkaSecurity): Promise<void> {
  const admin = createKafka({ brokers: [...brokers], clientId: 'credentials-check', security, retries: 0 }).admin();
  try {
    await admin.metadata({ topics: [] });
  } catch (error) {
    if (isAuthenticationRefused(error)) throw error;
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/**
 * One line for a failure to connect: refused credentials and checks that
 * failed say what to set; anything else is an outage ("is it running?").
 */
export function describeKafkaFailure(error: unknown, brokers: readonly string[]): string {
  const where = `Kafka at ${brokers.join(',')}`;
  if (error instanceof KafkaConnectionError) return `${where}: ${error.message}`;
  if (isAuthenticationRefused(error)) {
    return `${where} refused the credentials: ${innermost(error)} (check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD)`;
  }
  if (/SASL|authentication|UNSUPPORTED_SASL_MECHANISM/i.test(errorText(error)))
    return `${where}: ${innermost(error)} (check KAFKA_SASL_MECHANISM and the broker's enabled mechanisms)`;
  return `cannot reach ${where}: ${innermost(error)}. Is it running? (npx pnpm stack up)`;
}

/**
 * The innermost words of a client error: the broker's or the socket's own
 * (the wrappers around them say only that something failed, or how often).
 */
function innermost(error: unknown): string {
  const messages = errorMessages(error)
    .map((message) => message.trim().replace(/\.$/, ''))
    .filter(Boolean);
  const specific = messages.filter((message) => !/failed \d+ times$|^Received response with error/i.test(message));
  return specific.at(-1) ?? messages.at(-1) ?? String(error);
}
