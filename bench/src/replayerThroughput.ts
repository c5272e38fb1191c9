import { REPLAYER_CLI, runCli } from '@flights/infra/testing';
import { generatedFile } from './generatedFile.ts';
import type { Figures } from './results.ts';

/**
 * Replays a generated Kaggle-format CSV into Kafka (acks from all in-sync
 * replicas, gzip) and reads rows/s and peak RSS from the replayer's summary.
 */
export async function replayerThroughput(env: Record<string, string>, rows: number): Promise<Figures> {
  const file = await generatedFile(rows);
  const topic = `bench.replayer.${Date.now()}`;
  console.error(`replaying ${file} into ${topic}`);
  const result = await runCli(
    REPLAYER_CLI,
    [file, '--topic', topic, '--dead-letter-topic', `${topic}.dlq`, '--quiet'],
    env,
  );
  if (result.code !== 0) throw new Error(`replay failed (exit ${result.code}): ${result.stderr}`);
  const summary = JSON.parse(result.stdout.trim()) as { acknowledged: number; elapsedMs: number; peakRssMb: number };
  if (summary.acknowledged !== rows) throw new Error(`replayer acknowledged ${summary.acknowledged} of ${rows} rows`);
  return {
    replayer_rows: rows,
    replayer_rows_per_s: Math.round(rows / (summary.elapsedMs / 1000)),
    replayer_peak_rss_mb: summary.peakRssMb,
  };
}
