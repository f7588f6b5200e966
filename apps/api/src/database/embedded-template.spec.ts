/**
 * The template new embedded databases are unpacked from (embedded-template.ts): it must have been
 * made by the PGlite installed now, or every first start silently falls back to initdb's half
 * minute; and a database unpacked from it must be a working, writable, persistent PostgreSQL 18.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { installedPgliteVersion, newDataDirectoryOptions, readTemplateDescription } from './embedded-template.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'threshold-template-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the embedded database template', () => {
  it('was made by the installed PGlite (else: npm run make:embedded-template, and commit it)', () => {
    const template = readTemplateDescription();
    expect(template).toBeDefined();
    expect(template?.pglite).toBe(installedPgliteVersion());
    expect(template?.postgres).toMatch(/^PostgreSQL 18\./);
  });

  it('is offered for a new directory and not for one that holds a database', async () => {
    expect(newDataDirectoryOptions(join(dataDir, 'none-yet')).loadDataDir).toBeInstanceOf(Blob);
    // The directory the next test starts holds a database afterwards: then no template.
    const database = await startEmbeddedPostgres(dataDir);
    await database.stop();
    expect(newDataDirectoryOptions(join(dataDir, 'pgdata'))).toEqual({});
  }, 120_000);

  it('unpacks into a database that takes writes and keeps them across a restart', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'threshold-template-write-'));
    try {
      const first = await startEmbeddedPostgres(directory);
      expect(first.created).toBe(true);
      const client = new pg.Client({ host: first.host, port: first.port, user: 'postgres', database: 'postgres' });
      await client.connect();
      const version = await client.query<{ version: string }>('SELECT version()');
      expect(version.rows[0].version).toMatch(/^PostgreSQL 18\./);
      await client.query('CREATE TABLE kept (value integer)');
      await client.query('INSERT INTO kept VALUES (7)');
      await client.end();
      await first.stop();

      const second = await startEmbeddedPostgres(directory);
      expect(second.created).toBe(false);
      const again = new pg.Client({ host: second.host, port: second.port, user: 'postgres', database: 'postgres' });
      await again.connect();
      expect((await again.query('SELECT value FROM kept')).rows).toEqual([{ value: 7 }]);
      await again.end();
      await second.stop();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
