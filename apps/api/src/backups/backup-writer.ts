/**
 * Writes a backup (backup-format.ts) of the database behind `sql`: every table read in one
 * REPEATABLE READ, READ ONLY transaction, so the file is one consistent moment of the data however
 * long it takes and whatever is stored meanwhile (an ingest that commits during the backup is not
 * in it; one that had committed before is whole). On the embedded database that transaction holds
 * its single connection: other requests wait until the backup ends.
 *
 * The file is written beside its destination under a temporary name, flushed to the disk, then
 * renamed: a file with the destination's name is always a whole backup.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DATA_VERSION_SQL } from '../cohorts/data-version.repository.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupEnd, type BackupHeader, type TableEnd, type TableStart } from './backup-format.js';
import { tableColumns, tablesInLoadOrder } from './backup-schema.js';
import { quoteIdentifier, type Sql } from './sql.js';

/** Rows fetched from the cursor at a time. */
const FETCH_ROWS = 2000;

export interface BackupProgress {
  /** The table being read (null before the first and after the last). */
  table: string | null;
  tablesDone: number;
  tablesTotal: number;
  rows: number;
}

export interface BackupOptions {
  /** Which database, for the header ("embedded PGlite", "PostgreSQL server"). */
  source: string;
  /** The pseudonym key in use, for the header's check mark; null when it is not at hand. */
  pseudonymKeyCheck: string | null;
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: number;
  rows: number;
  dataVersion: number;
  migrations: string[];
}

export async function writeBackupFile(sql: Sql, file: string, options: BackupOptions): Promise<BackupSummary> {
  const partial = join(dirname(file), `.${basename(file)}.partial`);
  const totals = { tables: 0, rows: 0, dataVersion: 0, migrations: [] as string[] };
  try {
    await pipeline(
      Readable.from(backupLines(sql, options, totals)),
      createGzip(),
      createWriteStream(partial, { mode: 0o600, flags: 'wx' }),
    );
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, file);
    await syncDirectory(dirname(file));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { file, bytes: (await stat(file)).size, ...totals };
}

/** The rename itself reaches the disk only when the folder is flushed too. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is flushed already.
  } finally {
    await handle.close();
  }
}

async function* backupLines(
  sql: Sql,
  options: BackupOptions,
  totals: { tables: number; rows: number; dataVersion: number; migrations: string[] },
): AsyncGenerator<string> {
  const digest = createHash('sha256');
  const line = (value: unknown): string => {
    const text = `${JSON.stringify(value)}\n`;
    digest.update(text);
    return text;
  };
  await sql.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let finished = false;
  try {
    // Text forms that read back the same on any server: UTC with its offset, ISO dates, exact floats.
    await sql.query(`SET LOCAL TimeZone = 'UTC'`);
    await sql.query(`SET LOCAL DateStyle = 'ISO, YMD'`);
    await sql.query(`SET LOCAL IntervalStyle = 'postgres'`);
    await sql.query(`SET LOCAL extra_float_digits = 1`);
    const migrations = await appliedMigrations(sql);
    const [{ version }] = await sql.query<{ version: number }>(`SELECT ${DATA_VERSION_SQL} AS version`);
    const tables = await tablesInLoadOrder(sql);
    totals.dataVersion = version;
    totals.migrations = migrations;
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      source: options.source,
      migrations,
      dataVersion: version,
      pseudonymKeyCheck: options.pseudonymKeyCheck ?? '',
    };
    yield line(header);
    for (const [index, table] of tables.entries()) {
      options.onProgress?.({ table, tablesDone: index, tablesTotal: tables.length, rows: totals.rows });
      const columns = await tableColumns(sql, table);
      yield line({ table, columns } satisfies TableStart);
      const values = columns.map((column) => `${quoteIdentifier(column.name)}::text`).join(', ');
      await sql.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT ARRAY[${values}] AS r FROM ${quoteIdentifier(table)}`);
      let rows = 0;
      for (;;) {
        const fetched = await sql.query<{ r: (string | null)[] }>(`FETCH ${FETCH_ROWS} FROM backup_rows`);
        if (fetched.length === 0) break;
        let text = '';
        for (const { r } of fetched) text += `${JSON.stringify(r)}\n`;
        digest.update(text);
        rows += fetched.length;
        totals.rows += fetched.length;
        options.onProgress?.({ table, tablesDone: index, tablesTotal: tables.length, rows: totals.rows });
        yield text;
      }
      await sql.query('CLOSE backup_rows');
      yield line({ end: table, rows } satisfies TableEnd);
      totals.tables++;
    }
    await sql.query('COMMIT');
    finished = true;
    options.onProgress?.({ table: null, tablesDone: tables.length, tablesTotal: tables.length, rows: totals.rows });
    const end: BackupEnd = { end: 'backup', tables: totals.tables, rows: totals.rows, sha256: digest.digest('hex') };
    yield `${JSON.stringify(end)}\n`;
  } finally {
    // Stopped midway (an error, or the file could not be written): the transaction ends here.
    if (!finished) await sql.query('ROLLBACK').catch(() => undefined);
  }
}

/** The migrations applied, in the order they ran; a database never migrated has nothing to back up. */
export async function appliedMigrations(sql: Sql): Promise<string[]> {
  const [{ present }] = await sql.query<{ present: boolean }>(`SELECT to_regclass('public.migrations') IS NOT NULL AS present`);
  if (!present) throw new Error('the database has no Threshold schema (no migrations table): there is nothing to back up');
  return (await sql.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).map((row) => row.name);
}
