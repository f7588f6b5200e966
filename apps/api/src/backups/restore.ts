/**
 * Restores a backup (backup-format.ts) into an empty database, all or nothing: the file is read and
 * checked whole first (a damaged or truncated one is refused before the database is touched); then,
 * in ONE transaction, the migrations the backup's header lists are run (the schema its rows were
 * read from), the rows are inserted table by table, parents first, and each identity sequence is
 * moved past the restored ids. Only then does it commit; any failure rolls all of it back, so the
 * database is left empty. Finally the migrations this code has beyond the backup's run, each in its
 * own transaction, as at a server's start: a backup made by an older Threshold is upgraded.
 */
import { DataSource, MigrationExecutor, type Migration, type QueryRunner } from 'typeorm';
import { dataSourceOptions, type DatabaseEndpoint } from '../database/database-options.js';
import { knownMigrationNames, unknownMigrations } from '../database/schema-guard.js';
import { DATA_VERSION_SQL } from '../cohorts/data-version.repository.js';
import { pseudonymKeyCheck, type BackupColumn, type BackupEnd, type BackupHeader } from './backup-format.js';
import { readBackup, verifyBackup, BackupFileError } from './backup-reader.js';
import { advanceSequences, publicTables, tableColumns, tablesInLoadOrder } from './backup-schema.js';
import { quoteIdentifier, sqlOfRunner, type Sql } from './sql.js';

/** A restore that must not go ahead, and why (the database is left as it was). */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(`${message}; nothing was restored`);
    this.name = 'RestoreRefusedError';
  }
}

export interface RestoreOptions {
  /** The pseudonym key of the deployment restored into; undefined when it has none yet. */
  pseudonymKey: string | undefined;
  /** Run this code's newer migrations after the load (true: what a restore is for; tests of upgrades pass false). */
  migrateToCurrent?: boolean;
  onWarning?: (message: string) => void;
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  dataVersion: number;
  /** The backup's migrations, then those run after it (this code's newer ones). */
  migrations: string[];
  upgradedBy: string[];
}

/** A backup file read whole and found usable here: checked before any database is opened. */
export interface CheckedBackup {
  file: string;
  header: BackupHeader;
  end: BackupEnd;
}

/** Reads the whole file and checks it can be restored here (BackupFileError, RestoreRefusedError). */
export async function checkBackup(file: string, options: RestoreOptions): Promise<CheckedBackup> {
  const { header, end } = await verifyBackup(file);
  checkMigrationsKnown(header);
  checkPseudonymKey(header, options);
  return { file, header, end };
}

export async function restoreBackup(endpoint: DatabaseEndpoint, backup: CheckedBackup, options: RestoreOptions): Promise<RestoreSummary> {
  const { file, header, end } = backup;

  // One data source, on one connection: the embedded database's socket takes one at a time.
  const dataSource = new DataSource({ ...dataSourceOptions(endpoint), migrationsRun: false, logging: ['error'] });
  await dataSource.initialize();
  let dataVersion: number;
  let upgradedBy: string[] = [];
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const sql = sqlOfRunner(runner);
      await checkEmpty(sql);
      // The backup's migrations only, inside our transaction (begun already: it starts none of its own).
      const migrations = new BackupMigrations(dataSource, runner, new Set(header.migrations));
      migrations.transaction = 'all';
      await migrations.executePendingMigrations();
      await sql.query(`SET LOCAL TimeZone = 'UTC'`);
      await sql.query(`SET LOCAL DateStyle = 'ISO, YMD'`);
      await sql.query(`SET LOCAL IntervalStyle = 'postgres'`);
      await load(sql, file, header);
      [{ dataVersion }] = await sql.query<{ dataVersion: number }>(`SELECT ${DATA_VERSION_SQL} AS "dataVersion"`);
      if (dataVersion !== header.dataVersion) {
        throw new RestoreRefusedError(`the restored rows give data version ${dataVersion}, the backup says ${header.dataVersion}`);
      }
      await runner.commitTransaction();
      // The planner's statistics of the restored rows, as an ingest leaves them (data-changes.ts):
      // without them the first reports would be planned blind, reading rows in another order.
      await sql.query('ANALYZE');
    } finally {
      await rollBackIfOpen(runner);
    }
    if (options.migrateToCurrent !== false) {
      upgradedBy = (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
    }
  } finally {
    await dataSource.destroy();
  }
  return { tables: end.tables, rows: end.rows, dataVersion, migrations: header.migrations, upgradedBy };
}

async function rollBackIfOpen(runner: QueryRunner): Promise<void> {
  try {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
  } finally {
    await runner.release();
  }
}

function checkMigrationsKnown(header: BackupHeader): void {
  const unknown = unknownMigrations(header.migrations);
  if (unknown.length > 0) {
    throw new RestoreRefusedError(
      `the backup was made by a newer version of Threshold: its schema has the migration${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}, which this version does not have; restore it with that version or a newer one`,
    );
  }
  const known = knownMigrationNames();
  if (header.migrations.length === 0 || header.migrations[0] !== known[0]) {
    throw new RestoreRefusedError(`the backup's schema does not start with this code's first migration (${known[0]})`);
  }
}

/**
 * The stored keys are keyed hashes of the clinics' ids: restored under another pseudonym key,
 * files sent later would store the same clients under new keys, as other people, and erasing a
 * client by their id would find nothing. So the key must be the backup's.
 */
function checkPseudonymKey(header: BackupHeader, options: RestoreOptions): void {
  if (header.pseudonymKeyCheck === '') {
    options.onWarning?.('the backup does not say which pseudonym key made its keys (it was taken where the key was not at hand): make sure THRESHOLD_PSEUDONYM_KEY (or the pseudonym-key file of the data folder) is the one the data were stored with');
    return;
  }
  const howToFix = 'copy the file pseudonym-key of the data folder the backup came from into THRESHOLD_DATA_DIR, or set THRESHOLD_PSEUDONYM_KEY to its value';
  if (options.pseudonymKey === undefined) {
    throw new RestoreRefusedError(`the backup's keys were made with a pseudonym key, and this deployment has none yet: ${howToFix}`);
  }
  if (pseudonymKeyCheck(options.pseudonymKey) !== header.pseudonymKeyCheck) {
    throw new RestoreRefusedError(`the backup's keys were made with another pseudonym key than this deployment's: ${howToFix}`);
  }
}

async function checkEmpty(sql: Sql): Promise<void> {
  const tables = await publicTables(sql);
  if (tables.length === 0) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, and ${tables.length - 5} more` : '');
  throw new RestoreRefusedError(
    `the database is not empty (it has the tables ${shown}): a backup is restored only into an empty database, a new one on the server (CREATE DATABASE) or a new THRESHOLD_DATA_DIR for the embedded one`,
  );
}

async function load(sql: Sql, file: string, header: BackupHeader): Promise<void> {
  const expected = new Map<string, BackupColumn[]>();
  for (const table of await tablesInLoadOrder(sql)) expected.set(table, await tableColumns(sql, table));
  let insert = '';
  for await (const part of readBackup(file)) {
    switch (part.kind) {
      case 'header':
        if (JSON.stringify(part.header) !== JSON.stringify(header)) throw new BackupFileError(file, 'it changed while it was being restored');
        break;
      case 'table': {
        const { table, columns } = part.start;
        const here = expected.get(table);
        if (here === undefined || JSON.stringify(here) !== JSON.stringify(columns)) {
          throw new RestoreRefusedError(
            `the backup's table ${table} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')}) is not the table its migrations make here (${here === undefined ? 'no such table' : here.map((c) => `${c.name} ${c.type}`).join(', ')})`,
          );
        }
        expected.delete(table);
        insert = insertStatement(table, columns);
        break;
      }
      case 'rows':
        await sql.query(insert, [`[${part.lines.join(',')}]`]);
        break;
      case 'tableEnd':
        await advanceSequences(sql, part.table);
        break;
      case 'end':
        break;
    }
  }
}

/** One INSERT for a run of rows: the rows as one JSON array, each value cast from its text to its column's type. */
function insertStatement(table: string, columns: BackupColumn[]): string {
  const names = columns.map((column) => quoteIdentifier(column.name)).join(', ');
  const values = columns.map((column, i) => `(r->>${i})::${column.type}`).join(', ');
  // OVERRIDING SYSTEM VALUE: the ids of GENERATED ALWAYS identity columns are the backup's.
  return `INSERT INTO ${quoteIdentifier(table)} (${names}) OVERRIDING SYSTEM VALUE SELECT ${values} FROM json_array_elements($1::json) AS r`;
}

/** TypeORM's migration runner, limited to the migrations a backup's header lists. */
class BackupMigrations extends MigrationExecutor {
  constructor(
    dataSource: DataSource,
    runner: QueryRunner,
    private readonly names: ReadonlySet<string>,
  ) {
    super(dataSource, runner);
  }

  protected override getMigrations(): Migration[] {
    return super.getMigrations().filter((migration) => this.names.has(migration.name));
  }
}
