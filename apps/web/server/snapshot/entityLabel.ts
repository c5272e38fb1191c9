import { cityForAirport, pathLabel, stopsLabel, type Dimension } from '@flights/schemas';

/** How an entity reads on the page: "DEL · New Delhi", "DEL → BOM → COK", "non-stop". */
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
