export { exitWhenFlushed, flushOutput, quietOnClosedPipe } from './processOutput.ts';
