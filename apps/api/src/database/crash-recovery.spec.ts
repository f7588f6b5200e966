/**
 * Crash safety of the database of the run, the embedded default above all (PGlite in the server's
 * own process): the built server runs as a child process, is killed with SIGKILL (no shutdown hook,
 * as at a power cut or the OOM killer) while a batch is in its store step (checked, then written in
 * one transaction) and while a report is being computed, and is started again on the same data.
 * Nothing may be lost or half-stored: the batches stored before are whole, the killed one is failed
 * with none of its readings, no staging table is left, the reports give what they gave before, and
 * the data directory is sound: every row of every table can be read (a backup reads them all), and
 * it stores new files. (ingest-crash.spec.ts kills a server while a file is being read.)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { verifyBackup } from '../backups/backup-reader.js';
import { answerDifferences, sendFile, storedAnswers } from '../backups/testing/stored-answers.js';
import type { BatchView } from '../ingest/batches/batch-view.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startServerProcess, type ServerProcess } from '../testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { waitFor } from '../testing/wait-for.js';

const HEADER = 'client_id,technique,session,phase,measure,unit,value\n';

/** Four sessions of each client, out of session order: such a file is staged, then stored in one step. */
function stagedRows(from: number, count: number): string {
  let text = '';
  for (let client = from; client < from + count; client++) {
    for (const session of [4, 3, 2, 1]) text += `s${client},massage,${session},pre,ppt,kPa,${200 + ((client * 7 + session) % 90)}\n`;
  }
  return text;
}


/** Readings per batch and staging tables, with the server stopped (an embedded database has one user). */
async function inspect(database: TestDatabase): Promise<{ readings: Record<string, number>; stagingTables: number }> {
  const embedded = database.databaseUrl === undefined ? await startEmbeddedPostgres(database.dataDir) : undefined;
  const client = new pg.Client(
    embedded === undefined
      ? { connectionString: database.databaseUrl }
      : { host: embedded.host, port: embedded.port, user: 'postgres', database: 'postgres' },
  );
  await client.connect();
  try {
    const { rows } = await client.query<{ batch: string; n: number }>(`SELECT batch_id AS batch, count(*)::int AS n FROM measurements GROUP BY 1 ORDER BY 1`);
    const { rows: [staging] } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'ingest_staging_%'`);
    return { readings: Object.fromEntries(rows.map((row) => [row.batch, row.n])), stagingTables: staging.n };
  } finally {
    await client.end();
    await embedded?.stop();
  }
}

/** Every row of every table read back, through the server (POST /api/backups reads them all in one snapshot). */
async function readEverything(server: ServerProcess): Promise<number> {
  const response = await server.api('/api/backups', { method: 'POST' });
  expect(response.status).toBe(200);
  const file = join(process.env.TMPDIR ?? '/tmp', `threshold-crash-${process.pid}-${Date.now()}.backup.gz`);
  const { writeFile, rm } = await import('node:fs/promises');
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  try {
    return (await verifyBackup(file)).end.rows;
  } finally {
    await rm(file, { force: true });
  }
}

describe('a server killed with SIGKILL', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('in the store step of a batch keeps the batches before it whole, and fails it with none of its readings', async () => {
    const server = await startServerProcess(database);
    let before: Awaited<ReturnType<typeof storedAnswers>>;
    try {
      expect(await sendFile(server, await readFile(`${DEMO_DATA}trial.csv`), 'trial.csv')).toMatchObject({ id: '1', status: 'stored', inserted: 1111 });
      before = await storedAnswers(server, ['/api/reports', '/api/export?format=csv']);
      // Batch 2: 40,000 clients in one staged file, sent whole; killed once its rows are all read
      // and it is being checked and written (its progress is kept in memory while it loads).
      const upload = server.api('/api/ingest', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: HEADER + stagedRows(0, 40_000) }).catch(() => undefined);
      await waitFor('the store step of batch 2', async () => {
        const response = await server.api('/api/ingest/batches/2');
        if (response.status !== 200) return undefined;
        const batch = (await response.json()) as BatchView;
        if (batch.status !== 'loading') throw new Error(`batch 2 ended before the kill: ${batch.status}`);
        return batch.progress?.phase === 'storing' ? batch : undefined;
      });
      await server.kill();
      await upload;
    } catch (error) {
      await server.stop();
      throw error;
    }

    const restarted = await startServerProcess(database, { THRESHOLD_INGEST_STALE_SECONDS: '0' });
    let againId: string;
    try {
      const killed = (await (await restarted.api('/api/ingest/batches/2')).json()) as BatchView;
      expect(killed).toMatchObject({ status: 'failed', inserted: 0, message: expect.stringMatching(/interrupted/) });
      expect(answerDifferences(await storedAnswers(restarted, ['/api/reports', '/api/export?format=csv']), before!)).toEqual([]);
      expect(await readEverything(restarted)).toBeGreaterThan(1111);
      // It stores again. (Its batch id may skip some: PostgreSQL logs sequences 32 values ahead,
      // and after a crash goes on from the logged value; ids are never used twice.)
      const again = await sendFile(restarted, HEADER + stagedRows(0, 1000), 'again.csv');
      expect(again).toMatchObject({ status: 'stored', inserted: 4000 });
      againId = again.id;
    } finally {
      await restarted.stop();
    }
    expect(await inspect(database)).toEqual({ readings: { 1: 1111, [againId!]: 4000 }, stagingTables: 0 });
  }, 600_000);

  it('while it computes a report answers the same reports after the restart', async () => {
    const server = await startServerProcess(database, { THRESHOLD_REPORT_CRON: '0 0 1 1 *' });
    let before: Awaited<ReturnType<typeof storedAnswers>>;
    let pending = true;
    try {
      await sendFile(server, await readFile(`${DEMO_DATA}practice.csv`), 'practice.csv');
      before = await storedAnswers(server, ['/api/reports?by=all', '/api/export?format=csv']);
      // A report not computed yet (its MCID is no other's): the server is killed while it works on it.
      const report = server.api('/api/reports?mcid=7.25').then(
        () => {
          pending = false;
        },
        () => undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pending).toBe(true);
      await server.kill();
      await report;
    } catch (error) {
      await server.stop();
      throw error;
    }

    const restarted = await startServerProcess(database);
    try {
      expect(answerDifferences(await storedAnswers(restarted, ['/api/reports?by=all', '/api/export?format=csv']), before!)).toEqual([]);
      expect((await restarted.api('/api/reports?mcid=7.25')).status).toBe(200);
      expect(await readEverything(restarted)).toBeGreaterThan(39_000);
    } finally {
      await restarted.stop();
    }
  }, 600_000);
});
