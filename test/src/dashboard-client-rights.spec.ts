/**
 * A client's rights on the Data page, in a real Chromium against the real API: an owner exports a
 * client's records, erases the client after seeing what will go (and the client is then nowhere in
 * the export), and sets a retention period whose dry run the panel shows; a therapist sees none of it.
 */
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { ingestFile, startDashboardApp } from './support/dashboard-app.js';
import { watchPage, type PageProblems } from './support/page-watch.js';
import { addUser, signInWithForm } from './support/users.js';

const FILE = [
  'client_id,clinic_id,technique,session,session_date,phase,measure,value,unit',
  'ann-7,k01,massage,1,2012-03-04,pre,ppt,300,kPa',
  'ann-7,k01,massage,1,2012-03-04,post,ppt,320,kPa',
  'ann-7,k01,massage,2,2025-03-11,pre,ppt,310,kPa',
  'bob-2,k01,massage,1,2024-03-05,pre,ppt,280,kPa',
  '',
].join('\n');

let app: TestApp;
let browser: Browser;
let directory: string;
let context: BrowserContext;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  app = await startDashboardApp();
  directory = await mkdtemp(join(tmpdir(), 'threshold-rights-'));
  await writeFile(join(directory, 'clinic.csv'), FILE);
  await ingestFile(app, join(directory, 'clinic.csv'));
  await addUser(app, { email: 'owner@clinic.example', role: 'owner', clinics: ['k01'] });
  await addUser(app, { email: 'therapist@clinic.example', role: 'therapist', clinics: ['k01'], therapist: 't001' });
  browser = await launchChromium();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  problems = watchPage(page);
});

afterEach(async () => {
  expect(problems.list()).toEqual([]);
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await rm(directory, { recursive: true, force: true });
});

it('lets an owner export a client’s records, then erase them after seeing what will go', async () => {
  await signInWithForm(page, app.baseUrl, 'owner@clinic.example', '/data/');
  await page.waitForSelector('#rights-client-id');
  await page.fill('#rights-client-id', 'ann-7');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#rights-export-csv')]);
  const csv = await readFile((await download.path()) ?? '', 'utf8');
  expect(csv.trimEnd().split('\n')).toHaveLength(1 + 3);
  expect(csv.split('\n').slice(1, 4).every((line) => line.startsWith('ann-7,'))).toBe(true);

  await page.click('#rights-erase');
  await page.waitForSelector('#rights-erase-confirm');
  expect(await page.locator('.rights-warning').textContent()).toContain('deletes 3 readings in 2 sessions');
  await screenshot(page, 'client-rights-confirm');
  await page.click('#rights-erase-confirm');
  await page.waitForFunction(() => document.querySelector('.rights-status')?.textContent?.startsWith('Erased'));
  expect(await page.locator('.rights-status').textContent()).toBe('Erased: 3 readings and 2 sessions are gone.');

  const exported = await (await app.api('/api/export?format=csv')).text();
  expect(exported.trimEnd().split('\n')).toHaveLength(1 + 1); // bob-2's one reading is all that is left
});

it('shows a clinic’s retention period with its dry run, and saves a new one', async () => {
  await signInWithForm(page, app.baseUrl, 'owner@clinic.example', '/data/');
  await page.waitForSelector('#retention-years');
  await page.waitForFunction(() => document.querySelector('.retention-dry-run')?.textContent !== '');
  expect(await page.locator('.retention-dry-run').textContent()).toBe('No retention period: this clinic’s sessions are kept.');
  // Only bob-2's 2024 session is left; with one year's retention it is due (today is after 2025-03-05).
  await page.fill('#retention-years', '1');
  await page.click('#retention-save');
  await page.waitForFunction(() => document.querySelector('.retention-dry-run')?.textContent?.startsWith('Kept 1 years'));
  expect(await page.locator('.retention-dry-run').textContent()).toMatch(
    /^Kept 1 years: the next daily run erases 1 sessions \(1 readings\) dated before \d{4}-\d{2}-\d{2}\.$/,
  );
  await screenshot(page, 'retention-panel');
});

it('offers a therapist neither panel', async () => {
  await signInWithForm(page, app.baseUrl, 'therapist@clinic.example', '/data/');
  await page.waitForSelector('.coverage-slot');
  expect(await page.locator('#rights-client-id').count()).toBe(0);
  expect(await page.locator('#retention-years').count()).toBe(0);
});
