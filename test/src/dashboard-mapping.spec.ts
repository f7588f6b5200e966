/**
 * A clinic's own spreadsheet, mapped on the Data page in Chromium against the real API on a fresh
 * database: an owner maps a wide .xlsx (4 sites x pre/post, on its second sheet, with a column of
 * phone numbers that must not be read), previews it (nothing stored), stores it, saves the
 * mapping for the clinic, and the readings reach the overview; a workbook with a bad cell is
 * named by its cell and field in the preview and nothing is stored; a correction made through the
 * API shows in the page's correction history.
 */
import { writeFile } from 'node:fs/promises';
import { writeWorkbook } from '@threshold/ingest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { artefactPath, screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { startDashboardApp } from './support/dashboard-app.js';
import { watchPage, type PageProblems } from './support/page-watch.js';
import { addUser, signInWithForm, type TestUser } from './support/users.js';

const CLINIC = 'k-north';
const SITES = ['UT L', 'UT R', 'SO L', 'SO R'];
const HEADER = ['Client', 'Phone', 'Visit', 'Date', 'Technique', ...SITES.flatMap((site) => [`${site} pre`, `${site} post`])];
const CLIENTS = 15;
const SESSIONS = 3;

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let owner: TestUser;
let problems: PageProblems;

/** One row per client and session: pre readings about 3 kg/cm2, post a little higher. */
function visitRows(bad?: { row: number; cell: number }): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let client = 1; client <= CLIENTS; client++) {
    for (let session = 1; session <= SESSIONS; session++) {
      const readings = SITES.flatMap((_, s) => {
        const pre = 2.5 + ((client * 7 + s * 3 + session) % 10) / 10;
        return [pre, Math.round((pre + 0.3 + session / 10) * 100) / 100];
      });
      const technique = client % 2 === 0 ? 'ischemic_compression' : 'massage';
      rows.push([`c${String(client).padStart(2, '0')}`, `555-01${client}`, session, `2026-0${session}-1${client % 10}`, technique, ...readings]);
    }
  }
  if (bad !== undefined) rows[bad.row][bad.cell] = 'n/a';
  return rows;
}

async function wideWorkbook(name: string, bad?: { row: number; cell: number }): Promise<string> {
  const path = artefactPath(name);
  await writeFile(
    path,
    await writeWorkbook([
      { name: 'Notes', rows: [['Exported by reception'], ['Do not edit']] },
      { name: 'Visits', rows: [HEADER, ...visitRows(bad)] },
    ]),
  );
  return path;
}

async function storedBatches(): Promise<number> {
  return ((await (await app.api('/api/ingest/batches')).json()) as { total: number }).total;
}

/** Chooses the clinic and the file on the Data page; resolves when the columns can be mapped. */
async function chooseFile(path: string): Promise<void> {
  await page.goto(`${app.baseUrl}/data/`);
  await page.waitForSelector('#mapping-file');
  await page.fill('#mapping-clinic', CLINIC);
  await page.locator('#mapping-clinic').dispatchEvent('change');
  await page.setInputFiles('#mapping-file', path);
  await page.waitForSelector('.mapping-editor:not([hidden]) .mapping-columns');
}

beforeAll(async () => {
  app = await startDashboardApp();
  owner = await addUser(app, { email: 'owner@north.example', role: 'owner', clinics: [CLINIC] });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  problems = watchPage(page, [/HTTP 422 POST .*\/api\/ingest/, /status of 422/]);
  await signInWithForm(page, app.baseUrl, owner.email, '/data/');
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
});

it('an owner maps a wide .xlsx (4 sites x pre/post), previews it, stores it and saves the mapping; the data reach the overview', async () => {
  await chooseFile(await wideWorkbook('visits-wide.xlsx'));
  // The first sheet is the reception's notes: the visits are on the second, chosen by hand.
  await page.selectOption('#mapping-sheet', 'Visits');
  await page.waitForFunction(() => document.querySelectorAll('.mapping-columns tbody tr').length === 13);
  // Guessed from the headers: the fields, the readings with their site and phase; the phone not read.
  expect(await page.inputValue('#mapping-role-0')).toBe('client_id');
  expect(await page.inputValue('#mapping-role-1')).toBe('skip');
  expect(await page.inputValue('#mapping-role-2')).toBe('session');
  expect(await page.inputValue('#mapping-role-5')).toBe('reading');
  expect(await page.inputValue('#mapping-site-5')).toBe('upper_trapezius_left');
  expect(await page.inputValue('#mapping-phase-6')).toBe('post');
  expect(await page.inputValue('#mapping-default-clinic-id')).toBe(CLINIC);
  expect(await page.inputValue('#mapping-default-unit')).toBe('kg/cm2');
  expect(await page.locator('#mapping-store').isDisabled()).toBe(true);

  await page.click('#mapping-preview');
  await page.waitForSelector('.preview-table');
  const readings = CLIENTS * SESSIONS * SITES.length * 2;
  expect(await page.textContent('#mapping-status')).toBe(`${readings} readings would be stored. Nothing is stored until you choose Store.`);
  const first = await page.locator('.preview-table tbody tr').first().locator('td').allTextContents();
  expect(first.slice(0, 7)).toEqual(['2', 'c01', '1', 'pre', 'upper_trapezius_left', 'ppt', '3.3 kg/cm2']);
  // No phone number anywhere in what would be stored.
  expect(await page.locator('.preview-table').textContent()).not.toContain('555-');
  expect(await storedBatches()).toBe(0);
  await screenshot(page, 'mapping-previewed');

  await page.click('#mapping-store');
  await page.waitForSelector('.mapping-result .batch-outcome');
  const outcome = page.locator('.mapping-result .batch-outcome');
  expect(await outcome.getAttribute('data-status')).toBe('stored');
  expect(await outcome.locator('[data-field="inserted"]').textContent()).toBe(String(readings));

  await page.fill('#mapping-name', 'visits-wide');
  await page.click('#mapping-save');
  await page.waitForFunction(() => document.querySelector('#mapping-status')?.textContent?.startsWith('Saved the mapping visits-wide'));
  const saved = (await (await owner.api(`/api/ingest/mappings?clinic=${CLINIC}`)).json()) as { mappings: { name: string; mapping: { sheet: string; readings: unknown[] } }[] };
  expect(saved.mappings).toEqual([expect.objectContaining({ name: 'visits-wide', mapping: expect.objectContaining({ sheet: 'Visits', readings: expect.any(Array) }) })]);
  expect(saved.mappings[0].mapping.readings).toHaveLength(8);

  await page.goto(`${app.baseUrl}/`);
  await page.waitForSelector('.chart-frame[data-chart="overview-trajectory"][data-rendered] svg', { timeout: 60_000 });
  expect(await page.locator('.tile-value').first().textContent()).toBe(String(CLIENTS));
  expect(problems.list()).toEqual([]);
}, 180_000);

it('names a bad cell by its sheet, cell and field in the preview, and stores nothing', async () => {
  const before = await storedBatches();
  // Row 5 of the sheet (the fourth visit), its UT L post reading (column G).
  await chooseFile(await wideWorkbook('visits-bad-cell.xlsx', { row: 3, cell: 6 }));
  await page.waitForFunction(() => (document.querySelector<HTMLSelectElement>('#mapping-saved')?.options.length ?? 0) > 1);
  await page.selectOption('#mapping-saved', 'visits-wide');
  await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('#mapping-sheet')?.value === 'Visits');
  await page.click('#mapping-preview');
  await page.waitForSelector('.mapping-result .errors-table');
  expect(await page.textContent('#mapping-status')).toBe('1 error: the file would be refused whole. Nothing was stored.');
  const cells = await page.locator('.mapping-result .errors-table tbody tr td').allTextContents();
  expect(cells.slice(0, 2)).toEqual(['Visits!G5', 'value']);
  expect(cells[2]).toMatch(/not a number/);
  expect(await page.locator('#mapping-store').isDisabled()).toBe(true);
  expect(await storedBatches()).toBe(before);
  await screenshot(page, 'mapping-bad-cell');
  expect(problems.list()).toEqual([]);
}, 120_000);

it('shows a correction made through the API in the page’s correction history', async () => {
  const correction = [
    'client_id,session,phase,measure,site,value,unit,clinic_id,technique',
    `c01,1,pre,ppt,upper_trapezius_left,3.1,kg/cm2,${CLINIC},massage`,
    '',
  ].join('\n');
  const response = await owner.api(`/api/ingest?filename=correction.csv&mode=correct&reason=${encodeURIComponent('typed 3.3 for 3.1')}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: correction,
  });
  expect(response.status).toBe(201);

  await page.goto(`${app.baseUrl}/data/`);
  await page.waitForSelector('#history-client-id');
  await page.fill('#history-client-id', 'c01');
  await page.click('#history-show');
  await page.waitForSelector('.history-table tbody tr');
  const cells = await page.locator('.history-table tbody tr').first().locator('td').allTextContents();
  expect(cells.slice(1)).toEqual(['1', 'pre', 'ppt', 'upper_trapezius_left', '3.3 kg/cm2', '3.1 kg/cm2', 'typed 3.3 for 3.1', owner.email]);
  expect(await page.textContent('#history-status')).toBe('1 change, newest first.');
  await screenshot(page, 'mapping-history');
  expect(problems.list()).toEqual([]);
}, 120_000);
