/**
 * Who sees what, in Chromium against the real API on the demo practice data: each role signs in
 * with email and password and is offered only what the API grants it (navigation, filters, the
 * Data page's panels); marketing sees small cells withheld and the claims page refuse a claim on
 * data without a control group; a refused, revoked or signed-out session goes back to sign-in
 * with a message; too many wrong passwords are answered with how long to wait.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { artefactPath, screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DEMO_DIR, ingestFile, startDashboardApp } from './support/dashboard-app.js';
import { watchPage, type PageProblems } from './support/page-watch.js';
import { addUser, navigationOf, signInWithForm, type Role, type TestUser } from './support/users.js';

let app: TestApp;
let browser: Browser;
const users = {} as Record<Role | 'revoked' | 'guesser', TestUser>;

beforeAll(async () => {
  app = await startDashboardApp();
  const batch = await ingestFile(app, `${DEMO_DIR}practice.csv`);
  expect(batch).toMatchObject({ status: 'stored', inserted: 39084 });
  users.admin = await addUser(app, { email: 'boss@clinic.example', role: 'admin' });
  users.owner = await addUser(app, { email: 'owner@clinic.example', role: 'owner', clinics: ['k01', 'k02'] });
  users.therapist = await addUser(app, {
    email: 'therapist@clinic.example',
    role: 'therapist',
    clinics: ['k04'],
    therapist: 't017',
  });
  users.marketing = await addUser(app, { email: 'marketing@clinic.example', role: 'marketing' });
  users.revoked = await addUser(app, { email: 'leaver@clinic.example', role: 'owner', clinics: ['k03'] });
  users.guesser = await addUser(app, { email: 'forgetful@clinic.example', role: 'marketing' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function freshPage(
  allow: RegExp[] = [],
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page, allow) };
}

async function chartsDrawn(page: Page, ids: string[]): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      wanted.every(
        (id) => document.querySelector(`.chart-frame[data-chart="${id}"][data-rendered] svg`) !== null,
      ),
    ids,
    { timeout: 60_000 },
  );
}

const NAVIGATION: Record<Role, string[]> = {
  admin: ['overview', 'within-session', 'across-sessions', 'course', 'techniques', 'therapists', 'data', 'record', 'claims', 'report-card', 'users'],
  owner: ['overview', 'within-session', 'across-sessions', 'course', 'techniques', 'therapists', 'data', 'record', 'claims', 'report-card', 'users'],
  therapist: ['overview', 'within-session', 'across-sessions', 'course', 'techniques', 'therapists', 'data', 'record', 'report-card'],
  marketing: ['overview', 'within-session', 'across-sessions', 'techniques', 'claims'],
};

describe.each(Object.keys(NAVIGATION) as Role[])('signed in as %s', (role) => {
  it('with email and password: the header names the user and role, the navigation holds what the role may open', async () => {
    const { context, page, problems } = await freshPage();
    await signInWithForm(page, app.baseUrl, users[role].email);
    expect(await page.locator('.user-menu .user-name').textContent()).toBe(users[role].email);
    expect(await page.locator('.user-menu .role-badge').textContent()).toBe(role);
    expect(await navigationOf(page)).toEqual(NAVIGATION[role]);
    // The session is an HttpOnly cookie: neither it nor the password is anywhere a page script reads.
    const session = (await context.cookies()).find((cookie) => cookie.name === 'threshold_session');
    expect(session?.value).toMatch(/^thr_\S{16,}/);
    const readable = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage, cookie: document.cookie }));
    expect(readable).not.toContain(session?.value);
    expect(readable).not.toContain('a long enough password');
    await chartsDrawn(page, ['overview-trajectory']);
    await screenshot(page, `role-${role}-overview`);
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('an owner', () => {
  it('filters by their own clinics only, and has upload, their own batches and export on the Data page', async () => {
    const { context, page, problems } = await freshPage();
    await signInWithForm(page, app.baseUrl, users.owner.email, '/data/');
    await page.waitForSelector('.chart-frame[data-chart="data-coverage"][data-rendered] svg', {
      timeout: 60_000,
    });
    expect(await page.locator('#upload-file').count()).toBe(1);
    expect(await page.locator('button[data-format="arrow"]').count()).toBe(1);
    // Their own batches only (the demo file was loaded with the admin token, so none yet).
    await page.waitForSelector('.batches-body .state-empty');
    expect(await page.locator('.batches-body').textContent()).toContain('You have not loaded any files yet');
    // Their two clinics, not the eight of the data.
    expect(await page.locator('details[data-filter="clinic"] input[type=checkbox]').count()).toBe(2);
    await page.locator('details[data-filter="clinic"] > summary').click();
    await screenshot(page, 'role-owner-data');
    // A shared link naming another clinic opens as the widest view the owner may see, not a 403.
    await page.goto(`${app.baseUrl}/?clinic=ffffffffffffffffffffffffffffffff`);
    await chartsDrawn(page, ['overview-trajectory']);
    expect(new URL(page.url()).searchParams.has('clinic')).toBe(false);
    // Claims about their own clinics (judged on suppressed data, as for marketing): the page opens.
    await page.goto(`${app.baseUrl}/claims/`);
    await page.waitForSelector('.claims-scope');
    expect(await page.locator('.state-forbidden').count()).toBe(0);
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('a therapist', () => {
  it('sees the Data page without upload or batches, and exports the rows of their own sessions only', async () => {
    const { context, page, problems } = await freshPage();
    await signInWithForm(page, app.baseUrl, users.therapist.email, '/data/');
    await page.waitForSelector('.chart-frame[data-chart="data-coverage"][data-rendered] svg', {
      timeout: 60_000,
    });
    expect(await page.locator('#upload-file').count()).toBe(0);
    expect(await page.locator('.batches-table, .batches-body').count()).toBe(0);
    expect(await page.locator('.card', { hasText: 'Export the measurements' }).textContent()).toContain(
      'your own sessions',
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[data-format="csv"]'),
    ]);
    const path = artefactPath(`therapist-${download.suggestedFilename()}`);
    await download.saveAs(path);
    const lines = (await readFile(path, 'utf8')).trimEnd().split(/\r?\n/);
    const header = lines[0].split(',');
    expect(lines.length).toBeGreaterThan(10);
    const therapists = new Set(
      lines.slice(1).map((line) => line.split(',')[header.indexOf('therapist_key')]),
    );
    const clinics = new Set(lines.slice(1).map((line) => line.split(',')[header.indexOf('clinic_key')]));
    expect(therapists.size).toBe(1);
    expect(clinics.size).toBe(1);
    await screenshot(page, 'role-therapist-data');

    // On the funnel their own point is marked among their peers.
    await page.goto(`${app.baseUrl}/therapists/`);
    await chartsDrawn(page, ['therapists-funnel']);
    expect(await page.locator('.page-intro').textContent()).toContain('Your own point is circled');
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('marketing', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    ({ context, page, problems } = await freshPage());
    await signInWithForm(page, app.baseUrl, users.marketing.email);
  });
  afterAll(async () => context.close());

  it('has no filter but the measure, and no Data or Therapists page', async () => {
    // The API refuses every other filter from marketing (site, technique and condition views could
    // be subtracted from the unfiltered ones to recover suppressed clients: marketing-view.ts).
    // A shared link that carries them opens as the unfiltered view, with no request refused.
    await page.goto(
      `${app.baseUrl}/within-session/?measure=ppt&site=upper_trapezius_left&technique=swedish&condition=neck_pain`,
    );
    await chartsDrawn(page, ['within-session-immediate-effect']);
    expect(await page.locator('#filter-measure').count()).toBe(1);
    for (const selector of [
      '#filter-site',
      'details[data-filter="technique"]',
      'details[data-filter="condition"]',
      'details[data-filter="clinic"]',
      'details[data-filter="therapist"]',
      '#filter-from',
      '#filter-to',
    ])
      expect({ selector, count: await page.locator(selector).count() }).toEqual({ selector, count: 0 });
    expect(await page.locator('.filter-bar').textContent()).toContain('Whole practice');

    for (const path of ['/data/', '/therapists/']) {
      await page.goto(`${app.baseUrl}${path}`);
      await page.waitForSelector('.state-forbidden');
      expect(await page.locator('.state-forbidden h2').textContent()).toBe(
        'Your role (marketing) may not see this page',
      );
      expect(await page.locator('#upload-file, button[data-format]').count()).toBe(0);
    }
    await screenshot(page, 'role-marketing-forbidden-data');
    // No request was refused: the dashboard did not ask for what the role may not see.
    expect(problems.list()).toEqual([]);
  });

  it('sees small cells withheld, as the API withholds them: marked in words, never drawn', async () => {
    problems.clear();
    // What the API withholds for marketing in this view (fewer than 11 clients).
    const report = (await (await users.marketing.api('/api/reports?by=technique')).json()) as {
      suppression: { minimum: number; groups: string[] };
      groups: {
        name: string;
        suppressed?: boolean;
        cumulative: { session: number; suppressed?: boolean }[];
      }[];
    };
    expect(report.suppression.minimum).toBe(11);
    const withheldCells = report.groups.flatMap((group) =>
      (group.cumulative ?? [])
        .filter((cell) => cell.suppressed === true)
        .map((cell) => `${group.name}:${cell.session}`),
    );
    expect(withheldCells.length).toBeGreaterThan(0);

    await page.goto(`${app.baseUrl}/across-sessions/`);
    await chartsDrawn(page, ['across-sessions-cumulative-change', 'across-sessions-attrition']);
    expect(await page.locator('.suppression-notice').textContent()).toContain('fewer than 11 clients');
    const card = page.locator('.chart-card', {
      has: page.locator('[data-chart="across-sessions-cumulative-change"]'),
    });
    await card.locator('.card-numbers > summary').click();
    const withheldRows = card.locator('table.data-table tbody tr.withheld');
    expect(await withheldRows.count()).toBe(withheldCells.length + report.suppression.groups.length);
    for (const text of await withheldRows.allTextContents())
      expect(text).toContain('fewer than 11 clients: not shown');
    expect(await card.locator('.card-notes').textContent()).toContain('are not drawn');
    // Drawn: one dot per published cell, none for a withheld one.
    const published = report.groups.flatMap((group) =>
      (group.cumulative ?? []).filter((cell) => cell.suppressed !== true),
    );
    const dots = await card.locator('.chart-frame svg g[data-mark="dot"] > *').count();
    expect(dots).toBe(published.length);
    // The attrition flow shows withheld counts as "<11", in dashed boxes.
    const attrition = page.locator('.chart-frame[data-chart="across-sessions-attrition"] svg');
    expect(await attrition.textContent()).toContain('<11');

    // The CSV records why a row has no numbers.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.locator('button[data-action="csv"]').click(),
    ]);
    const path = artefactPath(`marketing-${download.suggestedFilename()}`);
    await download.saveAs(path);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe('group,session,n,mean_change,ci_low,ci_high,p,withheld,size_band');
    const [group, session] = withheldCells[0].split(':');
    expect(lines).toContain(`${group},${session},,,,,,fewer than 11 clients: not shown,1-10`);
    await screenshot(page, 'role-marketing-suppressed');
    expect(problems.list()).toEqual([]);
  });

  it('is refused a controlled claim on practice data without a control group, told why in plain words', async () => {
    problems.clear();
    await page.goto(`${app.baseUrl}/claims/`);
    await page.waitForSelector('.refusals');
    // Its own clients' results may be stated (observational); a comparison with untreated clients may not.
    expect(await page.locator('.claim-card[data-kind="controlled"]').count()).toBe(0);
    expect(await page.locator('.claim-card[data-kind="observational"]').count()).toBeGreaterThan(0);
    const refusal = page.locator('.refusal[data-kind="controlled"]').first();
    expect(await refusal.locator('h4').textContent()).toBe('No claim can be made from this data');
    expect(await refusal.locator('.reason-plain').first().textContent()).toContain(
      'There is no comparison group',
    );
    // The API's own wording stays beside it, for whoever checks the decision.
    expect(await refusal.locator('.reason-detail').first().textContent()).toContain(
      'no controlled comparison',
    );
    await screenshot(page, 'claims-refused-practice');
    expect(problems.list()).toEqual([]);
  });

  it('signs out: the session is revoked at the API and its cookie cleared', async () => {
    const token = (await page.context().cookies()).find((cookie) => cookie.name === 'threshold_session')?.value;
    expect(token).toMatch(/^thr_/);
    await page.click('button[data-action="sign-out"]');
    await page.waitForSelector('.sign-in[data-reason="signed-out"]');
    expect(await page.locator('#sign-in-intro').textContent()).toBe(
      'You have signed out. Sign in again to continue.',
    );
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('threshold_session');
    expect(await page.locator('.site-nav').count()).toBe(0);
    const after = await fetch(`${app.baseUrl}/api/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
  });
});

describe('sessions that end, and passwords that are wrong', () => {
  it('goes back to sign-in with a message when the API stops accepting the token (revoked)', async () => {
    // The revoked token's requests answer 401: that is the point of this test.
    const { context, page, problems } = await freshPage([/401/]);
    await signInWithForm(page, app.baseUrl, users.revoked.email);
    await chartsDrawn(page, ['overview-trajectory']);
    const revoked = await app.api(`/api/users/${users.revoked.id}/revoke-tokens`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    await page.click('.site-nav a[data-page="techniques"]');
    await page.waitForSelector('.sign-in[data-reason="expired"]');
    expect(await page.locator('#sign-in-title').textContent()).toBe('Sign in again');
    expect(await page.locator('#sign-in-intro').textContent()).toContain('Your session has ended');
    // Signing in again lands on the page that was asked for.
    await page.fill('#sign-in-email', users.revoked.email);
    await page.fill('#sign-in-password', 'a long enough password');
    await page.click('form.sign-in-password button[type=submit]');
    await chartsDrawn(page, ['techniques-forest-plot']);
    expect(new URL(page.url()).pathname).toBe('/techniques/');
    expect(problems.list().filter((problem) => !/401/.test(problem))).toEqual([]);
    await context.close();
  });

  it('says a password is wrong, and after too many attempts how long to wait', async () => {
    // Wrong passwords answer 401 and the rate limit 429, on purpose.
    const { context, page, problems } = await freshPage([/401/, /429/]);
    await page.goto(`${app.baseUrl}/`);
    await page.waitForSelector('form.sign-in-password');
    const message = page.locator('#sign-in-message');
    const submit = page.locator('form.sign-in-password button[type=submit]');
    await page.fill('#sign-in-email', users.guesser.email);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.fill('#sign-in-password', `wrong guess number ${attempt}`);
      await submit.click();
      await page.waitForFunction(
        () =>
          document.querySelector('#sign-in-message')?.textContent?.startsWith('Wrong email or password') ===
          true,
      );
      await page.evaluate(() => (document.querySelector('#sign-in-message')!.textContent = ''));
    }
    // The right password now, but the account is rate-limited: the API says how long to wait.
    await page.fill('#sign-in-password', 'a long enough password');
    await submit.click();
    await page.waitForFunction(() =>
      /^Too many attempts: try again in \d+ s\.$/.test(
        document.querySelector('#sign-in-message')?.textContent ?? '',
      ),
    );
    const seconds = Number(/in (\d+) s/.exec((await message.textContent()) ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(60);
    expect(await submit.isDisabled()).toBe(true);
    expect(await submit.textContent()).toMatch(/^Wait \d+ s$/);
    await screenshot(page, 'sign-in-rate-limited');
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});
