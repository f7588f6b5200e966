/**
 * After a batch is stored, the planner's statistics are refreshed (ANALYZE) when the readings grew
 * enough for a plan to change, and not after a small batch into large tables, where ANALYZE would
 * cost more than the batch. On both databases; ANALYZE's own record, pg_class.reltuples, tells.
 */
import { DataSource } from 'typeorm';
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
});
