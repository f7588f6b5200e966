/**
 * Loading data from the dashboard, into an empty Threshold: the empty states point to the Data
 * page; an upload shows its progress (bytes sent, then the server's own progress) and then its
 * batch; sending the same file again stores nothing new; a file with errors is refused with each
 * error's line and column; and the uploaded data reaches the charts.
 */
import { writeFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { artefactPath, screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DEMO_DIR, startDashboardApp, TEST_ADMIN_TOKEN } from './support/dashboard-app.js';
import { watchPage, type PageProblems } from './support/page-watch.js';

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  app = await startDashboardApp();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  // Signed in as the link printed at start does: the context keeps the session cookie.
  await page.goto(`${app.baseUrl}/data/#token=${TEST_ADMIN_TOKEN}`);
  await page.waitForSelector('.user-menu .user-name');
  // The refused upload answers 422 on purpose.
  problems = watchPage(page, [/HTTP 422 POST .*\/api\/ingest/, /status of 422/]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
});

/** Chooses a file on the Data page and uploads it; resolves with every progress the page showed. */
async function upload(path: string): Promise<{ value: number; text: string }[]> {
  if (new URL(page.url()).pathname !== '/data/') await page.goto(`${app.baseUrl}/data/`);
  await page.setInputFiles('#upload-file', path);
  await page.evaluate(() => {
    const bar = document.querySelector<HTMLProgressElement>('#upload-progress')!;
    const text = document.querySelector('#upload-progress-text')!;
    const seen: { value: number; text: string }[] = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    new MutationObserver(() => seen.push({ value: bar.value, text: text.textContent ?? '' })).observe(text, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  const previous = await page.evaluate(
    () => document.querySelector('.batch-outcome')?.getAttribute('data-batch-id') ?? null,
  );
  await page.locator('form.upload-form button[type=submit]').click();
  await page.waitForFunction(
    (before) => {
      const outcome = document.querySelector('.batch-outcome');
      return outcome !== null && outcome.getAttribute('data-batch-id') !== before;
    },
    previous,
    { timeout: 90_000 },
  );
  return page.evaluate(
    () => (window as unknown as { progressSeen: { value: number; text: string }[] }).progressSeen,
  );
}

it('says what to do when there is no data yet', async () => {
  await page.goto(`${app.baseUrl}/`);
  await page.waitForSelector('.state-empty');
  expect(await page.locator('.state-empty').textContent()).toContain('Upload a file on the Data page');
  await page.locator('.state-empty a', { hasText: 'Upload a file on the Data page' }).click();
  await page.waitForSelector('#upload-file');
  expect(new URL(page.url()).pathname).toBe('/data/');
  expect(await page.locator('.batches-body').textContent()).toContain('No files have been loaded yet');
  await screenshot(page, 'empty-data-page');
  expect(problems.list()).toEqual([]);
});

it('uploads a file with a progress bar, then shows its batch', async () => {
  // Slow the upload to about 1.5 MB/s, as from a clinic's connection, so that progress is visible.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 1.5 * 1024 * 1024,
  });

  const seen = await upload(`${DEMO_DIR}practice.csv`);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });

  // Bytes went out in several steps, the bar only moved forward, and it ended full.
  const sending = seen.filter((step) => step.text.startsWith('Sending practice.csv:'));
  expect(sending.length).toBeGreaterThanOrEqual(3);
  expect(sending.some((step) => step.value > 0 && step.value < 0.8)).toBe(true);
  const values = seen.map((step) => step.value);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  expect(values[values.length - 1]).toBe(1);
  // The server's own progress (rows checked) was shown while the file was still arriving.
  expect(seen.some((step) => /Threshold has checked [\d,]+ rows/.test(step.text))).toBe(true);

  const outcome = page.locator('.batch-outcome');
  expect(await outcome.getAttribute('data-status')).toBe('stored');
  expect(await outcome.locator('[data-field="inserted"]').textContent()).toBe('39,084');
  expect(await outcome.textContent()).toContain('stored 39,084 readings');
  // The list of batches and the map of missing measurements follow.
  await page.waitForSelector('.batches-table tr[data-batch-id]');
  expect(await page.locator('.batches-table tbody tr[data-batch-id]').count()).toBe(1);
  await page.waitForSelector('.chart-frame[data-chart="data-coverage"][data-rendered] svg');
  await screenshot(page, 'upload-stored');
  expect(problems.list()).toEqual([]);
});

it('stores nothing new when the same file is sent again', async () => {
  await upload(`${DEMO_DIR}practice.csv`);
  const outcome = page.locator('.batch-outcome');
  expect(await outcome.getAttribute('data-status')).toBe('stored');
  expect(await outcome.locator('[data-field="inserted"]').textContent()).toBe('0');
  expect(await outcome.locator('[data-field="duplicates"]').textContent()).toBe('39,084');
  expect(await outcome.textContent()).toContain('nothing new');
  expect(problems.list()).toEqual([]);
});

it('refuses a file with errors and lists each error with its line and column', async () => {
  const path = artefactPath('bad-upload.csv');
  await writeFile(
    path,
    [
      'client_id,session,measure,value,unit,phase',
      'e2e001,1,ppt,310,kPa,pre',
      'e2e001,2,ppt,not-a-number,kPa,pre',
      'e2e001,3,ppt,320,psi,pre',
      'e2e001,4,ppt,330,kPa,during',
      '',
    ].join('\n'),
  );
  await upload(path);
  const outcome = page.locator('.batch-outcome');
  expect(await outcome.getAttribute('data-status')).toBe('refused');
  expect(await outcome.textContent()).toContain('nothing was stored');
  const rows = await outcome.locator('.errors-table tbody tr').allTextContents();
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const cells = await outcome
    .locator('.errors-table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  expect(cells).toEqual(
    expect.arrayContaining([
      expect.arrayContaining(['3', 'value']),
      expect.arrayContaining(['4', 'unit']),
      expect.arrayContaining(['5', 'phase']),
    ]),
  );
  // The refused batch is listed with its errors too.
  await page.waitForFunction(
    () => document.querySelectorAll('.batches-table tbody tr[data-batch-id]').length === 3,
  );
  await screenshot(page, 'upload-refused');
  expect(problems.list()).toEqual([]);
});

it('shows the uploaded data on the overview', async () => {
  await page.goto(`${app.baseUrl}/`);
  await page.waitForSelector('.chart-frame[data-chart="overview-trajectory"][data-rendered] svg', {
    timeout: 60_000,
  });
  expect(await page.locator('.tile-value').first().textContent()).toBe('2,000');
  expect(problems.list()).toEqual([]);
});
