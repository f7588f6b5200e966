/**
 * The dashboard on the real API: the demo practice data (2,000 clients, 8 clinics, 26 therapists)
 * loaded through POST /api/ingest, every page opened in Chromium at laptop and tablet sizes.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { artefactPath, screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DEMO_DIR, ingestFile, startDashboardApp, TEST_ADMIN_TOKEN } from './support/dashboard-app.js';
import { watchPage, type PageProblems } from './support/page-watch.js';

/** Each page and the charts it must draw. */
const PAGES = [
  { path: '/', name: 'overview', charts: ['overview-trajectory'] },
  {
    path: '/within-session/',
    name: 'within-session',
    charts: ['within-session-immediate-effect', 'within-session-pre-post'],
  },
  {
    path: '/across-sessions/',
    name: 'across-sessions',
    charts: ['across-sessions-cumulative-change', 'across-sessions-responders', 'across-sessions-attrition'],
  },
  { path: '/techniques/', name: 'techniques', charts: ['techniques-forest-plot'] },
  { path: '/therapists/', name: 'therapists', charts: ['therapists-funnel'] },
  { path: '/data/', name: 'data', charts: ['data-coverage'] },
];

const VIEWPORTS = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'tablet', width: 820, height: 1180 },
];

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startDashboardApp();
  const batch = await ingestFile(app, `${DEMO_DIR}practice.csv`);
  expect(batch).toMatchObject({ status: 'stored', inserted: 39084 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A browser context signed in the way a user is: by opening the link printed at start. */
async function signedInPage(
  viewport = VIEWPORTS[0],
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${app.baseUrl}/#token=${TEST_ADMIN_TOKEN}`);
  await page.waitForSelector('.chart-frame[data-rendered] svg');
  return { context, page, problems };
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

describe('signing in with the link printed at start', () => {
  it('exchanges the token for the session cookie, removes it from the address bar and shows the overview', async () => {
    const { context, page, problems } = await signedInPage();
    expect(page.url()).toBe(`${app.baseUrl}/`);
    // Kept nowhere a page script could read it: only the session cookie (HttpOnly) holds a session.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).toBe('{}');
    expect(await page.evaluate(() => document.cookie)).not.toContain(TEST_ADMIN_TOKEN);
    expect((await context.cookies()).find((cookie) => cookie.name === 'threshold_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    // The header says who is signed in: the admin token, in the admin role.
    expect(await page.locator('.user-menu .user-name').textContent()).toBe('the admin token');
    expect(await page.locator('.user-menu .role-badge').textContent()).toBe('admin');
    // The tiles count what was ingested.
    await expect(
      page.locator('.tile', { hasText: 'Clients' }).locator('.tile-value').textContent(),
    ).resolves.toBe('2,000');
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe.each(VIEWPORTS)('every page on a $name ($width×$height)', (viewport) => {
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    ({ context, page, problems } = await signedInPage(viewport));
  });
  afterAll(async () => context.close());

  it.each(PAGES)(
    '$name draws its charts with their summaries, and no errors',
    async ({ path, name, charts }) => {
      problems.clear();
      await page.goto(`${app.baseUrl}${path}`);
      await chartsDrawn(page, charts);
      for (const id of charts) {
        const frame = page.locator(`.chart-frame[data-chart="${id}"]`);
        // Each chart is labelled for screen readers and has its summary in words.
        const summaryId = await frame.getAttribute('aria-describedby');
        const summary = await page.locator(`#${summaryId}`).textContent();
        expect(summary?.length ?? 0).toBeGreaterThan(40);
        expect(await frame.locator('svg g[data-mark]').count()).toBeGreaterThan(0);
      }
      expect(await page.locator('.state-error').count()).toBe(0);
      // Nothing wider than the screen: charts are drawn at the card's width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      await screenshot(page, `${name}-${viewport.name}`);
      expect(problems.list()).toEqual([]);
    },
  );
});

describe('filters', () => {
  it('narrow the data, change the charts, and are kept in a link that can be shared', async () => {
    const { context, page, problems } = await signedInPage();
    await page.goto(`${app.baseUrl}/across-sessions/`);
    await chartsDrawn(page, ['across-sessions-cumulative-change']);
    const summaryOf = async (id: string) =>
      page
        .locator(
          `#${await page.locator(`.chart-frame[data-chart="${id}"]`).getAttribute('aria-describedby')}`,
        )
        .textContent();
    const before = await summaryOf('across-sessions-responders');
    expect(before).toContain('Swedish');

    // Choose one technique, by keyboard as well as a mouse user could: open the list, tick a box.
    await page.locator('details[data-filter="technique"] > summary').click();
    const reportAnswer = page.waitForResponse(
      (response) =>
        response.url().includes('/api/reports') && response.url().includes('technique=trigger_point_release'),
    );
    await page.locator('#filter-technique-trigger_point_release').check();
    expect((await reportAnswer).status()).toBe(200);
    await page.waitForFunction(() => !document.querySelector('.page-content')?.hasAttribute('aria-busy'));
    await chartsDrawn(page, ['across-sessions-responders']);

    expect(new URL(page.url()).search).toBe('?technique=trigger_point_release');
    const after = await summaryOf('across-sessions-responders');
    expect(after).toContain('Trigger point release');
    expect(after).not.toContain('Swedish');
    // The navigation keeps the filter when moving to another page.
    expect(await page.locator('.site-nav a[data-page="overview"]').getAttribute('href')).toBe(
      '/?technique=trigger_point_release',
    );
    await screenshot(page, 'filter-one-technique');

    // The link reproduces the view in a new tab.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await chartsDrawn(shared, ['across-sessions-responders']);
    expect(await shared.locator('details[data-filter="technique"] .filter-value').textContent()).toBe(
      'Trigger point release',
    );
    await shared.close();

    // Another measure: the overview's chart follows.
    await page.goto(`${app.baseUrl}/?measure=pain_nrs`);
    await chartsDrawn(page, ['overview-change', 'overview-trajectory']);
    // The primary chart (change within clients) says which measure it shows.
    expect(await page.locator('.chart-card h2').first().textContent()).toBe(
      'Change since the first session, within clients',
    );
    expect(await page.locator('.chart-card:has([data-chart="overview-change"])').first().textContent()).toContain(
      'Pain, numeric rating scale',
    );
    expect(await page.locator('#filter-measure').inputValue()).toBe('pain_nrs');
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('a measure without a published MCID', () => {
  it('asks for one before drawing, and keeps it in the link', async () => {
    const { context, page, problems } = await signedInPage();
    await page.goto(`${app.baseUrl}/techniques/?measure=headache_days`);
    await page.waitForSelector('#mcid');
    expect(await page.locator('.state-empty h2').textContent()).toBe(
      'Headache days per 4 weeks has no published MCID',
    );
    await page.fill('#mcid', '3');
    await page.locator('#mcid').press('Enter');
    await chartsDrawn(page, ['techniques-forest-plot']);
    expect(new URL(page.url()).searchParams.get('mcid')).toBe('3');
    expect(await page.locator('.chart-card .legend').textContent()).toContain('± MCID (3.0 days)');
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('saving a chart', () => {
  it('downloads its data as CSV and the figure as SVG and PNG', async () => {
    const { context, page, problems } = await signedInPage();
    await page.goto(`${app.baseUrl}/techniques/`);
    await chartsDrawn(page, ['techniques-forest-plot']);
    const card = page.locator('.chart-card', { has: page.locator('[data-chart="techniques-forest-plot"]') });

    const save = async (action: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        card.locator(`button[data-action="${action}"]`).click(),
      ]);
      const path = artefactPath(download.suggestedFilename());
      await download.saveAs(path);
      return { name: download.suggestedFilename(), bytes: await readFile(path) };
    };

    const csv = await save('csv');
    expect(csv.name).toMatch(/^threshold-techniques-forest-plot-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.bytes.toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'b,a,endpoint_session,n_b,n_a,diff,ci_low,ci_high,p,p_holm,hedges_g,g_ci_low,g_ci_high,ancova_diff,ancova_ci_low,ancova_ci_high,ancova_p',
    );
    expect(lines).toHaveLength(1 + 6); // four techniques: six pairs

    const svg = await save('svg');
    const svgText = svg.bytes.toString('utf8');
    expect(svgText.startsWith('<?xml')).toBe(true);
    expect(svgText).toContain('Pairwise differences in change');
    expect(svgText).toContain('Threshold,');

    const png = await save('png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.bytes.length).toBeGreaterThan(10_000);
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('row-level export', () => {
  it('downloads the measurements of the view as an Arrow IPC stream and as CSV', async () => {
    const { context, page, problems } = await signedInPage();
    await page.goto(`${app.baseUrl}/data/?technique=swedish`);
    await page.waitForSelector('button[data-format="arrow"]');
    const save = async (format: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`button[data-format="${format}"]`),
      ]);
      const path = artefactPath(download.suggestedFilename());
      await download.saveAs(path);
      return { name: download.suggestedFilename(), bytes: await readFile(path) };
    };

    const arrow = await save('arrow');
    expect(arrow.name).toMatch(/^threshold-measurements-\d{4}-\d{2}-\d{2}\.arrows$/);
    // An Arrow IPC stream starts with the continuation marker 0xFFFFFFFF of its schema message.
    expect(arrow.bytes.readUInt32LE(0)).toBe(0xffffffff);
    expect(arrow.bytes.toString('latin1')).toContain('client_key');

    const csv = await save('csv');
    const lines = csv.bytes.toString('utf8').trimEnd().split(/\r?\n/);
    const header = lines[0].split(',');
    expect(header).toEqual([
      'client_key',
      'clinic_key',
      'therapist_key',
      'session',
      'session_date',
      'technique',
      'condition',
      'measure',
      'phase',
      'site',
      'trial',
      'value',
      'unit',
    ]);
    const technique = header.indexOf('technique');
    expect(lines.length).toBeGreaterThan(1000);
    expect(new Set(lines.slice(1).map((line) => line.split(',')[technique]))).toEqual(new Set(['swedish']));
    expect(
      await page
        .locator('.card', { hasText: 'Export the measurements' })
        .locator('[role=status]')
        .textContent(),
    ).toContain('Saved');
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('keyboard', () => {
  it('reaches the skip link first, then the navigation, filters and chart buttons', async () => {
    const { context, page, problems } = await signedInPage();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Open the clinic filter from the keyboard and tick the first clinic with Space.
    await page.locator('details[data-filter="clinic"] > summary').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const answer = page.waitForResponse(
      (response) => response.url().includes('/api/cohorts/summary') && response.url().includes('clinic='),
    );
    await page.keyboard.press('Space');
    expect((await answer).status()).toBe(200);
    await page.waitForFunction(() => {
      const tile = document.querySelector('.tile-value');
      return tile !== null && tile.textContent !== '2,000';
    });
    const clients = Number((await page.locator('.tile-value').first().textContent())?.replace(/,/g, ''));
    expect(clients).toBeGreaterThan(0);
    expect(clients).toBeLessThan(2000);
    expect(new URL(page.url()).searchParams.get('clinic')).toMatch(/^[0-9a-f]{32}$/);
    // Escape closes the list and gives focus back to its button.
    await page.locator('details[data-filter="clinic"] input[type=checkbox]').first().focus();
    await page.keyboard.press('Escape');
    expect(
      await page
        .locator('details[data-filter="clinic"]')
        .evaluate((details) => (details as HTMLDetailsElement).open),
    ).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.closest('details')?.dataset.filter)).toBe(
      'clinic',
    );
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('the sign-in form', () => {
  it('takes the admin token too (automation, first start): refuses a wrong one and accepts the right one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The wrong token is refused by the API with a 401, which is what this test is about.
    const problems = watchPage(page, [/401/]);
    await page.goto(`${app.baseUrl}/therapists/`);
    await page.waitForSelector('.sign-in form.sign-in-password');
    // No navigation before anyone is signed in: what is offered depends on the role.
    expect(await page.locator('.site-nav').count()).toBe(0);
    await page.locator('.sign-in-admin > summary').click();
    expect(await page.locator('#admin-token-help').textContent()).toContain(
      'paste the admin token printed when Threshold started',
    );

    await page.fill('#admin-token', 'not-the-admin-token');
    await page.click('form.sign-in-token button[type=submit]');
    await page.waitForFunction(() =>
      document.querySelector('form.sign-in-token .form-message')?.textContent?.includes('refused'),
    );

    await page.fill('#admin-token', TEST_ADMIN_TOKEN);
    await page.click('form.sign-in-token button[type=submit]');
    await chartsDrawn(page, ['therapists-funnel']);
    expect(problems.list()).toEqual([]);

    // A session the server no longer accepts (another server's) brings the form back, saying why.
    const url = new URL(app.baseUrl);
    await context.addCookies([
      { name: 'threshold_session', value: 'thr_an-old-session-from-another-server', domain: url.hostname, path: '/api', httpOnly: true, sameSite: 'Strict' },
    ]);
    await page.reload();
    await page.waitForSelector('.sign-in');
    expect(await page.locator('#sign-in-title').textContent()).toBe('Sign in again');
    expect(await page.locator('#sign-in-intro').textContent()).toContain('Your session has ended');
    await screenshot(page, 'sign-in-again');
    await context.close();
  });
});
