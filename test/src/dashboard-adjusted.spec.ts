/**
 * The therapists page's "Adjusted for case-mix" section, in Chromium against the real API started
 * with the demo data and its invented names: an admin sees every therapist by name; an owner sees
 * their clinic's therapists by name and every other therapist as a grey unlabelled dot; a therapist
 * sees their own row as "you" among unlabelled dots; an owner compares clinics with the toggle.
 * What each entry is comes from the API's own answer for the same user (GET /api/therapists/adjusted),
 * so the test checks that the page shows exactly that, by name. Screenshots at 1280 and 390 px are
 * kept in test-results/e2e/.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';
import { artefactPath, screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DASHBOARD_DIST, DEMO_DIR } from './support/dashboard-app.js';
import { watchPage } from './support/page-watch.js';
import { addUser, signInWithForm, type TestUser } from './support/users.js';

interface DemoNames {
  clinics: Record<string, string>;
  therapists: Record<string, string>;
}

interface ApiEntry {
  therapist?: string | null;
  clinic?: string | null;
  anonymous: boolean;
  self?: boolean;
}

let app: TestApp;
let browser: Browser;
let names: DemoNames;
let admin: TestUser;
let owner: TestUser;
let therapist: TestUser;

beforeAll(async () => {
  app = await startTestApp({ dashboardDir: DASHBOARD_DIST, demo: true });
  names = JSON.parse(await readFile(`${DEMO_DIR}names.json`, 'utf8')) as DemoNames;
  admin = await addUser(app, { email: 'boss@clinic.example', role: 'admin' });
  owner = await addUser(app, { email: 'owner@harbour.example', role: 'owner', clinics: ['k01'] });
  therapist = await addUser(app, {
    email: 'amara@harbour.example',
    role: 'therapist',
    clinics: ['k01'],
    therapist: 't001',
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The API's entries for this user: what the page must show, and how. */
async function apiEntries(user: TestUser, by: 'therapist' | 'clinic'): Promise<ApiEntry[]> {
  const response = await user.api(`/api/therapists/adjusted?measure=ppt&by=${by}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, ApiEntry[] | null>;
  const list = body[by === 'therapist' ? 'therapists' : 'clinics'];
  expect(list).not.toBeNull();
  return list ?? [];
}

/** A demo id ("t001") from its stored key, through the names the admin sees. */
async function idsByKey(): Promise<Map<string, string>> {
  const body = (await (await admin.api('/api/cohorts/filters')).json()) as {
    names: { clinics: Record<string, string>; therapists: Record<string, string> };
  };
  const idOf = new Map<string, string>();
  for (const [kind, byKey] of [
    ['clinics', body.names.clinics],
    ['therapists', body.names.therapists],
  ] as const) {
    for (const [key, name] of Object.entries(byKey)) {
      const id = Object.entries(names[kind]).find((entry) => entry[1] === name)?.[0];
      if (id !== undefined) idOf.set(key, id);
    }
  }
  return idOf;
}

async function effectsDrawn(page: Page, by: 'therapist' | 'clinic'): Promise<string> {
  const frame = `.chart-frame[data-chart="adjusted-effects-${by}"]`;
  await page.waitForSelector(`${frame}[data-rendered] svg`, { timeout: 60_000 });
  return frame;
}

/** The labels of the effects chart's rows (an anonymous row has none). */
async function rowLabels(page: Page, frame: string): Promise<string[]> {
  return page
    .locator(`${frame} svg g[data-mark="y-axis tick label"] text`)
    .evaluateAll((texts) => texts.map((text) => text.textContent ?? '').filter((text) => text !== ''));
}

async function markCount(page: Page, frame: string, mark: string): Promise<number> {
  return page.locator(`${frame} svg g.adjusted-${mark}[data-mark="dot"] circle`).count();
}

/** Nothing wider than the window (tables scroll inside their card). */
async function fitsWidth(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function openAs(user: TestUser, width: number, path = '/therapists/'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  watchPage(page);
  await signInWithForm(page, app.baseUrl, user.email, path);
  return page;
}

describe('therapists adjusted for case-mix', () => {
  it('shows the admin every therapist by name, in name order, with a sentence each and no anonymous dot', async () => {
    const entries = await apiEntries(admin, 'therapist');
    const idOf = await idsByKey();
    const expected = entries
      .map((entry) => names.therapists[idOf.get(entry.therapist ?? '') ?? ''])
      .sort((a, b) => a.localeCompare(b, 'en'));
    expect(entries.every((entry) => !entry.anonymous)).toBe(true);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    for (const width of [1280, 390]) {
      const page = await openAs(admin, width);
      const frame = await effectsDrawn(page, 'therapist');
      expect(await rowLabels(page, frame)).toEqual(expected);
      expect(await markCount(page, frame, 'anonymous')).toBe(0);
      expect(await markCount(page, frame, 'named')).toBeGreaterThan(0);
      const sentences = await page.locator('.adjusted-sentences li').allTextContents();
      expect(sentences.map((sentence) => sentence.split(':')[0])).toEqual(expected);
      for (const sentence of sentences) {
        expect(sentence).toMatch(
          /expected [+−-]?[\d.,]+ kPa given their clients; achieved [+−-]?[\d.,]+ kPa/,
        );
        expect(sentence).toMatch(/(above|within|below) expected|too few clients to say/);
      }
      // The raw funnel stays below, labelled as raw.
      expect(await page.locator('#raw-title').textContent()).toBe('Raw change, not adjusted for case-mix');
      await page.waitForSelector('.chart-frame[data-chart="therapists-funnel"][data-rendered] svg');
      await fitsWidth(page);
      await screenshot(page, `adjusted-admin-${width}`);
      await page
        .locator(`${frame}`)
        .screenshot({ path: artefactPath(`adjusted-admin-effects-${width}.png`) });
      await page.context().close();
    }
  });

  it('shows an owner their clinic’s therapists by name and every other therapist as a grey unlabelled dot', async () => {
    const entries = await apiEntries(owner, 'therapist');
    const idOf = await idsByKey();
    const keyed = entries.filter((entry) => !entry.anonymous);
    const anonymous = entries.length - keyed.length;
    expect(keyed.length).toBeGreaterThan(0);
    expect(anonymous).toBeGreaterThan(0);
    const own = keyed.map((entry) => names.therapists[idOf.get(entry.therapist ?? '') ?? '']);
    // Only k01's therapists are named (data/demo/practice.csv).
    expect(
      own.every((name) =>
        ['t001', 't002', 't003', 't004', 't005'].some((id) => names.therapists[id] === name),
      ),
    ).toBe(true);
    for (const width of [1280, 390]) {
      const page = await openAs(owner, width);
      const frame = await effectsDrawn(page, 'therapist');
      expect(await rowLabels(page, frame)).toEqual([...own].sort((a, b) => a.localeCompare(b, 'en')));
      expect(await markCount(page, frame, 'anonymous')).toBe(anonymous);
      // No other clinic's therapist is named anywhere in the section.
      const text = await page.locator('section.adjusted').innerText();
      const others = Object.entries(names.therapists).filter(([, name]) => !own.includes(name));
      for (const [, name] of others) expect(text).not.toContain(name);
      expect(await page.locator('.adjusted-sentences li').count()).toBe(keyed.length);
      await fitsWidth(page);
      await screenshot(page, `adjusted-owner-${width}`);
      await page
        .locator('section.adjusted')
        .screenshot({ path: artefactPath(`adjusted-owner-section-${width}.png`) });
      await page.context().close();
    }
  });

  it('lets an owner compare clinics: their own by name, the others unlabelled', async () => {
    const entries = await apiEntries(owner, 'clinic');
    const page = await openAs(owner, 1280);
    await effectsDrawn(page, 'therapist');
    await page.selectOption('#adjusted-by', 'clinic');
    const frame = await effectsDrawn(page, 'clinic');
    expect(page.url()).toContain('by=clinic');
    expect(await rowLabels(page, frame)).toEqual([names.clinics.k01]);
    expect(await markCount(page, frame, 'anonymous')).toBe(entries.filter((entry) => entry.anonymous).length);
    expect(await page.locator('.adjusted-sentences li').first().textContent()).toMatch(
      new RegExp(`^${names.clinics.k01}: expected .* given its clients; achieved`),
    );
    await screenshot(page, 'adjusted-owner-clinics-1280');
    await page.context().close();
  });

  it('shows a therapist their own row as “you” among unlabelled dots, without a clinic toggle', async () => {
    const entries = await apiEntries(therapist, 'therapist');
    expect(entries.filter((entry) => entry.self === true)).toHaveLength(1);
    for (const width of [1280, 390]) {
      const page = await openAs(therapist, width);
      const frame = await effectsDrawn(page, 'therapist');
      expect(await rowLabels(page, frame)).toEqual(['you']);
      expect(await markCount(page, frame, 'anonymous')).toBe(entries.length - 1);
      expect(await page.locator('#adjusted-by').count()).toBe(0);
      const funnelLabels = await page
        .locator(
          '.chart-frame[data-chart="adjusted-funnel-therapist"] svg g.adjusted-label[data-mark="text"] text',
        )
        .allTextContents();
      expect(funnelLabels).toEqual(['you']);
      const sentences = await page.locator('.adjusted-sentences li').allTextContents();
      expect(sentences).toHaveLength(1);
      expect(sentences[0].startsWith(`${names.therapists.t001} (you): expected `)).toBe(true);
      await fitsWidth(page);
      await screenshot(page, `adjusted-therapist-${width}`);
      for (const chart of ['effects', 'funnel'])
        await page
          .locator(`.chart-card:has(.chart-frame[data-chart="adjusted-${chart}-therapist"])`)
          .screenshot({ path: artefactPath(`adjusted-therapist-${chart}-${width}.png`) });
      await page
        .locator('section.adjusted')
        .screenshot({ path: artefactPath(`adjusted-therapist-section-${width}.png`) });
      await page.context().close();
    }
  });
});
