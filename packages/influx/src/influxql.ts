/**
 * InfluxQL quoting. Entity names come from data files and browser clients, so
 * every name that goes into a query passes through one of these.
 */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function quoteIdent(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
