/**
 * Names and people, in Chromium against the real API started as on a first start with the demo
 * data (trial and practice files, and their invented names through the directory): clinics and
 * therapists show by name wherever they appear, never by key once named, and a therapist's own
 * point is "you"; the People page adds a therapist who then signs in; an owner sees and names only
 * their own clinic's therapists. Screenshots of the People and Therapists pages at 1280 and 390 px,
 * as admin and as owner, are kept in test-results/e2e/.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';
import { screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DASHBOARD_DIST, DEMO_DIR } from './support/dashboard-app.js';
import { watchPage, type PageProblems } from './support/page-watch.js';
import { addUser, signInWithForm, TEST_PASSWORD, type TestUser } from './support/users.js';

interface DemoNames {
  clinics: Record<string, string>;
  therapists: Record<string, string>;
}

/** k01's therapists in the demo practice file (data/demo/practice.csv). */
const K01_THERAPISTS = ['t001', 't002', 't003', 't004', 't005'];

let app: TestApp;
let browser: Browser;
let names: DemoNames;
let admin: TestUser;
let owner: TestUser;

beforeAll(async () => {
  app = await startTestApp({ dashboardDir: DASHBOARD_DIST, demo: true });
  names = JSON.parse(await readFile(`${DEMO_DIR}names.json`, 'utf8')) as DemoNames;
  admin = await addUser(app, { email: 'boss@clinic.example', role: 'admin' });
  owner = await addUser(app, { email: 'owner@harbour.example', role: 'owner', clinics: ['k01'] });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function freshPage(
  width = 1280,
  allow: RegExp[] = [],
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page, allow) };
}

async function funnelDrawn(page: Page): Promise<void> {
  await page.waitForSelector('.chart-frame[data-chart="therapists-funnel"][data-rendered] svg', {
    timeout: 60_000,
  });
}

/** The raw funnel's card (the page's adjusted section above it has tables of its own). */
const RAW_FUNNEL_CARD = '.chart-card:has(.chart-frame[data-chart="therapists-funnel"])';
const RAW_FUNNEL_TABLE_NAMES = `${RAW_FUNNEL_CARD} table tbody tr td:first-child`;

/** Shortened keys as the dashboard shows a clinic or therapist without a name ("3f2a91c0…"). */
const SHORT_KEY = /\b[0-9a-f]{8}…/;

/** The text a person sees: the page, the open filter lists' labels, the funnel's labels and its table. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
    return document.body.innerText;
  });
}

/** Nothing wider than the window (tables scroll inside their card). */
async function fitsWidth(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('names, not keys', () => {
  it('shows the admin every clinic and therapist by name on the therapists page, and no key', async () => {
    for (const width of [1280, 390]) {
      const { context, page, problems } = await freshPage(width);
      await signInWithForm(page, app.baseUrl, admin.email, '/therapists/');
      await funnelDrawn(page);
      const labels = await page
        .locator('.chart-frame[data-chart="therapists-funnel"] svg text')
        .allTextContents();
      const clinicOptions = await page.locator('[data-filter="clinic"] .check label').allTextContents();
      const therapistOptions = await page.locator('[data-filter="therapist"] .check label').allTextContents();
      expect(clinicOptions.sort()).toEqual(Object.values(names.clinics).sort());
      expect(therapistOptions.sort()).toEqual(Object.values(names.therapists).sort());
      // Every therapist with clients at the endpoint session is a point, and a row of the table, by name.
      const tableNames = await page.locator(RAW_FUNNEL_TABLE_NAMES).allTextContents();
      expect(tableNames.length).toBeGreaterThan(20);
      // The trial file has no therapists: its clients are the group of sessions without one.
      expect(tableNames.filter((name) => !Object.values(names.therapists).includes(name))).toEqual([
        'No therapist recorded',
      ]);
      expect(labels.some((label) => SHORT_KEY.test(label))).toBe(false);
      await screenshot(page, `people-therapists-admin-${width}`);
      expect(await visibleText(page)).not.toMatch(SHORT_KEY);
      if (width === 390) await fitsWidth(page);
      expect(problems.list()).toEqual([]);
      await context.close();
    }
  });

  it('names the chosen therapist in the filter and in the exported figure’s caption', async () => {
    const { context, page, problems } = await freshPage();
    await signInWithForm(page, app.baseUrl, admin.email, '/therapists/');
    await funnelDrawn(page);
    await page.locator('[data-filter="therapist"] > summary').click();
    await page.getByLabel(names.therapists.t010, { exact: true }).check();
    await funnelDrawn(page);
    expect(await page.locator('[data-filter="therapist"] .filter-value').textContent()).toBe(
      names.therapists.t010,
    );
    // The highlighted therapist is labelled by name on the chart.
    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll('.chart-frame[data-chart="therapists-funnel"] svg text')].some(
          (text) => text.textContent === name,
        ),
      names.therapists.t010,
    );
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('the People page', () => {
  it('lets an admin add a therapist by name, who then signs in and sees their own point as “you”', async () => {
    const { context, page, problems } = await freshPage();
    await signInWithForm(page, app.baseUrl, admin.email, '/users/');
    await page.waitForSelector('table.users-table');
    await page.fill('#new-user-email', 'amara@harbour.example');
    await page.selectOption('#new-user-role', 'therapist');
    await page.fill('#new-user-password', 'a first password for Amara');
    await page.locator('.clinic-picks').getByLabel(names.clinics.k01, { exact: true }).check();
    expect(await page.locator('#new-user-therapist-id').isVisible()).toBe(false);
    await page.selectOption('#new-user-therapist', { label: names.therapists.t001 });
    await page.click('form.people-form button[type=submit]');
    const row = page.locator('tr[data-user="amara@harbour.example"]');
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe(names.clinics.k01);
    expect(await row.locator('td').nth(3).textContent()).toBe(names.therapists.t001);
    expect(await page.locator('.people-form [role=status]').textContent()).toBe(
      'amara@harbour.example may now sign in as therapist.',
    );
    await screenshot(page, 'people-users-admin-1280');
    await page.setViewportSize({ width: 390, height: 900 });
    await fitsWidth(page);
    await screenshot(page, 'people-users-admin-390');
    expect(problems.list()).toEqual([]);
    await context.close();

    const signedIn = await freshPage(390);
    await signInWithForm(
      signedIn.page,
      app.baseUrl,
      'amara@harbour.example',
      '/therapists/',
      'a first password for Amara',
    );
    await funnelDrawn(signedIn.page);
    const labels = await signedIn.page
      .locator('.chart-frame[data-chart="therapists-funnel"] svg text')
      .allTextContents();
    expect(labels).toContain('you');
    expect(await signedIn.page.locator(`${RAW_FUNNEL_CARD} table tbody`).textContent()).toContain(
      `${names.therapists.t001} (you)`,
    );
    await screenshot(signedIn.page, 'people-therapists-therapist-390');
    expect(signedIn.problems.list()).toEqual([]);
    await signedIn.context.close();
  });

  it('resets a password so that the old one no longer signs in', async () => {
    const { context, page, problems } = await freshPage();
    await signInWithForm(page, app.baseUrl, admin.email, '/users/');
    const row = page.locator('tr[data-user="amara@harbour.example"]');
    await row.locator('summary', { hasText: 'Reset password' }).click();
    await row.locator('input[id^="password-"]').fill('a second password for Amara');
    await row.locator('button[type=submit]').click();
    await page.waitForFunction(() =>
      document.querySelector('.card .progress-text')?.textContent?.startsWith('New password set'),
    );
    expect(problems.list()).toEqual([]);
    await context.close();
    const login = (password: string) =>
      fetch(`${app.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'amara@harbour.example', password }),
      });
    expect((await login('a first password for Amara')).status).toBe(401);
    expect((await login('a second password for Amara')).status).toBe(200);
  });

  it('gives an owner their own clinic’s therapists only: to add, to see and to name', async () => {
    for (const width of [1280, 390]) {
      // Naming another clinic's therapist is refused by the API (403), which this test provokes.
      const { context, page, problems } = await freshPage(width, [
        /HTTP 403 POST .*\/api\/directory/,
        /status of 403 .*\/api\/directory/,
      ]);
      await signInWithForm(page, app.baseUrl, owner.email, '/users/');
      await page.waitForSelector('table.names-table');
      expect(await page.locator('#new-user-role').isDisabled()).toBe(true);
      expect(await page.locator('.clinic-picks label').allTextContents()).toEqual([names.clinics.k01]);
      const named = await page.locator('table.names-table tbody tr td:nth-child(2)').allTextContents();
      expect(named.sort()).toEqual(
        [names.clinics.k01, ...K01_THERAPISTS.map((id) => names.therapists[id])].sort(),
      );
      const therapistChoices = await page.locator('#new-user-therapist option').allTextContents();
      expect(therapistChoices.slice(0, -1).sort()).toEqual(
        K01_THERAPISTS.map((id) => names.therapists[id]).sort(),
      );
      // Amara (k01's therapist, added by the admin) is listed; nobody of another clinic is.
      expect(
        await page
          .locator('table.users-table tbody tr')
          .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.user)),
      ).toEqual(['amara@harbour.example']);
      await screenshot(page, `people-users-owner-${width}`);
      if (width === 390) await fitsWidth(page);
      if (width === 390) {
        // Naming k02's therapist t006 by its id: refused, and said so; the name stays unknown to the owner.
        await page.selectOption('#name-by-id-kind', 'therapist');
        await page.fill('#name-by-id-id', 't006');
        await page.fill('#name-by-id-name', 'Not my therapist');
        await page.click('form.name-by-id button[type=submit]');
        await page.waitForFunction(() =>
          document
            .querySelector('#names-title')
            ?.closest('.card')
            ?.querySelector('[role=status]')
            ?.textContent?.includes('not one of your clinics'),
        );
        // Renaming their own therapist shows on the therapists page.
        const row = page.locator(`tr[data-name="${names.therapists.t002}"]`);
        await row.locator('summary').click();
        await row
          .getByRole('textbox', { name: `New name for ${names.therapists.t002}` })
          .fill('Tomas Lindqvist-Berg');
        await row.locator('button[type=submit]').click();
        await page.locator('tr[data-name="Tomas Lindqvist-Berg"]').waitFor();
      }
      expect(await visibleText(page)).not.toContain(names.therapists.t006);
      expect(await visibleText(page)).not.toContain(names.clinics.k02);
      expect(problems.list()).toEqual([]);
      await context.close();
    }
    const { entries } = (await (await owner.api('/api/directory')).json()) as { entries: { name: string }[] };
    expect(entries.map((entry) => entry.name)).not.toContain('Not my therapist');
    const all = (await (await app.api('/api/directory')).json()) as { entries: { name: string }[] };
    expect(all.entries.map((entry) => entry.name)).toContain(names.therapists.t006);
  });

  it('shows an owner their clinic’s therapists by name on the therapists page, and no other clinic’s', async () => {
    for (const width of [1280, 390]) {
      const { context, page, problems } = await freshPage(width);
      await signInWithForm(page, app.baseUrl, owner.email, '/therapists/');
      await funnelDrawn(page);
      // k01's therapists with clients at the endpoint session, by name (t002 as the owner renamed them).
      const own = K01_THERAPISTS.map((id) => (id === 't002' ? 'Tomas Lindqvist-Berg' : names.therapists[id]));
      const tableNames = await page.locator(RAW_FUNNEL_TABLE_NAMES).allTextContents();
      expect(tableNames.length).toBeGreaterThan(0);
      expect(tableNames.filter((name) => !own.includes(name))).toEqual([]);
      const therapistOptions = await page.locator('[data-filter="therapist"] .check label').allTextContents();
      expect(therapistOptions.sort()).toEqual(own.sort());
      await screenshot(page, `people-therapists-owner-${width}`);
      const text = await visibleText(page);
      expect(text).not.toMatch(SHORT_KEY);
      for (const id of Object.keys(names.therapists).filter(
        (therapist) => !K01_THERAPISTS.includes(therapist),
      )) {
        expect(text).not.toContain(names.therapists[id]);
      }
      if (width === 390) await fitsWidth(page);
      expect(problems.list()).toEqual([]);
      await context.close();
    }
  });

  it('is not offered to a therapist, and the API refuses them the users', async () => {
    const therapist = await addUser(app, {
      email: 'kwame@millbrook.example',
      role: 'therapist',
      clinics: ['k02'],
      therapist: 't006',
    });
    expect((await therapist.api('/api/users')).status).toBe(403);
    const { context, page } = await freshPage(1280, [/HTTP 403/]);
    await signInWithForm(page, app.baseUrl, therapist.email, '/users/', TEST_PASSWORD);
    await page.waitForSelector('.state-forbidden');
    expect(await page.locator('.site-nav a[data-page="users"]').count()).toBe(0);
    await context.close();
  });
});
