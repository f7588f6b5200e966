/**
 * POST /api/clients/export: one client's stored records, by the clinic's id for them, as CSV and
 * JSON, checked against the lines of the file that was ingested; owners only for their clinics'
 * clients; audited.
 */
import { testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser } from '../testing/users.js';
import { CLIENT_RECORD_COLUMNS } from './client-records.js';

const FILE = [
  'client_id,clinic_id,therapist_id,technique,session,session_date,phase,measure,site,trial,value,unit',
  'ann-7,k1,t1,massage,1,2025-03-04,pre,ppt,neck,1,300,kPa',
  'ann-7,k1,t1,massage,1,2025-03-04,post,ppt,neck,1,3.5,kg/cm2',
  'ann-7,k1,t1,massage,2,2025-03-11,pre,pain_nrs,,,4,score',
  'bob-2,k2,t2,massage,1,2025-03-05,pre,ppt,neck,1,280,kPa',
  '',
].join('\n');

describe('POST /api/clients/export', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const stored = await t.api('/api/ingest', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: FILE });
    expect(stored.status).toBe(201);
  }, 60_000);
  afterAll(() => t.close());

  const post = (body: unknown, as: { api: TestApp['api'] } = t) =>
    as.api('/api/clients/export', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('gives every stored reading of the client as CSV, and nothing of another client', async () => {
    const key = testPseudonymizer(t);
    const response = await post({ clientId: 'ann-7', format: 'csv' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...lines] = (await response.text()).trimEnd().split('\n');
    expect(header).toBe(CLIENT_RECORD_COLUMNS.join(','));
    const client = key.key('client', 'ann-7');
    const clinic = key.key('clinic', 'k1');
    const therapist = key.key('therapist', 't1');
    // 3.5 kg/cm2 is 343.23275 kPa (1 kgf/cm2 = 98.0665 kPa).
    expect(lines).toEqual([
      `ann-7,${client},1,2025-03-04,massage,,${therapist},${clinic},pre,ppt,neck,1,300,kPa,300,kPa,1`,
      `ann-7,${client},1,2025-03-04,massage,,${therapist},${clinic},post,ppt,neck,1,${3.5 * 98.0665},kPa,3.5,kg/cm2,1`,
      `ann-7,${client},2,2025-03-11,massage,,${therapist},${clinic},pre,pain_nrs,,,4,score,4,score,1`,
    ]);
  });

  it('gives the same records as JSON, records the access, and keeps owners to their clinics', async () => {
    const response = await post({ clientId: 'ann-7', format: 'json' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { clientId: string; records: Record<string, unknown>[] };
    expect(body.clientId).toBe('ann-7');
    expect(body.records.map((record) => [record.session, record.phase, record.measure, record.raw_value, record.raw_unit])).toEqual([
      [1, 'pre', 'ppt', 300, 'kPa'],
      [1, 'post', 'ppt', 3.5, 'kg/cm2'],
      [2, 'pre', 'pain_nrs', 4, 'score'],
    ]);

    const { entries } = (await (await t.api('/api/audit?limit=5')).json()) as { entries: { action: string; target: string; detail: unknown }[] };
    expect(entries[0]).toMatchObject({ action: 'client export', target: `client ${testPseudonymizer(t).key('client', 'ann-7')}`, detail: { format: 'json', rows: 3 } });

    const owner = await createUser(t, { email: 'owner@k2.example', role: 'owner', clinics: ['k2'] });
    expect((await post({ clientId: 'ann-7' }, owner)).status).toBe(404);
    expect((await post({ clientId: 'bob-2' }, owner)).status).toBe(200);
    expect((await post({ clientId: 'bob-2', format: 'xml' })).status).toBe(400);
    const marketing = await createUser(t, { email: 'marketing@network.example', role: 'marketing' });
    expect((await post({ clientId: 'bob-2' }, marketing)).status).toBe(403);
  });
});
