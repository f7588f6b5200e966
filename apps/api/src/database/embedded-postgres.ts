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
import { mkdir } from 'node:fs/promises';
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
  const db = await PGlite.create(directory);
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
    },
  };
}
