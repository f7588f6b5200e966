/**
 * Names given at ingest (the optional columns clinic_name and therapist_name) over real HTTP on a
 * real database: stored in the directory under the keys' hashes with the readings, in the same
 * transaction (a refused file names nothing), one name per key in a file, a later file renaming,
 * and an owner naming their own clinic and its therapists by their file.
 */
import { testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import type { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser } from '../testing/users.js';

const HEADER = 'client_id,clinic_id,clinic_name,therapist_id,therapist_name,technique,session,measure,value,unit';

interface Entry {
  kind: string;
  key: string;
  name: string;
  updatedBy: string;
}

describe('names given at ingest', () => {
  let t: TestApp;
  let keys: Pseudonymizer;

  const upload = (send: (path: string, init?: RequestInit) => Promise<Response>, name: string, lines: string[]) =>
    send(`/api/ingest?filename=${name}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: [HEADER, ...lines].join('\n'),
    });
  const entries = async (): Promise<Entry[]> =>
    ((await (await t.api('/api/directory')).json()) as { entries: Entry[] }).entries;
  const named = async () =>
    Object.fromEntries((await entries()).map((entry) => [`${entry.kind} ${entry.key}`, [entry.name, entry.updatedBy]]));

  beforeAll(async () => {
    t = await startTestApp();
    keys = testPseudonymizer(t);
  }, 60_000);
  afterAll(() => t.close());

  it('stores the names of a file with its readings, under the keys and never the raw ids', async () => {
    const response = await upload(t.api, 'named.csv', [
      'a1,k01,Harbour Street Clinic,t001,Dr. Amara Osei,swedish,1,ppt,300,kPa',
      'a1,k01,Harbour Street Clinic,t001,Dr. Amara Osei,swedish,2,ppt,320,kPa',
      'b1,k02,,t002,Tomas Lindqvist,swedish,1,ppt,310,kPa',
      'b2,k02,,t002,,swedish,1,ppt,305,kPa',
    ]);
    expect(response.status).toBe(201);
    expect(await named()).toEqual({
      [`clinic ${keys.key('clinic', 'k01')}`]: ['Harbour Street Clinic', 'admin'],
      [`therapist ${keys.key('therapist', 't001')}`]: ['Dr. Amara Osei', 'admin'],
      [`therapist ${keys.key('therapist', 't002')}`]: ['Tomas Lindqvist', 'admin'],
    });
    expect(JSON.stringify(await entries())).not.toMatch(/"(k01|t001|t002)"/);
  });

  it('refuses a file that gives a clinic two names, naming the line and column, and stores nothing of it', async () => {
    const before = await named();
    const response = await upload(t.api, 'two-names.csv', [
      'c1,k03,Canal Side,t003,Ines Duarte,swedish,1,ppt,300,kPa',
      'c2,k03,Canal Side Clinic,t003,Ines Duarte,swedish,1,ppt,301,kPa',
    ]);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: { line: number; column: string; message: string }[] };
    expect(body.errors).toEqual([
      { line: 3, column: 'clinic_name', message: 'line 2 gave this clinic_id another clinic_name: one name per clinic in a file' },
    ]);
    expect(await named()).toEqual(before);
    const summary = (await (await t.api('/api/cohorts/summary')).json()) as { clients: number };
    expect(summary.clients).toBe(3);
  });

  it('refuses a name without its key, naming the line and column', async () => {
    const response = await upload(t.api, 'no-key.csv', ['d1,k04,,,Someone,swedish,1,ppt,300,kPa']);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: { line: number; column: string; message: string }[] };
    expect(body.errors).toEqual([
      { line: 2, column: 'therapist_name', message: 'names nothing: therapist_id is empty on this row' },
    ]);
  });

  it('lets a later file rename, and an owner name their own clinic and its therapists', async () => {
    const owner = await createUser(t, { email: 'owner@k01.example', role: 'owner', clinics: ['k01'] });
    const response = await upload(owner.api, 'renamed.csv', ['a1,k01,Harbour St. Clinic,t001,Dr. Amara Osei,swedish,3,ppt,330,kPa']);
    expect(response.status).toBe(201);
    const after = await named();
    expect(after[`clinic ${keys.key('clinic', 'k01')}`]).toEqual(['Harbour St. Clinic', 'owner@k01.example']);
    // Given again unchanged: left as it was, still the admin's.
    expect(after[`therapist ${keys.key('therapist', 't001')}`]).toEqual(['Dr. Amara Osei', 'admin']);
  });
});
