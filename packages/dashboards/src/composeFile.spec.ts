import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SETTINGS } from '@flights/config';

/**
 * docker compose cannot run where the suite runs (no Docker): this checks
 * what can be checked without it. The apps' variables are the configuration
 * table's, each image is pinned, no host port is taken twice, and every file
 * a service mounts or builds from exists.
 */
const INFRA = fileURLToPath(new URL('../../../infra/', import.meta.url));
const compose = parse(readFileSync(`${INFRA}compose.yaml`, 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      image?: string;
      build?: { context: string; dockerfile: string };
      environment?: Record<string, unknown>;
      ports?: string[];
      volumes?: string[];
      command?: string[];
      secrets?: string[];
    }
  >;
  secrets?: Record<string, { file: string }>;
};

/** A published port, `host-address:host-port:container-port` or the short forms compose also takes. */
function binding(port: string): { address: string | undefined; hostPort: string; containerPort: string } {
  const parts = port.split(':');
  if (parts.length === 3) return { address: parts[0], hostPort: parts[1]!, containerPort: parts[2]! };
  if (parts.length === 2) return { address: undefined, hostPort: parts[0]!, containerPort: parts[1]! };
  return { address: undefined, hostPort: parts[0]!, containerPort: parts[0]! };
}
const APPS = ['aggregator', 'web', 'replayer'];

describe('infra/compose.yaml', () => {
  it('has the stack, the apps and the tools', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'aggregator',
      'chronograf',
      'grafana',
      'influxdb',
      'kafka',
      'prometheus',
      'replayer',
      'web',
    ]);
  });

  it('gives the apps only variables the configuration table documents', () => {
    // A secret may come from a file too: <NAME>_FILE.
    const known = new Set(
      Object.values(SETTINGS).flatMap((setting) =>
        'secret' in setting ? [setting.env, `${setting.env}_FILE`] : [setting.env],
      ),
    );
    for (const name of APPS) {
      for (const variable of Object.keys(compose.services[name]!.environment ?? {}))
        expect(known, `${name}: ${variable}`).toContain(variable);
    }
  });

  it('pins every image, builds the apps from the repository, takes no host port twice', () => {
    const hostPorts: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      if (APPS.includes(name)) {
        expect(service.build?.dockerfile).toBe('infra/docker/Dockerfile');
        expect(existsSync(`${INFRA}../${service.build!.dockerfile}`)).toBe(true);
      } else {
        expect(service.image, name).toMatch(/^[a-z/]+:[\w.]+$/);
        expect(service.image, name).not.toMatch(/:latest$/);
      }
      for (const port of service.ports ?? []) hostPorts.push(binding(port).hostPort);
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('publishes every port on loopback only: Kafka, InfluxDB and the metrics have no authentication in it', () => {
    expect(binding('127.0.0.1:9092:9092')).toEqual({ address: '127.0.0.1', hostPort: '9092', containerPort: '9092' });
    expect(binding('3001:3000')).toEqual({ address: undefined, hostPort: '3001', containerPort: '3000' });
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? []) expect(binding(port).address, `${name}: ${port}`).toBe('127.0.0.1');
    }
  });

  it('starts the web app with a token from a secret file, so it never refuses to start on 0.0.0.0', () => {
    const web = compose.services.web!;
    const secret = web.secrets?.[0];
    expect(secret).toBeDefined();
    expect(web.environment?.WEB_AUTH_TOKEN_FILE).toBe(`/run/secrets/${secret}`);
    expect(compose.secrets?.[secret!]?.file).toBe('./secrets/web-token');
    expect(readFileSync(`${INFRA}compose.yaml`, 'utf8')).toContain('openssl rand -hex 32 > infra/secrets/web-token');
  });

  it('mounts files that exist: the Grafana provisioning and dashboard, the Prometheus configuration and rules', () => {
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source!.startsWith('.')) expect(existsSync(`${INFRA}${source}`), volume).toBe(true);
      }
    }
  });

  it('runs the apps from entry points that exist', () => {
    for (const name of APPS) {
      const entry = compose.services[name]!.command![0]!;
      expect(existsSync(`${INFRA}../${entry}`), entry).toBe(true);
    }
  });
});
