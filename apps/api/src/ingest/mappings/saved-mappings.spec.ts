/**
 * Mappings saved per clinic by name, over real HTTP into a real database: an owner saves one for
 * their clinic (checked first), an upload names it and a wide .xlsx (4 sites x pre/post) is stored
 * through it; another clinic's mappings are not theirs to save, list or use.
 */
import ExcelJS from 'exceljs';
import { createUser, type SignedIn } from '../../testing/users.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import type { BatchView } from '../batches/batch-view.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SITES = [
  ['UT L', 'upper_trapezius_left'],
  ['UT R', 'upper_trapezius_right'],
  ['SO L', 'suboccipital_left'],
  ['SO R', 'suboccipital_right'],
] as const;
const WIDE = {
  columns: { client_id: 'Client', session: 'Visit', technique: 'Technique' },
  values: { measure: 'ppt', unit: 'kg/cm2', clinic_id: 'k1' },
  readings: SITES.flatMap(([label, site]) => ['pre', 'post'].map((phase) => ({ column: `${label} ${phase}`, site, phase }))),
};

describe('saved mappings', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { email: 'owner-k1@example.org', role: 'owner', clinics: ['k1'] });
  }, 60_000);
  afterAll(() => t.close());

  const put = (as: Pick<TestApp, 'api'>, name: string, clinic: string, body: unknown) =>
    as.api(`/api/ingest/mappings/${encodeURIComponent(name)}?clinic=${clinic}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const workbook = async (): Promise<Buffer> => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Visits');
    sheet.addRow(['Client', 'Name', 'Visit', 'Technique', ...SITES.flatMap(([label]) => [`${label} pre`, `${label} post`])]);
    sheet.addRow(['m1', 'Ann Example', 1, 'massage', 2.9, 3.4, 3.0, 3.3, 2.1, 2.6, 2.2, 2.5]);
    return Buffer.from(await book.xlsx.writeBuffer());
  };

  it('saves a mapping for the owner’s clinic, and lists it', async () => {
    const saved = await put(owner, 'visits-wide', 'k1', WIDE);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ clinic: 'k1', name: 'visits-wide', savedBy: 'owner-k1@example.org', mapping: WIDE });
    const listed = (await (await owner.api('/api/ingest/mappings?clinic=k1')).json()) as { mappings: { name: string }[] };
    expect(listed.mappings.map((mapping) => mapping.name)).toEqual(['visits-wide']);
  });

  it('stores a wide .xlsx through the saved mapping named by the upload', async () => {
    const response = await owner.api('/api/ingest?mapping=visits-wide&clinic=k1&filename=visits.xlsx', { method: 'POST', headers: { 'content-type': XLSX }, body: await workbook() });
    expect(response.status).toBe(201);
    const { batch } = (await response.json()) as { batch: BatchView };
    expect(batch).toMatchObject({ status: 'stored', format: 'xlsx', inserted: 8, rowsRead: 8 });
  });

  it('refuses a mapping that is not one, naming where, and a bad name', async () => {
    const bad = await put(owner, 'broken', 'k1', { columns: { patient: 'P' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe(
      'the mapping is not usable: columns.patient: not a field of the contract: use client_id, session, measure, value, unit, phase, site, technique, condition, clinic_id, therapist_id, session_date, trial, clinic_name, therapist_name',
    );
    expect((await put(owner, 'two words', 'k1', WIDE)).status).toBe(400);
  });

  it('keeps another clinic’s mappings from an owner, and names a mapping that is not saved', async () => {
    expect((await put(t, 'theirs', 'k2', WIDE)).status).toBe(200);
    expect((await put(owner, 'theirs', 'k2', WIDE)).status).toBe(404);
    expect((await owner.api('/api/ingest/mappings?clinic=k2')).status).toBe(404);
    const upload = await owner.api('/api/ingest?mapping=theirs&clinic=k2', { method: 'POST', headers: { 'content-type': XLSX }, body: await workbook() });
    expect(upload.status).toBe(404);
    const unknown = await t.api('/api/ingest?mapping=nothing&clinic=k1', { method: 'POST', headers: { 'content-type': XLSX }, body: await workbook() });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/clinic k1 has no mapping named nothing/);
    const alone = await t.api('/api/ingest?mapping=visits-wide', { method: 'POST', headers: { 'content-type': XLSX }, body: await workbook() });
    expect(alone.status).toBe(400);
  });
});
