/**
 * POST /api/ingest/batches/:id/erase undoes a file whole: after two files, erasing the second
 * leaves exactly what the first stored (the export compared line by line), deletes the sessions
 * and clients only the second brought, marks the batch erased, moves the data version on, is
 * audited, and the same file can then be sent again.
 */
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser } from '../testing/users.js';

const HEADER = 'client_id,clinic_id,technique,session,phase,measure,site,value,unit';
/** a1: sessions 1 and 2; b1: session 1. */
const FIRST = [HEADER, 'a1,k1,massage,1,pre,ppt,neck,300,kPa', 'a1,k1,massage,2,pre,ppt,neck,310,kPa', 'b1,k1,massage,1,pre,ppt,neck,280,kPa'];
/** Adds a reading to b1's session 1, b1's session 2, and a new client c1. */
const SECOND = [HEADER, 'b1,k1,massage,1,post,ppt,neck,290,kPa', 'b1,k1,massage,2,pre,ppt,neck,295,kPa', 'c1,k1,massage,1,pre,ppt,neck,260,kPa'];

describe('POST /api/ingest/batches/:id/erase', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const send = async (lines: string[]): Promise<{ status: number; batch: { id: string; inserted: number; status: string } }> => {
    const response = await t.api('/api/ingest', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `${lines.join('\n')}\n` });
    return { status: response.status, ...((await response.json()) as { batch: { id: string; inserted: number; status: string } }) };
  };
  const exported = async () => (await (await t.api('/api/export?format=csv')).text()).trimEnd().split('\n').slice(1).sort();
  const version = async () => ((await (await t.api('/api/cohorts/summary')).json()) as { dataVersion: number }).dataVersion;
  const erase = (id: string, as: { api: TestApp['api'] } = t) => as.api(`/api/ingest/batches/${id}/erase`, { method: 'POST' });

  it('leaves what the earlier files stored, and nothing of the erased one', async () => {
    expect((await send(FIRST)).status).toBe(201);
    const afterFirst = await exported();
    const second = await send(SECOND);
    expect(second.batch.inserted).toBe(3);
    expect(await exported()).toHaveLength(6);
    const before = await version();

    const owner = await createUser(t, { email: 'owner@clinic.example', role: 'owner', clinics: ['k1'] });
    expect((await erase(second.batch.id, owner)).status).toBe(404); // not a batch the owner sent

    const response = await erase(second.batch.id);
    expect(response.status).toBe(200);
    // b1's session 2 and c1's only session go, and c1 with it; b1's session 1 keeps its pre reading.
    expect(await response.json()).toEqual({ batchId: second.batch.id, readings: 3, sessions: 2, clients: 1 });
    expect(await exported()).toEqual(afterFirst);
    expect(await version()).toBe(before + 1);

    const batch = (await (await t.api(`/api/ingest/batches/${second.batch.id}`)).json()) as { status: string };
    expect(batch.status).toBe('erased');
    const again = await erase(second.batch.id);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { message: string }).message).toBe(`batch ${second.batch.id} is erased: only a stored batch has readings to erase`);

    const { entries } = (await (await t.api('/api/audit?limit=5')).json()) as { entries: { action: string; target: string; detail: unknown }[] };
    expect(entries.find((entry) => entry.action === 'batch erased')).toMatchObject({
      target: `batch ${second.batch.id}`,
      detail: { readings: 3, sessions: 2, clients: 1 },
    });

    // Not an erasure of clients: the same file may be sent again, and stores again.
    const resent = await send(SECOND);
    expect(resent).toMatchObject({ status: 201, batch: { status: 'stored', inserted: 3 } });
    expect(await exported()).toHaveLength(6);
  });

  it('answers 404 for a batch that does not exist', async () => {
    expect((await erase('999999')).status).toBe(404);
  });
});
