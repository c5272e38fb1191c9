#!/usr/bin/env node
import { exitWhenFlushed, quietOnClosedPipe } from '@flights/cli';
import { SettingError } from '@flights/config';
import { buildProgram } from './cli/commands.ts';
import { EXIT } from './cli/optionParsers.ts';
import { stderrLine } from './cli/send.ts';
import { ColumnMapError } from './formats/mapped/columnMap.ts';
import { FileError } from './readers/FileError.ts';
import { ResumeError } from './resume/resumePoint.ts';

async function main(): Promise<void> {
  // `replay --dry-run … | head -1`: the reader leaving is not an error.
  quietOnClosedPipe(process.stdout);
  // `pnpm replay` runs in the workspace root; paths on the command line mean the caller's directory.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const program = buildProgram((code) => {
    process.exitCode = code;
  });
  program.exitOverride();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (
      error instanceof FileError ||
      error instanceof SettingError ||
      error instanceof ColumnMapError ||
      error instanceof ResumeError
    ) {
      stderrLine(`error: ${error.message}`);
      process.exitCode = error instanceof FileError ? EXIT.badInput : EXIT.usage;
    } else if (error && typeof error === 'object' && 'exitCode' in error && 'code' in error) {
      // commander already printed help or the usage error.
      process.exitCode = (error as { exitCode: number }).exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else {
      throw error;
    }
  }
  // Client sockets and timers may linger; the work is done and the summary printed: exit once it is written out.
  await exitWhenFlushed();
}

await main();
