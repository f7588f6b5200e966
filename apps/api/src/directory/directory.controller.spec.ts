/**
 * The directory of display names over real HTTP on a real database (embedded, or the PostgreSQL
 * server of DATABASE_URL): naming by raw id or key, renaming, removing, the audit log, and who may
 * read and write which names; then the `names` that filter values, reports and users add, each
 * holding only what the caller's role already shows.
 */
import { testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import type { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser, type SignedIn } from '../testing/users.js';

/** Two clinics: k01 with therapists t001 and t002, k02 with t003. */
const TWO_CLINICS = [
  'client_id,clinic_id,therapist_id,technique,session,phase,measure,site,value,unit',
  ...['a1,k01,t001', 'a2,k01,t001', 'a3,k01,t002', 'b1,k02,t003', 'b2,k02,t003'].flatMap((who, index) => [
    `${who},swedish,1,pre,ppt,upper_trapezius,${300 + index},kPa`,
    `${who},swedish,2,pre,ppt,upper_trapezius,${320 + 3 * index},kPa`,
  ]),
].join('\n');

interface Entry {
  kind: string;
  key: string;
  name: string;
  updatedAt: string;
  updatedBy: string;
}
interface Names {
  clinics: Record<string, string>;
  therapists: Record<string, string>;
}

describe('/api/directory', () => {
  let t: TestApp;
  let keys: Pseudonymizer;
  let owner: SignedIn;
  let therapist: SignedIn;
  let marketing: SignedIn;
  const key = (kind: 'clinic' | 'therapist', id: string) => keys.key(kind, id);

  const post = (caller: (path: string, init?: RequestInit) => Promise<Response>, body: unknown) =>
    caller('/api/directory', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const admin = (path: string, init?: RequestInit) => t.api(path, init);

  beforeAll(async () => {
    t = await startTestApp();
    keys = testPseudonymizer(t);
    const stored = await t.api('/api/ingest?filename=two-clinics.csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: TWO_CLINICS,
    });
    expect(stored.status).toBe(201);
    owner = await createUser(t, { email: 'owner@k01.example', role: 'owner', clinics: ['k01'] });
    therapist = await createUser(t, {
      email: 't001@k01.example',
      role: 'therapist',
      clinics: ['k01'],
      therapist: 't001',
    });
    marketing = await createUser(t, { email: 'marketing@network.example', role: 'marketing' });
  }, 60_000);
  afterAll(() => t.close());

  describe('writing', () => {
    it('names a clinic by the id used at ingest, storing its key and never the id', async () => {
      const response = await post(admin, { kind: 'clinic', id: ' k01 ', name: '  Harbour Street Clinic ' });
      expect(response.status).toBe(200);
      const entry = (await response.json()) as Entry;
      expect(entry).toEqual({
        kind: 'clinic',
        key: key('clinic', 'k01'),
        name: 'Harbour Street Clinic',
        updatedAt: expect.any(String),
        updatedBy: 'admin',
      });
      const { entries } = (await (await t.api('/api/audit?limit=5')).json()) as {
        entries: { action: string; target: string; detail: unknown }[];
      };
      expect(entries[0]).toMatchObject({
        action: 'name.create',
        target: `clinic:${key('clinic', 'k01')}`,
        detail: { name: 'Harbour Street Clinic', by: 'id' },
      });
      expect(JSON.stringify(entries[0])).not.toContain('"k01"');
    });

    it('renames by key, and says so in the audit log', async () => {
      const response = await post(admin, {
        kind: 'clinic',
        key: key('clinic', 'k01'),
        name: 'Harbour St. Clinic',
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Entry).name).toBe('Harbour St. Clinic');
      const { entries } = (await (await t.api('/api/audit?limit=1')).json()) as {
        entries: { action: string }[];
      };
      expect(entries[0].action).toBe('name.rename');
      const listed = (await (await t.api('/api/directory')).json()) as { entries: Entry[] };
      expect(listed.entries.map((entry) => [entry.kind, entry.name])).toEqual([
        ['clinic', 'Harbour St. Clinic'],
      ]);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['an empty name', { kind: 'clinic', id: 'k01', name: '   ' }, ['name: must not be empty']],
      ['a name that is not text', { kind: 'clinic', id: 'k01', name: 7 }, ['name: text']],
      [
        'a name too long',
        { kind: 'clinic', id: 'k01', name: 'x'.repeat(121) },
        ['name: at most 120 characters, got 121'],
      ],
      [
        'a NUL in the name',
        { kind: 'clinic', id: 'k01', name: 'a\u0000b' },
        ['name: must not contain a NUL character (U+0000)'],
      ],
      [
        'a lone surrogate in the name',
        { kind: 'clinic', id: 'k01', name: 'a\ud800' },
        ['name: must not contain an unpaired UTF-16 surrogate (not valid Unicode)'],
      ],
      [
        'a line break in the name',
        { kind: 'clinic', id: 'k01', name: 'a\nb' },
        ['name: one line of text, without control characters'],
      ],
      ['an unknown kind', { kind: 'client', id: 'c1', name: 'A client' }, ['kind: one of clinic, therapist']],
      [
        'neither id nor key',
        { kind: 'clinic', name: 'A' },
        ['id or key: give one, the id used at ingest or the stored key'],
      ],
      [
        'both id and key',
        { kind: 'clinic', id: 'k01', key: 'a'.repeat(32), name: 'A' },
        ['id or key: give one, the id used at ingest or the stored key'],
      ],
      [
        'a key that is not one',
        { kind: 'clinic', key: 'K01', name: 'A' },
        ['key: a stored key, 32 hex digits in lower case'],
      ],
      [
        'a NUL in the id',
        { kind: 'therapist', id: 't\u0000', name: 'A' },
        ['id: must not contain a NUL character (U+0000)'],
      ],
      [
        'an unknown field',
        { kind: 'clinic', id: 'k01', name: 'A', colour: 'red' },
        ['unknown field: colour'],
      ],
    ])('refuses %s with a 400 naming the field', async (_label, body, errors) => {
      const response = await post(admin, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ statusCode: 400, message: 'the name is not valid', errors });
    });

    it('lets an owner name their clinic and its therapists, and nothing of another clinic', async () => {
      expect((await post(owner.api, { kind: 'therapist', id: 't002', name: 'Tomas Lindqvist' })).status).toBe(
        200,
      );
      expect(
        (await post(owner.api, { kind: 'clinic', id: 'k01', name: 'Harbour Street Clinic' })).status,
      ).toBe(200);
      const otherTherapist = await post(owner.api, { kind: 'therapist', id: 't003', name: 'Not yours' });
      expect(otherTherapist.status).toBe(403);
      expect(((await otherTherapist.json()) as { message: string }).message).toMatch(
        /not one of your clinics’ therapists/,
      );
      expect((await post(owner.api, { kind: 'clinic', id: 'k02', name: 'Not yours' })).status).toBe(403);
      // By key as by id: the key of another clinic's therapist is refused too.
      expect(
        (await post(owner.api, { kind: 'therapist', key: key('therapist', 't003'), name: 'Not yours' }))
          .status,
      ).toBe(403);
    });

    it('lets an admin name any clinic or therapist, also one without data yet', async () => {
      expect((await post(admin, { kind: 'clinic', id: 'k02', name: 'Millbrook Physio' })).status).toBe(200);
      expect((await post(admin, { kind: 'therapist', id: 't003', name: 'Priya Raman' })).status).toBe(200);
      expect((await post(admin, { kind: 'therapist', id: 't001', name: 'Dr. Amara Osei' })).status).toBe(200);
      expect((await post(admin, { kind: 'therapist', id: 't999', name: 'Not yet arrived' })).status).toBe(
        200,
      );
    });

    it('refuses names from a therapist and from marketing', async () => {
      expect((await post(therapist.api, { kind: 'therapist', id: 't001', name: 'Me' })).status).toBe(403);
      expect((await post(marketing.api, { kind: 'clinic', id: 'k01', name: 'X' })).status).toBe(403);
    });

    it('removes a name; a key without one, or one an owner may not change, is a 404', async () => {
      const path = `/api/directory/therapist/${key('therapist', 't999')}`;
      expect((await owner.api(path, { method: 'DELETE' })).status).toBe(404);
      const removed = await t.api(path, { method: 'DELETE' });
      expect(removed.status).toBe(200);
      expect(((await removed.json()) as Entry).name).toBe('Not yet arrived');
      expect((await t.api(path, { method: 'DELETE' })).status).toBe(404);
      expect(
        (await t.api('/api/directory/client/' + key('therapist', 't999'), { method: 'DELETE' })).status,
      ).toBe(400);
      expect((await t.api('/api/directory/therapist/t999', { method: 'DELETE' })).status).toBe(400);
      const { entries } = (await (await t.api('/api/audit?limit=1')).json()) as {
        entries: { action: string }[];
      };
      expect(entries[0].action).toBe('name.remove');
    });
  });

  describe('reading', () => {
    const ownNames = () => ({
      clinics: { [key('clinic', 'k01')]: 'Harbour Street Clinic' },
      therapists: {
        [key('therapist', 't001')]: 'Dr. Amara Osei',
        [key('therapist', 't002')]: 'Tomas Lindqvist',
      },
    });

    it('lists to an owner and a therapist only the names of their clinic and its therapists', async () => {
      for (const caller of [owner, therapist]) {
        const { entries } = (await (await caller.api('/api/directory')).json()) as { entries: Entry[] };
        expect(entries.map((entry) => entry.name)).toEqual([
          'Harbour Street Clinic',
          'Dr. Amara Osei',
          'Tomas Lindqvist',
        ]);
      }
      const all = (await (await t.api('/api/directory')).json()) as { entries: Entry[] };
      expect(all.entries.map((entry) => entry.name)).toEqual([
        'Harbour Street Clinic',
        'Millbrook Physio',
        'Dr. Amara Osei',
        'Priya Raman',
        'Tomas Lindqvist',
      ]);
      expect((await marketing.api('/api/directory')).status).toBe(403);
    });

    it('adds to the filter values the names of the keys listed, and none to marketing', async () => {
      const ownFilters = (await (await owner.api('/api/cohorts/filters')).json()) as {
        clinics: string[];
        therapists: string[];
        names: Names;
      };
      expect(ownFilters.clinics).toEqual([key('clinic', 'k01')]);
      expect(ownFilters.names).toEqual(ownNames());
      const adminFilters = (await (await t.api('/api/cohorts/filters')).json()) as { names: Names };
      expect(Object.values(adminFilters.names.clinics).sort()).toEqual([
        'Harbour Street Clinic',
        'Millbrook Physio',
      ]);
      expect(Object.values(adminFilters.names.therapists).sort()).toEqual([
        'Dr. Amara Osei',
        'Priya Raman',
        'Tomas Lindqvist',
      ]);
      const marketingFilters = (await (await marketing.api('/api/cohorts/filters')).json()) as {
        names: Names;
      };
      expect(marketingFilters.names).toEqual({ clinics: {}, therapists: {} });
    });

    it('adds names to reports by therapist and by clinic, read afresh on a cache hit', async () => {
      const first = await owner.api('/api/reports?by=therapist_id');
      const report = (await first.json()) as { groups: { name: string }[]; names: Names };
      expect(report.groups.map((group) => group.name).sort()).toEqual(
        [key('therapist', 't001'), key('therapist', 't002')].sort(),
      );
      expect(report.names).toEqual({ clinics: {}, therapists: ownNames().therapists });
      expect(
        (await post(owner.api, { kind: 'therapist', id: 't002', name: 'Tomas Lindqvist-Berg' })).status,
      ).toBe(200);
      const second = await owner.api('/api/reports?by=therapist_id');
      expect(second.headers.get('x-cache')).toBe('hit');
      expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
      const renamed = (await second.json()) as { groups: unknown[]; names: Names };
      expect(renamed.groups).toEqual(report.groups);
      expect(renamed.names.therapists[key('therapist', 't002')]).toBe('Tomas Lindqvist-Berg');
      const byClinic = (await (await t.api('/api/reports?by=clinic_id')).json()) as { names: Names };
      expect(byClinic.names).toEqual({
        clinics: {
          [key('clinic', 'k01')]: 'Harbour Street Clinic',
          [key('clinic', 'k02')]: 'Millbrook Physio',
        },
        therapists: {},
      });
      const byTechnique = (await (await t.api('/api/reports?by=technique')).json()) as Record<
        string,
        unknown
      >;
      expect('names' in byTechnique).toBe(false);
    });
  });

  describe('users with names', () => {
    it('answers a new user with the names of their clinics and therapist', async () => {
      const response = await t.api('/api/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 't003@k02.example',
          password: 'a long enough password',
          role: 'therapist',
          clinics: ['k02'],
          therapist: 't003',
        }),
      });
      expect(response.status).toBe(201);
      const user = (await response.json()) as { clinics: string[]; therapist: string; names: Names };
      expect(user.names).toEqual({
        clinics: { [key('clinic', 'k02')]: 'Millbrook Physio' },
        therapists: { [key('therapist', 't003')]: 'Priya Raman' },
      });
    });

    it('lists to an owner their clinics’ therapist users only, with the names the owner may see', async () => {
      const created = await owner.api('/api/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 't002@k01.example',
          password: 'a long enough password',
          role: 'therapist',
          clinics: ['k01'],
          therapist: 't002',
        }),
      });
      expect(created.status).toBe(201);
      const users = (await (await owner.api('/api/users')).json()) as { email: string; names: Names }[];
      expect(users.map((user) => user.email)).toEqual(['t001@k01.example', 't002@k01.example']);
      expect(users[1].names.therapists).toEqual({ [key('therapist', 't002')]: 'Tomas Lindqvist-Berg' });
      const all = (await (await t.api('/api/users')).json()) as { email: string }[];
      expect(all.map((user) => user.email)).toContain('t003@k02.example');
    });
  });
});
