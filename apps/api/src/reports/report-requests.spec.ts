/**
 * GET /api/reports refuses what it cannot answer with a 4xx that says what to send instead (never
 * a 500), and answers owners and therapists about their own clinics only.
 */
import { createUser } from '../testing/users.js';
import { ingestFile, testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const NEVER = '0 0 1 1 *';

describe('GET /api/reports requests', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ reportCron: NEVER });
    await ingestFile(t, `${DEMO_DATA}practice.csv`);
  }, 120_000);
  afterAll(() => t.close());

  it.each([
    ['measure=weight', /unknown measure "weight": use one of ppt, pain_nrs, headache_days, hdi/],
    ['by=site', /cannot group by "site": use one of technique, therapist_id, clinic_id, condition/],
    ['mcid=-1', /mcid must be a number >= 0, got "-1"/],
    ['mcid=abc', /mcid must be a number >= 0/],
    ['mcid=Infinity', /mcid must be a number >= 0/],
    ['measure=headache_days', /headache_days has no default MCID: give one with mcid= \(in days\)/],
    ['from=2024-02-30', /from must be a date written yyyy-mm-dd, got "2024-02-30"/],
    ['to=yesterday', /to must be a date written yyyy-mm-dd/],
    ['from=2024-05-01&to=2024-04-01', /from \(2024-05-01\) is after to \(2024-04-01\)/],
    [
      'ref=reiki',
      /ref: reference group "reiki" not found: the groups are deep_tissue, myofascial_release, swedish, trigger_point_release/,
    ],
    ['measur=ppt', /unknown query parameter "measur": this route takes measure, site/],
    ['measure=ppt&measure=hdi', /give measure once/],
    ['technique[a]=swedish', /unknown query parameter "technique\[a\]"/],
    // Numbers are read as strictly as in files: no hexadecimal, no spaces, no Infinity.
    ['mcid=0x10', /mcid must be a number >= 0, got "0x10"/],
    ['mcid=%201', /mcid must be a number >= 0, got " 1"/],
    ['mcid=1%20', /mcid must be a number >= 0, got "1 "/],
    ['mcid=1e400', /mcid must be a number >= 0, got "1e400"/],
    // Text PostgreSQL cannot store, in any parameter: never a 500.
    ['technique=%00', /^technique must not contain a NUL character/],
    ['site=a%00b', /^site must not contain a NUL character/],
    ['condition=%00', /^condition must not contain a NUL character/],
    ['condition=neck_pain&condition=%00', /^condition must not contain a NUL character/],
    ['clinic=k01,%00', /^clinic must not contain a NUL character/],
    ['therapist=%00', /^therapist must not contain a NUL character/],
    ['measure=ppt%00', /^measure must not contain a NUL character/],
    ['ref=%00', /^ref must not contain a NUL character/],
    ['by=%00', /^by must not contain a NUL character/],
    ['mcid=%00', /^mcid must not contain a NUL character/],
    ['from=%00', /^from must not contain a NUL character/],
  ])('?%s is a 400 that says why', async (query, message) => {
    const response = await t.api(`/api/reports?${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { statusCode: number; message: string; error: string };
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(body.message).toMatch(message);
  });

  it('needs a token', async () => {
    expect((await fetch(`${t.baseUrl}/api/reports`)).status).toBe(401);
  });

  it('gives marketing the suppressed view only (see suppression/), never a therapist grouping', async () => {
    const marketing = await createUser(t, { email: 'marketing@example.org', role: 'marketing' });
    const answer = (await (await marketing.api('/api/reports')).json()) as {
      suppression?: { minimum: number };
    };
    expect(answer.suppression?.minimum).toBe(11);
    expect((await marketing.api('/api/reports?by=therapist_id')).status).toBe(400);
  });

  it("answers an owner about their clinics only, and refuses another clinic's", async () => {
    const owner = await createUser(t, { email: 'owner@example.org', role: 'owner', clinics: ['k02'] });
    const own = await owner.api('/api/reports?by=clinic_id');
    expect(own.status).toBe(200);
    const report = (await own.json()) as { groups: { name: string; nClients: number }[] };
    expect(report.groups.map((group) => group.name)).toEqual([testPseudonymizer(t).key('clinic', 'k02')]);
    // The admin's report on that clinic is the same report.
    const admin = (await (await t.api('/api/reports?by=clinic_id&clinic=k02')).json()) as unknown;
    expect(report).toEqual(admin);
    const other = await owner.api('/api/reports?clinic=k01');
    expect(other.status).toBe(403);
    expect(((await other.json()) as { message: string }).message).toMatch(/is not one of your clinics/);
  });

  it('is documented in the OpenAPI document with its parameters', async () => {
    const document = (await (await fetch(`${t.baseUrl}/api/docs-json`)).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    expect(document.paths['/api/reports'].get.parameters.map((parameter) => parameter.name).sort()).toEqual([
      'by',
      'clinic',
      'condition',
      'from',
      'mcid',
      'measure',
      'ref',
      'site',
      'technique',
      'therapist',
      'to',
    ]);
  });
});
