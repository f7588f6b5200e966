/**
 * The embedded default (design.md principle 5): PGlite, PostgreSQL 18 compiled to WebAssembly, in
 * this process, behind @electric-sql/pglite-socket, so that the application talks to it over the
 * PostgreSQL wire protocol exactly as to a server: the same pg driver, migrations and SQL.
 *
 * PGlite serves one connection at a time, hence a pool of exactly one connection (see
 * database-options.ts); and code must never await a query on the pool while it holds that
 * connection in a transaction (it would wait for itself).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  host: string;
  port: number;
  /** True when this start created the database (it gets the demo data). */
  created: boolean;
  directory: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const directory = join(dataDir, 'pgdata');
  const created = !existsSync(join(directory, 'PG_VERSION'));
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await lockDataDirectory(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(directory);
  } catch (error) {
    await lock.release();
    throw error;
  }
  const host = '127.0.0.1';
  // Port 0: the system picks a free port, so that several instances (tests) never collide.
  const server = new PGLiteSocketServer({ db, host, port: 0 });
  await server.start();
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
  return {
    host,
    port: address.port,
    created,
    directory,
    async stop() {
      await server.stop();
      await db.close();
      await lock.release();
    },
  };
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
