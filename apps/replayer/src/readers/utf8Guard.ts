import { Transform } from 'node:stream';
import { FileError } from './FileError.ts';

/**
 * Passes bytes through and fails on the first invalid UTF-8 sequence. The
 * sniffer checks only a file's head; without this, a bad byte further down
 * would become U+FFFD and a wrong carrier or city would be counted.
 */
export function utf8Guard(file: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        done(new FileError(file, `is not valid UTF-8 text after byte ${offset} (save it as UTF-8)`));
        return;
      }
      offset += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
        done();
      } catch {
        done(new FileError(file, 'ends in the middle of a UTF-8 character'));
      }
    },
  });
}
