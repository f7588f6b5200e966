/**
 * The embedded default (design.md principle 5): PGlite, PostgreSQL 18 compiled to WebAssembly, in
 * a worker thread of this process (embedded-postgres.worker.ts), behind
 * @electric-sql/pglite-socket, so that the application talks to it over the PostgreSQL wire
 * protocol exactly as to a server: the same pg driver, migrations and SQL.
 *
 * PGlite serves one connection at a time, hence a pool of exactly one connection (see
 * database-options.ts); and code must never await a query on the pool while it holds that
 * connection in a transaction (it would wait for itself).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface EmbeddedPostgres {
  host: string;
  port: number;
  /** True when this start created the database (it gets the demo data). */
  created: boolean;
  directory: string;
  stop(): Promise<void>;
}

/**
 * Beside the data directory when `npm start` created the database while the code was building
 * (scripts/start/new-embedded-database.ts): the database is new, and gets the demo data, although
 * it already exists when the server starts.
 */
export const NEW_DATABASE_MARK = 'pgdata.new';

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const directory = join(dataDir, 'pgdata');
  const mark = join(dataDir, NEW_DATABASE_MARK);
  const created = !existsSync(join(directory, 'PG_VERSION')) || existsSync(mark);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await lockDataDirectory(dataDir);
  const worker = new Worker(workerScript(), { workerData: { directory } });
  let port: number;
  let onMessage: (message: { port?: number; error?: string }) => void = () => undefined;
  let onError: (error: Error) => void = () => undefined;
  let onExit: (code: number) => void = () => undefined;
  try {
    port = await new Promise<number>((resolve, reject) => {
      onMessage = (message) =>
        message.port === undefined
          ? reject(new Error(message.error ?? 'the embedded database did not start'))
          : resolve(message.port);
      onError = reject;
      onExit = (code) => reject(new Error(`the embedded database stopped at start (exit ${code})`));
      worker.once('message', onMessage).once('error', onError).once('exit', onExit);
    });
  } catch (error) {
    await worker.terminate();
    await lock.release();
    throw error;
  } finally {
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
  }
  await rm(mark, { force: true });
  return {
    host: '127.0.0.1',
    port,
    created,
    directory,
    async stop() {
      const stopped = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
      await lock.release();
    },
  };
}

/** The worker's compiled module: beside this one in the build; from the build when tests run the sources. */
function workerScript(): URL {
  const sibling = new URL('./embedded-postgres.worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL('../../dist/database/embedded-postgres.worker.js', import.meta.url);
}

/**
 * One process at a time on an embedded database: PGlite has no lock of its own, and two processes
 * writing one data directory would corrupt it. The lock file holds the owner's pid; a lock whose
 * process is gone (killed) is taken over.
 */
async function lockDataDirectory(dataDir: string): Promise<{ release(): Promise<void> }> {
  const file = join(dataDir, 'pgdata.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `the embedded database in ${dataDir} is in use by process ${owner} (a running Threshold?): stop it first, ` +
          'or send the file to that server (POST /api/ingest or its watch folder), or set DATABASE_URL',
      );
    }
    await rm(file, { force: true });
  }
  throw new Error(`cannot lock the embedded database in ${dataDir}`);
}

/** The process holding the embedded database of `dataDir` (a running server), if one does. */
export async function embeddedDatabaseOwner(dataDir: string): Promise<number | undefined> {
  const owner = Number((await readFile(join(dataDir, 'pgdata.lock'), 'utf8').catch(() => '')).trim());
  return Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner) ? owner : undefined;
}

/** Whether `dataDir` holds an embedded database (created by a start before). */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'pgdata', 'PG_VERSION'));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
