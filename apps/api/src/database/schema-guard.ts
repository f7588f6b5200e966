/**
 * A Threshold must not run on a database whose schema a newer Threshold made: its code would read
 * and write tables as they were, beside columns and rules it does not know (and a newer migration's
 * down step is not in this code to undo it). Every start checks the migrations the database lists
 * against the ones this code has, before the missing ones run, and refuses with a message saying so.
 */
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';

export class SchemaNewerThanCodeError extends Error {
  constructor(readonly unknownMigrations: readonly string[]) {
    super(
      `the database's schema is newer than this version of Threshold knows: it has the migration${unknownMigrations.length === 1 ? '' : 's'} ` +
        `${unknownMigrations.join(', ')}, which this version does not have (a newer Threshold has run on it). ` +
        'Run that newer version, or restore a backup made by this version into an empty database (docs/operations.md)',
    );
    this.name = 'SchemaNewerThanCodeError';
  }
}

/** The names of the migrations this code has, as TypeORM records them (each one's `name`). */
export function knownMigrationNames(): string[] {
  return MIGRATIONS.map((migration) => new migration().name ?? migration.name);
}

/** The applied migrations this code does not have (none on a new database). */
export function unknownMigrations(applied: readonly string[]): string[] {
  const known = new Set(knownMigrationNames());
  return applied.filter((name) => !known.has(name));
}

/** The migrations the database lists, in the order they ran (none on a new database). */
export async function appliedMigrationNames(dataSource: DataSource): Promise<string[]> {
  const [{ present }]: { present: boolean }[] = await dataSource.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS present`);
  if (!present) return [];
  return ((await dataSource.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((row) => row.name);
}

/**
 * Initializes the data source, refuses a schema newer than this code (SchemaNewerThanCodeError),
 * then runs the migrations it lacks, each in its own transaction: TypeORM's migrationsRun, with the
 * check first. On the data source's own connection: the embedded database's socket takes one at a
 * time, and a second opened right after the first closed could be turned away.
 */
export async function initializeCheckingSchema(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  await dataSource.initialize();
  try {
    const unknown = unknownMigrations(await appliedMigrationNames(dataSource));
    if (unknown.length > 0) throw new SchemaNewerThanCodeError(unknown);
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
