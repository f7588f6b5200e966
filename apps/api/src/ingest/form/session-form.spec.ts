/**
 * The session form's door over real HTTP into a real database (issue 20): a therapist records a
 * session as a small batch of the one pipeline, at the clinic and as the therapist of their
 * account; a bad value is named by the form's field and nothing is stored; the same
 * Idempotency-Key stores once, and with another session is refused; roles are scoped; the next
 * session number is suggested by a POST, for the caller's clinics only.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { createUser, type SignedIn } from '../../testing/users.js';
import type { BatchView } from '../batches/batch-view.js';

interface Answer {
  batch: BatchView;
  replayed: boolean;
  errors?: { field: string; message: string; line?: number; column?: string | null }[];
  message?: string;
}

const SEED = [
  'client_id,clinic_id,therapist_id,technique,condition,session,session_date,phase,measure,site,value,unit',
  'c1,k1,t1,trigger_point_release,tension_type_headache,1,2026-11-02,pre,ppt,upper_trapezius_left,250,kPa',
  'c1,k1,t1,trigger_point_release,tension_type_headache,2,2026-11-09,pre,ppt,upper_trapezius_left,270,kPa',
  'o1,k2,t2,deep_tissue,neck_pain,1,2026-11-03,pre,ppt,upper_trapezius_left,300,kPa',
].join('\n');

/** Session 3 of c1 as the form sends it: kg/cm2 at two sites, three trials before, two after. */
const SESSION_3 = {
  clientId: 'c1',
  session: 3,
  date: '2026-11-16',
  technique: 'trigger_point_release',
  condition: 'tension_type_headache',
  unit: 'kg/cm2',
  sites: [
    { site: 'upper_trapezius_left', pre: [2.8, 2.9, 3.0], post: [3.3, 3.4] },
    { site: 'suboccipital_right', pre: [2.1], post: [2.5] },
  ],
  painNrs: { pre: 6, post: 4 },
  headacheDays: 11,
};

describe('the session form door (POST /api/ingest/form)', () => {
  let t: TestApp;
  let therapist: SignedIn;
  let otherTherapist: SignedIn;
  let owner: SignedIn;
  let marketing: SignedIn;
  let dataSource: DataSource;
  let pseudonyms: Pseudonymizer;

  const send = async (as: Pick<TestApp, 'api'>, body: unknown, key: string | null = randomUUID()): Promise<{ status: number; answer: Answer; headers: Headers }> => {
    const response = await as.api('/api/ingest/form', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }) },
      body: JSON.stringify(body),
    });
    return { status: response.status, answer: (await response.json()) as Answer, headers: response.headers };
  };
  const next = async (as: Pick<TestApp, 'api'>, clientId: string) => {
    const response = await as.api('/api/ingest/form/next-session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId }) });
    return { status: response.status, answer: (await response.json()) as { known: boolean; nextSession: number; last: { session: number; date: string | null; technique: string; condition: string | null } | null } };
  };
  const readingsOf = async (client: string): Promise<{ session: number; phase: string; measure: string; site: string | null; trial: number | null; value: number; raw_value: number; raw_unit: string }[]> =>
    dataSource.query(
      `SELECT m.session_number AS session, m.phase, m.measure, m.site, m.trial, m.value, m.raw_value, m.raw_unit
         FROM measurements m JOIN clients c ON c.id = m.client_id WHERE c.key = $1 ORDER BY 1, 2, 3, 4, 5`,
      [pseudonyms.key('client', client)],
    );
  const sessionOf = async (client: string, session: number): Promise<{ clinic: string; therapist: string; technique: string; date: string }[]> =>
    dataSource.query(
      `SELECT k.key AS clinic, th.key AS therapist, s.technique, to_char(s.session_date, 'YYYY-MM-DD') AS date
         FROM sessions s JOIN clients c ON c.id = s.client_id
         LEFT JOIN clinics k ON k.id = s.clinic_id LEFT JOIN therapists th ON th.id = s.therapist_id
        WHERE c.key = $1 AND s.session_number = $2`,
      [pseudonyms.key('client', client), session],
    );

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
    pseudonyms = t.app.get(Pseudonymizer);
    const seeded = await t.api('/api/ingest', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `${SEED}\n` });
    expect(seeded.status).toBe(201);
    therapist = await createUser(t, { email: 'therapist-k1@example.org', role: 'therapist', clinics: ['k1'], therapist: 't1' });
    otherTherapist = await createUser(t, { email: 'therapist-k2@example.org', role: 'therapist', clinics: ['k2'], therapist: 't2' });
    owner = await createUser(t, { email: 'owner-k1@example.org', role: 'owner', clinics: ['k1'] });
    marketing = await createUser(t, { email: 'marketing@example.org', role: 'marketing' });
  }, 60_000);
  afterAll(() => t.close());

  it('suggests the next session of a client of the caller’s clinics, and knows no client of another clinic', async () => {
    expect(await next(therapist, 'c1')).toEqual({
      status: 200,
      answer: { known: true, nextSession: 3, last: { session: 2, date: '2026-11-09', technique: 'trigger_point_release', condition: 'tension_type_headache' } },
    });
    expect(await next(otherTherapist, 'c1')).toEqual({ status: 200, answer: { known: false, nextSession: 1, last: null } });
    expect((await next(t, 'o1')).answer).toMatchObject({ known: true, nextSession: 2 });
    expect((await next(therapist, 'new-client')).answer).toEqual({ known: false, nextSession: 1, last: null });
    expect((await next(marketing, 'c1')).status).toBe(403);
    const empty = await therapist.api('/api/ingest/form/next-session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(empty.status).toBe(400);
  });

  it('stores a therapist’s session as a small batch: rows of the contract, converted, at their clinic and as themself', async () => {
    const { status, answer } = await send(therapist, SESSION_3);
    expect(status).toBe(201);
    expect(answer.replayed).toBe(false);
    expect(answer.batch).toMatchObject({ source: 'form', status: 'stored', format: 'json', inserted: 10, duplicates: 0, createdBy: 'therapist-k1@example.org' });
    const readings = (await readingsOf('c1')).filter((reading) => reading.session === 3);
    expect(readings).toHaveLength(10);
    const pre = readings.find((reading) => reading.measure === 'ppt' && reading.phase === 'pre' && reading.site === 'upper_trapezius_left' && reading.trial === 3);
    expect(pre).toMatchObject({ raw_value: 3.0, raw_unit: 'kg/cm2' });
    expect(pre?.value).toBeCloseTo(3.0 * 98.0665, 9);
    expect(readings.filter((reading) => reading.measure === 'pain_nrs').map((reading) => [reading.phase, reading.value])).toEqual([['post', 4], ['pre', 6]]);
    expect(readings.find((reading) => reading.measure === 'headache_days')).toMatchObject({ phase: 'pre', value: 11, raw_unit: 'days' });
    expect(await sessionOf('c1', 3)).toEqual([
      { clinic: pseudonyms.key('clinic', 'k1'), therapist: pseudonyms.key('therapist', 't1'), technique: 'trigger_point_release', date: '2026-11-16' },
    ]);
    const audit: { action: string; detail: { source: string } }[] = await dataSource.query(`SELECT action, detail FROM audit_log WHERE target = $1`, [`batch ${answer.batch.id}`]);
    expect(audit).toEqual([expect.objectContaining({ action: 'ingest', detail: expect.objectContaining({ source: 'form', status: 'stored' }) })]);
    expect((await next(therapist, 'c1')).answer.nextSession).toBe(4);
  });

  it('answers a repeat of the same key and session with the first batch, storing it once', async () => {
    const key = randomUUID();
    const session4 = { ...SESSION_3, session: 4, date: '2026-11-23' };
    const first = await send(therapist, session4, key);
    expect(first.status).toBe(201);
    const before = (await readingsOf('c1')).length;
    // The same session, its JSON written otherwise (key order), as a retry after a lost answer would be.
    const { clientId, ...rest } = session4;
    const again = await send(therapist, { ...rest, clientId }, key);
    expect(again.status).toBe(201);
    expect(again.answer.replayed).toBe(true);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.answer.batch.id).toBe(first.answer.batch.id);
    expect((await readingsOf('c1')).length).toBe(before);
    const batches: { count: string }[] = await dataSource.query(`SELECT count(*) AS count FROM ingest_batches WHERE idempotency_key = $1`, [key]);
    expect(Number(batches[0].count)).toBe(1);
  });

  it('stores a double tap (two sends at once with one key) once', async () => {
    const key = randomUUID();
    const session5 = { ...SESSION_3, session: 5, date: '2026-11-30' };
    const answers = await Promise.all([send(therapist, session5, key), send(therapist, session5, key)]);
    const statuses = answers.map((answer) => answer.status).sort();
    // The second is answered the first's batch, or (while the first is still being stored) 409: send again.
    expect([[201, 201], [201, 409]]).toContainEqual(statuses);
    const retried = await send(therapist, session5, key);
    expect(retried.status).toBe(201);
    expect((await readingsOf('c1')).filter((reading) => reading.session === 5)).toHaveLength(10);
  });

  it('refuses the same key with another session (422), storing nothing', async () => {
    const key = randomUUID();
    expect((await send(therapist, { ...SESSION_3, session: 6 }, key)).status).toBe(201);
    const before = (await readingsOf('c1')).length;
    const other = await send(therapist, { ...SESSION_3, session: 6, headacheDays: 12 }, key);
    expect(other.status).toBe(422);
    expect(other.answer.message).toMatch(/Idempotency-Key was used for another session/);
    expect((await readingsOf('c1')).length).toBe(before);
  });

  it('names a bad value by its field, stores nothing, and answers a repeat with the same refusal', async () => {
    const key = randomUUID();
    const before = (await readingsOf('c1')).length;
    const bad = { ...SESSION_3, session: 7, sites: [{ site: 'upper_trapezius_left', pre: [3.0], post: [3.1, 31] }], painNrs: { pre: 12 } };
    const { status, answer } = await send(therapist, bad, key);
    expect(status).toBe(422);
    expect(answer.batch).toMatchObject({ source: 'form', status: 'refused' });
    expect(answer.errors?.map((error) => error.field)).toEqual(['sites[0].post[1]', 'painNrs.pre']);
    expect(answer.errors?.[0].message).toMatch(/outside the plausible range/);
    expect((await readingsOf('c1')).length).toBe(before);
    const again = await send(therapist, bad, key);
    expect(again.status).toBe(422);
    expect(again.answer.replayed).toBe(true);
    expect(again.answer.errors).toEqual(answer.errors);
  });

  it('names a session stored otherwise by its field (a conflict of the pipeline)', async () => {
    const { status, answer } = await send(therapist, { ...SESSION_3, technique: 'deep_tissue' });
    expect(status).toBe(422);
    expect(answer.errors?.[0]).toMatchObject({ field: 'technique' });
    expect(answer.errors?.[0].message).toMatch(/stored \(batch \d+\) with another technique/);
  });

  it('refuses a body that is not a session (400 naming each field) and a send without an Idempotency-Key', async () => {
    const shape = await send(therapist, { ...SESSION_3, session: 'three', sites: [{ site: 'upper_trapezius_left', pre: ['x'] }], nickname: 'Ann' });
    expect(shape.status).toBe(400);
    expect(shape.answer.errors?.map((error) => error.field)).toEqual(['session', 'sites[0].pre[0]', 'nickname']);
    const noKey = await send(therapist, SESSION_3, null);
    expect(noKey.status).toBe(400);
    expect(noKey.answer.message).toMatch(/Idempotency-Key/);
  });

  it('scopes by role: a therapist records at their own clinic as themself, marketing not at all, a correction is an admin’s or owner’s', async () => {
    const elsewhere = await send(therapist, { ...SESSION_3, clientId: 'c9', session: 1, clinic: 'k2' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.answer.errors).toEqual([{ field: 'clinic', message: 'not one of your clinics: you may record sessions only for your own' }]);
    const asOther = await send(therapist, { ...SESSION_3, clientId: 'c9', session: 1, therapist: 't2' });
    expect(asOther.status).toBe(400);
    expect(asOther.answer.errors?.[0].field).toBe('therapist');
    expect((await send(marketing, { ...SESSION_3, clientId: 'c9', session: 1 })).status).toBe(403);
    const correction = { ...SESSION_3, sites: [{ site: 'upper_trapezius_left', pre: [2.8, 2.9, 3.2], post: [3.3, 3.4] }], painNrs: {}, headacheDays: null, correction: { reason: 'trial 3 was misread' } };
    expect((await send(therapist, correction)).status).toBe(403);

    // An owner of k1 records for a therapist of theirs, and corrects a reading with a reason.
    const byOwner = await send(owner, { ...SESSION_3, clientId: 'c10', session: 1, therapist: 't1' });
    expect(byOwner.status).toBe(201);
    expect(await sessionOf('c10', 1)).toEqual([expect.objectContaining({ clinic: pseudonyms.key('clinic', 'k1'), therapist: pseudonyms.key('therapist', 't1') })]);
    const corrected = await send(owner, correction);
    expect(corrected.status).toBe(201);
    expect(corrected.answer.batch).toMatchObject({ kind: 'correction', source: 'form', reason: 'trial 3 was misread', inserted: 1, duplicates: 4 });
    const history = await owner.api('/api/ingest/history?client_id=c1&session=3');
    expect(((await history.json()) as { changes: unknown[] }).changes).toEqual([
      expect.objectContaining({
        session: 3,
        phase: 'pre',
        site: 'upper_trapezius_left',
        trial: 3,
        previous: expect.objectContaining({ rawValue: 3, rawUnit: 'kg/cm2' }),
        current: expect.objectContaining({ rawValue: 3.2, rawUnit: 'kg/cm2' }),
        reason: 'trial 3 was misread',
        correctedBy: 'owner-k1@example.org',
      }),
    ]);
  });
});
