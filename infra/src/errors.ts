/** A problem the user can fix; printed as one line, without a stack trace. */
export class StackError extends Error {
  override name = 'StackError';
}
