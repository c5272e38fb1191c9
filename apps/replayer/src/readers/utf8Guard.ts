import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import { FileError } from './FileError.ts';

/** Where the last character of `bytes` starts (it may be incomplete): behind at most three continuation bytes. */
function lastCharStart(bytes: Buffer): number {
  let at = bytes.length;
  for (let back = 0; back < 4 && at > 0; back += 1) {
    at -= 1;
    if ((bytes[at]! & 0xc0) !== 0x80) return at;
  }
  return bytes.length;
}

/** A stream that stops at the first invalid UTF-8 line; `failure` says where, once the stream has ended. */
export type Utf8Guard = Transform & { failure?: FileError };

/**
 * Passes bytes through and stops at the first invalid UTF-8 sequence. The
 * sniffer checks only a file's head; without this, a bad byte further down
 * would become U+FFFD and a wrong carrier or city would be counted. The
 * lines before the bad one are passed on and the stream then ends cleanly
 * with `failure` set (an error event would make the parsers drop the rows
 * they hold): the reader hands out every row before the damage, then throws
 * `failure`.
 */
export function utf8Guard(file: string): Utf8Guard {
  let carry = Buffer.alloc(0);
  let offset = 0;
  const guard: Utf8Guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (guard.failure) {
        done();
        return;
      }
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = lastCharStart(data);
      const whole = data.subarray(0, cut);
      carry = Buffer.from(data.subarray(cut));
      if (isUtf8(whole)) {
        offset += whole.length;
        done(null, whole);
        return;
      }
      // The lines before the bad one, then the error naming where it is.
      let start = 0;
      for (
        let end = whole.indexOf(0x0a);
        end !== -1 && isUtf8(whole.subarray(start, end + 1));
        end = whole.indexOf(0x0a, start)
      )
        start = end + 1;
      guard.failure = new FileError(file, `is not valid UTF-8 text after byte ${offset + start} (save it as UTF-8)`);
      carry = Buffer.alloc(0);
      done(null, start > 0 ? whole.subarray(0, start) : undefined);
    },
    flush(done) {
      if (carry.length && !isUtf8(carry))
        guard.failure ??= new FileError(file, 'ends in the middle of a UTF-8 character');
      done(null, carry.length && !guard.failure ? carry : undefined);
    },
  });
  return guard;
}
