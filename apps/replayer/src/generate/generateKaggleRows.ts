import { KAGGLE_COLUMNS } from '../normalize/kaggleColumns.ts';

/**
 * Synthetic rows in the Kaggle flight-fare format, with the real file's mix
 * of carriers and city pairs and its quirks (unpadded days, the arrow in
 * Route, dated arrivals, "Banglore"), so the demo and the benchmarks need no
 * downloaded data. Seeded: the same seed gives the same file.
 */

type Weighted<T> = readonly (readonly [T, number])[];

const CARRIERS: Weighted<string> = [
  ['Jet Airways', 3849], ['IndiGo', 2053], ['Air India', 1752], ['Multiple carriers', 1196], ['SpiceJet', 818],
  ['Vistara', 479], ['Air Asia', 319], ['GoAir', 194], ['Multiple carriers Premium economy', 13],
  ['Jet Airways Business', 6], ['Vistara Premium economy', 3], ['Trujet', 1],
];

interface Corridor { source: string; destination: string; routes: readonly string[][] }

const CORRIDORS: Weighted<Corridor> = [
  [{ source: 'Delhi', destination: 'Cochin', routes: [['DEL', 'BOM', 'COK'], ['DEL', 'COK'], ['DEL', 'HYD', 'COK'], ['DEL', 'MAA', 'COK'], ['DEL', 'BLR', 'COK']] }, 4537],
  [{ source: 'Kolkata', destination: 'Banglore', routes: [['CCU', 'BLR'], ['CCU', 'BOM', 'BLR'], ['CCU', 'DEL', 'BLR'], ['CCU', 'IXR', 'BBI', 'BLR']] }, 2871],
  [{ source: 'Banglore', destination: 'New Delhi', routes: [['BLR', 'DEL'], ['BLR', 'BOM', 'DEL'], ['BLR', 'HYD', 'DEL']] }, 932],
  [{ source: 'Banglore', destination: 'Delhi', routes: [['BLR', 'DEL']] }, 1265],
  [{ source: 'Mumbai', destination: 'Hyderabad', routes: [['BOM', 'HYD'], ['BOM', 'DEL', 'HYD']] }, 697],
  [{ source: 'Chennai', destination: 'Kolkata', routes: [['MAA', 'CCU']] }, 381],
];

const STOPS = ['non-stop', '1 stop', '2 stops', '3 stops', '4 stops'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

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

/** Rows as arrays of cells, in the order of `kaggleHeader()`. */
export function* generateKaggleRows(options: GenerateOptions): Generator<string[]> {
  const rand = random(options.seed ?? 2019);
  const carrier = picker(CARRIERS, rand);
  const corridor = picker(CORRIDORS, rand);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  for (let i = 0; i < options.rows; i += 1) {
    const { source, destination, routes } = corridor();
    const route = routes[int(0, routes.length - 1)]!;
    const month = int(3, 6);
    const day = int(1, 28);
    const depMinutes = int(0, 23) * 60 + int(0, 11) * 5;
    const duration = (route.length - 1) * int(80, 200) + (route.length > 2 ? int(0, 900) : 0);
    const arrival = depMinutes + duration;
    const arrivalClock = `${pad(Math.floor(arrival / 60) % 24)}:${pad(arrival % 60)}`;
    // The real file writes the arrival's day and month when it is not the journey day.
    const arrivalDay = Math.floor(arrival / 1440);
    const arrivalText = arrivalDay > 0 ? `${arrivalClock} ${pad(Math.min(day + arrivalDay, 28))} ${MONTHS[month - 1]}` : arrivalClock;
    const hours = Math.floor(duration / 60);
    const minutes = duration % 60;
    const row = [
      carrier(),
      `${rand() < 0.5 ? day : pad(day)}/${pad(month)}/2019`,
      source,
      destination,
      route.join(' → '),
      `${pad(Math.floor(depMinutes / 60))}:${pad(depMinutes % 60)}`,
      arrivalText,
      hours === 0 ? `${minutes}m` : minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`,
      STOPS[route.length - 2]!,
      rand() < 0.97 ? 'No info' : rand() < 0.5 ? 'No Info' : 'In-flight meal not included',
    ];
    if (!options.withoutPrice) row.push(String(int(1759, 30000)));
    yield row;
  }
}
