import type { Writable } from 'node:stream';

/**
 * Resolves once everything written to `stream` so far has reached its file
 * descriptor. A pipe in Node is written asynchronously: `process.exit()`
 * right after a write drops what the reader had not taken yet (about a pipe
 * buffer, 64 KB, behind a slow reader). An empty write's callback runs after
 * every earlier write's, so waiting for it waits for them all.
 */
export function flushOutput(stream: Writable): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}

/** Exits with `code` once stdout and stderr are written out, whatever the reader's speed. */
export async function exitWhenFlushed(
  code: number | undefined = process.exitCode as number | undefined,
): Promise<never> {
  await Promise.all([flushOutput(process.stdout), flushOutput(process.stderr)]);
  process.exit(code);
}

/**
 * The reader of stdout went away (`| head -1`): that is the reader's choice,
 * not a failure. Ends the program at once with status 0 and nothing printed,
 * as Unix tools do on SIGPIPE; any other write error is left to surface.
 */
export function quietOnClosedPipe(
  stream: Writable = process.stdout,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(0);
    else throw error;
  });
}
