import type { IngestError } from './types.js';

/**
 * Thrown by a format reader when it cannot go on: a syntax error it cannot recover from, bytes that
 * are not text, a header that makes every row meaningless. readOutcomes records its errors with
 * the others and stops reading rows. Anything else thrown is a failure of the code or of the
 * byte source itself, and propagates.
 */
export class FatalInputError extends Error {
  constructor(readonly errors: readonly IngestError[]) {
    super(errors.map((error) => error.message).join('; '));
    this.name = 'FatalInputError';
  }

  static at(line: number, message: string, column: string | null = null): FatalInputError {
    return new FatalInputError([{ line, column, message }]);
  }
}
