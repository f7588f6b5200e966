/**
 * A new embedded database's data directory, created while the code builds: PGlite runs
 * PostgreSQL's initdb in WebAssembly, which takes most of a first start (10 to 25 s on two
 * shared cores), and needs nothing that the build makes. It runs in a worker thread, so that the
 * builds' child processes are looked after meanwhile.
 *
 * The server must still know that the database is new (a new database gets the demo data): a
 * mark file beside it says so (apps/api/src/database/embedded-postgres.ts reads and removes it).
 * The directory is locked as the server locks it (pgdata.lock, holding this process's id: the
 * server starts in this same process and takes the lock over).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The same name as NEW_DATABASE_MARK in apps/api/src/database/embedded-postgres.ts. */
const NEW_DATABASE_MARK = 'pgdata.new';

export async function createEmbeddedDatabase(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = join(dataDir, 'pgdata.lock');
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    // Another process holds (or held) the directory: leave it to the server, which says which.
    return;
  }
  try {
    writeFileSync(join(dataDir, NEW_DATABASE_MARK), 'created by npm start; the server loads the demo data\n');
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./create-database.worker.mjs', import.meta.url), {
        workerData: { directory: join(dataDir, 'pgdata') },
      });
      worker.once('error', reject);
      worker.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb stopped (exit ${code})`)),
      );
    });
  } finally {
    rmSync(lock, { force: true });
  }
}
