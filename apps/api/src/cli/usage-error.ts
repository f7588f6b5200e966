/**
 * A mistake in how the command was called or in the file it was given. The command line prints the
 * message (and the listed input errors) without a stack trace and exits with status 2.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
