/**
 * The claims page on the demo data (data/demo: the trial-shaped set and the practice set), in
 * Chromium against the real API (issue 17): marketing picks the measure, sees its own clients'
 * results worded ready to copy, with the evidence pack and the published study they may stand
 * beside, counts that add up, and refusals that name small-cell suppression; an owner approves a
 * claim about their clinic, and an owner of a small clinic is told that suppression is the cause.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { artefactPath, screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DEMO_DIR, ingestFile, startDashboardApp } from './support/dashboard-app.js';
import { watchPage, type PageProblems } from './support/page-watch.js';
import { addUser, signInWithForm, type TestUser } from './support/users.js';

let app: TestApp;
let browser: Browser;
let marketing: TestUser;
let ownerK04: TestUser;
let ownerK01: TestUser;

beforeAll(async () => {
  app = await startDashboardApp();
  expect((await ingestFile(app, `${DEMO_DIR}practice.csv`)).status).toBe('stored');
  expect((await ingestFile(app, `${DEMO_DIR}trial.csv`)).status).toBe('stored');
  marketing = await addUser(app, { email: 'marketing@network.example', role: 'marketing' });
  ownerK04 = await addUser(app, { email: 'owner@k04.example', role: 'owner', clinics: ['k04'] });
  ownerK01 = await addUser(app, { email: 'owner@k01.example', role: 'owner', clinics: ['k01'] });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function open(
  user: TestUser,
  path = '/claims/',
  allow: RegExp[] = [],
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchPage(page, allow);
  await signInWithForm(page, app.baseUrl, user.email, path);
  await page.waitForSelector('.claims-scope', { timeout: 60_000 });
  return { context, page, problems };
}

async function count(page: Page, field: string): Promise<number> {
  return Number(await page.locator(`.claims-scope [data-field="${field}"]`).textContent());
}

describe('marketing', () => {
  it('sees its clients’ PPT results ready to copy, beside Moraska 2017, with the evidence pack', async () => {
    const { context, page, problems } = await open(marketing);
    expect(await page.locator('#claims-measure').inputValue()).toBe('ppt');

    const card = page.locator('.claim-card[data-kind="observational"][data-group="trigger_point_release"]');
    expect(await card.count()).toBe(1);
    const statement = ((await card.locator('.claim-statement').textContent()) ?? '').trim();
    expect(statement).toMatch(
      /^Across \d+ clients treated with trigger-point release between .* rose by a mean of [\d.]+ kPa \(95% CI [\d.]+ to [\d.]+\) .* not a comparison with clients who were not treated\.$/,
    );
    expect(await card.locator('[data-field="change"]').textContent()).toMatch(
      /^\+[\d.]+ kPa \(95% CI [\d.]+ to [\d.]+\)$/,
    );
    expect(Number(await card.locator('[data-field="clients"]').textContent())).toBeGreaterThanOrEqual(30);
    expect(await card.locator('.beside-study h4').textContent()).toBe(
      'May stand beside: Moraska et al. 2017',
    );
    expect(await card.locator('.beside-text').textContent()).toMatch(
      /^Our clients' change, first to last session: .* In the trial \(Moraska et al\. 2017\)/,
    );
    expect(await card.locator('.claim-status').textContent()).toMatch(/^Draft/);
    // Marketing may not approve: no such button.
    expect(await card.locator('button[data-action="approve"]').count()).toBe(0);

    // The published study, with its DOI.
    const study = page.locator('.claim-card[data-kind="published"][data-study="moraska-2017"]');
    expect(await study.locator('[data-field="doi"] a').getAttribute('href')).toBe(
      'https://doi.org/10.1097/PHM.0000000000000728',
    );

    // Copy-ready: the button puts the statement, as written, on the clipboard.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
    await card.locator('button[data-action="copy-statement"]').click();
    await page.waitForFunction(
      (text) => navigator.clipboard.readText().then((copied) => copied === text),
      statement,
    );

    // The evidence pack of that claim.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.locator('button[data-action="evidence"]').click(),
    ]);
    const path = artefactPath(download.suggestedFilename());
    await download.saveAs(path);
    const pack = JSON.parse(await readFile(path, 'utf8')) as {
      kind: string;
      claim: { statement: string };
      beside: { key: string }[];
    };
    expect(pack.kind).toBe('observational');
    expect(pack.claim.statement).toBe(statement);
    expect(pack.beside.map((entry) => entry.key)).toEqual(['moraska-2017']);

    // Counts that add up: each kind's count is its cards, and they sum to "supported".
    const kinds = {
      observational: await count(page, 'observational'),
      published: await count(page, 'published'),
      controlled: await count(page, 'controlled'),
      sessions: await count(page, 'sessions'),
    };
    for (const [kind, n] of Object.entries(kinds))
      expect({ kind, cards: await page.locator(`.claim-card[data-kind="${kind}"]`).count() }).toEqual({
        kind,
        cards: n,
      });
    expect(await count(page, 'supported')).toBe(
      kinds.observational + kinds.published + kinds.controlled + kinds.sessions,
    );
    expect(await count(page, 'supported')).toBe(await page.locator('.claim-card').count());
    expect(await count(page, 'refused')).toBe(await page.locator('.refusal').count());

    // The comparison withheld for small cells says suppression, not "not enough follow-up".
    const withheld = page.locator(
      '.refusal[data-kind="controlled"][data-treatment="myofascial_release"][data-control="waitlist"]',
    );
    expect(await withheld.getAttribute('data-suppressed')).toBe('true');
    expect(await withheld.locator('.reason-plain').first().textContent()).toMatch(
      /^Withheld by small-cell suppression: fewer than 11 clients of the myofascial release group had a result at session 12/,
    );
    expect(await page.locator('.reason-plain', { hasText: 'Not enough follow-up' }).count()).toBe(0);
    await screenshot(page, 'claims-demo-marketing');
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('sees how many sessions it took, as the API words it, with the median and how many were followed', async () => {
    const answer = (await (await marketing.api('/api/claims?measure=ppt')).json()) as {
      timeToResponse: { claims: { id: number | string; group: string; statement: string; medianSessions: number; ciLow: number; ciHigh: number; n: number }[] };
    };
    expect(answer.timeToResponse.claims.length).toBeGreaterThan(0);
    const { context, page, problems } = await open(marketing);
    const cards = page.locator('.claim-card[data-kind="sessions"]');
    expect(await cards.count()).toBe(answer.timeToResponse.claims.length);
    expect(await page.locator('#sessions-title').textContent()).toBe(`How many sessions it took (${answer.timeToResponse.claims.length})`);
    for (const claim of answer.timeToResponse.claims) {
      const card = page.locator(`.claim-card[data-kind="sessions"][data-group="${claim.group}"]`);
      expect(((await card.locator('.claim-statement').textContent()) ?? '').trim()).toBe(claim.statement);
      expect(await card.locator('[data-field="median-sessions"]').textContent()).toBe(
        `${claim.medianSessions} session${claim.medianSessions === 1 ? '' : 's'} (95% CI ${claim.ciLow} to ${claim.ciHigh})`,
      );
      expect(await card.locator('[data-field="clients"]').textContent()).toMatch(new RegExp(`^${claim.n.toLocaleString('en-GB')} \\(`));
    }
    const all = page.locator('.claim-card[data-kind="sessions"][data-group="all"]');
    expect(await all.locator('.claim-statement').textContent()).toMatch(/^Half of our clients between .* reached a clinically meaningful improvement .* after \d+ sessions \(95% CI \d+ to \d+; /);
    await page.locator('section[data-kind="sessions"]').screenshot({ path: artefactPath('claims-demo-sessions.png') });
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('picks another measure: the page asks the API for that measure’s claims', async () => {
    const { context, page, problems } = await open(marketing);
    await page.selectOption('#claims-measure', 'pain_nrs');
    await page.waitForURL(/measure=pain_nrs/);
    await page.waitForSelector(
      '.claim-card[data-kind="observational"][data-group="all"] .claim-statement:has-text("pain (numeric rating scale) fell")',
    );
    expect(await count(page, 'published')).toBe(0);
    await screenshot(page, 'claims-demo-marketing-pain');
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('marketing’s own wording', () => {
  it('is refused with each forbidden word named, and honest wording passes', async () => {
    // The refusal is a 422 by design: the page shows it, it is not a failure of the page.
    const { context, page, problems } = await open(marketing, '/claims/', [
      /HTTP 422 POST .*\/api\/claims\/wording$/,
      /status of 422 .*\/api\/claims\/wording\)$/,
    ]);
    await page.fill('#wording-text', 'Our clinically proven massage cures tension headaches.');
    await page.click('button[data-action="check-wording"]');
    const result = page.locator('.wording-result[data-allowed="false"]');
    await result.waitFor();
    expect(await result.textContent()).toMatch(
      /^Refused: the wording uses forbidden words: "clinically proven" .*"cures"/,
    );
    await screenshot(page, 'claims-demo-wording-refused');
    await page.fill(
      '#wording-text',
      'Most of our clients reported a higher pressure-pain threshold by their last session.',
    );
    await page.click('button[data-action="check-wording"]');
    await page.locator('.wording-result[data-allowed="true"]').waitFor();
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('an owner', () => {
  it('approves a claim about their own clinic, and the page shows it approved', async () => {
    const { context, page, problems } = await open(ownerK04);
    const card = page.locator('.claim-card[data-kind="observational"]').first();
    const id = await card.getAttribute('data-claim-id');
    await card.locator('button[data-action="approve"]').click();
    const approved = page.locator(`.claim-card[data-claim-id="${id}"] .claim-status[data-status="approved"]`);
    await approved.waitFor();
    expect(await approved.textContent()).toBe('Approved: may be published');
    expect(await page.locator(`.managed-claim[data-claim-id="${id}"]`).getAttribute('data-status')).toBe(
      'approved',
    );
    await screenshot(page, 'claims-demo-owner-approved');
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('of a small clinic is told that small-cell suppression is why nothing may be said', async () => {
    const { context, page, problems } = await open(ownerK01);
    expect(await page.locator('.claim-card[data-kind="observational"]').count()).toBe(0);
    const all = page.locator('.refusal[data-kind="observational"][data-treatment="all"]');
    expect(await all.locator('h4').textContent()).toMatch(/^We may not state a result for all clients/);
    expect(await all.locator('.reason-plain').textContent()).toMatch(
      /^Withheld by small-cell suppression: a figure for all clients would let the hidden results \(.+\) be worked out by subtraction/,
    );
    expect(
      await page.locator('.refusal[data-kind="observational"][data-suppressed="true"]').count(),
    ).toBeGreaterThan(1);
    await screenshot(page, 'claims-demo-owner-small-clinic');
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('a public results card', () => {
  it('renders inside an iframe on another site, styled under its strict CSP, without cookies', async () => {
    // An admin approves the all-clients claim and puts it on a card (the API's routes, as a script would).
    const answer = (await (await marketing.api('/api/claims?measure=ppt')).json()) as {
      claims: { kind: string; group?: string; id: string; statement: string }[];
    };
    const all = answer.claims.find((claim) => claim.kind === 'observational' && claim.group === 'all');
    expect(all).toBeDefined();
    expect((await app.api(`/api/claims/${all?.id}/approve`, { method: 'POST' })).status).toBe(200);
    const created = await app.api('/api/public/cards', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'network', measure: 'ppt', claims: [all?.id] }),
    });
    expect(created.status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    // A clinic's website, served from another origin (another port), embeds the card. (A page
    // without a network origin, such as about:blank, is not matched by frame-ancestors *.)
    const site = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(
        `<!doctype html><h1>Our clinic</h1><iframe title="Results" src="${app.baseUrl}/cards/network" width="700" height="700"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    const frame = page.frameLocator('iframe');
    await frame.locator('blockquote').first().waitFor();
    expect((await frame.locator('blockquote').first().textContent())?.trim()).toBe(all?.statement);
    // The one inline style is allowed by its hash: the page is styled, not bare.
    const maxWidth = await frame.locator('main').evaluate((main) => getComputedStyle(main).maxWidth);
    expect(maxWidth).toBe('640px');
    expect(await frame.locator('table tbody tr').count()).toBeGreaterThan(0);
    expect(await context.cookies(app.baseUrl)).toEqual([]);
    await screenshot(page, 'claims-demo-public-card');
    expect(problems.list()).toEqual([]);
    await context.close();
    await new Promise((resolve) => site.close(resolve));
  });
});
