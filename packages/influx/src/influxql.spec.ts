import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteString } from './influxql.ts';

describe('quoteString', () => {
  it('escapes quotes and backslashes so a value cannot end the literal', () => {
    expect(quoteString("x' OR 1=1 --")).toBe("'x\\' OR 1=1 --'");
    expect(quoteString('a\\')).toBe("'a\\\\'");
    expect(quoteString('</script>')).toBe("'</script>'");
  });
});

describe('quoteIdent', () => {
  it('escapes double quotes', () => {
    expect(quoteIdent('flights_30d')).toBe('"flights_30d"');
    expect(quoteIdent('a"b')).toBe('"a\\"b"');
  });
});
