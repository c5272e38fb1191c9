import { existsSync, rmSync } from 'node:fs';
import { findKeys, type KafkaClients } from '@flights/kafka';
import type { ReplaySummary } from '../replay/replayFiles.ts';
import type { KafkaSink } from '../sinks/KafkaSink.ts';
import { ResumingSink } from './ResumingSink.ts';
import { describeRows, ResumeError, readResumePoint, resumePoint, writeResumePoint } from './resumePoint.ts';

const n = (count: number) => count.toLocaleString('en-US');

/**
 * `--resume`: the point the failed run wrote, checked against this run's
 * topic, and the events of its batch in doubt that Kafka holds (looked for
 * now: the run that sent them is gone, so nothing more of them can appear).
 */
export async function openResume(
  kafka: KafkaClients,
  sink: KafkaSink,
  file: string,
  topic: string,
  log: (line: string) => void,
): Promise<ResumingSink> {
  const point = readResumePoint(file);
  if (point.topic !== topic)
    throw new ResumeError(`${file} is for topic ${point.topic}, not ${topic}: resume with the same --topic`);
  const keys = new Set(point.inDoubt.map((event) => event.key));
  const from = new Map(
    Object.entries(point.readFrom).map(([partition, offset]) => [Number(partition), BigInt(offset)]),
  );
  const found = await findKeys(kafka, topic, keys, from);
  log(
    `resuming from ${file}: skipping the ${n(point.acknowledged)} events acknowledged before; of the ${n(keys.size)} ` +
      `in doubt, ${n(found.size)} are in Kafka and ${n(keys.size - found.size)} will be sent again`,
  );
  return new ResumingSink(sink, point, found);
}

/**
 * After the run. Kafka stopped acknowledging: write where it left off and say
 * which rows were not acknowledged. A resumed run that completed: its file
 * has done its job and is removed, so a later --resume cannot apply it twice.
 */
export function settleResume(
  summary: ReplaySummary,
  sink: KafkaSink,
  resuming: ResumingSink | undefined,
  file: string,
  topic: string,
  log: (line: string) => void,
  aborted: boolean,
): void {
  if (!summary.deliveryError) {
    if (!resuming) return;
    if (aborted) {
      // Stopped by a signal, the resumed run is not complete: the file moves on to where it stopped.
      writeResumePoint(file, resuming.nextPoint(sink, topic));
      log(`stopped: ${file} now says where this run left off; --resume goes on from there`);
    } else if (existsSync(file)) {
      rmSync(file);
      log(`resumed run complete: ${n(resuming.inDoubtSent)} events of the batch in doubt sent again; ${file} removed`);
    }
    return;
  }
  const point = resuming ? resuming.nextPoint(sink, topic) : resumePoint(topic, sink, sink.acknowledgedOffsets);
  writeResumePoint(file, point);
  const doubt = point.inDoubt.length ? `in doubt (Kafka may hold some of them): ${describeRows(point.inDoubt)}; ` : '';
  log(
    `not acknowledged: ${doubt}every event after them was not sent. ${n(point.acknowledged)} events in send order ` +
      `are acknowledged. Written to ${file}: once Kafka is back, run the same command with --resume to send ` +
      'exactly what is missing',
  );
}
