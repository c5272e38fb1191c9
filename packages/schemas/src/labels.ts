import { cityForAirport } from './airports.ts';
import type { Dimension } from './influx.ts';
import { pathLabel, stopsLabel } from './network.ts';

// Apart from network.ts: labels need the airport table (two thousand rows), which the browser
// loads only with the map, while the network helpers are in the first chunk.

/** How an entity reads on the page, server and browser alike: "DEL · New Delhi", "DEL → BOM → COK", "non-stop". */
export function entityLabel(dimension: Dimension, key: string): string {
  switch (dimension) {
    case 'departure':
    case 'arrival':
    case 'hub': {
      const city = cityForAirport(key);
      return city ? `${key} · ${city}` : key;
    }
    case 'route':
    case 'itinerary':
    case 'leg':
      return pathLabel(key);
    case 'stops':
      return stopsLabel(key);
    default:
      return key;
  }
}
