import ExcelJS from 'exceljs';

/**
 * The rows of Data_Train.xlsx as plain records keyed by header, read with
 * exceljs directly: the scripts that derive ground truth and demo
 * distributions must not go through the replayer they check.
 */
export async function readDataTrainRows(file: string): Promise<Record<string, string>[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets.find((ws) => String(ws.getRow(1).getCell(1).value ?? '').trim() === 'Airline');
  if (!sheet) throw new Error(`${file}: no sheet starts with the header "Airline"`);
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? '').trim());
  const rows: Record<string, string>[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const record: Record<string, string> = {};
    header.forEach((name, column) => {
      if (name) record[name] = cellText(row.getCell(column).value);
    });
    rows.push(record);
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'richText' in value)
    return value.richText
      .map((part) => part.text)
      .join('')
      .trim();
  return String(value).trim();
}

/** "DEL → BOM → COK" as codes; an empty Route gives no codes. */
export function routeCodes(route: string): string[] {
  return route
    .split('→')
    .map((code) => code.trim())
    .filter(Boolean);
}

/** "2h 50m", "19h", "5m" in minutes. */
export function durationMinutes(text: string): number {
  const hours = /(\d+)\s*h/.exec(text)?.[1];
  const minutes = /(\d+)\s*m/.exec(text)?.[1];
  return Number(hours ?? 0) * 60 + Number(minutes ?? 0);
}
