/**
 * An ingest whose database connection is cut (the server restarted, a proxy or an administrator
 * ended the backend) while the server itself is alive: the sender is answered 503 with Retry-After
 * (it is worth sending again, nothing was stored), and the batch is failed at once, not left
 * 'loading' until its heartbeat goes stale. Only a PostgreSQL server has backends to end from
 * outside (pg_terminate_backend), so the case runs in the database suite (DATABASE_URL); the
 * classification it rests on is checked on every database.
 */
import pg from 'pg';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { BatchView } from './batches/batch-view.js';
import { isConnectionLoss } from './batches/connection-loss.js';
import { LOCK_STORE } from './ingest.repository.js';
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


describe('an ingest whose database connection is cut', () => {
  it('tells a connection lost from any other database error', async () => {
    const t = await startTestApp();
    try {
      // A real error of the database that is not a lost connection: a 500, as before.
      const error = await t.app.get(DataSource).query('SELECT 1/0').catch((e: unknown) => e);
      expect(isConnectionLoss(error)).toBe(false);
      expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
      expect(isConnectionLoss(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    } finally {
      await t.close();
    }
  });

  const onServer = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';
  if (onServer) {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    }, 60_000);
    afterAll(() => t?.close());

    /**
     * Sends a file in two parts (at once when out of order); once `findBackend` names the ingest's
     * backend and rows were read, ends that backend, sends the rest, and checks the answer and the batch.
     */
    const cutWhileLoading = async (
      ordered: boolean,
      findBackend: (watcher: pg.Client) => Promise<number | undefined>,
      cutAll = false,
    ): Promise<void> => {
      const watcher = new pg.Client({ connectionString: t.database.databaseUrl });
      await watcher.connect();
      const encoder = new TextEncoder();
      let sendRest: () => void = () => undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(HEADER + rows(0, 10_000, !ordered)));
          let sent = false;
          sendRest = () => {
            if (sent) return;
            sent = true;
            controller.enqueue(encoder.encode(rows(10_000, 40_000, !ordered)));
            controller.close();
          };
        },
      });
      try {
        const answer = t.api('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'text/csv' }, duplex: 'half' } as RequestInit);
        // A file out of order is staged from its copy on disk, once all of it has arrived.
        if (!ordered) sendRest();
        const pid = await waitFor("the ingest's backend", () => findBackend(watcher));
        await waitFor('rows to be read', async () => {
          const { batches } = (await (await t.api('/api/ingest/batches')).json()) as { batches: BatchView[] };
          return batches[0]?.rowsRead > 0 ? true : undefined;
        });
        if (cutAll) {
          // Every connection of the API, its pool's idle ones too: the batch is marked on a new one.
          await watcher.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
        } else {
          await watcher.query('SELECT pg_terminate_backend($1)', [pid]);
        }
        sendRest();
        const response = await answer;
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(((await response.json()) as { message: string }).message).toMatch(/lost its database connection; nothing was stored/);

        // At once: the answer came after the batch was marked.
        const { batches } = (await (await t.api('/api/ingest/batches')).json()) as { batches: BatchView[] };
        expect(batches[0]).toMatchObject({ status: 'failed' });
        const { rows: [stored] } = await watcher.query('SELECT count(*)::int AS n FROM measurements');
        expect(stored).toEqual({ n: 0 });
      } finally {
        await watcher.end();
      }
    };

    /** The store transaction's backend (a file in order, its clients new: stored while read), which holds the store lock. */
    const storeLockHolder = async (watcher: pg.Client): Promise<number | undefined> => {
      const { rows: held } = await watcher.query(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = 0 AND objsubid = 2 AND granted`,
        [LOCK_STORE],
      );
      return (held[0] as { pid: number } | undefined)?.pid;
    };

    it('answers 503 with Retry-After, the batch failed at once, for a file stored while read', () =>
      cutWhileLoading(true, storeLockHolder), 120_000);

    it('answers 503 with Retry-After, the batch failed at once, when every connection of the API is cut', () =>
      cutWhileLoading(true, storeLockHolder, true), 120_000);

    it('answers 503 with Retry-After, the batch failed at once, for a staged file', () =>
      // Out of session order: staged, by one COPY into the batch's staging table.
      cutWhileLoading(false, async (watcher) => {
        const { rows: copying } = await watcher.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY ingest_staging%'`,
        );
        return (copying[0] as { pid: number } | undefined)?.pid;
      }), 120_000);
  }
});
