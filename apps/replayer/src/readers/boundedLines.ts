/** A line longer than the reader accepts; it is never held whole in memory. */
export class LineTooLongError extends Error {
  override name = 'LineTooLongError';
  readonly line: number;
  readonly maxBytes: number;

  constructor(line: number, maxBytes: number) {
    super(`line ${line} is longer than ${Math.round(maxBytes / 1024)} KB`);
    this.line = line;
    this.maxBytes = maxBytes;
  }
}

/**
 * Splits a byte stream into lines (LF or CRLF) with a cap on line length, so
 * a file without newlines cannot grow memory without bound (readline has no
 * such cap). Splitting on the byte 0x0A is safe in UTF-8.
 */
export async function* boundedLines(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  maxBytes: number,
): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  const take = (tail: Buffer): string => {
    const bytes = pending.length ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return bytes.toString('utf8', 0, end);
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      line += 1;
      if (pendingBytes + newline - start > maxBytes) throw new LineTooLongError(line, maxBytes);
      yield take(chunk.subarray(start, newline));
      start = newline + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxBytes) throw new LineTooLongError(line + 1, maxBytes);
    }
  }
  if (pendingBytes > 0) yield take(Buffer.alloc(0));
}
