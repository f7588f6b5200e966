/**
 * After a batch is stored, the planner's statistics are refreshed (ANALYZE) when the readings grew
 * enough for a plan to change, and not after a small batch into large tables, where ANALYZE would
 * cost more than the batch. They are refreshed after the answer, and a report waits for them. On
 * both databases; ANALYZE's own record, pg_class.reltuples, tells.
 */
import pg from 'pg';
import { DataSource } from 'typeorm';
import { DataChanges } from '../database/data-changes.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

describe('planner statistics after an ingest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const ingest = async (prefix: string, clients: number): Promise<void> => {
    const lines = Array.from({ length: clients }, (_, i) => `${prefix}${i},massage,1,pre,ppt,kPa,${300 + (i % 40)}`);
    const response = await t.api('/api/ingest', {
      method: 'POST',
      body: ['client_id,technique,session,phase,measure,unit,value', ...lines].join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(response.status).toBe(201);
  };
  const analysedReadings = async (): Promise<number> => {
    await t.app.get(DataChanges).settled();
    const [row] = await t.app.get(DataSource).query(`SELECT reltuples AS tuples FROM pg_class WHERE oid = 'measurements'::regclass`);
    return Number(row.tuples);
  };

  it('are refreshed after a batch that grows the readings by more than 50 and 10 %, not after a smaller one', async () => {
    await ingest('first', 300);
    expect(await analysedReadings()).toBe(300);
    await ingest('small', 20); // 20 <= 50 + 10 % of 300
    expect(await analysedReadings()).toBe(300);
    await ingest('large', 400);
    expect(await analysedReadings()).toBe(720);
  });

  // A second connection holds ANALYZE back; the embedded database has only the one.
  if (process.env.DATABASE_URL) {
    it('are refreshed after the answer, and a report or a cohort question asked meanwhile waits for them', async () => {
      const holder = new pg.Client({ connectionString: t.database.databaseUrl! });
      await holder.connect();
      /**
       * Ingests 1,000 readings (more than 50 + 10 % of those stored, so ANALYZE follows) while
       * ANALYZE is held back, then asks `path`: answered only once ANALYZE may run.
       */
      const askedWhileAnalyzeWaits = async (prefix: string, path: string): Promise<{ answer: Promise<Response> }> => {
        // ANALYZE takes this lock; the ingest's own writes do not need it.
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE measurements IN SHARE UPDATE EXCLUSIVE MODE');
        await ingest(prefix, 1000); // answered although ANALYZE cannot run yet
        let answered = false;
        const answer = t.api(path).then((response) => {
          answered = true;
          return response;
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(answered).toBe(false);
        // In an object: an async function would otherwise wait for the answer it returns.
        return { answer };
      };
      try {
        const { answer: report } = await askedWhileAnalyzeWaits('later', '/api/reports?measure=ppt');
        expect(await holder.query('SELECT count(*)::int AS n FROM measurements')).toMatchObject({ rows: [{ n: 1720 }] });
        await holder.query('COMMIT');
        expect((await report).status).toBe(200);
        expect(await analysedReadings()).toBe(1720);
        // So do the cohort questions (the dashboard's filters and coverage), on the next ingest.
        const { answer: summary } = await askedWhileAnalyzeWaits('last', '/api/cohorts/summary?measure=ppt');
        await holder.query('COMMIT');
        expect((await summary).status).toBe(200);
        expect(await analysedReadings()).toBe(2720);
      } finally {
        await holder.end();
      }
    });
  }
});
