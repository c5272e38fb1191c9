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
  services: Record<string, { image?: string; build?: { context: string; dockerfile: string }; environment?: Record<string, unknown>; ports?: string[]; volumes?: string[]; command?: string[] }>;
};
const APPS = ['aggregator', 'web', 'replayer'];

describe('infra/compose.yaml', () => {
  it('has the stack, the apps and the tools', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['aggregator', 'chronograf', 'grafana', 'influxdb', 'kafka', 'prometheus', 'replayer', 'web']);
  });

  it('gives the apps only variables the configuration table documents', () => {
    const known = new Set(Object.values(SETTINGS).map((setting) => setting.env));
    for (const name of APPS) {
      for (const variable of Object.keys(compose.services[name]!.environment ?? {})) expect(known, `${name}: ${variable}`).toContain(variable);
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
      for (const port of service.ports ?? []) hostPorts.push(port.split(':')[0]!);
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
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
