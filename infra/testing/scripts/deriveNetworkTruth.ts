/**
 * Writes the network ground truth of Data_Train.xlsx (itineraries, legs,
 * connecting airports, stops, with fare and duration sums per itinerary) to
 * src/fixtures/dataTrainNetwork.json. Counted here from the Route column
 * alone, independently of the replayer and the aggregator it checks.
 *
 *   node infra/testing/scripts/deriveNetworkTruth.ts [path/to/Data_Train.xlsx]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_TRAIN_XLSX, REPO_ROOT } from '../src/groundTruth.ts';
import { durationMinutes, readDataTrainRows, routeCodes } from '../src/dataTrainRows.ts';

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};
const sorted = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));

const file = process.argv[2] ?? DATA_TRAIN_XLSX;
const rows = await readDataTrainRows(file);
const itineraries: Record<string, number> = {};
const legs: Record<string, number> = {};
const hubs: Record<string, number> = {};
const stops: Record<string, number> = {};
const fareSumByItinerary: Record<string, number> = {};
const durationSumByItinerary: Record<string, number> = {};
let withoutRoute = 0;
for (const row of rows) {
  const codes = routeCodes(row.Route ?? '');
  if (codes.length < 2) {
    withoutRoute += 1;
    continue;
  }
  const path = codes.join('-');
  bump(itineraries, path);
  bump(fareSumByItinerary, path, Number(row.Price));
  bump(durationSumByItinerary, path, durationMinutes(row.Duration ?? ''));
  for (let i = 1; i < codes.length; i += 1) bump(legs, `${codes[i - 1]}-${codes[i]}`);
  for (const hub of codes.slice(1, -1)) bump(hubs, hub);
  bump(stops, codes.length - 2 >= 4 ? '4+' : String(codes.length - 2));
}
const truth = {
  source: 'Data_Train.xlsx (Sheet1), derived by infra/testing/scripts/deriveNetworkTruth.ts',
  rows: rows.length,
  withoutRoute,
  itineraries: sorted(itineraries),
  legs: sorted(legs),
  hubs: sorted(hubs),
  stops: sorted(stops),
  fareSumByItinerary: sorted(fareSumByItinerary),
  durationSumByItinerary: sorted(durationSumByItinerary),
};
const out = join(REPO_ROOT, 'infra', 'testing', 'src', 'fixtures', 'dataTrainNetwork.json');
writeFileSync(out, `${JSON.stringify(truth, null, 2)}\n`);
console.log(
  `${out}: ${rows.length} rows, ${Object.keys(itineraries).length} itineraries, ${Object.keys(legs).length} legs, ${Object.keys(hubs).length} hubs, ${withoutRoute} without a route`,
);
