/**
 * An owner ingests for their own clinics only, and learns nothing of other clinics' stored rows
 * from the answer. Client ids are keyed across the network: an audit found an owner adding
 * sessions to another clinic's client, and reading that client's stored technique, therapist,
 * date and values from the conflict errors, one file at a time.
 */
import { DataSource } from 'typeorm';
import { createUser, type SignedIn } from '../testing/users.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const HEADER = 'client_id,clinic_id,therapist_id,technique,session,phase,measure,value,unit';

interface Answer {
  errors?: { line: number; column: string | null; message: string }[];
  batch: { status: string; inserted: number };
}

describe('an owner ingesting a client of another clinic', () => {
  let t: TestApp;
  let owner: SignedIn;
  let dataSource: DataSource;

  const post = async (as: Pick<TestApp, 'api'>, lines: string[]): Promise<{ status: number; answer: Answer }> => {
    const response = await as.api('/api/ingest', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `${[HEADER, ...lines].join('\n')}\n` });
    return { status: response.status, answer: (await response.json()) as Answer };
  };
  const storedSessions = async () => Number((await dataSource.query(`SELECT count(*) AS n FROM sessions`))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
    // Clinic k04's client x1, stored by an admin.
    expect((await post(t, ['x1,k04,t404,swedish,1,pre,ppt,300,kPa'])).status).toBe(201);
    owner = await createUser(t, { email: 'owner-k01@example.org', role: 'owner', clinics: ['k01'] });
  }, 60_000);
  afterAll(() => t.close());

  it.each([
    ['a session of theirs the client has stored', ['x1,k01,t101,massage,1,pre,ppt,310,kPa']],
    ['a new session', ['x1,k01,t101,massage,2,pre,ppt,320,kPa']],
    ['the very reading stored', ['x1,k01,t404,swedish,1,pre,ppt,300,kPa']],
  ])('refuses %s, naming only the client id, and stores nothing', async (_what, lines) => {
    const before = await storedSessions();
    const { status, answer } = await post(owner, ['y1,k01,t101,massage,1,pre,ppt,250,kPa', ...lines]);
    expect(status).toBe(422);
    expect(answer.errors).toEqual([
      { line: 3, column: 'client_id', message: expect.stringContaining('a clinic you may not ingest for') },
    ]);
    // Nothing of what is stored for x1 (technique, therapist, clinic, value) shows in the answer.
    expect(JSON.stringify(answer)).not.toMatch(/swedish|t404|k04|300|technique|therapist|value/);
    expect(await storedSessions()).toBe(before);
  });

  it('still checks the clients of their own clinics against what is stored', async () => {
    expect((await post(owner, ['y2,k01,t101,massage,1,pre,ppt,250,kPa'])).status).toBe(201);
    const { status, answer } = await post(owner, ['y2,k01,t101,deep_tissue,1,pre,ppt,250,kPa']);
    expect(status).toBe(422);
    expect(answer.errors).toEqual([{ line: 2, column: 'technique', message: expect.any(String) }]);
  });
});
