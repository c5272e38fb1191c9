/** The columns of the Kaggle/MachineHack flight-fare files, as their header spells them. */
export const KAGGLE_COLUMNS = [
  'Airline',
  'Date_of_Journey',
  'Source',
  'Destination',
  'Route',
  'Dep_Time',
  'Arrival_Time',
  'Duration',
  'Total_Stops',
  'Additional_Info',
  'Price',
] as const;

/** Price is absent from the hackathon's test file, which must still replay. */
export const OPTIONAL_COLUMNS = new Set<string>(['Price', 'Additional_Info']);
export const REQUIRED_COLUMNS = KAGGLE_COLUMNS.filter((column) => !OPTIONAL_COLUMNS.has(column));

export type KaggleColumn = (typeof KAGGLE_COLUMNS)[number];
export type KaggleRecord = Partial<Record<KaggleColumn, string>>;

/** Header names compared without case, spaces or underscores ("Date of Journey" = "Date_of_Journey"). */
export function canonicalColumn(name: string): KaggleColumn | undefined {
  const key = name
    .replace(/^\uFEFF/, '')
    .replace(/[\s_]+/g, '')
    .toLowerCase();
  return KAGGLE_COLUMNS.find((column) => column.replace(/_/g, '').toLowerCase() === key);
}

export function missingColumns(header: readonly string[]): string[] {
  const present = new Set<string | undefined>(header.map(canonicalColumn));
  return REQUIRED_COLUMNS.filter((column) => !present.has(column));
}
