/**
 * Ends a request whose body stops arriving. Node's own limit (`requestTimeout`, 5 minutes for the
 * whole request) is turned off in app.factory.ts: it cut off any upload slower than about 7 MB/s
 * at the 2 GiB limit, however steadily it came. What must end instead is a body that stalls: a
 * sender that stops midway would otherwise hold the store lock (a file stored while it is read
 * holds it from its first byte), and every other batch would wait behind it.
 *
 * The socket's idle timer runs only while the request's body is being received. When it fires, the
 * 408 the API documents is written first (with Connection: close), and only once it has left is the
 * request destroyed with a BodyStalledError: destroying it first destroyed the socket too, and the
 * sender got an empty reply. The error is what whoever reads the body (the ingest's reader, the JSON
 * body parser) sees, so the ingest fails its batch with that reason and stores nothing; their own
 * answer finds the headers sent and only ends the response.
 */
import type { NextFunction, Request, Response } from 'express';

export class BodyStalledError extends Error {
  constructor(readonly idleMs: number) {
    super(`the request's body stopped arriving: nothing came for ${idleMs / 1000} s (THRESHOLD_BODY_IDLE_SECONDS)`);
    this.name = 'BodyStalledError';
  }
}

/** A request with a body still to come (a request without one is complete as soon as it is read). */
function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function bodyIdleTimeout(idleMs: number) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (idleMs > 0 && hasBody(request) && !request.complete) {
      const socket = request.socket;
      const onIdle = () => {
        const error = new BodyStalledError(idleMs);
        if (response.headersSent) {
          request.destroy(error);
          return;
        }
        const body = JSON.stringify({ statusCode: 408, error: 'Request Timeout', message: `${error.message}; nothing was stored` });
        response.writeHead(408, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          connection: 'close',
        });
        response.end(body, () => request.destroy(error));
      };
      const disarm = () => {
        socket.setTimeout(0);
        request.off('timeout', onIdle);
      };
      // On the request, not the socket: Node's server destroys a timed-out socket at once unless
      // the request (or response, or server) listens for 'timeout', and then no answer could go out.
      socket.setTimeout(idleMs);
      request.on('timeout', onIdle);
      // 'end' once the body has been read (or dumped after the answer); 'close' if it never is.
      request.once('end', disarm);
      request.once('close', disarm);
    }
    next();
  };
}
