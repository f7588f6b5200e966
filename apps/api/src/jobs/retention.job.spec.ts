/**
 * The retention job, driven by a clock of the test's own (the time of each run is given): a
 * clinic's sessions dated before its period go, with their readings and the clients left without
 * sessions; another clinic without a period and sessions without a date stay; the dry run counts
 * exactly what the run then erases; setting a period is for admins and the clinic's owner.
 */
import { testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser } from '../testing/users.js';
import { RetentionJob } from './retention.job.js';

const FILE = [
  'client_id,clinic_id,technique,session,session_date,phase,measure,value,unit',
  // old-1: two sessions in 2015 (both to go at the 2021 run); mid-1: 2015 and 2019 (one to go); new-1: 2024.
  'old-1,k1,massage,1,2015-01-10,pre,ppt,300,kPa',
  'old-1,k1,massage,1,2015-01-10,post,ppt,310,kPa',
  'old-1,k1,massage,2,2015-02-10,pre,ppt,305,kPa',
  'mid-1,k1,massage,1,2015-06-01,pre,ppt,280,kPa',
  'mid-1,k1,massage,2,2019-06-01,pre,ppt,290,kPa',
  'new-1,k1,massage,1,2024-05-01,pre,ppt,270,kPa',
  'undated-1,k1,massage,1,,pre,ppt,260,kPa',
  // Clinic k2 sets no period: its old session stays.
  'other-1,k2,massage,1,2010-01-01,pre,ppt,250,kPa',
  '',
].join('\n');

interface View {
  clinicKey: string;
  years: number | null;
  before: string | null;
  due: { sessions: number; readings: number };
}

describe('the retention job, on a clock of its own', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const stored = await t.api('/api/ingest', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: FILE });
    expect(stored.status).toBe(201);
  }, 60_000);
  afterAll(() => t.close());

  const setYears = (years: unknown, as: { api: TestApp['api'] } = t, clinic = 'k1') =>
    as.api(`/api/clinics/${clinic}/retention`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ years }) });
  const exportedClients = async () => {
    const lines = (await (await t.api('/api/export?format=csv')).text()).trimEnd().split('\n').slice(1);
    return lines.map((line) => line.split(',')[0]);
  };

  it('keeps everything by default, and lets only admins and the clinic’s owner set a period', async () => {
    const view = (await (await t.api('/api/clinics/k1/retention')).json()) as View;
    expect(view).toEqual({ clinicKey: testPseudonymizer(t).key('clinic', 'k1'), years: null, before: null, due: { sessions: 0, readings: 0 } });
    const job = t.app.get(RetentionJob);
    expect(await job.run(new Date('2040-01-01T03:30:00Z'))).toEqual([]);

    const owner = await createUser(t, { email: 'owner@k1.example', role: 'owner', clinics: ['k1'] });
    expect((await setYears(5, owner, 'k2')).status).toBe(403);
    expect((await setYears(0, owner)).status).toBe(400);
    expect((await setYears('5', owner)).status).toBe(400);
    expect((await t.api('/api/clinics/k9/retention')).status).toBe(404);
    const set = await setYears(5, owner);
    expect(set.status).toBe(200);
    expect(((await set.json()) as View).years).toBe(5);
  });

  it('erases at each run what is older than the period as at that run’s time', async () => {
    const job = t.app.get(RetentionJob);
    // On 2020-01-09 the cutoff is 2015-01-09: nothing is older.
    expect(await job.run(new Date('2020-01-09T03:30:00Z'))).toEqual([]);

    // On 2021-01-01 the cutoff is 2016-01-01: old-1's two sessions (3 readings) and mid-1's first go.
    const clinicKey = testPseudonymizer(t).key('clinic', 'k1');
    const runs = await job.run(new Date('2021-01-01T03:30:00Z'));
    expect(runs).toEqual([{ clinicKey, years: 5, before: '2016-01-01', sessions: 3, readings: 4, clients: 1 }]);
    expect((await exportedClients()).sort()).toEqual(
      ['mid-1', 'new-1', 'undated-1', 'other-1'].map((id) => testPseudonymizer(t).key('client', id)).sort(),
    );
    expect(await job.run(new Date('2021-01-01T03:30:00Z'))).toEqual([]);

    const { entries } = (await (await t.api('/api/audit?limit=5')).json()) as { entries: { actor: string; action: string; target: string; detail: unknown }[] };
    expect(entries.find((entry) => entry.action === 'retention erased')).toMatchObject({
      actor: 'retention job',
      target: `clinic ${clinicKey}`,
      detail: { years: 5, before: '2016-01-01', sessions: 3, readings: 4, clients: 1 },
    });
  });

  it('counts in the dry run, as at today, what the next run erases', async () => {
    // Today is after 2024-05-01 + 1 year: with one year's retention every dated k1 session is due.
    expect((await setYears(1)).status).toBe(200);
    const view = (await (await t.api('/api/clinics/k1/retention')).json()) as View;
    expect(view.due).toEqual({ sessions: 2, readings: 2 });
    const runs = await t.app.get(RetentionJob).run(new Date());
    expect(runs?.[0]).toMatchObject({ sessions: view.due.sessions, readings: view.due.readings, clients: 2 });
    const left = (await exportedClients()).sort();
    expect(left).toEqual(['undated-1', 'other-1'].map((id) => testPseudonymizer(t).key('client', id)).sort());
  });
});
