import { AIRPORT_TABLE } from './airportTable.ts';

/**
 * City names as the Kaggle flight-fare files spell them (including the
 * misspelled "Banglore") mapped to the IATA code their Route column uses.
 */
const CITY_TO_AIRPORT: Record<string, string> = {
  delhi: 'DEL',
  'new delhi': 'DEL',
  kolkata: 'CCU',
  banglore: 'BLR',
  bangalore: 'BLR',
  bengaluru: 'BLR',
  mumbai: 'BOM',
  chennai: 'MAA',
  cochin: 'COK',
  kochi: 'COK',
  hyderabad: 'HYD',
};

/** Normalized display name for a city as written in the data ("Banglore" becomes "Bangalore"). */
const CITY_DISPLAY: Record<string, string> = {
  banglore: 'Bangalore',
  'new delhi': 'New Delhi',
};

export function airportForCity(city: string): string | undefined {
  return CITY_TO_AIRPORT[city.trim().toLowerCase()];
}

export interface AirportInfo {
  code: string;
  name: string;
  /** The city it serves; the airport's name where the dataset has no city. */
  city: string;
  latitude: number;
  longitude: number;
  /** ISO 3166 code: "IN", "US" (territories such as Puerto Rico included). */
  country: string;
  /** IANA time zone ("America/New_York"): turns local schedule times into durations. */
  timeZone: string;
}

/** An airport of the generated table (airportTable.ts, from the airportsdata package); undefined when unknown. */
export function airportInfo(code: string): AirportInfo | undefined {
  const row = AIRPORT_TABLE[code.toUpperCase()];
  if (!row) return undefined;
  const [name, city, latitude, longitude, country, timeZone] = row;
  return { code: code.toUpperCase(), name, city: city || name, latitude, longitude, country, timeZone };
}

export function cityForAirport(code: string): string | undefined {
  return airportInfo(code)?.city;
}

const displayNames = new Map<string, string>();

export function displayCityName(city: string): string {
  // Every row names two cities out of a few dozen: remembered, not re-cased per row (bounded against hostile files).
  let name = displayNames.get(city);
  if (name === undefined) {
    name = casedCityName(city);
    if (displayNames.size < 10_000) displayNames.set(city, name);
  }
  return name;
}

function casedCityName(city: string): string {
  const trimmed = city.trim();
  const known = CITY_DISPLAY[trimmed.toLowerCase()];
  if (known) return known;
  return trimmed
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
