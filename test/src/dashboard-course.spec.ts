/**
 * The Course of treatment page and the overview's median sentence, in Chromium against the real
 * API on the demo practice data (which has follow-up visits): the page draws its two charts, says
 * for each technique after how many sessions half its clients had a meaningful change exactly as
 * the report the page used says it (read again through the API here), and compares the techniques
 * with the log-rank test in words; the overview says the same for all clients together.
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
const users: Record<'admin' | 'owner', TestUser> = {} as never;

beforeAll(async () => {
  app = await startDashboardApp();
  expect(await ingestFile(app, `${DEMO_DIR}practice.csv`)).toMatchObject({ status: 'stored' });
  users.admin = await addUser(app, { email: 'admin@course.example', role: 'admin' });
  users.owner = await addUser(app, { email: 'owner@course.example', role: 'owner', clinics: ['k01', 'k02'] });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Curve {
  n: number;
  events: number;
  medianSessions: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

interface ApiReport {
  groups: { name: string; timeToResponse?: Curve | null }[];
  responseComparison?: { chisq: number | null; df: number; p: number | null } | null;
}

/** Signs in and opens `path`; resolves with the report the page itself asked the API for. */
async function openPage(
  who: keyof typeof users,
  path: string,
  reportQuery: string,
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems; reportPath: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  const requested = page.waitForResponse(
    (response) => response.url().includes('/api/reports') && response.url().includes(reportQuery),
    { timeout: 60_000 },
  );
  await signInWithForm(page, app.baseUrl, users[who].email, path);
  const response = await requested;
  const url = new URL(response.url());
  return { context, page, problems, reportPath: `${url.pathname}${url.search}` };
}

async function chartDrawn(page: Page, id: string): Promise<void> {
  await page.waitForSelector(`.chart-frame[data-chart="${id}"][data-rendered] svg`, { timeout: 60_000 });
}

/** How the page words a median: "after 4 sessions (95% CI 3 to 6)", or "fewer than half …". */
function expectedWords(curve: Curve): string {
  if (curve.medianSessions === null) return 'fewer than half reached a meaningful change while followed';
  const k = curve.medianSessions;
  const interval =
    curve.ciLow === null && curve.ciHigh === null
      ? ''
      : ` (95% CI ${curve.ciLow === null ? '–' : curve.ciLow} to ${curve.ciHigh === null ? 'not reached' : curve.ciHigh})`;
  return `half reached a meaningful change after ${k} session${k === 1 ? '' : 's'}${interval}`;
}

describe.each(['admin', 'owner'] as const)('the Course of treatment page, as %s', (who) => {
  it('draws both charts, gives each technique the report’s median sessions, and compares them with the log-rank test', async () => {
    const { context, page, problems, reportPath } = await openPage(who, '/course/', 'by=technique');
    await chartDrawn(page, 'course-time-to-response');
    await chartDrawn(page, 'course-durability');
    // Step curves: one line per technique, drawn as paths in the chart's svg.
    expect(
      await page.locator('.chart-frame[data-chart="course-time-to-response"] svg path').count(),
    ).toBeGreaterThan(0);

    // The same report, read through the API as this user.
    const report = (await (await users[who].api(reportPath)).json()) as ApiReport;
    const curves = report.groups.filter((group) => group.timeToResponse !== null && group.timeToResponse !== undefined);
    expect(curves.length).toBeGreaterThan(1);
    const reached = curves.filter((group) => group.timeToResponse!.medianSessions !== null);
    expect(reached.length).toBeGreaterThan(0);

    for (const group of curves) {
      const curve = group.timeToResponse!;
      const item = page.locator(`.headlines li[data-group="${group.name}"]`);
      const text = (await item.textContent()) ?? '';
      if (curve.n < 5) {
        // Small numbers look small: no median from fewer than 5 clients.
        expect(await item.locator('[data-too-few]').count()).toBe(1);
        continue;
      }
      expect(text).toContain(expectedWords(curve));
      expect(text).toContain(`${curve.events} responded`);
    }

    const comparison = (await page.locator('.course-comparison').textContent()) ?? '';
    const test = report.responseComparison;
    expect(test).toBeTruthy();
    expect(comparison).toMatch(/^Log-rank test across the groups: χ² = [\d.]+ on \d+ df, p = /);
    expect(comparison).toContain(`on ${test!.df} df`);
    expect(comparison).toContain(`χ² = ${test!.chisq!.toFixed(2)}`);

    await screenshot(page, `course-${who}`);
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

it('says on the overview after how many sessions half of all clients had a meaningful change', async () => {
  const { context, page, problems, reportPath } = await openPage('admin', '/', 'by=all');
  const median = page.locator('.all-clients .all-clients-median');
  await median.waitFor({ timeout: 60_000 });
  const report = (await (await users.admin.api(reportPath)).json()) as ApiReport;
  const curve = report.groups[0]?.timeToResponse;
  expect(curve?.medianSessions).not.toBeNull();
  expect(curve!.n).toBeGreaterThanOrEqual(5);
  const text = (await median.textContent()) ?? '';
  expect(text).toContain(expectedWords(curve!).replace(/^half /, 'Half of clients '));
  expect(await median.getAttribute('data-median-sessions')).toBe(String(curve!.medianSessions));
  await screenshot(page, 'course-overview-median');
  expect(problems.list()).toEqual([]);
  await context.close();
});
