/**
 * Public results cards on the demo data (issue 17): made by an admin or an owner from approved
 * claims only, read without a token as JSON (ETag, cacheable) and as an embeddable page (strict
 * CSP, no cookie), with no group under the suppression minimum, rate-limited per address, and
 * gone (404) once revoked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '../cohorts/testing/outcome-files.js';
import { writeWorseningFile } from '../claims/testing/worsening-file.js';
import type { ClaimsAnswer, ObservationalClaimView } from '../claims/claims.service.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser, type SignedIn } from '../testing/users.js';
import type { PublicCard } from './public-cards.service.js';

const RATE = 40;

describe('public results cards', () => {
  let t: TestApp;
  let marketing: SignedIn;
  let ownerK01: SignedIn;
  let answer: ClaimsAnswer;
  const claimOf = (group: string) =>
    answer.claims.find((claim): claim is ObservationalClaimView => claim.kind === 'observational' && claim.group === group) as ObservationalClaimView;
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const anonymous = (path: string, headers: Record<string, string> = {}) => fetch(`${t.baseUrl}${path}`, { headers });

  beforeAll(async () => {
    t = await startTestApp({ reportCron: '0 0 1 1 *', publicCardRequestsPerMinute: RATE });
    await ingestFile(t, `${DEMO_DATA}practice.csv`);
    await ingestFile(t, `${DEMO_DATA}trial.csv`);
    marketing = await createUser(t, { email: 'marketing@network.example', role: 'marketing' });
    ownerK01 = await createUser(t, { email: 'owner@k01.example', role: 'owner', clinics: ['k01'] });
    answer = (await (await marketing.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
    for (const group of ['trigger_point_release', 'all', 'myofascial_release']) {
      expect((await t.api(`/api/claims/${claimOf(group).id}/approve`, { method: 'POST' })).status).toBe(200);
    }
  }, 180_000);
  afterAll(() => t.close());

  it('holds approved claims only: another is a 409 naming it', async () => {
    const draft = claimOf('swedish');
    const refused = await t.api('/api/public/cards', json({ slug: 'network', measure: 'ppt', claims: [claimOf('trigger_point_release').id, draft.id] }));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toBe(`claim ${draft.id} is draft: a card holds approved claims only`);
    expect((await marketing.api('/api/public/cards', json({ slug: 'network', claims: [] }))).status).toBe(403);
    expect((await t.api('/api/public/cards', json({ slug: 'Not A Slug', claims: [] }))).status).toBe(400);
  });

  it('answers without a token: approved claims, published groups only, data version and period; ETag and cacheable', async () => {
    const ids = [claimOf('trigger_point_release').id, claimOf('all').id];
    const created = await t.api('/api/public/cards', json({ slug: 'network', measure: 'ppt', claims: ids }));
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ slug: 'network', url: '/api/public/cards/network', page: '/cards/network', claims: ids });
    expect((await t.api('/api/public/cards', json({ slug: 'network', claims: [] }))).status).toBe(409);

    const response = await anonymous('/api/public/cards/network');
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const card = (await response.json()) as PublicCard;
    expect(card).toMatchObject({ slug: 'network', measure: 'ppt', dataVersion: answer.dataVersion, period: answer.period, suppressionMinimum: 11 });
    expect(card.claims.map((claim) => claim.statement).sort()).toEqual([claimOf('all').statement, claimOf('trigger_point_release').statement].sort());
    expect(card.claims.find((claim) => claim.id === claimOf('trigger_point_release').id)?.beside).toEqual([
      { citation: 'Moraska et al. 2017', doi: '10.1097/PHM.0000000000000728', text: claimOf('trigger_point_release').beside[0].text },
    ]);
    expect(card.groups.length).toBeGreaterThan(0);
    expect(card.groups.every((group) => group.clients >= 11)).toBe(true);

    const etag = response.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await anonymous('/api/public/cards/network');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await anonymous('/api/public/cards/network', { 'if-none-match': etag })).status).toBe(304);
  });

  it('shows no group under the suppression minimum on an owner’s card, not even by name', async () => {
    const created = await ownerK01.api('/api/public/cards', json({ slug: 'clinic-k01', measure: 'ppt', claims: [] }));
    expect(created.status).toBe(201);
    // The groups suppression withholds in the owner's clinic (fewer than 11 clients, or withheld to protect one).
    const owners = (await (await ownerK01.api('/api/claims?measure=ppt')).json()) as ClaimsAnswer;
    const withheld = owners.refusals
      .filter((refusal) => refusal.missing.some((reason) => /^suppressed: \S+ is withheld by small-cell suppression/.test(reason)))
      .map((refusal) => refusal.treatment);
    expect(withheld.length).toBeGreaterThan(0);
    const card = (await (await anonymous('/api/public/cards/clinic-k01')).json()) as PublicCard;
    const text = JSON.stringify(card);
    for (const name of withheld) expect({ name, onCard: text.includes(`"${name}"`) }).toEqual({ name, onCard: false });
    expect(card.groups.length).toBeGreaterThan(0);
    expect(card.groups.every((group) => group.clients >= 11)).toBe(true);
    // An owner's card cannot hold a claim about every clinic.
    const other = await ownerK01.api('/api/public/cards', json({ slug: 'clinic-k01-b', claims: [claimOf('all').id] }));
    expect(other.status).toBe(409);
  });

  it('serves an embeddable page: no script, no cookie, strict CSP, any site may frame it', async () => {
    const response = await anonymous('/cards/network');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('x-frame-options')).toBeNull();
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'; frame-ancestors \*$/);
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`data version ${answer.dataVersion}`);
    expect(html).toContain('not a comparison with untreated clients');
  });

  it('answers 404 once revoked, as JSON and as the page', async () => {
    expect((await marketing.api('/api/public/cards/network', { method: 'DELETE' })).status).toBe(403);
    expect((await t.api('/api/public/cards/network', { method: 'DELETE' })).status).toBe(204);
    expect((await anonymous('/api/public/cards/network')).status).toBe(404);
    const page = await anonymous('/cards/network');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('No such card');
    expect((await t.api('/api/public/cards/network', { method: 'DELETE' })).status).toBe(404);
  });

  it('shows only claims that still meet their criteria on the current data, before any re-check', async () => {
    const claim = claimOf('myofascial_release');
    expect((await t.api('/api/public/cards', json({ slug: 'myofascial', measure: 'ppt', claims: [claim.id] }))).status).toBe(201);
    const before = (await (await anonymous('/api/public/cards/myofascial')).json()) as PublicCard;
    expect(before.claims.map((shown) => shown.id)).toEqual([claim.id]);

    // 300 new myofascial-release clients whose PPT fell ~40 kPa: the claim no longer holds.
    const directory = await mkdtemp(join(tmpdir(), 'threshold-cards-'));
    try {
      const file = join(directory, 'worsening.csv');
      await writeWorseningFile(file, { technique: 'myofascial_release', clinic: 'k03', clients: 300, fallKpa: 40 });
      await ingestFile(t, file);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    const after = (await (await anonymous('/api/public/cards/myofascial')).json()) as PublicCard;
    expect(after.dataVersion).toBe(before.dataVersion + 1);
    expect(after.claims).toEqual([]);
  }, 120_000);

  it('limits anonymous requests per address', async () => {
    let limited: Response | undefined;
    for (let request = 0; request <= RATE && limited === undefined; request++) {
      const response = await anonymous('/api/public/cards/clinic-k01');
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
