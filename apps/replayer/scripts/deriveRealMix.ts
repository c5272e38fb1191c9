/**
 * Derives the distributions `replay generate` (and so the demo's sample)
 * draws from, once, from the real Data_Train.xlsx: the joint mix of carrier
 * and itinerary (with the file's own city spellings), fare deciles per
 * carrier, duration quartiles per itinerary, departure hours and
 * Additional_Info values. Only these numbers are committed
 * (src/generate/realMix.json), never rows of the file.
 *
 *   node apps/replayer/scripts/deriveRealMix.ts [path/to/Data_Train.xlsx]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_TRAIN_XLSX, durationMinutes, readDataTrainRows, REPO_ROOT, routeCodes } from '@flights/infra/testing';

/** Values at evenly spaced ranks: quantiles(xs, 10) gives the 11 deciles p0..p100. */
function quantiles(values: number[], parts: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from({ length: parts + 1 }, (_, i) => sorted[Math.round((i / parts) * (sorted.length - 1))]!);
}

function tally<T extends string>(values: T[]): [T, number][] {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

const rows = (await readDataTrainRows(process.argv[2] ?? DATA_TRAIN_XLSX)).filter(
  (row) => routeCodes(row.Route ?? '').length >= 2,
);
const combos = tally(
  rows.map((row) => [row.Airline, row.Source, row.Destination, routeCodes(row.Route!).join('-')].join('|')),
).map(([key, count]) => [...key.split('|'), count] as const);

const group = (key: (row: Record<string, string>) => string, value: (row: Record<string, string>) => number) => {
  const groups = new Map<string, number[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), value(row)]);
  return groups;
};
const fareDeciles = Object.fromEntries(
  [
    ...group(
      (r) => r.Airline!,
      (r) => Number(r.Price),
    ),
  ].map(([carrier, fares]) => [carrier, quantiles(fares, 10)]),
);
const durationQuartiles = Object.fromEntries(
  [
    ...group(
      (r) => routeCodes(r.Route!).join('-'),
      (r) => durationMinutes(r.Duration ?? ''),
    ),
  ].map(([path, minutes]) => [path, quantiles(minutes, 4)]),
);
const departureHours = Array.from(
  { length: 24 },
  (_, hour) => rows.filter((row) => Number(row.Dep_Time!.split(':')[0]) === hour).length,
);
const journeyMonths = Object.fromEntries(
  tally(rows.map((row) => row.Date_of_Journey!.split('/')[1]!.padStart(2, '0'))),
);
const additionalInfo = tally(rows.map((row) => row.Additional_Info ?? 'No info'));

const mix = {
  source: 'Data_Train.xlsx (10,682 rows with a Route), derived by apps/replayer/scripts/deriveRealMix.ts',
  combos,
  fareDeciles,
  durationQuartiles,
  departureHours,
  journeyMonths,
  additionalInfo,
};
const out = join(REPO_ROOT, 'apps', 'replayer', 'src', 'generate', 'realMix.json');
writeFileSync(out, `${JSON.stringify(mix)}\n`);
console.log(
  `${out}: ${combos.length} carrier × itinerary combinations, ${Object.keys(durationQuartiles).length} itineraries, ${rows.length} rows`,
);
