/**
 * PostgreSQL's part of an ingest, alone: the rows an HTTP ingest stored, `\copy`'d by `psql`
 * straight into the keyed tables of a new database with the same schema, in one transaction. No
 * API, no reading or validating the file, no keyed hashes: only what writing these rows into
 * these tables (their heaps, primary keys and indexes, and the WAL of all that) costs PostgreSQL.
 * No ingest that stores the same rows in the same tables can take less, so it tells whether a
 * goal against the bare `\copy` is within reach of any API, or bound by the schema.
 *
 * The rows are exported from the ingest's database with `\copy TABLE to` (untimed); the schema is
 * that database's own (`pg_dump --schema-only`, as the API's migrations made it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createScratchDatabase, psqlOrThrow, type ScratchDatabase } from './postgres.js';
import { runOrThrow } from './run-process.js';

/**
 * The tables an ingest writes, parents before the tables that refer to them: with the report cells
 * and their clients' courses (issue 22), which every ingest writes in its transaction beside the
 * readings.
 */
const KEYED_TABLES = ['clinics', 'therapists', 'clients', 'sessions', 'measurements', 'report_cells', 'client_courses'] as const;

export interface KeyedCopy {
  seconds: number;
}

/**
 * Copies the keyed tables' rows of `stored` (an ingest's database, still open) into a new scratch
 * database of the same schema, timed by the wall clock of the one `psql` that copies them all in
 * one transaction; the new database and the exported files are removed at the end.
 */
export async function copyIntoKeyedTables(
  serverUrl: string,
  stored: ScratchDatabase,
  workDir: string,
  track: (release: () => Promise<void>) => void,
): Promise<KeyedCopy> {
  const dir = await mkdtemp(join(workDir, 'keyed-copy-'));
  const database = await createScratchDatabase(serverUrl, 'keyed');
  track(() => database.drop());
  try {
    const schema = join(dir, 'schema.sql');
    await runOrThrow('pg_dump', [stored.url, '--schema-only', '--no-owner', '--file', schema]);
    await runOrThrow('psql', [database.url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--file', schema]);
    const file = (table: string) => join(dir, `${table}.copy`);
    for (const table of KEYED_TABLES) await psqlOrThrow(stored.url, `\\copy ${table} to '${file(table)}'`);

    const copies = KEYED_TABLES.flatMap((table) => ['-c', `\\copy ${table} from '${file(table)}'`]);
    const copied = await runOrThrow('psql', [
      database.url,
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '--single-transaction',
      ...copies,
    ]);
    return { seconds: copied.wallSeconds };
  } finally {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
