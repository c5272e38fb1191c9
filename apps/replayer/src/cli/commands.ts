import { Command, InvalidArgumentError, Option } from 'commander';
import { describeSetting } from '@flights/config';
import { type GeneratedFileOptions, writeGeneratedCsv } from '../generate/writeGeneratedCsv.ts';
import { splitFile } from '../split/splitFile.ts';
import { REPLAY_HELP } from './helpText.ts';
import { columnMapOption, EXIT, port, positive, since, span } from './optionParsers.ts';
import { type SendOptions, send, stderrLine } from './send.ts';

/** `replay [send] <inputs...>`: the default command. */
function addSendCommand(program: Command, run: (code: number) => void): void {
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
        'event time: "now" stamps each event when sent; "schedule" uses the scheduled departure, time-warped; "history" spreads the first pass over the past --span, ending now, as fast as Kafka takes it (further --loop passes go live); "calendar" keeps each scheduled departure as a date and time of this machine\'s zone: the past at once, the future when it comes (sort the file by departure; further --loop passes move on by the file\'s length in whole weeks)',
      )
        .choices(['now', 'schedule', 'history', 'calendar'])
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
    .option(
      '--since <duration>',
      'with --clock calendar: leave out flights timed further back than this before the start (30d, 12h, 0m for none); all by default',
      since,
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
    .option(
      '--resume',
      'finish a run Kafka stopped acknowledging (exit 3): the same inputs and options, sending only what is missing',
    )
    .option(
      '--resume-file <path>',
      'where exit 3 writes what was not acknowledged, and --resume reads it',
      'replay-resume.json',
    )
    .action(async (inputs: string[], options: SendOptions) => run(await send(inputs, options)));
}

/** `replay split <file> --chunks n`. */
function addSplitCommand(program: Command, run: (code: number) => void): void {
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
}

interface GenerateFlags {
  rows?: number;
  from?: string;
  days?: number;
  perDay: number;
  seed: number;
  withoutPrice?: boolean;
}

/** The generator's options from its flags: --rows, or --from with --days; anything else is a usage error. */
function generateOptions(flags: GenerateFlags): GeneratedFileOptions {
  const { rows, from, days, perDay, seed, withoutPrice } = flags;
  if ((rows === undefined) === (from === undefined))
    throw new InvalidArgumentError('give --rows n (random dates), or --from YYYY-MM-DD with --days n (a calendar)');
  if (rows !== undefined) return { rows, seed, withoutPrice };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from!) || Number.isNaN(Date.parse(from!)))
    throw new InvalidArgumentError(`--from must be a date, YYYY-MM-DD (got ${from})`);
  if (days === undefined) throw new InvalidArgumentError('--from needs --days n');
  return { from: from!, days, perDay, seed, withoutPrice };
}

/** `replay generate <file> --rows n`, or `--from <date> --days n` for a calendar with the daily and weekly rhythm. */
function addGenerateCommand(program: Command, run: (code: number) => void): void {
  program
    .command('generate')
    .description('write a synthetic Kaggle-format CSV (the real mix of carriers and routes) for demos and benchmarks')
    .argument('<file>', 'the CSV file to write')
    .option('--rows <n>', "how many data rows, on random days of the real file's months", positive('--rows'))
    .option(
      '--from <YYYY-MM-DD>',
      'instead of --rows: consecutive days from this date, in departure order, each hour and weekday as busy as a real one (replay with --clock calendar)',
    )
    .option('--days <n>', 'with --from: how many days', positive('--days'))
    .option('--per-day <n>', 'with --from: flights on an average day', positive('--per-day'), 43_200)
    .option('--seed <n>', 'random seed: the same seed writes the same file', positive('--seed'), 2019)
    .option('--without-price', 'leave out the Price column, like the hackathon test file')
    .action(async (file: string, flags: GenerateFlags) => {
      let options: GeneratedFileOptions;
      try {
        options = generateOptions(flags);
      } catch (error) {
        if (!(error instanceof InvalidArgumentError)) throw error;
        stderrLine(`error: ${error.message}`);
        return run(EXIT.usage);
      }
      const rows = await writeGeneratedCsv(file, options);
      stderrLine(`wrote ${rows.toLocaleString('en-US')} rows to ${file}`);
      run(EXIT.ok);
    });
}

/** The replay command line; `run` receives each command's exit status. */
export function buildProgram(run: (code: number) => void): Command {
  const program = new Command('replay')
    .description(
      'Stream airline flight files (the Kaggle/MachineHack flight-fare files, US on-time files, nycflights13, or any CSV with --map) into Kafka as normalized flight events.',
    )
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', REPLAY_HELP);
  addSendCommand(program, run);
  addSplitCommand(program, run);
  addGenerateCommand(program, run);
  return program;
}
