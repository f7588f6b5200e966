/**
 * Whether an ingest failed because its database connection was lost (the backend ended by an
 * administrator or a restart, the network cut), rather than because of anything in the file or a
 * fault of the database's: the sender may simply send again (503 with Retry-After), and nothing
 * was stored (the transaction died with its connection).
 */

/** SQLSTATEs of a lost connection: class 08 (connection exception), and the backend ended (57P01-57P03). */
const CONNECTION_SQLSTATE = /^(08...|57P0[123])$/;

/** What node-postgres and Node's sockets say when a connection is gone. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'is not queryable',
  'terminating connection',
  'server closed the connection',
];
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/** Seconds a sender is asked to wait before sending again. */
export const RETRY_AFTER_SECONDS = 10;

export function isConnectionLoss(error: unknown): boolean {
  // The error and what it wraps (StagingFailure's cause, TypeORM's driverError), a few levels deep.
  // Not `instanceof Object`: errors of Node's sockets may come from another realm (a test's VM context).
  for (let depth = 0, current = error; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, message, cause, driverError } = current as { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown };
    if (typeof code === 'string' && (CONNECTION_SQLSTATE.test(code) || SOCKET_CODES.has(code))) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.some((text) => message.includes(text))) return true;
    current = cause ?? driverError;
  }
  return false;
}
