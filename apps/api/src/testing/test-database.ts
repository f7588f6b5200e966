/**
 * A fresh database for each test run: with DATABASE_URL (CI's real PostgreSQL), a new database
 * `threshold_test_<random>` created on that server and dropped afterwards; without it, a new
 * embedded PGlite in a temporary directory. Either way the application runs its migrations on it,
 * as in production.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  /** DATABASE_URL for the application, or undefined for the embedded database. */
  databaseUrl: string | undefined;
  /** Data directory for the application (embedded database, generated secrets). */
  dataDir: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

export async function createTestDatabase(serverUrl = process.env.DATABASE_URL): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'threshold-test-'));
  if (serverUrl === undefined || serverUrl === '') {
    return { databaseUrl: undefined, dataDir, kind: 'embedded', drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `threshold_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    kind: 'postgres',
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
