import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AGGREGATOR_METRICS } from '@flights/schemas';

const file = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const RULES = file('infra/prometheus/alerts.yml');
const CONFIG = file('infra/prometheus/prometheus.yml');
const COMPOSE_CONFIG = file('infra/prometheus/prometheus.compose.yml');

/** promtool from PATH, or the one `npx pnpm promtool` builds into .local/go-bin. */
function findPromtool(): string | undefined {
  const local = file('.local/go-bin/promtool');
  if (existsSync(local)) return local;
  const which = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

const promtool = findPromtool();

describe('Prometheus files', () => {
  it('the alerting rules read only metrics the aggregator exports (and up)', () => {
    const names = new Set<string>(Object.values(AGGREGATOR_METRICS));
    const used = readFileSync(RULES, 'utf8').match(/aggregator_[a-z_]+/g) ?? [];
    expect(used.length).toBeGreaterThan(3);
    for (const metric of used) expect(names, metric).toContain(metric);
  });

  it.skipIf(!promtool)('promtool accepts the rules and the scrape configuration', () => {
    for (const args of [
      ['check', 'rules', RULES],
      ['check', 'config', CONFIG],
      ['check', 'config', COMPOSE_CONFIG],
    ]) {
      const result = spawnSync(promtool!, args, { encoding: 'utf8' });
      expect(result.status, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
    }
  });
});
