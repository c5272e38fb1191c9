/** A whole file cannot be replayed; the message names the file and what is wrong with it. */
export class FileError extends Error {
  override name = 'FileError';
  readonly file: string;
  readonly problem: string;

  constructor(file: string, problem: string, options?: ErrorOptions) {
    super(`${file}: ${problem}`, options);
    this.file = file;
    this.problem = problem;
  }
}
