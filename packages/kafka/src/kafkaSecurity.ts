import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { readSettingFile, type Settings } from '@flights/config';

/** What kafkajs needs for TLS and SASL; both absent for a plain local broker. */
export interface KafkaSecurity {
  ssl?: ConnectionOptions;
  sasl?: SASLOptions;
}

export type KafkaSecuritySettings = Pick<
  Settings,
  'kafkaSsl' | 'kafkaSslCaFile' | 'kafkaSslCertFile' | 'kafkaSslKeyFile' | 'kafkaSaslMechanism' | 'kafkaSaslUsername' | 'kafkaSaslPassword'
>;

/**
 * TLS with the system CAs or KAFKA_SSL_CA_FILE, hostname verification on
 * (Node's default, never turned off here), a client certificate when given;
 * SASL PLAIN or SCRAM. loadSettings has already checked the combinations.
 */
export function kafkaSecurity(settings: KafkaSecuritySettings): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (settings.kafkaSsl) {
    security.ssl = { rejectUnauthorized: true };
    if (settings.kafkaSslCaFile) security.ssl.ca = [readSettingFile(settings.kafkaSslCaFile, 'KAFKA_SSL_CA_FILE')];
    if (settings.kafkaSslCertFile && settings.kafkaSslKeyFile) {
      security.ssl.cert = readSettingFile(settings.kafkaSslCertFile, 'KAFKA_SSL_CERT_FILE');
      security.ssl.key = readSettingFile(settings.kafkaSslKeyFile, 'KAFKA_SSL_KEY_FILE');
    }
  }
  const { kafkaSaslMechanism: mechanism, kafkaSaslUsername: username, kafkaSaslPassword: password } = settings;
  if (mechanism !== 'none' && username !== undefined && password !== undefined) security.sasl = { mechanism, username, password } as SASLOptions;
  return security;
}
