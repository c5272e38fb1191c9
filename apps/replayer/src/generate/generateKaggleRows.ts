import { KAGGLE_COLUMNS } from '../formats/fare/kaggleColumns.ts';

import REAL_MIX from './realMix.json' with { type: 'json' };

/**
 * Synthetic rows in the Kaggle flight-fare format that follow the real
 * file's distributions (scripts/deriveRealMix.ts derives them from
 * Data_Train.xlsx into realMix.json): carriers and itineraries drawn
 * jointly, multi-stop paths included; fares from each carrier's deciles;
 * durations from each itinerary's quartiles; departure hours; and the
 * file's quirks (unpadded days, the arrow in Route, dated arrivals,
 * "Banglore"). So the demo and the benchmarks need no downloaded data.
 * Seeded: the same seed gives the same file.
 */

type Weighted<T> = readonly (readonly [T, number])[];

interface Combo {
  carrier: string;
  source: string;
  destination: string;
  path: string[];
}

const COMBOS: Weighted<Combo> = REAL_MIX.combos.map(([carrier, source, destination, path, count]) => [
  { carrier: String(carrier), source: String(source), destination: String(destination), path: String(path).split('-') },
  Number(count),
]);
const FARE_DECILES: Record<string, number[]> = REAL_MIX.fareDeciles;
const DURATION_QUARTILES: Record<string, number[]> = REAL_MIX.durationQuartiles;
const HOURS: Weighted<number> = REAL_MIX.departureHours.map((count, hour) => [hour, count]);
const MONTHS_MIX: Weighted<number> = Object.entries(REAL_MIX.journeyMonths).map(([month, count]) => [
  Number(month),
  count,
]);
const INFO: Weighted<string> = REAL_MIX.additionalInfo.map(([info, count]) => [String(info), Number(count)]);

const STOPS = ['non-stop', '1 stop', '2 stops', '3 stops', '4 stops'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A draw from a distribution given by evenly spaced quantiles: pick a bin, then uniformly inside it. */
function fromQuantiles(points: readonly number[], rand: () => number): number {
  const bins = points.length - 1;
  if (bins < 1) return points[0] ?? 0;
  const bin = Math.min(bins - 1, Math.floor(rand() * bins));
  return points[bin]! + rand() * (points[bin + 1]! - points[bin]!);
}

/** mulberry32: tiny, fast, good enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function picker<T>(items: Weighted<T>, rand: () => number): () => T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  return () => {
    let r = rand() * total;
    for (const [item, weight] of items) {
      r -= weight;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

export interface GenerateOptions {
  rows: number;
  seed?: number;
  /** Leave out Price, like the hackathon's test file. */
  withoutPrice?: boolean;
}

export function kaggleHeader(options: Pick<GenerateOptions, 'withoutPrice'> = {}): string[] {
  return KAGGLE_COLUMNS.filter((column) => !(options.withoutPrice && column === 'Price'));
}

function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours === 0 ? `${rest}m` : rest === 0 ? `${hours}h` : `${hours}h ${rest}m`;
}

/** The draws one flight needs, from one seeded stream: the same seed gives the same flights. */
export interface FlightDraws {
  rand: () => number;
  combo: () => Combo;
  hour: () => number;
  month: () => number;
  info: () => string;
}

export function flightDraws(seed: number): FlightDraws {
  const rand = random(seed);
  return {
    rand,
    combo: picker(COMBOS, rand),
    hour: picker(HOURS, rand),
    month: picker(MONTHS_MIX, rand),
    info: picker(INFO, rand),
  };
}

/**
 * One row departing on `date` (its UTC fields are the local day) at `depMinutes` after midnight, in the order of
 * `kaggleHeader()`: a carrier and path drawn together, a duration from the path's quartiles, a fare from the
 * carrier's deciles.
 */
export function kaggleRow(draws: FlightDraws, date: Date, depMinutes: number, withoutPrice = false): string[] {
  const { rand } = draws;
  const { carrier, source, destination, path } = draws.combo();
  const day = date.getUTCDate();
  const month = date.getUTCMonth();
  const year = date.getUTCFullYear();
  const duration = Math.max(
    5,
    Math.round(fromQuantiles(DURATION_QUARTILES[path.join('-')] ?? [60, 180], rand) / 5) * 5,
  );
  const departure = Date.UTC(year, month, day) + depMinutes * 60_000;
  const arrival = new Date(departure + duration * 60_000);
  const arrivalClock = `${pad(arrival.getUTCHours())}:${pad(arrival.getUTCMinutes())}`;
  // The real file writes the arrival's day and month when it is not the journey day.
  const sameDay = arrival.getUTCDate() === day && arrival.getUTCMonth() === month;
  const row = [
    carrier,
    `${rand() < 0.5 ? day : pad(day)}/${pad(month + 1)}/${year}`,
    source,
    destination,
    path.join(' → '),
    `${pad(Math.floor(depMinutes / 60))}:${pad(depMinutes % 60)}`,
    sameDay ? arrivalClock : `${arrivalClock} ${pad(arrival.getUTCDate())} ${MONTHS[arrival.getUTCMonth()]}`,
    formatDuration(duration),
    STOPS[Math.min(path.length - 2, STOPS.length - 1)]!,
    draws.info(),
  ];
  if (!withoutPrice) row.push(String(Math.round(fromQuantiles(FARE_DECILES[carrier] ?? [1759, 30000], rand))));
  return row;
}

/** Rows as arrays of cells, in the order of `kaggleHeader()`: dates drawn from the real file's months of 2019. */
export function* generateKaggleRows(options: GenerateOptions): Generator<string[]> {
  const draws = flightDraws(options.seed ?? 2019);
  for (let i = 0; i < options.rows; i += 1) {
    const journeyMonth = draws.month();
    const day = 1 + Math.floor(draws.rand() * new Date(Date.UTC(2019, journeyMonth, 0)).getUTCDate());
    const depMinutes = draws.hour() * 60 + Math.floor(draws.rand() * 12) * 5;
    yield kaggleRow(draws, new Date(Date.UTC(2019, journeyMonth - 1, day)), depMinutes, options.withoutPrice);
  }
}
