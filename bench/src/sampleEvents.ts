import { REPLAYER_CLI, runCli } from '@flights/infra/testing';

/** Real normalized events from the bundled sample (the replayer's dry run), to restamp as load. */
export async function sampleEvents(count = 200): Promise<Record<string, unknown>[]> {
  const dryRun = await runCli(REPLAYER_CLI, [
    'apps/replayer/samples/flights-sample.csv',
    '--dry-run',
    '--limit',
    String(count),
  ]);
  if (dryRun.code !== 0) throw new Error(`replayer dry run failed: ${dryRun.stderr}`);
  return dryRun.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `rows` keyed messages, serialized before any timing starts. */
export async function readyMessages(rows: number): Promise<{ key: string; value: string }[]> {
  const templates = await sampleEvents();
  const ts = Date.now();
  return Array.from({ length: rows }, (_, i) => {
    const id = `p${i}`;
    return { key: id, value: JSON.stringify({ ...templates[i % templates.length], id, ts }) };
  });
}
