/**
 * Who may do what, route by route (issue "Who sees what"): every role against every route, over
 * real HTTP on a real database holding the practice demo data; then the scoping that a status code
 * alone does not show (an owner's and a therapist's answers hold only their own clinic's or own rows).
 */
import { readFile } from 'node:fs/promises';
import { testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../testing/test-app.js';
import { createUser, type SignedIn } from '../testing/users.js';

type Caller = 'anonymous' | 'adminToken' | 'admin' | 'owner' | 'therapist' | 'marketing';
const CALLERS: Caller[] = ['anonymous', 'adminToken', 'admin', 'owner', 'therapist', 'marketing'];

interface RouteCase {
  route: string;
  method?: 'GET' | 'POST';
  body?: () => Promise<{ body: string | Buffer; contentType: string }>;
  /** Expected status per caller. */
  expected: Record<Caller, number>;
}

const csv = (text: string) => async () => ({ body: text, contentType: 'text/csv' });
const json = (value: unknown) => async () => ({ body: JSON.stringify(value), contentType: 'application/json' });

/** A file of one reading at clinic k01, which an owner of k01 may send. */
const K01_FILE = 'client_id,clinic_id,therapist_id,session,measure,unit,value\nrole-test-1,k01,t001,1,pain_nrs,score,4\n';

const ROUTES: RouteCase[] = [
  { route: '/api/health', expected: { anonymous: 200, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 200 } },
  { route: '/api/auth/me', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 200 } },
  { route: '/api/reports', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 200 } },
  { route: '/api/reports?by=therapist_id', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 400 } },
  { route: '/api/reports?clinic=k02', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 403, therapist: 403, marketing: 400 } },
  { route: '/api/therapists/adjusted', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 403 } },
  // Owners and therapists may not narrow the network's model (docs/api.md, "Adjusted comparison").
  { route: '/api/therapists/adjusted?clinic=k02', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 400, therapist: 400, marketing: 403 } },
  { route: '/api/cohorts/summary', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 200 } },
  { route: '/api/cohorts/summary?clinic=k02', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 403, therapist: 403, marketing: 400 } },
  { route: '/api/cohorts/filters', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 200 } },
  { route: '/api/cohorts/coverage', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 403 } },
  { route: '/api/export?format=csv', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 403 } },
  { route: '/api/export?format=csv&clinic=k02', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 403, therapist: 403, marketing: 403 } },
  { route: '/api/ingest/batches', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 403, marketing: 403 } },
  {
    route: '/api/ingest',
    method: 'POST',
    body: csv(K01_FILE),
    expected: { anonymous: 401, adminToken: 201, admin: 201, owner: 201, therapist: 403, marketing: 403 },
  },
  {
    route: '/api/ingest',
    method: 'POST',
    body: csv(K01_FILE.replace(',k01,', ',k02,').replace('role-test-1', 'role-test-2')),
    expected: { anonymous: 401, adminToken: 201, admin: 201, owner: 422, therapist: 403, marketing: 403 },
  },
  // The session form: therapists record sessions too (ingest/form/); without an Idempotency-Key a send is a 400.
  {
    route: '/api/ingest/form/next-session',
    method: 'POST',
    body: json({ clientId: 'role-test-1' }),
    expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 403 },
  },
  {
    route: '/api/ingest/form',
    method: 'POST',
    body: json({ clientId: 'role-test-3', session: 1, painNrs: { pre: 4 } }),
    expected: { anonymous: 401, adminToken: 400, admin: 400, owner: 400, therapist: 400, marketing: 403 },
  },
  // An owner manages the therapist users of their own clinics (users.service.ts, `manages`).
  { route: '/api/users', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 403, marketing: 403 } },
  {
    route: '/api/users',
    method: 'POST',
    body: json({ email: 'x@y.example', password: 'short', role: 'admin' }),
    expected: { anonymous: 401, adminToken: 400, admin: 400, owner: 400, therapist: 403, marketing: 403 },
  },
  {
    route: '/api/users',
    method: 'POST',
    body: json({ email: 'new-owner@k02.example', password: 'a long enough password', role: 'owner', clinics: ['k02'] }),
    expected: { anonymous: 401, adminToken: 201, admin: 409, owner: 403, therapist: 403, marketing: 403 },
  },
  {
    route: '/api/users',
    method: 'POST',
    body: json({ email: 'new-therapist@k02.example', password: 'a long enough password', role: 'therapist', clinics: ['k02'], therapist: 't006' }),
    expected: { anonymous: 401, adminToken: 201, admin: 409, owner: 403, therapist: 403, marketing: 403 },
  },
  { route: '/api/directory', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 200, marketing: 403 } },
  {
    route: '/api/directory',
    method: 'POST',
    body: json({ kind: 'therapist', id: 't001', name: 'Dr. Amara Osei' }),
    expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 403, marketing: 403 },
  },
  {
    route: '/api/directory',
    method: 'POST',
    body: json({ kind: 'therapist', id: 't006', name: 'Dr. Kwame Mensah' }),
    expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 403, therapist: 403, marketing: 403 },
  },
  { route: '/api/audit', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 403, therapist: 403, marketing: 403 } },
  { route: '/api/claims', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 403, marketing: 200 } },
  { route: '/api/claims?clinic=k02', expected: { anonymous: 401, adminToken: 400, admin: 400, owner: 400, therapist: 403, marketing: 400 } },
  // Clients' rights: admins and owners (for their clinics' clients); nothing is erased here (a dry run, a client that does not exist).
  {
    route: '/api/clients/erase',
    method: 'POST',
    body: json({ clientId: 'no-such-client', dryRun: true }),
    expected: { anonymous: 401, adminToken: 404, admin: 404, owner: 404, therapist: 403, marketing: 403 },
  },
  {
    route: '/api/clients/export',
    method: 'POST',
    body: json({ clientId: 'no-such-client' }),
    expected: { anonymous: 401, adminToken: 404, admin: 404, owner: 404, therapist: 403, marketing: 403 },
  },
  { route: '/api/clinics/k01/retention', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 200, therapist: 403, marketing: 403 } },
  { route: '/api/clinics/k02/retention', expected: { anonymous: 401, adminToken: 200, admin: 200, owner: 403, therapist: 403, marketing: 403 } },
  { route: '/api/ingest/batches/999999999/erase', method: 'POST', expected: { anonymous: 401, adminToken: 404, admin: 404, owner: 404, therapist: 403, marketing: 403 } },
];

describe('roles against routes', () => {
  let t: TestApp;
  const callers = new Map<Caller, (path: string, init?: RequestInit) => Promise<Response>>();
  let owner: SignedIn;
  let therapist: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    const practice = await t.api('/api/ingest?filename=practice.csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: await readFile(`${DEMO_DATA}practice.csv`),
    });
    expect(practice.status).toBe(201);
    const admin = await createUser(t, { email: 'admin@network.example', role: 'admin' });
    owner = await createUser(t, { email: 'owner@k01.example', role: 'owner', clinics: ['k01'] });
    therapist = await createUser(t, { email: 't001@k01.example', role: 'therapist', clinics: ['k01'], therapist: 't001' });
    const marketing = await createUser(t, { email: 'marketing@network.example', role: 'marketing' });
    callers.set('anonymous', (path, init = {}) => fetch(`${t.baseUrl}${path}`, init));
    callers.set('adminToken', (path, init = {}) =>
      fetch(`${t.baseUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${TEST_ADMIN_TOKEN}` } }),
    );
    callers.set('admin', admin.api);
    callers.set('owner', owner.api);
    callers.set('therapist', therapist.api);
    callers.set('marketing', marketing.api);
  }, 120_000);
  afterAll(() => t.close());

  const cases = ROUTES.flatMap((route) => CALLERS.map((caller) => [`${route.method ?? 'GET'} ${route.route}`, caller, route] as const));
  it.each(cases)('%s as %s', async (_label, caller, route) => {
    const call = callers.get(caller);
    if (call === undefined) throw new Error(`no caller ${caller}`);
    const payload = route.body === undefined ? undefined : await route.body();
    const response = await call(route.route, {
      method: route.method ?? 'GET',
      ...(payload === undefined ? {} : { body: payload.body, headers: { 'content-type': payload.contentType } }),
    });
    await response.arrayBuffer();
    expect(response.status).toBe(route.expected[caller]);
  });

  it('gives an owner only their clinic in reports, summaries and exports', async () => {
    const k01 = testPseudonymizer(t).key('clinic', 'k01');
    // A session of another clinic with a technique, condition, site and date k01 never had.
    const other = await t.api('/api/ingest?filename=k02-only.csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'client_id,clinic_id,technique,condition,session,session_date,phase,measure,site,value,unit\nk02only,k02,cupping,k02_condition,1,1999-01-02,pre,ppt,k02_site,300,kPa\n',
    });
    expect(other.status).toBe(201);
    const byClinic = (await (await owner.api('/api/reports?by=clinic_id')).json()) as { groups: { name: string }[] };
    expect(byClinic.groups.map((group) => group.name)).toEqual([k01]);
    const filters = (await (await owner.api('/api/cohorts/filters')).json()) as {
      clinics: string[];
      measures: { code: string }[];
      sites: string[];
      techniques: string[];
      conditions: string[];
      dateRange: { from: string; to: string };
    };
    expect(filters.clinics).toEqual([k01]);
    // Every list of the filter controls is of k01's rows only (practice.csv's, and what the owner
    // ingested in the cases above): other clinics' names and dates are theirs.
    const [header, ...lines] = (await readFile(`${DEMO_DATA}practice.csv`, 'utf8')).trim().split('\n');
    const columns = header.split(',');
    const k01Rows = lines.map((line) => line.split(',')).filter((row) => row[columns.indexOf('clinic_id')] === 'k01');
    const valuesOf = (column: string) => new Set(k01Rows.map((row) => row[columns.indexOf(column)]));
    const expectWithin = (listed: string[], column: string, empty: string) =>
      expect(listed.filter((value) => !valuesOf(column).has(value) && value !== empty)).toEqual([]);
    expectWithin(filters.techniques, 'technique', 'all');
    expectWithin(filters.conditions, 'condition', 'unspecified');
    expectWithin(filters.sites, 'site', '');
    expectWithin(filters.measures.map((measure) => measure.code), 'measure', '');
    const dates = [...valuesOf('session_date')].filter((date) => date !== '').sort();
    expect(filters.dateRange.from >= dates[0] && filters.dateRange.to <= dates.at(-1)!).toBe(true);
    const exported = (await (await owner.api('/api/export?format=csv')).text()).trim().split('\n');
    const clinicColumn = exported[0].split(',').indexOf('clinic_key');
    expect(new Set(exported.slice(1).map((line) => line.split(',')[clinicColumn]))).toEqual(new Set([k01]));
  });

  it('gives a therapist their clinic\'s aggregates but only their own sessions\' rows', async () => {
    const pseudonyms = testPseudonymizer(t);
    const byTherapist = (await (await therapist.api('/api/reports?by=therapist_id')).json()) as { groups: { name: string }[] };
    // Their peers in the clinic, for the funnel plot: k01's five therapists.
    expect(byTherapist.groups.length).toBe(5);
    const exported = (await (await therapist.api('/api/export?format=csv')).text()).trim().split('\n');
    const therapistColumn = exported[0].split(',').indexOf('therapist_key');
    expect(exported.length).toBeGreaterThan(1);
    expect(new Set(exported.slice(1).map((line) => line.split(',')[therapistColumn]))).toEqual(new Set([pseudonyms.key('therapist', 't001')]));
    expect((await therapist.api(`/api/export?therapist=${pseudonyms.key('therapist', 't002')}`)).status).toBe(403);
  });

  it('refuses an owner\'s file with rows of another clinic, naming each row, and stores none of it', async () => {
    const response = await owner.api('/api/ingest', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `${K01_FILE}role-test-3,k03,t011,1,pain_nrs,score,6\nrole-test-4,,t011,1,pain_nrs,score,6\n`,
    });
    expect(response.status).toBe(422);
    const { errors } = (await response.json()) as { errors: { line: number; column: string; message: string }[] };
    expect(errors.map((error) => [error.line, error.column])).toEqual([
      [3, 'clinic_id'],
      [4, 'clinic_id'],
    ]);
  });
});
