import { Transform } from 'node:stream';

/** Passes bytes through and counts them: progress for parsers that do not report their position. */
export function countingStream(): Transform & { bytes: number } {
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      stream.bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  stream.bytes = 0;
  return stream;
}
