import { entityLabel, hubKeys, legKeys, stopsBucket, type Dimension, type EntityDetailData } from '@flights/schemas';
import { rankEntities } from './buildSnapshot.ts';

/** One cell of flights_by_carrier_itinerary summed over a range. */
export interface CarrierItinerary {
  carrier: string;
  itinerary: string;
  flights: number;
}

type Breakdown = EntityDetailData['breakdowns'][number];

/** Does a flight on this path count for the entity? */
function concerns(dimension: Dimension, key: string, path: string[]): boolean {
  switch (dimension) {
    case 'departure':
      return path[0] === key;
    case 'arrival':
      return path.at(-1) === key;
    case 'hub':
      return hubKeys(path).includes(key);
    case 'itinerary':
      return path.join('-') === key;
    case 'leg':
      return legKeys(path).includes(key);
    case 'route':
      return `${path[0]}-${path.at(-1)}` === key;
    case 'stops':
      return stopsBucket(path) === key;
    default:
      return false;
  }
}

function breakdown(id: string, title: string, dimension: Dimension, counts: Map<string, number>): Breakdown {
  const rows = rankEntities(
    [...counts].map(([key, flights]) => ({ key, label: entityLabel(dimension, key), flights })),
  );
  return { id, title, dimension, rows };
}

function add(counts: Map<string, number>, key: string | undefined, flights: number): void {
  if (key) counts.set(key, (counts.get(key) ?? 0) + flights);
}

/**
 * An entity's own breakdowns from the carrier × itinerary totals: a
 * carrier's itineraries, departure and arrival airports and hubs; for an
 * airport, leg, itinerary, city pair or stops bucket, its carriers and
 * itineraries. Flights without a path are in none of them.
 */
export function entityBreakdowns(dimension: Dimension, key: string, cells: readonly CarrierItinerary[]): Breakdown[] {
  if (dimension === 'carrier') {
    const [itineraries, departures, arrivals, hubs] = [
      new Map<string, number>(),
      new Map<string, number>(),
      new Map<string, number>(),
      new Map<string, number>(),
    ];
    for (const cell of cells) {
      if (cell.carrier !== key) continue;
      const path = cell.itinerary.split('-');
      add(itineraries, cell.itinerary, cell.flights);
      add(departures, path[0], cell.flights);
      add(arrivals, path.at(-1), cell.flights);
      for (const hub of hubKeys(path)) add(hubs, hub, cell.flights);
    }
    return [
      breakdown('itinerary', 'Its itineraries', 'itinerary', itineraries),
      breakdown('departure', 'Its departure airports', 'departure', departures),
      breakdown('arrival', 'Its arrival airports', 'arrival', arrivals),
      breakdown('hub', 'Where its flights connect', 'hub', hubs),
    ];
  }
  const [carriers, itineraries] = [new Map<string, number>(), new Map<string, number>()];
  for (const cell of cells) {
    if (!concerns(dimension, key, cell.itinerary.split('-'))) continue;
    add(carriers, cell.carrier, cell.flights);
    add(itineraries, cell.itinerary, cell.flights);
  }
  const out = [breakdown('carrier', 'Carriers', 'carrier', carriers)];
  if (dimension !== 'itinerary') out.push(breakdown('itinerary', 'Itineraries', 'itinerary', itineraries));
  return out;
}
