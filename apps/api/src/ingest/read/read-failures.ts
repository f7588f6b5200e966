/**
 * Whose failure it is when a file cannot be read to its end: the sender's (IngestReadError: a
 * client that went away, a body over the limit), or the server's (StagingFailure: the database
 * failed while rows were written; SpoolWriteError: the upload's copy could not be written). The
 * HTTP route answers the first with a 4xx, the others with a 500.
 */
import { SpoolWriteError } from '../receive/spooled-source.js';
import { NotStorableWhileReading } from '../store/streaming-store.js';

/** The input stream failed (a client that went away, a body over the limit): nothing was stored. */
export class IngestReadError extends Error {
  constructor(cause: unknown) {
    super(`the input could not be read to its end: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'IngestReadError';
  }
}

/** The database failed while rows were staged: a server error, not the sender's. */
export class StagingFailure extends Error {
  constructor(cause: unknown) {
    super(`the rows could not be staged: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StagingFailure';
  }
}

/**
 * A write whose failure is the database's, told apart from the input's (IngestReadError). A file
 * found not storable while read passes through: it is staged instead.
 */
export function asStagingFailure<T>(write: Promise<T>): Promise<T> {
  return write.catch((error: unknown) => {
    throw error instanceof NotStorableWhileReading ? error : new StagingFailure(error);
  });
}

/** Why a read failed: the database's (StagingFailure), the spool's disk, or else the input's. */
export function readFailure(error: unknown): Error {
  return error instanceof StagingFailure || error instanceof SpoolWriteError ? error : new IngestReadError(error);
}
