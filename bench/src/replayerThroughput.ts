import { REPLAYER_CLI, runCli } from '@flights/testing';
import { generatedFile } from './generatedFile.ts';
import type { Figures } from './results.ts';

/**
 * Replays a generated Kaggle-format CSV into Kafka (acks from all in-sync
 * replicas, gzip) and reads rows/s and peak RSS from the replayer's summary;
 * then the same file through the same pipeline with its sink on
 * @platformatic/kafka (platformaticReplay.ts), for the client decision.
 */
export async function replayerThroughput(env: Record<string, string>, rows: number): Promise<Figures> {
  const file = await generatedFile(rows);
  const topic = `bench.replayer.${Date.now()}`;
  console.error(`replaying ${file} into ${topic}`);
  const result = await runCli(REPLAYER_CLI, [file, '--topic', topic, '--dead-letter-topic', `${topic}.dlq`, '--quiet'], env);
  if (result.code !== 0) throw new Error(`replay failed (exit ${result.code}): ${result.stderr}`);
  const summary = JSON.parse(result.stdout.trim()) as { acknowledged: number; elapsedMs: number; peakRssMb: number };
  if (summary.acknowledged !== rows) throw new Error(`replayer acknowledged ${summary.acknowledged} of ${rows} rows`);
  const alternative = await runCli('bench/src/platformaticReplay.ts', [file, `${topic}.platformatic`], env);
  if (alternative.code !== 0) throw new Error(`replay on @platformatic/kafka failed (exit ${alternative.code}): ${alternative.stderr}`);
  const other = JSON.parse(alternative.stdout.trim()) as typeof summary;
  if (other.acknowledged !== rows) throw new Error(`replay on @platformatic/kafka acknowledged ${other.acknowledged} of ${rows} rows`);
  console.error(`replayer on kafkajs ${summary.elapsedMs} ms, on @platformatic/kafka ${other.elapsedMs} ms`);
  return {
    replayer_rows: rows,
    replayer_rows_per_s: Math.round(rows / (summary.elapsedMs / 1000)),
    replayer_peak_rss_mb: summary.peakRssMb,
    replayer_platformatic_rows_per_s: Math.round(rows / (other.elapsedMs / 1000)),
    replayer_platformatic_peak_rss_mb: other.peakRssMb,
  };
}
