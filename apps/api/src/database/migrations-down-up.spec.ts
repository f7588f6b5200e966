/**
 * Every migration can be undone and done again, on the database of the run (embedded PGlite, or
 * DATABASE_URL's server), with data in it: from today's schema, each migration's down step is run,
 * newest first, down to an empty database, recording the schema after each; then the up steps
 * run again one by one, and after each the schema must be the one recorded at that step on the
 * way down. The schema is read from the catalog: every column with its type, nullability and
 * default, every constraint and index with its definition.
 */
import { DataSource, MigrationExecutor, type Migration } from 'typeorm';
import { dataSourceOptions, type DatabaseEndpoint } from './database-options.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { createApp } from '../app.factory.js';
import { loadConfig } from '../config/configuration.js';
import { TEST_ADMIN_TOKEN } from '../testing/test-app.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { MIGRATIONS } from './migrations/index.js';

async function schema(dataSource: DataSource): Promise<string[]> {
  const rows: { line: string }[] = await dataSource.query(`
    SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' || c.data_type || ' ' || c.is_nullable || ' ' || coalesce(c.column_default, '') AS line
      FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name <> 'migrations'
    UNION ALL
    SELECT 'constraint ' || t.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
      FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND t.relname <> 'migrations'
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'migrations'
     ORDER BY 1`);
  return rows.map((row) => row.line);
}

/** TypeORM's runner of migrations, knowing only some of them. */
class MigrationsUpTo extends MigrationExecutor {
  constructor(
    dataSource: DataSource,
    private readonly names: ReadonlySet<string>,
  ) {
    super(dataSource);
  }

  protected override getMigrations(): Migration[] {
    return super.getMigrations().filter((migration) => this.names.has(migration.name));
  }
}

describe('the migrations, down then up', () => {
  let database: TestDatabase;
  let embedded: EmbeddedPostgres | undefined;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Today's schema with data, made by the application itself (its start runs the migrations).
    const app = await createApp(
      { ...loadConfig({}, []), databaseUrl: database.databaseUrl, dataDir: database.dataDir, adminToken: TEST_ADMIN_TOKEN, pseudonymKey: 'test-pseudonym-key-0123456789', port: 0, inbox: undefined, demo: false, demoOnNewEmbedded: false, runJobs: false },
      { logger: false, abortOnError: false },
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const body = ['client_id,clinic_id,therapist_id,technique,session,phase,measure,unit,value', 'a1,k1,t1,massage,1,pre,ppt,kPa,300', 'a1,k1,t1,massage,1,post,ppt,kPa,320', 'a2,k1,t1,massage,2,pre,ppt,kPa,250', ''].join('\n');
    const stored = await fetch(`http://127.0.0.1:${port}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body });
    expect(stored.status).toBe(201);
    await app.close();

    let endpoint: DatabaseEndpoint;
    if (database.databaseUrl === undefined) {
      embedded = await startEmbeddedPostgres(database.dataDir);
      endpoint = { kind: 'embedded', host: embedded.host, port: embedded.port };
    } else {
      endpoint = { kind: 'postgres', url: database.databaseUrl };
    }
    dataSource = new DataSource({ ...dataSourceOptions(endpoint), migrationsRun: false, logging: ['error'] });
    await dataSource.initialize();
  }, 180_000);

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    await database.drop();
  });

  it('each undone, newest first, and each done again gives the schema it had at that step', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
    const schemas: string[][] = [await schema(dataSource)];
    for (let step = 0; step < MIGRATIONS.length; step++) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      schemas.unshift(await schema(dataSource));
    }
    // All undone: nothing of Threshold's schema is left.
    expect(schemas[0]).toEqual([]);
    const names = MIGRATIONS.map((migration) => new migration().name);
    for (let applied = 1; applied <= MIGRATIONS.length; applied++) {
      // One at a time: a runner that knows only the migrations up to this one runs it.
      const upTo = new MigrationsUpTo(dataSource, new Set(names.slice(0, applied)));
      upTo.transaction = 'each';
      expect((await upTo.executePendingMigrations()).map((migration) => migration.name)).toEqual([names[applied - 1]]);
      expect(await schema(dataSource)).toEqual(schemas[applied]);
    }
  }, 300_000);
});
