/**
 * Answers each user can act on, in Chromium against the real API on the demo practice data: the
 * overview's headlines and its primary chart tell one story (same estimand, same sign), small
 * numbers are never headlines, a technique has one colour for every user, a link another user's
 * role may not see whole says it was limited, and the report card prints.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DEMO_DIR, ingestFile, startDashboardApp } from './support/dashboard-app.js';
import { watchPage, type PageProblems } from './support/page-watch.js';
import { addUser, signInWithForm, type TestUser } from './support/users.js';

let app: TestApp;
let browser: Browser;
const users: Record<'admin' | 'owner' | 'therapist', TestUser> = {} as never;

beforeAll(async () => {
  app = await startDashboardApp();
  const batch = await ingestFile(app, `${DEMO_DIR}practice.csv`);
  expect(batch).toMatchObject({ status: 'stored' });
  // The trial's sham and wait-list arms have no clinic: the admin sees six techniques, an owner
  // of two practice clinics four (the case that shifted colours when they came from list positions).
  expect(await ingestFile(app, `${DEMO_DIR}trial.csv`)).toMatchObject({ status: 'stored' });
  users.admin = await addUser(app, { email: 'admin@answers.example', role: 'admin' });
  users.owner = await addUser(app, { email: 'owner@answers.example', role: 'owner', clinics: ['k01', 'k02'] });
  users.therapist = await addUser(app, {
    email: 'therapist@answers.example',
    role: 'therapist',
    clinics: ['k04'],
    therapist: 't017',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signedIn(
  who: keyof typeof users,
  path = '/',
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await signInWithForm(page, app.baseUrl, users[who].email, path);
  return { context, page, problems };
}

async function chartDrawn(page: Page, id: string): Promise<void> {
  await page.waitForSelector(`.chart-frame[data-chart="${id}"][data-rendered] svg`, { timeout: 60_000 });
}

interface Headline {
  group: string;
  label: string;
  change: number | null;
  n: number | null;
  tooFew: boolean;
}

/** The overview's per-technique headlines as a reader sees them. */
async function headlines(page: Page): Promise<Headline[]> {
  return page.locator('.headlines li[data-group]').evaluateAll((items) =>
    items.map((item) => {
      const element = item as HTMLElement;
      const shown = element.querySelector('[data-change]') as HTMLElement | null;
      const n = /n = ([\d,]+)/.exec(element.textContent ?? '');
      return {
        group: element.dataset.group ?? '',
        label: element.querySelector('h3')?.textContent?.trim() ?? '',
        change: shown === null ? null : Number(shown.dataset.change),
        n: n === null ? null : Number(n[1].replace(/,/g, '')),
        tooFew: element.querySelector('[data-too-few]') !== null,
      };
    }),
  );
}

/** The primary chart's table: for each group label, the change at its last session. */
async function lastChangeInChart(page: Page): Promise<Map<string, number>> {
  const rows = await page
    .locator('.card:has(.chart-frame[data-chart="overview-change"]) table.data-table')
    .evaluate((table) => {
      const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
      const at = (name: RegExp) => headers.findIndex((header) => name.test(header));
      const group = at(/^Group|^Technique/i);
      const session = at(/^Session/i);
      const change = at(/^Change since session 1/i);
      return [...table.querySelectorAll('tbody tr')].map((tr) => {
        const cells = [...tr.querySelectorAll('td, th')].map((cell) => cell.textContent?.trim() ?? '');
        return { group: cells[group], session: Number(cells[session]), change: cells[change] };
      });
    });
  const last = new Map<string, { session: number; change: number }>();
  for (const row of rows) {
    const value = /^([+\-−]?[\d.,]+)/.exec(row.change);
    if (value === null || !Number.isFinite(row.session)) continue;
    const change = Number(value[1].replace('−', '-').replace(/,/g, ''));
    const sofar = last.get(row.group);
    if (sofar === undefined || row.session > sofar.session) last.set(row.group, { session: row.session, change });
  }
  return new Map([...last].map(([group, { change }]) => [group, change]));
}

describe.each(['admin', 'owner', 'therapist'] as const)('the overview, as %s', (who) => {
  it('opens with all clients together, and each headline agrees with the end of its line in the chart', async () => {
    const { context, page, problems } = await signedIn(who);
    await chartDrawn(page, 'overview-change');
    // The first answer: one number for the whole selection, with its n, and who reached 6 and 12.
    const allClients = page.locator('.all-clients');
    await allClients.waitFor();
    expect(await allClients.locator('.attrition-strip li').count()).toBe(3);
    expect(await allClients.textContent()).toMatch(/first to last session/);

    const shown = await headlines(page);
    expect(shown.length).toBeGreaterThan(0);
    const chart = await lastChangeInChart(page);
    let compared = 0;
    for (const headline of shown) {
      // Small numbers look small: no headline number from fewer than 5 clients.
      if (headline.n !== null && headline.n < 5) expect(headline.change).toBeNull();
      if (headline.change === null) continue;
      const end = chart.get(headline.label);
      expect(end).toBeDefined();
      expect(Math.sign(end as number)).toBe(Math.sign(headline.change));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
    await screenshot(page, `answers-overview-${who}`);
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

it('gives a technique the same colour for the admin and for an owner who sees fewer techniques', async () => {
  const colours = async (who: 'admin' | 'owner'): Promise<Map<string, string>> => {
    const { context, page } = await signedIn(who);
    await chartDrawn(page, 'overview-change');
    const pairs = await page.locator('.headlines li[data-group]').evaluateAll((items) =>
      items.map((item) => {
        const swatch = item.querySelector('.swatch') as HTMLElement | null;
        return [(item as HTMLElement).dataset.group ?? '', swatch?.style.getPropertyValue('--swatch') ?? ''];
      }),
    );
    await context.close();
    return new Map(pairs as [string, string][]);
  };
  const admin = await colours('admin');
  const owner = await colours('owner');
  const shared = [...owner.keys()].filter((group) => admin.has(group));
  expect(shared.length).toBeGreaterThan(0);
  // The owner's clinics offer fewer techniques than the network, which used to shift colours.
  expect(owner.size).toBeLessThan(admin.size);
  for (const group of shared) expect(owner.get(group)).toBe(admin.get(group));
});

it('tells an owner who opens a link naming another clinic that the view was limited to their clinics', async () => {
  const { context, page, problems } = await signedIn('owner');
  await page.goto(`${app.baseUrl}/?clinic=ffffffffffffffffffffffffffffffff`);
  await chartDrawn(page, 'overview-change');
  const notice = page.locator('.limited-notice');
  await notice.waitFor();
  expect(await notice.textContent()).toContain('not one of yours');
  expect(await notice.textContent()).toContain('limited to your clinics');
  // A view the owner may see whole says nothing of the kind.
  await page.goto(`${app.baseUrl}/`);
  await chartDrawn(page, 'overview-change');
  expect(await page.locator('.limited-notice').count()).toBe(0);
  expect(problems.list()).toEqual([]);
  await context.close();
});

/** The pages of a PDF that Chromium printed: one page object each (its page tree's leaves). */
function pdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

it.each(['owner', 'admin'] as const)(
  'prints the report card of an %s on one A4 page (the admin has six techniques)',
  async (who) => {
    const { context, page, problems } = await signedIn(who, '/report-card/');
    await chartDrawn(page, 'overview-change');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdfPages(pdf)).toBe(1);
    expect(problems.list()).toEqual([]);
    await context.close();
  },
);

it('prints a report card that states its period, filters and data version', async () => {
  const { context, page, problems } = await signedIn('owner', '/report-card/');
  await chartDrawn(page, 'overview-change');
  const cover = await page.locator('.report-card-cover').textContent();
  expect(cover).toMatch(/Period/);
  expect(cover).toMatch(/Data version\s*\d+/);
  expect(cover).toMatch(/Covers/);
  await page.emulateMedia({ media: 'print' });
  // On paper: no navigation, filters or buttons; the answers and the chart stay.
  expect(await page.locator('.site-nav').isVisible()).toBe(false);
  expect(await page.locator('.report-card-actions').isVisible()).toBe(false);
  expect(await page.locator('.all-clients').isVisible()).toBe(true);
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: 'screen' });
  await screenshot(page, 'answers-report-card');
  expect(problems.list()).toEqual([]);
  await context.close();
});
