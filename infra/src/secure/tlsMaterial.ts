import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../commands.ts';
import { StackError } from '../errors.ts';

export interface TlsMaterial {
  /** The throwaway CA the clients trust (KAFKA_SSL_CA_FILE, INFLUX_CA_FILE). */
  caCert: string;
  /** The servers' certificate (localhost and 127.0.0.1) and key, PEM: InfluxDB's https. */
  serverCert: string;
  serverKey: string;
  /** The same certificate and key as a PKCS#12 keystore: Kafka's SSL listener. */
  keystore: string;
  keystorePassword: string;
  /** A client certificate signed by the same CA: for trying mTLS. */
  clientCert: string;
  clientKey: string;
}

function openssl(args: string[], what: string): void {
  const result = run('openssl', args);
  if (!result.ok) throw new StackError(`openssl could not ${what}:\n${result.output}`);
}

/** A key and a certificate signed by the CA, with the given subject alternative names. */
function signedCertificate(dir: string, name: string, subject: string, extensions: string): void {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  openssl(
    ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', subject],
    `make the ${name} key`,
  );
  writeFileSync(ext, extensions);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      join(dir, 'ca.crt'),
      '-CAkey',
      join(dir, 'ca.key'),
      '-CAcreateserial',
      '-days',
      '825',
      '-sha256',
      '-extfile',
      ext,
      '-out',
      join(dir, `${name}.crt`),
    ],
    `sign the ${name} certificate`,
  );
}

/**
 * A throwaway CA, a server certificate for localhost/127.0.0.1 and a client
 * certificate, made once per stack folder with openssl. Nothing here is a
 * real secret: it exists to test that the clients verify what they connect to.
 */
export function ensureTlsMaterial(stackDir: string, log: (line: string) => void): TlsMaterial {
  const dir = join(stackDir, 'tls');
  const material: TlsMaterial = {
    caCert: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    keystore: join(dir, 'server.p12'),
    keystorePassword: '',
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
  };
  const passwordFile = join(dir, 'keystore-password');
  if (!existsSync(material.keystore)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    log(`making a throwaway CA and certificates in ${dir}`);
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '825',
        '-sha256',
        '-keyout',
        join(dir, 'ca.key'),
        '-out',
        material.caCert,
        '-subj',
        '/CN=Flight Pulse local CA',
      ],
      'make the CA',
    );
    signedCertificate(
      dir,
      'server',
      '/CN=localhost',
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n',
    );
    signedCertificate(dir, 'client', '/CN=flights-client', 'extendedKeyUsage=clientAuth\n');
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    openssl(
      [
        'pkcs12',
        '-export',
        '-in',
        material.serverCert,
        '-inkey',
        material.serverKey,
        '-certfile',
        material.caCert,
        '-name',
        'server',
        '-out',
        material.keystore,
        '-passout',
        `file:${passwordFile}`,
      ],
      'make the Kafka keystore',
    );
  }
  return { ...material, keystorePassword: readFileSync(passwordFile, 'utf8').trim() };
}
