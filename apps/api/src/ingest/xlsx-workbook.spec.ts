/**
 * The .xlsx door over real HTTP and through the real watch folder into a real database: a
 * workbook whose first sheet has the contract's headers is stored as a CSV file is; a bad cell is
 * named by sheet and cell in the answer and in the watch folder's report; broken workbooks are a
 * 422, never a 500.
 */
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { BatchView } from './batches/batch-view.js';
import { InboxWatcher } from './inbox/inbox-watcher.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['client_id', 'clinic_id', 'technique', 'session', 'phase', 'measure', 'site', 'value', 'unit'];

interface IngestAnswer {
  batch: BatchView;
  errors?: { line: number; column: string | null; message: string; location?: string }[];
}

/** A workbook of one sheet, `Sheet1`, holding `rows` after the header. */
async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const GOOD_ROWS = [
  ['x1', 'k1', 'massage', 1, 'pre', 'ppt', 'upper_trapezius_left', 3.1, 'kg/cm2'],
  ['x1', 'k1', 'massage', 1, 'post', 'ppt', 'upper_trapezius_left', 340, 'kPa'],
  ['x2', 'k1', 'massage', 1, 'pre', 'pain_nrs', null, 6, 'score'],
];

describe('an .xlsx workbook', () => {
  let t: TestApp;
  let inbox: string;

  beforeAll(async () => {
    inbox = await mkdtemp(join(tmpdir(), 'threshold-xlsx-inbox-'));
    // A long poll interval: the test drives the passes itself.
    t = await startTestApp({ inbox, inboxPollMs: 3_600_000 });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await rm(inbox, { recursive: true, force: true });
  });

  const post = async (body: Buffer, query = ''): Promise<{ status: number; answer: IngestAnswer }> => {
    const response = await t.api(`/api/ingest${query}`, { method: 'POST', body, headers: { 'content-type': XLSX } });
    return { status: response.status, answer: (await response.json()) as IngestAnswer };
  };

  it('is stored from POST /api/ingest as CSV is, once', async () => {
    const bytes = await workbook(GOOD_ROWS);
    const { status, answer } = await post(bytes, '?filename=visits.xlsx');
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ status: 'stored', format: 'xlsx', inserted: 3, rowsRead: 3 });
    expect((await post(bytes)).answer.batch).toMatchObject({ status: 'stored', inserted: 0, duplicates: 3 });
  });

  it('is refused with each bad cell named by sheet and cell, and the contract field', async () => {
    const { status, answer } = await post(await workbook([['x3', 'k1', 'massage', 1, 'pre', 'ppt', 'upper_trapezius_left', 'three', 'kPa']]));
    expect(status).toBe(422);
    expect(answer.errors).toEqual([{ line: 2, column: 'value', location: 'Sheet1!H2', message: expect.stringContaining('not a number') }]);
  });

  it.each([
    ['random bytes', Buffer.from('this is not a workbook at all, only text')],
    ['a zip without a workbook', Buffer.from('504b0506000000000000000000000000000000000000', 'hex')],
  ])('answers %s with a 422, never a 500', async (_label, body) => {
    expect((await post(body)).status).toBe(422);
  });

  it('answers truncated and flipped workbooks with a 422 (fuzz, seeded)', async () => {
    const good = await workbook(GOOD_ROWS);
    let state = 11;
    const random = (): number => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 20; round++) {
      const body = round % 2 === 0 ? good.subarray(0, Math.floor(random() * good.length)) : Buffer.from(good);
      if (round % 2 === 1) for (let f = 0; f < 4; f++) body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
      expect([201, 422]).toContain((await post(Buffer.from(body))).status);
    }
  });

  it('is taken by the watch folder as CSV is: stored and moved to done/, or refused with its cells named', async () => {
    const good = join(inbox, 'visits.xlsx');
    const bad = join(inbox, 'typo.xlsx');
    await writeFile(good, await workbook([['w1', 'k1', 'massage', 1, 'pre', 'ppt', 'upper_trapezius_left', 300, 'kPa']]));
    await writeFile(bad, await workbook([['w2', 'k1', 'massage', 1, 'pre', 'ppt', 'upper_trapezius_left', 300, 'kg']]));
    const past = new Date(Date.now() - 60_000);
    for (const file of [good, bad]) await utimes(file, past, past);
    const watcher = t.app.get(InboxWatcher);
    const outcomes = [...(await watcher.poll()), ...(await watcher.poll())];
    expect(outcomes.map((outcome) => [outcome.file, outcome.status]).sort()).toEqual([
      ['typo.xlsx', 'refused'],
      ['visits.xlsx', 'stored'],
    ]);
    expect(await readdir(join(inbox, 'done'))).toEqual(['visits.xlsx']);
    expect(await readFile(join(inbox, 'failed', 'typo.xlsx.errors.txt'), 'utf8')).toContain('Sheet1!I2, column unit:');
  });
});
