import type { ConnectionOptions } from 'node:tls';
import { readSettingFile, type Settings } from '@flights/config';

/** The SASL mechanisms the settings accept, as the Kafka protocol names them. */
const MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

export interface KafkaSasl {
  mechanism: (typeof MECHANISMS)[keyof typeof MECHANISMS];
  username: string;
  password: string;
}

/** What the client needs for TLS and SASL; both absent for a plain local broker. */
export interface KafkaSecurity {
  tls?: ConnectionOptions;
  sasl?: KafkaSasl;
}

export type KafkaSecuritySettings = Pick<
  Settings,
  | 'kafkaSsl'
  | 'kafkaSslCaFile'
  | 'kafkaSslCertFile'
  | 'kafkaSslKeyFile'
  | 'kafkaSaslMechanism'
  | 'kafkaSaslUsername'
  | 'kafkaSaslPassword'
>;

/**
 * TLS with the system CAs or KAFKA_SSL_CA_FILE, hostname verification on
 * (Node's default, never turned off here), a client certificate when given;
 * SASL PLAIN or SCRAM. loadSettings has already checked the combinations.
 */
export function kafkaSecurity(settings: KafkaSecuritySettings): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (settings.kafkaSsl) {
    security.tls = { rejectUnauthorized: true };
    if (settings.kafkaSslCaFile) security.tls.ca = [readSettingFile(settings.kafkaSslCaFile, 'KAFKA_SSL_CA_FILE')];
    if (settings.kafkaSslCertFile && settings.kafkaSslKeyFile) {
      security.tls.cert = readSettingFile(settings.kafkaSslCertFile, 'KAFKA_SSL_CERT_FILE');
      security.tls.key = readSettingFile(settings.kafkaSslKeyFile, 'KAFKA_SSL_KEY_FILE');
    }
  }
  const { kafkaSaslMechanism: mechanism, kafkaSaslUsername: username, kafkaSaslPassword: password } = settings;
  if (mechanism !== 'none' && username !== undefined && password !== undefined)
    security.sasl = { mechanism: MECHANISMS[mechanism], username, password };
  return security;
}
