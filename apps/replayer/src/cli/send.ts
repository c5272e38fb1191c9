import { loadSettings, redactText, secretValues, SettingError, type Settings } from '@flights/config';
import {
  checkKafkaConnection,
  createKafka,
  describeKafkaFailure,
  KafkaClientStats,
  kafkaSecurity,
} from '@flights/kafka';
import { startMetricsServer } from '@flights/metrics';
import { calendarClock, historyClock, nowClock, type ReplayClock, scheduleClock } from '../clock/replayClock.ts';
import { type ColumnMap, ColumnMapError, readColumnMapFile } from '../formats/mapped/columnMap.ts';
import { resolveInputs } from '../inputs/resolveInputs.ts';
import { createReplayerMetrics } from '../metrics/replayerMetrics.ts';
import { reportingErrors, silentProgress, terminalProgress } from '../progress/ReplayProgress.ts';
import { formatSummary, summaryRecord } from '../replay/formatSummary.ts';
import { emptyLiveCounts, type LiveCounts, type ReplaySummary, replayFiles } from '../replay/replayFiles.ts';
import type { EventSink } from '../sinks/EventSink.ts';
import { KafkaSink } from '../sinks/KafkaSink.ts';
import type { ResumingSink } from '../resume/ResumingSink.ts';
import { ResumeError } from '../resume/resumePoint.ts';
import { openResume, settleResume } from '../resume/resumeRun.ts';
import { NdjsonSink } from '../sinks/NdjsonSink.ts';
import { EXIT } from './optionParsers.ts';

/** The `send` command's flags, as commander parses them. */
export interface SendOptions {
  brokers?: string;
  topic?: string;
  deadLetterTopic?: string;
  partitions: number;
  clock: 'now' | 'schedule' | 'history' | 'calendar';
  speed: number;
  span: number;
  /** With --clock calendar: leave out flights timed further back than this before the start. */
  since?: number;
  rate?: number;
  loop?: number | true;
  limit?: number;
  dryRun?: boolean;
  compression: 'gzip' | 'none';
  batchSize: number;
  quiet?: boolean;
  metricsPort?: number;
  metricsHost: string;
  map?: ColumnMap;
  mapFile?: string;
  /** Finish a run that exited 3, from the resume file. */
  resume?: boolean;
  /** Where exit 3 writes what was not acknowledged, and --resume reads it. */
  resumeFile: string;
}

export const stderrLine = (line: string) => process.stderr.write(`${line}\n`);
/** Signals this close to the first one are the same Ctrl-C delivered twice. */
const DUPLICATE_SIGNAL_MS = 1000;

/** /metrics and /healthz for the replay's lifetime; the address is printed so a scraper (or a person) can find it. */
async function serveMetrics(live: LiveCounts, sink: EventSink, kafka: KafkaClientStats, host: string, port: number) {
  const metrics = createReplayerMetrics(live, () => sink.acknowledged, kafka);
  const health = () => ({ ok: !sink.failure, detail: { sent: live.sent, acknowledged: sink.acknowledged } });
  const { server, url } = await startMetricsServer(metrics.registry, health, host, port);
  stderrLine(`metrics on ${url}/metrics`);
  return {
    close: async () => {
      metrics.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function clockFor(options: Pick<SendOptions, 'clock' | 'speed' | 'span' | 'since'>): ReplayClock {
  if (options.clock === 'schedule') return scheduleClock(options.speed);
  if (options.clock === 'calendar') return calendarClock(options.since);
  if (options.clock === 'history') return historyClock(options.span);
  return nowClock();
}

/**
 * The first SIGINT or SIGTERM stops the replay after a flush; a second one
 * quits at once. One Ctrl-C may arrive twice: from the terminal to the whole
 * process group, and passed on by a launcher (pnpm) above us. A second signal
 * within a second is that same one, not "quit at once".
 */
function stopOnSignal(): AbortController {
  const controller = new AbortController();
  let stoppingSince = 0;
  const onSignal = () => {
    if (controller.signal.aborted) {
      if (Date.now() - stoppingSince > DUPLICATE_SIGNAL_MS) process.exit(EXIT.interrupted);
      return;
    }
    stoppingSince = Date.now();
    stderrLine('stopping: flushing what was read (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return controller;
}

interface OpenedSink {
  sink: EventSink;
  /** The Kafka sink under it (none for --dry-run), and the resumed run's sink over it (--resume). */
  kafka?: KafkaSink;
  resuming?: ResumingSink;
}

/** Where the events go: stdout for --dry-run, else Kafka, checked before anything is read; undefined when Kafka refused. */
async function openSink(
  options: SendOptions,
  settings: Settings,
  topic: string,
  watch: KafkaClientStats,
): Promise<OpenedSink | undefined> {
  if (options.dryRun) return { sink: new NdjsonSink(process.stdout) };
  const security = kafkaSecurity(settings);
  const { kafkaBrokers: brokers, kafkaRetries: retries } = settings;
  const kafka = createKafka({ brokers, clientId: 'replayer', security, retries, watch });
  try {
    await checkKafkaConnection(brokers, security);
    const sink = await KafkaSink.open(kafka, {
      topic,
      deadLetterTopic: settings.deadLetterTopic,
      partitions: options.partitions,
      batchSize: options.batchSize,
      compression: options.compression,
    });
    if (!options.resume) return { sink, kafka: sink };
    const resuming = await openResume(kafka, sink, options.resumeFile, topic, stderrLine);
    return { sink: resuming, kafka: sink, resuming };
  } catch (error) {
    if (error instanceof ResumeError) throw error;
    stderrLine(`error: ${redactText(describeKafkaFailure(error, brokers), secretValues(settings))}`);
    return undefined;
  }
}

/** The summary (a line a person reads on a terminal, JSON otherwise) and the exit status it means. */
function report(
  summary: ReplaySummary,
  options: SendOptions,
  topic: string,
  inputProblems: number,
  aborted: boolean,
): number {
  const dryRun = Boolean(options.dryRun);
  if (process.stderr.isTTY && !options.quiet) stderrLine(formatSummary(summary, { dryRun, topic }));
  else
    (dryRun ? process.stderr : process.stdout).write(
      `${JSON.stringify(summaryRecord(summary, dryRun, inputProblems))}\n`,
    );
  if (summary.deliveryError) {
    stderrLine(`error: ${summary.deliveryError}`);
    return EXIT.delivery;
  }
  if (summary.failedFiles > 0 || inputProblems > 0) return EXIT.badInput;
  return aborted ? EXIT.interrupted : EXIT.ok;
}

/** `replay send`: the files into Kafka (or stdout); resolves with the exit status. */
export async function send(inputs: string[], options: SendOptions): Promise<number> {
  const settings = loadSettings({
    kafkaBrokers: options.brokers,
    flightsTopic: options.topic,
    deadLetterTopic: options.deadLetterTopic,
  });
  const [topic, ...extra] = settings.flightsTopic;
  if (extra.length) throw new SettingError(`the replayer writes one topic; got ${settings.flightsTopic.join(', ')}`);
  if (options.map && options.mapFile) throw new ColumnMapError('give --map or --map-file, not both');
  if (options.since !== undefined && options.clock !== 'calendar') {
    stderrLine('error: --since works with --clock calendar');
    return EXIT.usage;
  }
  if (options.resume && options.dryRun) {
    stderrLine('error: --resume finishes a run into Kafka; it does not go with --dry-run');
    return EXIT.usage;
  }
  const map = options.map ?? (options.mapFile ? readColumnMapFile(options.mapFile) : undefined);
  const { files, problems } = await resolveInputs(inputs);
  for (const problem of problems) stderrLine(`error: ${problem}`);
  if (files.length === 0) {
    stderrLine('error: nothing to replay');
    return EXIT.badInput;
  }
  const controller = stopOnSignal();
  // Retries and leader moves (a cluster losing a broker): counted for /metrics, the moves said in one line.
  const kafkaStats = new KafkaClientStats(stderrLine);
  const opened = await openSink(options, settings, topic!, kafkaStats);
  if (!opened) return EXIT.delivery;
  const { sink } = opened;
  const live = emptyLiveCounts();
  const { metricsPort, metricsHost } = options;
  const metrics =
    metricsPort === undefined ? undefined : await serveMetrics(live, sink, kafkaStats, metricsHost, metricsPort);
  // Progress bars only for a person watching; pipes and CI get the JSON summary alone.
  const interactive = Boolean(process.stderr.isTTY) && !options.quiet;
  const summary = await replayFiles({
    files,
    sink,
    clock: clockFor(options),
    rate: options.rate,
    loops: options.loop === true ? Infinity : (options.loop ?? 1),
    limit: options.limit,
    progress: reportingErrors(interactive ? terminalProgress(process.stderr) : silentProgress, stderrLine),
    signal: controller.signal,
    live,
    formats: { map },
  });
  await metrics?.close();
  if (opened.resuming?.failure instanceof ResumeError) throw opened.resuming.failure;
  const status = report(summary, options, topic!, problems.length, controller.signal.aborted);
  if (opened.kafka)
    settleResume(
      summary,
      opened.kafka,
      opened.resuming,
      options.resumeFile,
      topic!,
      stderrLine,
      controller.signal.aborted,
    );
  return status;
}
