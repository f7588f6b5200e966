/**
 * Upgrades, on the database of the run (embedded PGlite, or DATABASE_URL's server):
 *
 * - A database made by the previous schema, with data (test-fixtures/upgrade/previous-schema.backup.gz:
 *   main at ae24917, its own `outcomes ingest` of two files; make-fixture.sh beside it made it), is
 *   loaded as it was (its own migrations only), then migrated by today's server at its start; it
 *   must give the same reports, cohorts, adjusted comparison and export, for the same data
 *   version, as today's code given the same two files on a new database.
 * - A database whose migrations list one this code does not have (a newer Threshold ran on it) is
 *   refused by the server at start and by the command line, with a message saying so; nothing
 *   is migrated or stored.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { checkBackup, restoreBackup } from '../backups/restore.js';
import { answerDifferences, sendFile, storedAnswers } from '../backups/testing/stored-answers.js';
import { checkOutcomesBuilt, runOutcomes, STACK_TRACE } from '../cli/testing/outcomes-process.js';
import { DEMO_DATA, REPOSITORY_ROOT } from '../testing/repository-paths.js';
import { startServerProcess } from '../testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import type { DatabaseEndpoint } from './database-options.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { knownMigrationNames } from './schema-guard.js';

const FIXTURE = `${REPOSITORY_ROOT}apps/api/test-fixtures/upgrade/previous-schema.backup.gz`;
/** make-fixture.sh's key: the fixture's stored keys are keyed hashes under it. */
const FIXTURE_KEY = 'upgrade-fixture-pseudonym-key-0001';
const FUTURE = 'FromTheFuture1899999999999';

/** Runs `work` with a client on the database, starting the embedded one for it when that is the run's. */
async function withDatabase<T>(database: TestDatabase, work: (endpoint: DatabaseEndpoint, client: () => Promise<pg.Client>) => Promise<T>): Promise<T> {
  const embedded = database.databaseUrl === undefined ? await startEmbeddedPostgres(database.dataDir) : undefined;
  const endpoint: DatabaseEndpoint = embedded === undefined ? { kind: 'postgres', url: database.databaseUrl } : { kind: 'embedded', host: embedded.host, port: embedded.port };
  // The embedded database's socket takes one connection at a time, and lets one go a moment after
  // it closed: a connection refused right after another (the restore's) is tried again.
  const client = async () => {
    for (let attempt = 0; ; attempt++) {
      const connection = new pg.Client(endpoint.kind === 'postgres' ? { connectionString: endpoint.url } : { host: endpoint.host, port: endpoint.port, user: 'postgres', database: 'postgres' });
      try {
        await connection.connect();
        await connection.query('SELECT 1');
        return connection;
      } catch (error) {
        await connection.end().catch(() => undefined);
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  try {
    return await work(endpoint, client);
  } finally {
    await embedded?.stop();
  }
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  return (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((row) => row.name);
}

beforeAll(() => checkOutcomesBuilt());

describe('a database of the previous schema', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('is migrated at the server’s start and gives the same answers as the same files stored by today’s code', async () => {
    const old = await createTestDatabase();
    databases.push(old);
    const options = { pseudonymKey: FIXTURE_KEY, migrateToCurrent: false };
    const previous = await withDatabase(old, async (endpoint, client) => {
      await restoreBackup(endpoint, await checkBackup(FIXTURE, options), options);
      const connection = await client();
      try {
        return await appliedMigrations(connection);
      } finally {
        await connection.end();
      }
    });
    // The schema of ae24917: it lacks today's ReadingCorrections and SpreadsheetMappings (which sort
    // before its newest migration) and every migration added since.
    expect(previous).toEqual([
      'InitialSchema1764000000000',
      'UsersTokensClaims1764100000000',
      'ClientsWithoutForeignKeys1764200000000',
      'DisplayNames1764300000000',
      'FollowupPhase1764310000000',
      'ClientsRights1764500000000',
      'ClaimsLifeAndCards1796630000000',
    ]);
    const known = knownMigrationNames();

    const upgraded = await startServerProcess(old, { THRESHOLD_PSEUDONYM_KEY: FIXTURE_KEY, THRESHOLD_REPORT_CRON: '0 0 1 1 *' });
    let answers: Awaited<ReturnType<typeof storedAnswers>>;
    try {
      answers = await storedAnswers(upgraded);
      expect(answers.dataVersion).toBe('2');
    } finally {
      await upgraded.stop();
    }
    await withDatabase(old, async (_endpoint, client) => {
      const connection = await client();
      try {
        expect([...(await appliedMigrations(connection))].sort()).toEqual([...known].sort());
        // The migration's new column is filled for the old batches.
        const { rows } = await connection.query<{ kind: string }>('SELECT DISTINCT kind FROM ingest_batches');
        expect(rows).toEqual([{ kind: 'ingest' }]);
      } finally {
        await connection.end();
      }
    });

    const fresh = await createTestDatabase();
    databases.push(fresh);
    const today = await startServerProcess(fresh, { THRESHOLD_PSEUDONYM_KEY: FIXTURE_KEY, THRESHOLD_REPORT_CRON: '0 0 1 1 *' });
    try {
      await sendFile(today, await readFile(`${DEMO_DATA}trial.csv`), 'trial.csv');
      const practice = (await readFile(`${DEMO_DATA}practice.csv`, 'utf8')).split('\n').slice(0, 4000).join('\n') + '\n';
      await sendFile(today, practice, 'practice-4000.csv');
      expect(answerDifferences(await storedAnswers(today), answers!)).toEqual([]);
    } finally {
      await today.stop();
    }
  }, 600_000);
});

describe('a database of a newer schema than the code knows', () => {
  let database: TestDatabase;
  let folder: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    folder = await mkdtemp(join(tmpdir(), 'threshold-newer-'));
    const server = await startServerProcess(database);
    await server.stop();
    await withDatabase(database, async (_endpoint, client) => {
      const connection = await client();
      try {
        await connection.query(`INSERT INTO migrations (timestamp, name) VALUES (1899999999999, $1)`, [FUTURE]);
      } finally {
        await connection.end();
      }
    });
  }, 180_000);
  afterAll(async () => {
    await database.drop();
    await rm(folder, { recursive: true, force: true });
  });

  const saysWhy = new RegExp(`the database's schema is newer than this version of Threshold knows: it has the migration ${FUTURE}, which this version does not have`);

  it('is refused by the server at its start, saying why', async () => {
    const failure = await startServerProcess(database).then(
      async (server) => {
        await server.stop();
        return 'it started';
      },
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/the server exited/);
    expect(failure).toMatch(saysWhy);
  }, 120_000);

  it('is refused by the command line, saying why, and nothing is stored or written', async () => {
    const env = { DATABASE_URL: database.databaseUrl ?? '', THRESHOLD_DATA_DIR: database.dataDir };
    const file = join(folder, 'one.csv');
    await writeFile(file, 'client_id,technique,session,phase,measure,unit,value\nz1,massage,1,pre,ppt,kPa,300\n');
    const ingest = await runOutcomes(['ingest', file], { env, timeoutMs: 120_000 });
    expect(ingest.status).toBe(2);
    expect(ingest.stderr).toMatch(saysWhy);
    expect(ingest.stderr).not.toMatch(STACK_TRACE);

    const backup = await runOutcomes(['backup', join(folder, 'newer.backup.gz')], { env, timeoutMs: 120_000 });
    expect(backup.status).toBe(2);
    expect(backup.stderr).toMatch(saysWhy);
    expect(backup.stderr).not.toMatch(STACK_TRACE);

    await withDatabase(database, async (_endpoint, client) => {
      const connection = await client();
      try {
        expect((await connection.query('SELECT count(*)::int AS n FROM measurements')).rows).toEqual([{ n: 0 }]);
      } finally {
        await connection.end();
      }
    });
  }, 240_000);
});
