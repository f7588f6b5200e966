/**
 * A backup file that is not whole or not what it says is refused with a message saying what is
 * wrong, and nothing is restored: truncated, a byte damaged, a row changed (the closing checksum),
 * its closing line cut off, not gzip at all, another format version, a schema from a newer
 * Threshold, another pseudonym key. And a restore that fails midway, inside its transaction (here:
 * the file replaced after it was checked, found once the backup's migrations have run), leaves the
 * database without a single table. On the database of the run (embedded PGlite, or DATABASE_URL's).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { checkOutcomesBuilt, runOutcomes, STACK_TRACE } from '../cli/testing/outcomes-process.js';
import type { DatabaseEndpoint } from '../database/database-options.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../database/embedded-postgres.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { BackupFileError } from './backup-reader.js';
import { BackupsService } from './backups.service.js';
import { checkBackup, restoreBackup, RestoreRefusedError, type RestoreOptions } from './restore.js';

const FILE = ['client_id,technique,session,phase,measure,unit,value', 'a1,massage,1,pre,ppt,kPa,300', 'a1,massage,1,post,ppt,kPa,320', 'a2,massage,1,pre,ppt,kPa,250', ''].join('\n');

let folder: string;
let good: string;
let key: string;

/** A copy of the good backup whose uncompressed lines are changed, its closing line made to match again. */
async function rewritten(name: string, change: (lines: string[]) => string[]): Promise<string> {
  const lines = gunzipSync(await readFile(good)).toString('utf8').trimEnd().split('\n');
  const body = change(lines.slice(0, -1));
  const end = JSON.parse(lines.at(-1)!) as { sha256: string };
  end.sha256 = createHash('sha256').update(body.map((line) => `${line}\n`).join('')).digest('hex');
  const file = join(folder, name);
  await writeFile(file, gzipSync(`${[...body, JSON.stringify(end)].join('\n')}\n`));
  return file;
}

beforeAll(async () => {
  checkOutcomesBuilt();
  folder = await mkdtemp(join(tmpdir(), 'threshold-backup-checks-'));
  const t: TestApp = await startTestApp();
  try {
    const stored = await t.api('/api/ingest', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: FILE });
    expect(stored.status).toBe(201);
    const { file, remove } = await t.app.get(BackupsService).backupForDownload();
    good = join(folder, 'good.backup.gz');
    await copyFile(file, good);
    await remove();
    key = t.config.pseudonymKey!;
  } finally {
    await t.close();
  }
}, 180_000);

afterAll(() => rm(folder, { recursive: true, force: true }));

describe('a backup file that is not whole or not right', () => {
  const options = (): RestoreOptions => ({ pseudonymKey: key });
  const refused = async (file: string, reason: RegExp) => {
    const error = await checkBackup(file, options()).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(BackupFileError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toMatch(/is not a usable backup: .*; nothing was restored$/);
  };

  it('is read whole when it is whole', async () => {
    const { header, end } = await checkBackup(good, options());
    expect(header).toMatchObject({ format: 'threshold-backup', formatVersion: 1, dataVersion: 1 });
    expect(end.rows).toBeGreaterThanOrEqual(3 + 2 + 1); // readings, sessions, batch at least
  });

  it('cut short: truncated', async () => {
    const bytes = await readFile(good);
    const file = join(folder, 'truncated.backup.gz');
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refused(file, /compressed data end early \(the file is truncated\)/);
  });

  it('with a byte damaged', async () => {
    const bytes = Buffer.from(await readFile(good));
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    const file = join(folder, 'damaged.backup.gz');
    await writeFile(file, bytes);
    await refused(file, /damaged|not JSON|checksum|a row must be|neither a row/);
  });

  it('with a value changed inside (gzip whole, the closing checksum not)', async () => {
    const lines = gunzipSync(await readFile(good)).toString('utf8').trimEnd().split('\n');
    const row = lines.findIndex((line) => line.includes('"300"'));
    lines[row] = lines[row].replace('"300"', '"900"');
    const file = join(folder, 'changed.backup.gz');
    await writeFile(file, gzipSync(`${lines.join('\n')}\n`));
    await refused(file, /the checksum of its contents does not match its closing line/);
  });

  it('without its closing line', async () => {
    const lines = gunzipSync(await readFile(good)).toString('utf8').trimEnd().split('\n');
    const file = join(folder, 'unclosed.backup.gz');
    await writeFile(file, gzipSync(`${lines.slice(0, -1).join('\n')}\n`));
    await refused(file, /it ends early, at line \d+, before its closing line \(the file is truncated\)/);
  });

  it('not gzip, or empty', async () => {
    const plain = join(folder, 'plain.backup');
    await writeFile(plain, gunzipSync(await readFile(good)));
    await refused(plain, /not gzip-compressed/);
    const empty = join(folder, 'empty.backup.gz');
    await writeFile(empty, '');
    await refused(empty, /not gzip-compressed/);
  });

  it('of another format version', async () => {
    const file = await rewritten('v2.backup.gz', ([header, ...rest]) => [header.replace('"formatVersion":1', '"formatVersion":2'), ...rest]);
    await refused(file, /format version 2, and this Threshold reads version 1/);
  });

  it('from a newer Threshold, or made under another pseudonym key', async () => {
    const newer = await rewritten('newer.backup.gz', ([header, ...rest]) => [header.replace('"migrations":[', '"migrations":["FromTheFuture1899999999999",'), ...rest]);
    await expect(checkBackup(newer, options())).rejects.toThrow(RestoreRefusedError);
    await expect(checkBackup(newer, options())).rejects.toThrow(/made by a newer version of Threshold: its schema has the migration FromTheFuture1899999999999/);
    await expect(checkBackup(good, { pseudonymKey: 'another-pseudonym-key-0123' })).rejects.toThrow(/made with another pseudonym key than this deployment's/);
    await expect(checkBackup(good, { pseudonymKey: undefined })).rejects.toThrow(/this deployment has none yet: copy the file pseudonym-key/);
  });

  it('is refused by the command line with its reason, exit 2, and no database made', async () => {
    const bytes = await readFile(good);
    const file = join(folder, 'cut.backup.gz');
    await writeFile(file, bytes.subarray(0, bytes.length - 20));
    const dataDir = await mkdtemp(join(tmpdir(), 'threshold-restore-target-'));
    try {
      const run = await runOutcomes(['restore', file], { env: { DATABASE_URL: '', THRESHOLD_DATA_DIR: dataDir, THRESHOLD_PSEUDONYM_KEY: key } });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^outcomes: .*cut\.backup\.gz is not a usable backup: .*truncated.*; nothing was restored\n$/);
      expect(run.stderr).not.toMatch(STACK_TRACE);
      expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a restore that fails midway', () => {
  let database: TestDatabase;
  let embedded: EmbeddedPostgres | undefined;
  let endpoint: DatabaseEndpoint;
  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.databaseUrl === undefined) {
      embedded = await startEmbeddedPostgres(database.dataDir);
      endpoint = { kind: 'embedded', host: embedded.host, port: embedded.port };
    } else {
      endpoint = { kind: 'postgres', url: database.databaseUrl };
    }
  }, 120_000);
  afterAll(async () => {
    await embedded?.stop();
    await database.drop();
  });

  /**
   * A client of its own: the embedded database's socket takes one connection at a time and lets the
   * restore's go a moment after it closed, so a refusal right then is tried again.
   */
  async function connected(): Promise<pg.Client> {
    for (let attempt = 0; ; attempt++) {
      const client = new pg.Client(endpoint.kind === 'postgres' ? { connectionString: endpoint.url } : { host: endpoint.host, port: endpoint.port, user: 'postgres', database: 'postgres' });
      try {
        await client.connect();
        return client;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async function tables(): Promise<string[]> {
    const client = await connected();
    try {
      return (await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((row) => row.tablename);
    } finally {
      await client.end();
    }
  }

  it('leaves the database without a table: the migrations it ran are rolled back with the rows', async () => {
    const file = join(folder, 'swapped.backup.gz');
    await copyFile(good, file);
    const checked = await checkBackup(file, { pseudonymKey: key });
    // Between the check and the load the file is replaced: found at the load, after the migrations.
    await copyFile(await rewritten('other.backup.gz', ([header, ...rest]) => [header.replace(/"createdAt":"[^"]+"/, '"createdAt":"2000-01-01T00:00:00.000Z"'), ...rest]), file);
    await expect(restoreBackup(endpoint, checked, { pseudonymKey: key })).rejects.toThrow(/changed while it was being restored/);
    expect(await tables()).toEqual([]);

    // The same database takes the backup whole afterwards (the embedded one started again: its
    // socket takes one connection at a time, and the check's has only just closed).
    if (embedded !== undefined) {
      await embedded.stop();
      embedded = await startEmbeddedPostgres(database.dataDir);
      endpoint = { kind: 'embedded', host: embedded.host, port: embedded.port };
    }
    const restored = await restoreBackup(endpoint, await checkBackup(good, { pseudonymKey: key }), { pseudonymKey: key });
    expect(restored).toMatchObject({ dataVersion: 1, upgradedBy: [] });
    expect(await tables()).toContain('measurements');
  }, 180_000);
});
