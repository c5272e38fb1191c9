#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { exitWhenFlushed, quietOnClosedPipe } from '@flights/cli';
import { checkKafkaConnection, createKafka, describeKafkaFailure, kafkaSecurity } from '@flights/kafka';
import { startMetricsServer } from '@flights/metrics';
import { describeSetting, isTcpPort, loadSettings, redactText, secretValues, SettingError } from '@flights/config';
import {
  HISTORY_MARGIN_MS,
  historyClock,
  nowClock,
  parseSpan,
  scheduleClock,
  type ReplayClock,
} from './clock/replayClock.ts';
import { resolveInputs } from './inputs/resolveInputs.ts';
import { reportingErrors, silentProgress, terminalProgress } from './progress/ReplayProgress.ts';
import { createReplayerMetrics } from './metrics/replayerMetrics.ts';
import { ColumnMapError, parseColumnMap, readColumnMapFile, type ColumnMap } from './formats/columnMap.ts';
import { FileError } from './readers/FileError.ts';
import { SUPPORTED_EXTENSIONS } from './readers/sniffFile.ts';
import { emptyLiveCounts, replayFiles, type LiveCounts } from './replay/replayFiles.ts';
import { formatSummary, summaryRecord } from './replay/formatSummary.ts';
import { KafkaSink } from './sinks/KafkaSink.ts';
import { NdjsonSink } from './sinks/NdjsonSink.ts';
import type { EventSink } from './sinks/EventSink.ts';
import { splitFile } from './split/splitFile.ts';
import { writeGeneratedCsv } from './generate/writeGeneratedCsv.ts';

/** Exit statuses, documented in --help. */
const EXIT = { ok: 0, badInput: 1, usage: 2, delivery: 3, interrupted: 130 } as const;

function positive(label: string, integer = true) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!(value > 0) || (integer && !Number.isInteger(value)))
      throw new InvalidArgumentError(`${label} must be a ${integer ? 'whole ' : ''}number > 0`);
    return value;
  };
}

interface SendOptions {
  brokers?: string;
  topic?: string;
  deadLetterTopic?: string;
  partitions: number;
  clock: 'now' | 'schedule' | 'history';
  speed: number;
  span: number;
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
}

const stderrLine = (line: string) => process.stderr.write(`${line}\n`);
/** Signals this close to the first one are the same Ctrl-C delivered twice. */
const DUPLICATE_SIGNAL_MS = 1000;

/** /metrics and /healthz for the replay's lifetime; the address is printed so a scraper (or a person) can find it. */
async function serveMetrics(live: LiveCounts, sink: EventSink, host: string, port: number) {
  const metrics = createReplayerMetrics(live, () => sink.acknowledged);
  const { server, url } = await startMetricsServer(
    metrics.registry,
    () => ({ ok: !sink.failure, detail: { sent: live.sent, acknowledged: sink.acknowledged } }),
    host,
    port,
  );
  stderrLine(`metrics on ${url}/metrics`);
  return {
    close: async () => {
      metrics.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function port(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!isTcpPort(value)) throw new InvalidArgumentError(`${flag} must be a port number (0 to 65535)`);
    return value;
  };
}

function columnMapOption(raw: string): ColumnMap {
  try {
    return parseColumnMap(raw);
  } catch (error) {
    if (error instanceof ColumnMapError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function clockFor(options: Pick<SendOptions, 'clock' | 'speed' | 'span'>): ReplayClock {
  if (options.clock === 'schedule') return scheduleClock(options.speed);
  if (options.clock === 'history') return historyClock(options.span);
  return nowClock();
}

function span(raw: string): number {
  const ms = parseSpan(raw);
  if (ms === undefined || ms <= HISTORY_MARGIN_MS)
    throw new InvalidArgumentError('--span must be a duration longer than an hour, such as 30d, 12h or 90m');
  return ms;
}

async function send(inputs: string[], options: SendOptions): Promise<number> {
  const settings = loadSettings({
    kafkaBrokers: options.brokers,
    flightsTopic: options.topic,
    deadLetterTopic: options.deadLetterTopic,
  });
  const [topic, ...extra] = settings.flightsTopic;
  if (extra.length) throw new SettingError(`the replayer writes one topic; got ${settings.flightsTopic.join(', ')}`);

  if (options.map && options.mapFile) throw new ColumnMapError('give --map or --map-file, not both');
  const map = options.map ?? (options.mapFile ? readColumnMapFile(options.mapFile) : undefined);
  const { files, problems } = await resolveInputs(inputs);
  for (const problem of problems) stderrLine(`error: ${problem}`);
  if (files.length === 0) {
    stderrLine('error: nothing to replay');
    return EXIT.badInput;
  }

  const controller = new AbortController();
  // One Ctrl-C may arrive twice: from the terminal to the whole process group, and passed on by a
  // launcher (pnpm) above us. A second signal within a second is that same one, not "quit at once".
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

  let sink: EventSink;
  if (options.dryRun) {
    sink = new NdjsonSink(process.stdout);
  } else {
    const security = kafkaSecurity(settings);
    const kafka = createKafka({
      brokers: settings.kafkaBrokers,
      clientId: 'replayer',
      security,
      retries: settings.kafkaRetries,
    });
    try {
      await checkKafkaConnection(settings.kafkaBrokers, security);
      sink = await KafkaSink.open(kafka, {
        topic: topic!,
        deadLetterTopic: settings.deadLetterTopic,
        partitions: options.partitions,
        batchSize: options.batchSize,
        compression: options.compression,
      });
    } catch (error) {
      stderrLine(`error: ${redactText(describeKafkaFailure(error, settings.kafkaBrokers), secretValues(settings))}`);
      return EXIT.delivery;
    }
  }

  const live = emptyLiveCounts();
  const metrics =
    options.metricsPort === undefined
      ? undefined
      : await serveMetrics(live, sink, options.metricsHost, options.metricsPort);
  // Progress bars only for a person watching; pipes and CI get the JSON summary alone.
  const interactive = Boolean(process.stderr.isTTY) && !options.quiet;
  const progress = reportingErrors(interactive ? terminalProgress(process.stderr) : silentProgress, stderrLine);
  const summary = await replayFiles({
    files,
    sink,
    clock: clockFor(options),
    rate: options.rate,
    loops: options.loop === true ? Infinity : (options.loop ?? 1),
    limit: options.limit,
    progress,
    signal: controller.signal,
    live,
    formats: { map },
  });
  await metrics?.close();

  if (interactive) stderrLine(formatSummary(summary, { dryRun: Boolean(options.dryRun), topic: topic! }));
  else
    (options.dryRun ? process.stderr : process.stdout).write(
      `${JSON.stringify(summaryRecord(summary, Boolean(options.dryRun), problems.length))}\n`,
    );
  if (summary.deliveryError) {
    stderrLine(`error: ${summary.deliveryError}`);
    return EXIT.delivery;
  }
  if (summary.failedFiles > 0 || problems.length > 0) return EXIT.badInput;
  return controller.signal.aborted ? EXIT.interrupted : EXIT.ok;
}

function buildProgram(run: (code: number) => void): Command {
  const program = new Command('replay')
    .description(
      'Stream airline flight files (the Kaggle/MachineHack flight-fare files, US on-time files, nycflights13, or any CSV with --map) into Kafka as normalized flight events.',
    )
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Inputs: ${SUPPORTED_EXTENSIONS.join(', ')} files, directories (searched recursively) or globs,
replayed in the order given, chunk_2 before chunk_10. An xlsx workbook's data sheet
is found by its header, whatever its position.

Formats, detected from each file's header:
  fare          the Kaggle/MachineHack Flight Fare Prediction files (Airline, Date_of_Journey, Route, Price …)
  nycflights13  flights.csv of nycflights13 (year, month, day, sched_dep_time, carrier, origin, dest …)
  kaggle-2015   Kaggle "2015 Flight Delays" flights.csv (YEAR, AIRLINE, ORIGIN_AIRPORT, SCHEDULED_DEPARTURE …)
  bts           BTS on-time files (FL_DATE or FlightDate, OP_CARRIER or Reporting_Airline, ORIGIN, DEST, CRS_DEP_TIME …)
On-time files carry delays and cancellations; their carrier codes get names from an
airlines.csv or carriers.csv beside the file. Any other header: --map names the columns,
fields: carrier departure arrival scheduled date time arrivalTime duration price depDelay
arrDelay cancelled (departure, arrival and scheduled or date are required; no carrier
column counts flights under "unknown"; dates YYYY-MM-DD, YYYY/MM/DD or DD/MM/YYYY;
times HH:MM or HHMM such as 515).

Rows that fail validation go to the dead-letter topic with the reason, file and row.
Exit status: 0 all good; 1 a file or input could not be read (others still replay);
2 bad usage; 3 Kafka did not acknowledge (the summary says how many rows it did);
130 interrupted.

Examples:
  npx pnpm replay ../shared/data/kaggle-flight-fare/Data_Train.xlsx
  npx pnpm replay 'chunks/*.csv' --rate 500 --loop
  npx pnpm replay Data_Train.xlsx --clock schedule --speed 3600
  npx pnpm replay Data_Train.xlsx --clock history --span 30d --loop --rate 25
  npx pnpm replay split Data_Train.xlsx --chunks 10 --out-dir chunks
  npx pnpm replay generate big.csv --rows 1000000
  npx pnpm replay Data_Train.xlsx --dry-run --limit 3
  npx pnpm replay "$(npx pnpm -s dataset nycflights13)" --clock history --span 365d
  npx pnpm replay my.csv --map departure=origin,arrival=destination,scheduled=date,depDelay=delay`,
    );

  program
    .command('send', { isDefault: true })
    .description('replay files into Kafka (the default command)')
    .argument('<inputs...>', 'files, directories or globs')
    .option('--brokers <list>', describeSetting('kafkaBrokers'))
    .option('--topic <name>', describeSetting('flightsTopic'))
    .option('--dead-letter-topic <name>', describeSetting('deadLetterTopic'))
    .option('--partitions <n>', 'partitions when the topic has to be created', positive('--partitions'), 6)
    .addOption(
      new Option(
        '--clock <mode>',
        'event time: "now" stamps each event when sent; "schedule" uses the scheduled departure, time-warped; "history" spreads the first pass over the past --span, ending now, as fast as Kafka takes it (further --loop passes go live)',
      )
        .choices(['now', 'schedule', 'history'])
        .default('now'),
    )
    .option(
      '--speed <n>',
      'with --clock schedule: how many times faster than real time',
      positive('--speed', false),
      60,
    )
    .option(
      '--span <duration>',
      'with --clock history: how far back the first pass reaches (30d, 12h, 90m; the first flight lands an hour inside it); it holds all inputs in memory to sort them',
      span,
      30 * 86_400_000,
    )
    .option('--rate <events/s>', 'pace, smoothly (token bucket); unlimited by default', positive('--rate', false))
    .option('--loop [passes]', 'replay the inputs again and again (forever without a number)', positive('--loop'))
    .option('--limit <n>', 'stop after n valid events', positive('--limit'))
    .option('--dry-run', 'write normalized events as NDJSON to stdout instead of Kafka')
    .addOption(new Option('--compression <codec>', 'Kafka batch compression').choices(['gzip', 'none']).default('gzip'))
    .option('--batch-size <n>', 'events per Kafka produce request', positive('--batch-size'), 2000)
    .option('-q, --quiet', 'no progress bars, only errors and the summary')
    .option(
      '--metrics-port <port>',
      'serve Prometheus /metrics on this port while the replay runs (rows read, sent, acknowledged, rejected by reason, send rate); off by default, 0 = any free port',
      port('--metrics-port'),
    )
    .option('--metrics-host <address>', 'address of --metrics-port', '127.0.0.1')
    .option(
      '--map <field=column,…>',
      'read every input with these columns instead of detecting its format (see Formats below)',
      (raw: string) => columnMapOption(raw),
    )
    .option('--map-file <path>', 'the same as --map, one field=column per line (# comments)')
    .action(async (inputs: string[], options: SendOptions) => run(await send(inputs, options)));

  program
    .command('split')
    .description('cut a big xlsx or csv flight file into chunk CSV files, for a chunked replay')
    .argument('<file>', 'the file to split')
    .requiredOption('--chunks <n>', 'how many chunk files', positive('--chunks'))
    .option('--out-dir <dir>', 'where the chunks go', 'chunks')
    .action(async (file: string, options: { chunks: number; outDir: string }) => {
      const { files, rows } = await splitFile(file, options.chunks, options.outDir);
      stderrLine(
        `split ${rows.toLocaleString('en-US')} rows of ${file} into ${files.length} files in ${options.outDir}/`,
      );
      for (const out of files) process.stdout.write(`${out}\n`);
      run(EXIT.ok);
    });

  program
    .command('generate')
    .description('write a synthetic Kaggle-format CSV (the real mix of carriers and routes) for demos and benchmarks')
    .argument('<file>', 'the CSV file to write')
    .requiredOption('--rows <n>', 'how many data rows', positive('--rows'))
    .option('--seed <n>', 'random seed: the same seed writes the same file', positive('--seed'), 2019)
    .option('--without-price', 'leave out the Price column, like the hackathon test file')
    .action(async (file: string, options: { rows: number; seed: number; withoutPrice?: boolean }) => {
      await writeGeneratedCsv(file, options);
      stderrLine(`wrote ${options.rows.toLocaleString('en-US')} rows to ${file}`);
      run(EXIT.ok);
    });

  return program;
}

async function main(): Promise<void> {
  // `replay --dry-run … | head -1`: the reader leaving is not an error.
  quietOnClosedPipe(process.stdout);
  // `pnpm replay` runs in the workspace root; paths on the command line mean the caller's directory.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const program = buildProgram((code) => {
    process.exitCode = code;
  });
  program.exitOverride();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof FileError || error instanceof SettingError || error instanceof ColumnMapError) {
      stderrLine(`error: ${error.message}`);
      process.exitCode = error instanceof FileError ? EXIT.badInput : EXIT.usage;
    } else if (error && typeof error === 'object' && 'exitCode' in error && 'code' in error) {
      // commander already printed help or the usage error.
      process.exitCode = (error as { exitCode: number }).exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else {
      throw error;
    }
  }
  // Client sockets and timers may linger; the work is done and the summary printed: exit once it is written out.
  await exitWhenFlushed();
}

await main();
