import type { ReplaySummary } from './replayFiles.ts';

const n = (value: number) => value.toLocaleString('en-US');

/** The end-of-run report for a person at a terminal. */
export function formatSummary(summary: ReplaySummary, context: { dryRun: boolean; topic: string }): string {
  const seconds = summary.elapsedMs / 1000;
  const rate = summary.sent / Math.max(seconds, 0.001);
  const lines = [
    `${context.dryRun ? 'wrote' : `sent to ${context.topic}:`} ${n(summary.sent)} events in ${seconds.toFixed(1)} s (${n(Math.round(rate))}/s), ${n(summary.acknowledged)} ${context.dryRun ? 'written' : 'acknowledged by Kafka'}`,
  ];
  if (summary.rejected > 0) {
    const reasons = Object.entries(summary.rejectedByReason)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => `${reason} ${n(count)}`)
      .join(', ');
    lines.push(`rejected ${n(summary.rejected)} rows (${reasons}); ${n(summary.deadLettered)} dead-lettered`);
  }
  if (summary.skipped > 0) lines.push(`left out ${n(summary.skipped)} flights timed before --since`);
  if (summary.failedFiles > 0)
    lines.push(`${summary.failedFiles} file${summary.failedFiles > 1 ? 's' : ''} could not be read (see errors above)`);
  return lines.join('\n');
}

/** The JSON summary line for pipes and CI. A dry run acknowledges nothing (there is no Kafka): it says how many events it wrote instead. */
export function summaryRecord(summary: ReplaySummary, dryRun: boolean, inputProblems: number): Record<string, unknown> {
  if (!dryRun) return { ...summary, inputProblems };
  const { acknowledged, ...rest } = summary;
  return { ...rest, written: acknowledged, inputProblems };
}
