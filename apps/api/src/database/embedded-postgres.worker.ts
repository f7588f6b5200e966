/**
 * The embedded database's own thread: PGlite runs PostgreSQL in WebAssembly synchronously, so in
 * the main thread a long query would stop the whole server (health checks, cache hits, uploads)
 * until it ends. Here it runs beside the event loop, behind its socket server; the main thread
 * talks to it over the PostgreSQL protocol like to any server. Messages: the parent sends
 * {directory}; the worker answers {port} (or {error}); later the parent sends 'stop' and the
 * worker answers 'stopped'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { newDataDirectoryOptions } from './embedded-template.js';

interface Start {
  directory: string;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('embedded-postgres.worker runs as a worker thread');
  try {
    const { directory } = workerData as Start;
    // A new directory is unpacked from the template (seconds) rather than made by initdb (half a minute).
    const db = await PGlite.create(directory, newDataDirectoryOptions(directory));
    // Port 0: the system picks a free port, so that several instances (tests) never collide.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
    await server.start();
    const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
    port.on('message', (message: unknown) => {
      if (message !== 'stop') return;
      void (async () => {
        await server.stop();
        await db.close();
        port.postMessage('stopped');
      })();
    });
    port.postMessage({ port: address.port });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

void main();
