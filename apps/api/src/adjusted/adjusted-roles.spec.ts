/**
 * Who sees what of GET /api/therapists/adjusted (docs/api.md), on a real database holding the
 * practice demo data with three of therapist t002's clients (clinic k01) moved to clinic k02, so
 * that one therapist works in two clinics. The suppression minimum is 20 here, so that some
 * therapists of the demo data have fewer clients than it.
 *
 * For each view of an owner and a therapist: no other clinic's therapist (or clinic) appears by key
 * anywhere in the answer; every anonymous entry stands for at least the minimum of clients and
 * carries no observed or expected mean; and, matching each shown entry to the admin's answer by its
 * numbers, neither a shown entry nor the withheld ones together hold 1 to minimum - 1 clients of
 * clinics the caller cannot see (which subtraction from the caller's own reports, or from the
 * model's effects summing to zero, would reveal), and no other clinic's clients outside the shown
 * therapists are that few (the by-clinic entry less the therapists' would reveal them).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasurementRow } from '@threshold/ingest';
import { ingestFile, readRows, testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import type { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser, type SignedIn } from '../testing/users.js';

const PRACTICE = `${DEMO_DATA}practice.csv`;
const NEVER = '0 0 1 1 *';
const MINIMUM = 20;
const MOVED_THERAPIST = 't002';
const MOVED_CLIENTS = 3;

type Entry = Record<string, unknown> & {
  anonymous: boolean;
  self?: boolean;
  nClients: number;
  effect: number;
  observedMeanChange: number | null;
  expectedMeanChange: number | null;
};

/** The practice file with MOVED_CLIENTS of MOVED_THERAPIST's clients' rows in clinic k02. */
async function practiceWithSharedTherapist(directory: string): Promise<string> {
  const [header, ...lines] = (await readFile(PRACTICE, 'utf8')).split('\n').filter((line) => line !== '');
  const columns = header.split(',');
  const [client, clinic, therapist] = ['client_id', 'clinic_id', 'therapist_id'].map((name) =>
    columns.indexOf(name),
  );
  const moved = [
    ...new Set(
      lines
        .map((line) => line.split(','))
        .filter((cells) => cells[therapist] === MOVED_THERAPIST)
        .map((cells) => cells[client]),
    ),
  ].slice(0, MOVED_CLIENTS);
  const file = join(directory, 'practice-shared-therapist.csv');
  const out = lines.map((line) => {
    const cells = line.split(',');
    if (moved.includes(cells[client])) cells[clinic] = 'k02';
    return cells.join(',');
  });
  await writeFile(file, `${[header, ...out].join('\n')}\n`);
  return file;
}

/** The model's clients of ppt (site all, no filters) with the therapist and clinic of their session 1, from the file. */
function modelClients(
  rows: readonly MeasurementRow[],
): { therapist: string | null; clinic: string | null }[] {
  const byClient = new Map<string, { sessions: Set<number>; first?: MeasurementRow }>();
  for (const row of rows) {
    if (row.measure !== 'ppt' || row.phase !== 'pre') continue;
    let client = byClient.get(row.clientId);
    if (client === undefined) byClient.set(row.clientId, (client = { sessions: new Set() }));
    client.sessions.add(row.session);
    if (row.session === 1) client.first = row;
  }
  return [...byClient.values()]
    .filter((client) => client.first !== undefined && client.sessions.size > 1)
    .map((client) => ({
      therapist: client.first?.therapistId ?? null,
      clinic: client.first?.clinicId ?? null,
    }));
}

describe('GET /api/therapists/adjusted by role', () => {
  let t: TestApp;
  let directory: string;
  let pseudonymizer: Pseudonymizer;
  let clients: { therapist: string | null; clinic: string | null }[];
  let allTherapists: string[];
  let allClinics: string[];
  let owner: SignedIn;
  let otherOwner: SignedIn;
  let therapist: SignedIn;
  let marketing: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ reportCron: NEVER, suppressionMinimum: MINIMUM });
    directory = await mkdtemp(join(tmpdir(), 'threshold-adjusted-roles-'));
    const file = await practiceWithSharedTherapist(directory);
    await ingestFile(t, file);
    pseudonymizer = testPseudonymizer(t);
    const rows = await readRows(file);
    clients = modelClients(rows);
    allTherapists = [
      ...new Set(rows.map((row) => row.therapistId).filter((id) => id !== null)),
    ].sort() as string[];
    allClinics = [...new Set(rows.map((row) => row.clinicId).filter((id) => id !== null))].sort() as string[];
    owner = await createUser(t, { email: 'owner@k01.test', role: 'owner', clinics: ['k01'] });
    otherOwner = await createUser(t, { email: 'owner@k02.test', role: 'owner', clinics: ['k02'] });
    therapist = await createUser(t, {
      email: 't012@k03.test',
      role: 'therapist',
      clinics: ['k03'],
      therapist: 't012',
    });
    marketing = await createUser(t, { email: 'marketing@threshold.test', role: 'marketing' });
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function answer(
    user: SignedIn | TestApp,
    query: string,
  ): Promise<{ text: string; json: Record<string, unknown> }> {
    const response = await user.api(`/api/therapists/adjusted?${query}`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${query}: ${response.status} ${text}`);
    return { text, json: JSON.parse(text) as Record<string, unknown> };
  }

  /**
   * The checks of the file's header on one view: `visible` are the ids the caller may see by key,
   * `ownClinics` the clinics whose clients the caller sees in reports anyway.
   */
  async function checkView(
    user: SignedIn,
    by: 'therapist' | 'clinic',
    visible: string[],
    ownClinics: string[],
  ): Promise<Entry[]> {
    const view = await answer(user, `by=${by}`);
    const admin = (await answer(t, `by=${by}`)).json[`${by}s`] as Entry[];
    const entries = view.json[`${by}s`] as Entry[];
    const ids = by === 'therapist' ? allTherapists : allClinics;
    // No key of anyone else, anywhere in the answer.
    for (const id of ids.filter((id) => !visible.includes(id))) {
      expect({ id, shown: view.text.includes(pseudonymizer.key(by, id)) }).toEqual({ id, shown: false });
    }
    for (const entry of entries) {
      if (entry.anonymous) {
        expect(entry[by]).toBeNull();
        expect(entry.nClients).toBeGreaterThanOrEqual(MINIMUM);
        expect([entry.observedMeanChange, entry.expectedMeanChange]).toEqual([null, null]);
      } else {
        expect(visible.map((id) => pseudonymizer.key(by, id))).toContain(entry[by]);
      }
    }
    // Each shown entry is one of the admin's (the same numbers); the others were withheld.
    const idOf = new Map(ids.map((id) => [pseudonymizer.key(by, id), id]));
    const shownIds = entries.map((entry) => {
      const matches = admin.filter((a) => a.nClients === entry.nClients && a.effect === entry.effect);
      expect(matches).toHaveLength(1);
      return idOf.get(matches[0][by] as string) as string;
    });
    const outside = (id: string): number =>
      clients.filter(
        (client) => client[by] === id && (client.clinic === null || !ownClinics.includes(client.clinic)),
      ).length;
    for (const id of shownIds) {
      const count = outside(id);
      expect({ id, unseenClients: count === 0 || count >= MINIMUM }).toEqual({ id, unseenClients: true });
    }
    const withheldIds = admin
      .map((a) => idOf.get(a[by] as string) as string)
      .filter((id) => !shownIds.includes(id));
    const withheldOutside = withheldIds.reduce((sum, id) => sum + outside(id), 0);
    expect(withheldOutside === 0 || withheldOutside >= MINIMUM).toBe(true);
    if (by === 'therapist') {
      // A clinic shown by clinic, less its shown therapists, leaves none or at least the minimum.
      for (const clinic of allClinics.filter((id) => !ownClinics.includes(id))) {
        const inClinic = clients.filter((client) => client.clinic === clinic);
        const rest = inClinic.filter(
          (client) => client.therapist === null || !shownIds.includes(client.therapist),
        ).length;
        if (inClinic.length >= MINIMUM)
          expect({ clinic, rest: rest === 0 || rest >= MINIMUM }).toEqual({ clinic, rest: true });
      }
    }
    expect(view.json.withheld).toEqual({
      entries: withheldIds.length,
      clients: admin
        .filter((a) => !shownIds.includes(idOf.get(a[by] as string) as string))
        .reduce((sum, a) => sum + a.nClients, 0),
    });
    // The model is the whole network's, as the admin's.
    expect(view.json.nClients).toBe((await answer(t, `by=${by}`)).json.nClients);
    return entries;
  }

  const therapistsOf = (clinic: string): string[] =>
    [
      ...new Set(clients.filter((client) => client.clinic === clinic).map((client) => client.therapist)),
    ].filter((id) => id !== null) as string[];

  it('shows an owner their therapists by key and the rest of the network anonymously', async () => {
    const own = therapistsOf('k01');
    const entries = await checkView(owner, 'therapist', own, ['k01']);
    const keys = entries.filter((entry) => !entry.anonymous).map((entry) => entry.therapist);
    // Their therapists with clients only in k01 are all there, small ones too (they see them anyway)...
    expect(keys).toEqual(
      own
        .filter((id) => id !== MOVED_THERAPIST)
        .map((id) => pseudonymizer.key('therapist', id))
        .sort(),
    );
    // ... but not the one with 3 clients in k02, whose entry less the owner's reports would give those 3.
    expect(keys).not.toContain(pseudonymizer.key('therapist', MOVED_THERAPIST));
    expect(entries.some((entry) => entry.anonymous)).toBe(true);
  });

  it('shows the other clinic’s owner the shared therapist only if their k01 clients are none or many', async () => {
    await checkView(otherOwner, 'therapist', therapistsOf('k02'), ['k02']);
  });

  it('shows a therapist themselves against anonymous entries of the whole network', async () => {
    const entries = await checkView(therapist, 'therapist', ['t012'], ['k03']);
    const mine = entries.filter((entry) => !entry.anonymous);
    expect(mine).toEqual([
      expect.objectContaining({ therapist: pseudonymizer.key('therapist', 't012'), self: true }),
    ]);
    expect(mine[0].nClients).toBeLessThan(MINIMUM);
  });

  it('shows owners and therapists their clinics by key and the others anonymously, by clinic', async () => {
    const ownerEntries = await checkView(owner, 'clinic', ['k01'], ['k01']);
    expect(ownerEntries.filter((entry) => !entry.anonymous).map((entry) => entry.clinic)).toEqual([
      pseudonymizer.key('clinic', 'k01'),
    ]);
    await checkView(therapist, 'clinic', ['k03'], ['k03']);
  });

  it('refuses owners and therapists any filter that narrows the model', async () => {
    for (const query of [
      'technique=swedish',
      'from=2024-01-01',
      'clinic=k01',
      'therapist=t012',
      'condition=neck_pain',
      'site=upper_trapezius_left',
    ]) {
      for (const user of [owner, therapist]) {
        const response = await user.api(`/api/therapists/adjusted?${query}`);
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
        expect(((await response.json()) as { message: string }).message).toMatch(
          /send only measure, mcid, by and site=all/,
        );
      }
    }
    const allowed = await owner.api('/api/therapists/adjusted?measure=ppt&site=all&by=therapist&mcid=50');
    expect(allowed.status).toBe(200);
  });

  it('answers marketing 403', async () => {
    expect((await marketing.api('/api/therapists/adjusted')).status).toBe(403);
  });
});
