/**
 * The dry run of the ingest (POST /api/ingest/preview) over real HTTP into a real database: a wide
 * .xlsx read through a mapping given in the request answers its sheets, the readings as they would
 * be stored and every error with its cell and field, and stores nothing (no batch, no reading);
 * the same file and mapping sent to POST /api/ingest then store it. The templates download, and
 * the wide template with its own mapping previews without an error.
 */
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { WIDE_MAPPING } from '@threshold/ingest';
import { createUser, type SignedIn } from '../../testing/users.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import type { IngestPreviewView } from './ingest-preview.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SITES = [
  ['UT L', 'upper_trapezius_left'],
  ['UT R', 'upper_trapezius_right'],
  ['SO L', 'suboccipital_left'],
  ['SO R', 'suboccipital_right'],
] as const;
const MAPPING = {
  sheet: 'Visits',
  columns: { client_id: 'Client', session: 'Visit', technique: 'Technique' },
  values: { measure: 'ppt', unit: 'kg/cm2', clinic_id: 'k1' },
  readings: SITES.flatMap(([label, site]) => ['pre', 'post'].map((phase) => ({ column: `${label} ${phase}`, site, phase }))),
};

/** A workbook whose first sheet is notes, its second the visits (so that the sheet must be chosen). */
async function workbook(secondRow: (string | number)[] = ['m2', 'Bo Example', 1, 'massage', 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Notes').addRow(['Written by reception']);
  const sheet = book.addWorksheet('Visits');
  sheet.addRow(['Client', 'Name', 'Visit', 'Technique', ...SITES.flatMap(([label]) => [`${label} pre`, `${label} post`])]);
  sheet.addRow(['m1', 'Ann Example', 1, 'massage', 2.9, 3.4, 3.0, 3.3, 2.1, 2.6, 2.2, 2.5]);
  sheet.addRow(secondRow);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('the ingest preview (a dry run)', () => {
  let t: TestApp;
  let owner: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { email: 'owner-k1@example.org', role: 'owner', clinics: ['k1'] });
  }, 60_000);
  afterAll(() => t.close());

  const preview = async (as: Pick<TestApp, 'api'>, body: Buffer, query: string): Promise<{ status: number; body: IngestPreviewView & { message?: string } }> => {
    const response = await as.api(`/api/ingest/preview?filename=visits.xlsx&${query}`, { method: 'POST', headers: { 'content-type': XLSX }, body });
    return { status: response.status, body: (await response.json()) as IngestPreviewView & { message?: string } };
  };
  const stored = async (): Promise<{ batches: number; readings: number }> => {
    const batches = (await (await t.api('/api/ingest/batches')).json()) as { total: number };
    const [row] = (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM measurements`)) as { n: number }[];
    return { batches: batches.total, readings: row.n };
  };

  it('lists the sheets and their headers when no mapping is given, with the header errors', async () => {
    const { status, body } = await preview(owner, await workbook(), '');
    expect(status).toBe(200);
    expect(body.sheets).toEqual([
      { name: 'Notes', columns: ['Written by reception'], rows: 0 },
      { name: 'Visits', columns: ['Client', 'Name', 'Visit', 'Technique', 'UT L pre', 'UT L post', 'UT R pre', 'UT R post', 'SO L pre', 'SO L post', 'SO R pre', 'SO R post'], rows: 2 },
    ]);
    expect(body.storable).toBe(false);
    expect(body.errors[0]).toMatchObject({ location: 'Notes!A1' });
    expect(await stored()).toEqual({ batches: 0, readings: 0 });
  });

  it('shows the readings as they would be stored through a mapping of the chosen sheet, storing nothing', async () => {
    const { status, body } = await preview(owner, await workbook(), `mappingJson=${encodeURIComponent(JSON.stringify(MAPPING))}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ format: 'xlsx', rowsRead: 16, errorCount: 0, errors: [], storable: true });
    expect(body.readings).toHaveLength(16);
    expect(body.readings[0]).toEqual({
      line: 2, client_id: 'm1', session: 1, phase: 'pre', measure: 'ppt', site: 'upper_trapezius_left', trial: null,
      value: expect.closeTo(284.39, 1), raw_value: 2.9, raw_unit: 'kg/cm2', technique: 'massage', condition: null, clinic_id: 'k1', therapist_id: null, session_date: null,
    });
    expect(await stored()).toEqual({ batches: 0, readings: 0 });
    // The same file and mapping, sent: stored.
    const upload = await owner.api(`/api/ingest?filename=visits.xlsx&mappingJson=${encodeURIComponent(JSON.stringify(MAPPING))}`, { method: 'POST', headers: { 'content-type': XLSX }, body: await workbook() });
    expect(upload.status).toBe(201);
    expect(await stored()).toEqual({ batches: 1, readings: 16 });
  });

  it('names a bad cell by sheet and cell and the contract field, and stores nothing', async () => {
    const before = await stored();
    const { body } = await preview(owner, await workbook(['m3', 'Cy Example', 1, 'massage', 3.1, 'n/a', 3.3, 3.4, 3.5, 3.6, 3.7, 3.8]), `mappingJson=${encodeURIComponent(JSON.stringify(MAPPING))}`);
    expect(body.storable).toBe(false);
    expect(body.errorCount).toBe(1);
    expect(body.errors[0]).toMatchObject({ line: 3, column: 'value', location: 'Visits!F3' });
    expect(body.errors[0].message).toMatch(/not a number/);
    expect(await stored()).toEqual(before);
  });

  it('refuses a mapping that is not one (400), and a sheet the workbook does not have (an error naming its sheets)', async () => {
    const bad = await preview(owner, await workbook(), `mappingJson=${encodeURIComponent('{"columns":{"patient":"P"}}')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^mappingJson is not a usable mapping: columns\.patient: not a field of the contract/);
    const notJson = await preview(owner, await workbook(), 'mappingJson=%7B');
    expect(notJson.status).toBe(400);
    const missing = await preview(owner, await workbook(), `mappingJson=${encodeURIComponent(JSON.stringify({ ...MAPPING, sheet: 'Visits 2026' }))}`);
    expect(missing.body.errors[0].message).toBe("the workbook has no sheet named 'Visits 2026': its sheets are Notes, Visits; choose one of them in the mapping");
  });

  it('names rows of a clinic not the owner’s, as the upload would', async () => {
    const { body } = await preview(owner, await workbook(), `mappingJson=${encodeURIComponent(JSON.stringify({ ...MAPPING, values: { ...MAPPING.values, clinic_id: 'k2' } }))}`);
    expect(body.storable).toBe(false);
    expect(body.errors[0]).toMatchObject({ line: 2, column: 'clinic_id', message: 'not one of your clinics: you may ingest only for your own' });
  });

  it('serves the templates, and the wide one previews through its own mapping', async () => {
    const list = (await (await owner.api('/api/ingest/templates')).json()) as { templates: { name: string }[] };
    expect(list.templates.map((template) => template.name)).toEqual(['long.csv', 'long.xlsx', 'wide.csv', 'wide.xlsx', 'wide.mapping.json']);
    const wide = await owner.api('/api/ingest/templates/wide.xlsx');
    expect(wide.headers.get('content-disposition')).toBe('attachment; filename="threshold-wide.xlsx"');
    const mapping = (await (await owner.api('/api/ingest/templates/wide.mapping.json')).json()) as unknown;
    expect(mapping).toEqual(WIDE_MAPPING);
    const previewed = await t.api(`/api/ingest/preview?filename=wide.xlsx&mappingJson=${encodeURIComponent(JSON.stringify(mapping))}`, {
      method: 'POST',
      headers: { 'content-type': XLSX },
      body: Buffer.from(await wide.arrayBuffer()),
    });
    expect(await previewed.json()).toMatchObject({ storable: true, errorCount: 0, rowsRead: 16 });
    const long = await t.api('/api/ingest/preview?filename=long.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: await (await owner.api('/api/ingest/templates/long.csv')).text() });
    expect(await long.json()).toMatchObject({ storable: true, errorCount: 0, rowsRead: 16 });
    expect((await owner.api('/api/ingest/templates/other.xlsx')).status).toBe(404);
  });
});
