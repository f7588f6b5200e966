/**
 * A process killed in the middle of a large ingest leaves no partial batch: the built server runs
 * as a child process on a fresh database, is killed with SIGKILL (no shutdown hook runs) while a
 * file is being read, and, on the real PostgreSQL, also while the batch is being stored (both ways); then a new
 * server on the same database must show no stored row of that batch, and the batch as failed.
 * An upload whose sender goes away is failed by the running server at once.
 */
import pg from 'pg';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { startServerProcess } from '../testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { recomputedCellsEqualKept } from '../report-cells/testing/recomputed-cells.js';
import type { BatchView } from './batches/batch-view.js';
import { waitFor } from '../testing/wait-for.js';

const HEADER = 'client_id,technique,session,phase,measure,unit,value\n';

/** Four sessions of each client; with `sessionsDescending`, out of session order (such a file is staged). */
function rows(from: number, count: number, sessionsDescending = false): string {
  const sessions = sessionsDescending ? [4, 3, 2, 1] : [1, 2, 3, 4];
  let text = '';
  for (let client = from; client < from + count; client++) {
    for (const session of sessions) text += `k${client},massage,${session},pre,ppt,kPa,${200 + ((client * 7 + session) % 90)}\n`;
  }
  return text;
}

/**
 * Counts stored rows and staging tables, with the server stopped (an embedded database has one
 * user), and checks that the kept report cells are those of the stored readings.
 */
async function inspect(database: TestDatabase): Promise<{ measurements: number; stagingTables: number }> {
  const embedded = database.databaseUrl === undefined ? await startEmbeddedPostgres(database.dataDir) : undefined;
  const client = new pg.Client(
    embedded === undefined
      ? { connectionString: database.databaseUrl }
      : { host: embedded.host, port: embedded.port, user: 'postgres', database: 'postgres' },
  );
  await client.connect();
  try {
    const { rows: [row] } = await client.query(
      `SELECT (SELECT count(*) FROM measurements)::int AS measurements,
              (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ingest_staging_%')::int AS "stagingTables"`,
    );
    const cells = await recomputedCellsEqualKept(async (sql) => (await client.query(sql)).rows);
    expect(cells.differences).toEqual([]);
    // Each stored reading here is one session's only one: its cell, with no site.
    expect(cells.keptCells).toBe(row.measurements);
    return row;
  } finally {
    await client.end();
    await embedded?.stop();
  }
}


describe('an ingest killed midway', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('while the file is being read stores nothing, and the batch is failed after a restart', async () => {
    const server = await startServerProcess(database);
    // An upload that sends 40,000 rows and then never ends, as a client stalled on a slow line.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(HEADER + rows(0, 10_000)));
      },
    });
    const upload = server
      .api('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'text/csv' }, duplex: 'half' } as RequestInit)
      .catch(() => undefined);
    const loading = await waitFor('rows to be staged', async () => {
      const { batches } = (await (await server.api('/api/ingest/batches')).json()) as { batches: BatchView[] };
      return batches.find((batch) => batch.status === 'loading' && batch.rowsRead >= 10_000);
    });
    await server.kill();
    await upload;

    const restarted = await startServerProcess(database, { THRESHOLD_INGEST_STALE_SECONDS: '0' });
    const batch = (await (await restarted.api(`/api/ingest/batches/${loading.id}`)).json()) as BatchView;
    expect(batch.status).toBe('failed');
    expect(batch.message).toMatch(/interrupted/);
    await restarted.stop();
    expect(await inspect(database)).toEqual({ measurements: 0, stagingTables: 0 });
  }, 180_000);

  it('when its sender goes away midway stores nothing, fails the batch at once, and the server goes on', async () => {
    const server = await startServerProcess(database);
    try {
      const sender = new AbortController();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(HEADER + rows(0, 10_000)));
        },
      });
      const upload = server
        .api('/api/ingest', { method: 'POST', body, signal: sender.signal, headers: { 'content-type': 'text/csv' }, duplex: 'half' } as RequestInit)
        .catch(() => undefined);
      const loading = await waitFor('rows to be staged', async () => {
        const { batches } = (await (await server.api('/api/ingest/batches')).json()) as { batches: BatchView[] };
        return batches.find((batch) => batch.status === 'loading' && batch.rowsRead >= 10_000);
      });
      sender.abort();
      await upload;
      const failed = await waitFor('the batch to fail', async () => {
        const batch = (await (await server.api(`/api/ingest/batches/${loading.id}`)).json()) as BatchView;
        return batch.status === 'loading' ? undefined : batch;
      });
      expect(failed).toMatchObject({ status: 'failed', inserted: 0, message: expect.stringMatching(/could not be read to its end/) });

      const next = await server.api('/api/ingest', { method: 'POST', body: HEADER + rows(50_000, 10), headers: { 'content-type': 'text/csv' } });
      expect(next.status).toBe(201);
    } finally {
      await server.stop();
    }
    expect(await inspect(database)).toEqual({ measurements: 40, stagingTables: 0 });
  }, 180_000);

  // Only a server can be watched from outside while it stores (the embedded database has one user),
  // so these cases belong to the database suite (npm run test:db, with DATABASE_URL). A file in
  // session order is stored while it is read (COPY into the tables, see store/streaming-store.ts); one
  // out of order is staged, then stored by INSERT ... SELECT: each is killed in its store step.
  const onServer = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';
  const killedWhileStoring = async (body: string, storeStatement: string, storedBefore = 0): Promise<void> => {
    const server = await startServerProcess(database);
    if (storedBefore > 0) {
      const before = await server.api('/api/ingest', { method: 'POST', body: HEADER + rows(900_000, storedBefore / 4), headers: { 'content-type': 'text/csv' } });
      expect(before.status).toBe(201);
    }
    const watcher = new pg.Client({ connectionString: database.databaseUrl });
    await watcher.connect();
    try {
      const upload = server.api('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'text/csv' } }).catch(() => undefined);
      await waitFor('the store step', async () => {
        const { rows: active } = await watcher.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE $1`,
          [`${storeStatement}%`],
        );
        return active.length > 0 ? true : undefined;
      });
      await server.kill();
      await upload;
    } finally {
      await watcher.end();
    }
    const restarted = await startServerProcess(database, { THRESHOLD_INGEST_STALE_SECONDS: '0' });
    const { batches } = (await (await restarted.api('/api/ingest/batches')).json()) as { batches: BatchView[] };
    expect(batches.map((batch) => batch.status)).toEqual(storedBefore > 0 ? ['failed', 'stored'] : ['failed']);
    await restarted.stop();
    expect(await inspect(database)).toEqual({ measurements: storedBefore, stagingTables: 0 });
  };

  if (onServer) {
    it('while a file in session order is stored as it is read stores nothing', () => killedWhileStoring(HEADER + rows(0, 100_000), 'COPY measurements'), 180_000);
    it('while a staged file is being stored stores nothing', () => killedWhileStoring(HEADER + rows(0, 100_000, true), 'INSERT INTO sessions'), 180_000);
    // The report cells are written last, in the same transaction: killed then, the readings go too,
    // and the cells of the file stored before stay those of its readings.
    it('while the report cells of a file read in order are written stores nothing of it', () =>
      killedWhileStoring(HEADER + rows(0, 100_000), 'COPY report_cells', 400), 180_000);
    it('while the report cells of a staged file are written stores nothing of it', () =>
      killedWhileStoring(HEADER + rows(0, 100_000, true), 'INSERT INTO report_cells', 400), 180_000);
    // The clients' courses likewise (report-cells/kept-courses.sql.ts): the kept courses are checked with the cells.
    it('while the client courses of a file read in order are written stores nothing of it', () =>
      killedWhileStoring(HEADER + rows(0, 100_000), 'COPY client_courses', 400), 180_000);
    it('while the client courses of a staged file are written stores nothing of it', () =>
      // The insert is the first step of a statement that counts what it inserts (kept-measure-clients.sql.ts).
      killedWhileStoring(HEADER + rows(0, 100_000, true), 'WITH inserted AS (%INSERT INTO client_courses', 400), 180_000);
  }
});
