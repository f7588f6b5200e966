/**
 * Every page, for every role, on a laptop (1280 px) and a phone (390 px), checked by axe-core in
 * Chromium against the real API on the demo practice data: no violation of impact serious or
 * critical. On the phone nothing may stick out sideways: the page does not scroll horizontally,
 * chart labels stay on screen, and each filter's pop-up list opens within the screen. Screenshots
 * of every page at 390 px are kept in test-results/e2e/ for people to look at.
 *
 * The pages are the ones in each role's navigation, read from the page itself, so a page added
 * later is checked without touching this file. Panels that open only on use (the Data page's
 * mapping step and correction history) are opened and checked at the end.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { writeWorkbook } from '@threshold/ingest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { artefactPath, screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DEMO_DIR, ingestFile, startDashboardApp } from './support/dashboard-app.js';
import { watchPage } from './support/page-watch.js';
import { addUser, signInWithForm, type Role, type TestUser } from './support/users.js';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const ROLES: Role[] = ['admin', 'owner', 'therapist', 'marketing'];
const VIEWPORTS = [
  { name: 'laptop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

let app: TestApp;
let browser: Browser;
const users = {} as Record<Role, TestUser>;

beforeAll(async () => {
  app = await startDashboardApp();
  const batch = await ingestFile(app, `${DEMO_DIR}practice.csv`);
  expect(batch).toMatchObject({ status: 'stored', inserted: 39084 });
  users.admin = await addUser(app, { email: 'admin@clinic.example', role: 'admin' });
  users.owner = await addUser(app, { email: 'owner@clinic.example', role: 'owner', clinics: ['k01', 'k02'] });
  users.therapist = await addUser(app, {
    email: 'therapist@clinic.example',
    role: 'therapist',
    clinics: ['k04'],
    therapist: 't017',
  });
  users.marketing = await addUser(app, { email: 'marketing@clinic.example', role: 'marketing' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The page has finished: its content is no longer loading, and every chart on it is drawn. */
async function pageSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const content = document.querySelector('.page-content');
      if (content === null || content.hasAttribute('aria-busy')) return false;
      if (content.querySelector('.state-loading') !== null) return false;
      // A page with filters shows them once their values have come (the claims page has none).
      const filterSlot = document.querySelector<HTMLElement>('.filter-slot');
      if (filterSlot !== null && !filterSlot.hidden && filterSlot.querySelector('.filter-bar') === null)
        return false;
      // Charts draw once laid out: those in a closed disclosure have no width, and wait.
      return [...document.querySelectorAll<HTMLElement>('.chart-frame')]
        .filter((frame) => frame.getClientRects().length > 0)
        .every((frame) => frame.hasAttribute('data-rendered') && frame.querySelector('svg') !== null);
    },
    undefined,
    { timeout: 60_000 },
  );
}

interface AxeNode {
  target: string[];
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** axe-core's serious and critical violations on the page as it is now, one line per rule. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated by the test, not added as a <script>: the page's Content-Security-Policy rightly
  // refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE_SCRIPT, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target })),
    }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}: ${violation.help}) on ${violation.nodes.length} node(s): ` +
        violation.nodes
          .slice(0, 5)
          .map((node) => node.target.join(' '))
          .join(' | '),
    );
}

/**
 * What sticks out of a phone's screen sideways: a page wider than the screen, a chart's text
 * outside it (labels cut off), and, for each filter, its pop-up list once opened.
 */
async function outsideTheScreen(page: Page): Promise<string[]> {
  const found: string[] = [];
  const layout = await page.evaluate(() => {
    const width = window.innerWidth;
    const outside = (box: DOMRect): boolean => box.width > 0 && (box.left < -1 || box.right > width + 1);
    const describe = (element: Element): string => {
      const frame = element.closest('[data-chart]');
      const text = (element.textContent ?? '').trim().slice(0, 40);
      return `${frame?.getAttribute('data-chart') ?? element.tagName} “${text}”`;
    };
    return {
      width,
      scrollWidth: document.documentElement.scrollWidth,
      chartText: [...document.querySelectorAll('.chart-frame svg text')]
        .filter((text) => outside(text.getBoundingClientRect()))
        .map(describe),
    };
  });
  if (layout.scrollWidth > layout.width)
    found.push(`the page is ${layout.scrollWidth} px wide on a ${layout.width} px screen`);
  for (const text of layout.chartText) found.push(`chart text outside the screen: ${text}`);

  const filters = await page
    .locator('.filter-bar details.multi')
    .evaluateAll((all) => all.map((details) => (details as HTMLElement).dataset.filter ?? ''));
  for (const filter of filters) {
    const details = page.locator(`.filter-bar details.multi[data-filter="${filter}"]`);
    await details.locator('> summary').click();
    const box = await details.evaluate((element) => {
      const list = element.querySelector('.multi-options')?.getBoundingClientRect();
      return {
        open: (element as HTMLDetailsElement).open,
        left: list?.left ?? 0,
        right: list?.right ?? 0,
        width: window.innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
      };
    });
    if (!box.open) found.push(`the ${filter} filter did not open`);
    if (box.left < 0 || box.right > box.width)
      found.push(
        `the ${filter} filter's list spans ${Math.round(box.left)} to ${Math.round(box.right)} px on a ${box.width} px screen`,
      );
    if (box.scrollWidth > box.width)
      found.push(`with the ${filter} filter open the page is ${box.scrollWidth} px wide`);
    await page.keyboard.press('Escape');
  }
  return found;
}

describe.each(ROLES)('as %s', (role) => {
  it.each(VIEWPORTS)(
    'on a $name ($width px), every page passes axe-core (nothing serious or critical) and fits the screen',
    async (viewport) => {
      const context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
      });
      const page = await context.newPage();
      const problems = watchPage(page);
      await signInWithForm(page, app.baseUrl, users[role].email);
      const links = await page.locator('.site-nav a').evaluateAll((all) =>
        all.map((link) => ({
          id: (link as HTMLElement).dataset.page ?? '',
          path: new URL((link as HTMLAnchorElement).href).pathname,
        })),
      );
      expect(links.length).toBeGreaterThanOrEqual(4);

      const findings: string[] = [];
      for (const link of links) {
        await page.goto(`${app.baseUrl}${link.path}`);
        await pageSettled(page);
        for (const violation of await seriousViolations(page)) findings.push(`${link.id}: ${violation}`);
        if (viewport.width < 600) {
          for (const problem of await outsideTheScreen(page)) findings.push(`${link.id}: ${problem}`);
          await screenshot(page, `a11y-${viewport.width}-${role}-${link.id}`);
        }
      }
      // The sign-in page too, seen by everyone before signing in.
      await context.clearCookies();
      await page.goto(`${app.baseUrl}/`);
      await page.waitForSelector('form.sign-in-password');
      for (const violation of await seriousViolations(page)) findings.push(`sign-in: ${violation}`);

      expect(findings).toEqual([]);
      expect(problems.list()).toEqual([]);
      await context.close();
    },
    300_000,
  );
});

/**
 * The Data page's panels that open on use, opened: the mapping step of a clinic's spreadsheet
 * with its columns, its preview and a named bad cell, and the correction history with a change.
 */
describe('the Data page’s mapping step and correction history, opened (as owner)', () => {
  beforeAll(async () => {
    const correction = 'client_id,clinic_id,therapist_id,condition,technique,session,session_date,phase,measure,site,trial,value,unit\n' +
      'c000014,k01,t004,tension_type_headache,myofascial_release,1,2023-03-14,pre,pain_nrs,,,6,score\n';
    const response = await users.owner.api('/api/ingest?filename=fix.csv&mode=correct&reason=misread', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: correction });
    expect(response.status).toBe(201);
  });

  it.each(VIEWPORTS)(
    'on a $name ($width px), passes axe-core and fits the screen',
    async (viewport) => {
      const path = artefactPath('a11y-wide.xlsx');
      const header = ['Client', 'Visit', 'Technique', 'UT L pre', 'UT L post', 'UT R pre', 'UT R post', 'SO L pre', 'SO L post', 'SO R pre', 'SO R post'];
      await writeFile(path, await writeWorkbook([{ name: 'Visits', rows: [header, ['a1', 1, 'massage', 3, 3.4, 3.1, 3.5, 2.2, 2.6, 2.3, 'n/a']] }]));
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      const problems = watchPage(page);
      await signInWithForm(page, app.baseUrl, users.owner.email, '/data/');
      await pageSettled(page);
      await page.fill('#mapping-clinic', 'k01');
      await page.locator('#mapping-clinic').dispatchEvent('change');
      await page.setInputFiles('#mapping-file', path);
      await page.waitForSelector('.mapping-editor:not([hidden]) .mapping-columns');
      await page.click('#mapping-preview');
      await page.waitForSelector('.mapping-result .errors-table');
      await page.fill('#history-client-id', 'c000014');
      await page.click('#history-show');
      await page.waitForSelector('.history-table tbody tr');
      const findings = [...(await seriousViolations(page))];
      if (viewport.width < 600) findings.push(...(await outsideTheScreen(page)));
      await screenshot(page, `a11y-${viewport.width}-owner-data-mapping`);
      expect(findings).toEqual([]);
      expect(problems.list()).toEqual([]);
      await context.close();
    },
    300_000,
  );
});

/**
 * The Record a session page (checked above as it opens) in the states it only reaches when used:
 * asking again about a value outside its plausible range, and a refused session with its problems
 * named at their fields, for each role that records sessions, on a laptop and a phone.
 */
describe.each(['admin', 'owner', 'therapist'] as const)('Record a session, as %s', (role) => {
  it.each(VIEWPORTS)(
    'on a $name ($width px), its asking and refused states pass axe-core and fit the screen',
    async (viewport) => {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      const problems = watchPage(page, [/HTTP 422 POST .*\/api\/ingest\/form$/, /status of 422/]);
      await signInWithForm(page, app.baseUrl, users[role].email, '/record/');
      expect(await page.locator('.site-nav a[data-page="record"]').getAttribute('aria-current')).toBe('page');
      await page.waitForSelector('#outbox-status[data-pending="0"]');
      await page.fill('#session-client', `a11y-${role}-${viewport.width}`);
      await page.fill('#session-number', '1');
      await page.selectOption('#session-unit', 'kg/cm2');
      await page.fill('#ppt-upper_trapezius_left-pre-1', '3.0');
      await page.fill('#ppt-upper_trapezius_left-post-1', '310');
      await page.click('button[type="submit"]');
      await page.waitForSelector('[role="alertdialog"]');

      const findings: string[] = [];
      for (const violation of await seriousViolations(page)) findings.push(`asking again: ${violation}`);
      await page.click('button:has-text("Send as typed")');
      await page.waitForSelector('.error-summary[role="alert"]');
      for (const violation of await seriousViolations(page)) findings.push(`refused: ${violation}`);
      if (viewport.width < 600) for (const problem of await outsideTheScreen(page)) findings.push(`refused: ${problem}`);
      await screenshot(page, `a11y-${viewport.width}-${role}-record-refused`);
      expect(findings).toEqual([]);
      expect(problems.list()).toEqual([]);
      await context.close();
    },
    120_000,
  );
});
