import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The real training file, beside the checkout (CI puts ../shared there). */
export const DATA_TRAIN_XLSX =
  process.env.DATA_TRAIN_XLSX ?? join(REPO_ROOT, '..', 'shared', 'data', 'kaggle-flight-fare', 'Data_Train.xlsx');

export function requireDataTrain(): string {
  if (!existsSync(DATA_TRAIN_XLSX)) {
    throw new Error(`${DATA_TRAIN_XLSX} is missing: put the shared data beside the checkout or set DATA_TRAIN_XLSX`);
  }
  return DATA_TRAIN_XLSX;
}

/**
 * Exact counts of Data_Train.xlsx, copied from ../shared/data/kaggle-flight-fare/README.md
 * (the row without a Route counted from its city names: Delhi to Cochin).
 */
export const GROUND_TRUTH = {
  rows: 10_683,
  carriers: {
    'Jet Airways': 3849,
    IndiGo: 2053,
    'Air India': 1752,
    'Multiple carriers': 1196,
    SpiceJet: 818,
    Vistara: 479,
    'Air Asia': 319,
    GoAir: 194,
    'Multiple carriers Premium economy': 13,
    'Jet Airways Business': 6,
    'Vistara Premium economy': 3,
    Trujet: 1,
  },
  departures: { DEL: 4537, CCU: 2871, BLR: 2197, BOM: 697, MAA: 381 },
  arrivals: { COK: 4537, BLR: 2871, DEL: 2197, HYD: 697, CCU: 381 },
  routes: { 'DEL-COK': 4537, 'CCU-BLR': 2871, 'BLR-DEL': 2197, 'BOM-HYD': 697, 'MAA-CCU': 381 },
  fareSum: 97_077_106,
  fareSumByCarrier: {
    'Jet Airways': 44_817_461,
    'Air India': 16_838_841,
    'Multiple carriers': 13_039_603,
    IndiGo: 11_648_071,
    Vistara: 3_734_451,
    SpiceJet: 3_548_717,
    'Air Asia': 1_783_293,
    GoAir: 1_137_045,
    'Jet Airways Business': 350_152,
    'Multiple carriers Premium economy': 148_445,
    'Vistara Premium economy': 26_887,
    Trujet: 4_140,
  },
} as const;

/**
 * The network inside Data_Train.xlsx (itineraries, legs, connecting airports,
 * stops, and fare and duration sums per itinerary), counted from its Route
 * column by scripts/deriveNetworkTruth.ts, independently of the pipeline.
 */
export { default as NETWORK_TRUTH } from './fixtures/dataTrainNetwork.json' with { type: 'json' };

export { REPO_ROOT };
