import { Command, Option } from 'commander';
import { describeSetting } from '@flights/config';
import { writeGeneratedCsv } from '../generate/writeGeneratedCsv.ts';
import { splitFile } from '../split/splitFile.ts';
import { REPLAY_HELP } from './helpText.ts';
import { columnMapOption, EXIT, port, positive, span } from './optionParsers.ts';
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

/** `replay generate <file> --rows n`. */
function addGenerateCommand(program: Command, run: (code: number) => void): void {
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
