/**
 * A loading batch is alive for as long as its process works on it, whatever it is doing: an audit
 * found a batch waiting for the store lock behind a slow upload taken for dead after
 * THRESHOLD_INGEST_STALE_SECONDS, its staging tables dropped, and its sender answered 500.
 */
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { BatchHeartbeat } from './batch-heartbeat.js';
import { IngestRepository } from '../ingest.repository.js';
import { IngestService } from '../ingest.service.js';

const onServer = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';

/** A file of `clients` clients with one PPT reading in each of two sessions. */
function csvFile(prefix: string, clients: number): string {
  const lines = ['client_id,technique,session,phase,measure,value,unit'];
  for (let c = 0; c < clients; c++) {
    for (const session of [1, 2]) lines.push(`${prefix}${c},massage,${session},pre,ppt,${250 + c + session},kPa`);
  }
  return `${lines.join('\n')}\n`;
}

describe('the heartbeat of a loading batch', () => {
  let t: TestApp;
  let repository: IngestRepository;
  let dataSource: DataSource;
  beforeAll(async () => {
    // Twice the heartbeat's interval (2 s): room for a loaded machine's late timers.
    t = await startTestApp({ ingestStaleSeconds: 4 });
    repository = t.app.get(IngestRepository);
    dataSource = t.app.get(DataSource);
  }, 60_000);
  afterAll(() => t.close());

  const batchRow = async (id: string) =>
    ((await dataSource.query(`SELECT status, heartbeat_at, bytes_read::int AS "bytesRead", rows_read AS "rowsRead" FROM ingest_batches WHERE id = $1`, [id])) as {
      status: string;
      heartbeat_at: Date | null;
      bytesRead: number;
      rowsRead: number;
    }[])[0]!;

  it('beats on a timer with the progress so far, and leaves an ended batch as it ended', async () => {
    const batch = await repository.createBatch({ source: 'cli', uploadId: null, filename: null, contentType: null, format: 'csv', bytesTotal: null, createdBy: 'test' });
    const progress = { bytesRead: 1234, bytesTotal: null, rowsRead: 56, phase: 'reading' as const };
    const heartbeat = BatchHeartbeat.start(repository, batch.id, progress, 50);
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const beaten = await batchRow(batch.id);
      expect(beaten.heartbeat_at).not.toBeNull();
      expect(beaten).toMatchObject({ status: 'loading', bytesRead: 1234, rowsRead: 56 });

      await repository.finishUnstored(batch.id, 'refused', { bytesRead: 10, rowsRead: 1, errorCount: 1, errors: [], checksum: null, message: 'refused' });
      progress.bytesRead = 99_999;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await batchRow(batch.id)).toMatchObject({ status: 'refused', bytesRead: 10, rowsRead: 1 });
    } finally {
      await heartbeat.stop();
    }
  });

  if (onServer) {
    it('keeps a batch waiting for the store lock alive past the stale time; it is stored once the lock is free', async () => {
      // Another batch's store transaction, as a slow upload stored while it is read holds it.
      const holder = await repository.beginStoreTransaction();
      let answer: Promise<Response> | undefined;
      try {
        answer = t.api('/api/ingest?filename=waiting.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csvFile('w', 50) });
        // Read and staged, it now waits for the lock: let it wait well past the stale time.
        const deadline = Date.now() + 20_000;
        let waiting: { id: string; status: string } | undefined;
        while (waiting === undefined && Date.now() < deadline) {
          [waiting] = await dataSource.query(`SELECT id::text, status FROM ingest_batches WHERE filename = 'waiting.csv'`);
          if (waiting === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(waiting?.status).toBe('loading');
        await new Promise((resolve) => setTimeout(resolve, 6_000));
        await t.app.get(IngestService).failInterruptedBatches();
        expect(await batchRow(waiting!.id)).toMatchObject({ status: 'loading' });
      } finally {
        await holder.rollbackTransaction();
        await holder.release();
      }
      const response = await answer!;
      expect(response.status).toBe(201);
      expect(((await response.json()) as { batch: { status: string; inserted: number } }).batch).toMatchObject({ status: 'stored', inserted: 100 });
    }, 40_000);
  }
});
