/**
 * Corrections over real HTTP into a real database: a stored reading changes or is withdrawn only by
 * an explicit correction with a reason, by an admin or the owner of its clinic; its previous value
 * is kept in the history with who and when; reports move to a new data version; the audit log says
 * so; an ordinary re-send with another value stays a conflict.
 */
import { DataSource } from 'typeorm';
import { DataVersionRepository } from '../../cohorts/data-version.repository.js';
import { createUser, type SignedIn } from '../../testing/users.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import type { BatchView } from '../batches/batch-view.js';
import type { ReadingChange } from './correction-store.js';

const HEADER = 'client_id,clinic_id,technique,session,phase,measure,site,value,unit';

interface Answer {
  batch: BatchView;
  errors?: { line: number; column: string | null; message: string }[];
  message?: string;
}

describe('corrections of stored readings', () => {
  let t: TestApp;
  let owner: SignedIn;
  let dataSource: DataSource;

  const send = async (as: Pick<TestApp, 'api'>, lines: string[], query = ''): Promise<{ status: number; answer: Answer }> => {
    const response = await as.api(`/api/ingest${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `${[HEADER, ...lines].join('\n')}\n` });
    return { status: response.status, answer: (await response.json()) as Answer };
  };
  const correct = (as: Pick<TestApp, 'api'>, lines: string[], reason = 'typed 3.1 for 3.4 at the table') => send(as, lines, `?mode=correct&reason=${encodeURIComponent(reason)}`);
  const stored = async (client: string): Promise<{ session: number; phase: string; site: string; value: number; raw_value: number; raw_unit: string }[]> =>
    dataSource.query(
      `SELECT m.session_number AS session, m.phase, m.site, m.value, m.raw_value, m.raw_unit
         FROM measurements m JOIN clients c ON c.id = m.client_id WHERE c.key = $1 ORDER BY 1, 2, 3`,
      [await clientKey(client)],
    );
  const clientKey = async (client: string): Promise<string> => {
    const { Pseudonymizer } = await import('../../pseudonyms/pseudonymizer.js');
    return t.app.get(Pseudonymizer).key('client', client);
  };
  const history = async (as: Pick<TestApp, 'api'>, query: string): Promise<{ status: number; changes: ReadingChange[] }> => {
    const response = await as.api(`/api/ingest/history?${query}`);
    return { status: response.status, changes: ((await response.json()) as { changes: ReadingChange[] }).changes };
  };

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
    const first = await send(t, [
      'c1,k1,massage,1,pre,ppt,upper_trapezius_left,3.1,kg/cm2',
      'c1,k1,massage,1,post,ppt,upper_trapezius_left,360,kPa',
      'c1,k1,massage,1,pre,pain_nrs,,6,score',
      'o1,k2,massage,1,pre,ppt,upper_trapezius_left,300,kPa',
    ]);
    expect(first.status).toBe(201);
    owner = await createUser(t, { email: 'owner-k1@example.org', role: 'owner', clinics: ['k1'] });
  }, 60_000);
  afterAll(() => t.close());

  it('keeps refusing an ordinary re-send with another value', async () => {
    const { status, answer } = await send(t, ['c1,k1,massage,1,pre,ppt,upper_trapezius_left,3.4,kg/cm2']);
    expect(status).toBe(422);
    expect(answer.errors?.[0].message).toMatch(/stored \(batch \d+\) with another value: stored data are never overwritten/);
  });

  it('changes a reading by a correction with a reason: history with who and when, a new data version, the audit log', async () => {
    const versions = t.app.get(DataVersionRepository);
    const before = await versions.current();
    const { status, answer } = await correct(owner, ['c1,k1,massage,1,pre,ppt,upper_trapezius_left,3.4,kg/cm2', 'c1,k1,massage,1,post,ppt,upper_trapezius_left,360,kPa']);
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ kind: 'correction', reason: 'typed 3.1 for 3.4 at the table', status: 'stored', inserted: 1, duplicates: 1 });
    expect(answer.batch.message).toBe('corrected 1 readings, withdrew 0; 1 already had the value given');
    expect((await stored('c1')).find((row) => row.phase === 'pre' && row.site === 'upper_trapezius_left')).toMatchObject({ raw_value: 3.4, raw_unit: 'kg/cm2', value: 3.4 * 98.0665 });
    expect(await versions.current()).toBe(before + 1);

    const { changes } = await history(t, 'client_id=c1');
    expect(changes).toEqual([
      {
        session: 1,
        phase: 'pre',
        measure: 'ppt',
        site: 'upper_trapezius_left',
        trial: null,
        previous: { value: 3.1 * 98.0665, rawValue: 3.1, rawUnit: 'kg/cm2', batchId: expect.any(String) },
        current: { value: 3.4 * 98.0665, rawValue: 3.4, rawUnit: 'kg/cm2' },
        batchId: answer.batch.id,
        reason: 'typed 3.1 for 3.4 at the table',
        correctedBy: 'owner-k1@example.org',
        correctedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    const audit = (await (await t.api('/api/audit?limit=5')).json()) as { entries: { action: string; actor: string; target: string; detail: Record<string, unknown> }[] };
    expect(audit.entries.find((entry) => entry.action === 'correction')).toMatchObject({
      actor: 'owner-k1@example.org',
      target: `batch ${answer.batch.id}`,
      detail: { reason: 'typed 3.1 for 3.4 at the table', changed: 1, status: 'stored' },
    });
    // The ordinary re-send of the corrected value is now a duplicate, the old one a conflict.
    expect((await send(t, ['c1,k1,massage,1,pre,ppt,upper_trapezius_left,3.4,kg/cm2'])).answer.batch).toMatchObject({ status: 'stored', inserted: 0, duplicates: 1 });
    expect((await send(t, ['c1,k1,massage,1,pre,ppt,upper_trapezius_left,3.1,kg/cm2'])).status).toBe(422);
  });

  it('withdraws a reading whose value and unit are left empty, keeping it in the history', async () => {
    const { status, answer } = await correct(t, ['c1,k1,massage,1,pre,pain_nrs,,,'], 'pain asked after the session, not before');
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ kind: 'correction', inserted: 1, message: 'corrected 0 readings, withdrew 1' });
    expect((await stored('c1')).map((row) => row.site)).toEqual(['upper_trapezius_left', 'upper_trapezius_left']);
    const { changes } = await history(t, 'client_id=c1&measure=pain_nrs');
    expect(changes).toEqual([expect.objectContaining({ measure: 'pain_nrs', site: null, previous: expect.objectContaining({ rawValue: 6, rawUnit: 'score' }), current: null, correctedBy: 'admin' })]);
  });

  it('refuses, changing nothing, a row that names no stored reading, and an owner’s row of another clinic in the same words', async () => {
    const before = await stored('o1');
    const mine = await correct(owner, ['c1,k1,massage,9,pre,ppt,upper_trapezius_left,300,kPa']);
    const theirs = await correct(owner, ['o1,k2,massage,1,pre,ppt,upper_trapezius_left,310,kPa']);
    for (const { status, answer } of [mine, theirs]) {
      expect(status).toBe(422);
      expect(answer.batch).toMatchObject({ kind: 'correction', status: 'refused' });
      expect(answer.errors).toEqual([{ line: 2, column: null, message: expect.stringMatching(/^no stored reading of your clinics has this client_id, session/) }]);
    }
    expect(await stored('o1')).toEqual(before);
    // Nor does the owner see the history of another clinic's readings.
    expect((await correct(t, ['o1,k2,massage,1,pre,ppt,upper_trapezius_left,310,kPa'], 'recalibrated algometer')).status).toBe(201);
    expect((await history(owner, 'client_id=o1')).changes).toEqual([]);
    expect((await history(t, 'client_id=o1')).changes).toHaveLength(1);
  });

  it('validates a correction as any file, and refuses an empty value with a unit', async () => {
    const { status, answer } = await correct(t, ['c1,k1,massage,1,post,ppt,upper_trapezius_left,,kPa']);
    expect(status).toBe(422);
    expect(answer.errors).toEqual([expect.objectContaining({ line: 2, column: 'value', message: expect.stringContaining('empty, but required') })]);
  });

  it.each([
    ['no reason', '?mode=correct', /needs a reason/],
    ['a reason without the mode', '?reason=x', /reason is for a correction/],
    ['another mode', '?mode=replace&reason=x', /mode must be correct/],
    ['a reason too long', `?mode=correct&reason=${'x'.repeat(501)}`, /at most 500/],
  ])('answers %s with a 400', async (_label, query, message) => {
    const { status, answer } = await send(t, ['c1,k1,massage,1,post,ppt,upper_trapezius_left,361,kPa'], query);
    expect(status).toBe(400);
    expect(answer.message).toMatch(message);
  });

  it('is not for therapists, nor is the history', async () => {
    const therapist = await createUser(t, { email: 'therapist@example.org', role: 'therapist', clinics: ['k1'], therapist: 't1' });
    expect((await correct(therapist, ['c1,k1,massage,1,post,ppt,upper_trapezius_left,361,kPa'])).status).toBe(403);
    expect((await therapist.api('/api/ingest/history?client_id=c1')).status).toBe(403);
    expect((await history(t, '')).status).toBe(400);
  });
});
