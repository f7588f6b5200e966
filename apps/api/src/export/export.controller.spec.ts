/**
 * GET /api/export streams the stored readings, as CSV or an Arrow IPC stream, with pseudonymous
 * keys only, and records each export in the audit log. Exported rows are checked against the rows
 * of the file that was ingested (keys hashed here with the deployment's secret).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasurementRow } from '@threshold/ingest';
import { findMeasure } from '@threshold/stats';
import { tableFromIPC } from 'apache-arrow';
import { ingestFile, readRows, testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import { createUser } from '../testing/users.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { csvLines } from './csv-format.js';
import { EXPORT_COLUMNS, type ExportRow } from './export-row.js';
import { EXPORT_PAGE_SIZE } from './export.service.js';

const PRACTICE = `${DEMO_DATA}practice.csv`;

interface AuditEntry {
  actor: string;
  action: string;
  detail: { format: string; rows: number; completed: boolean; filters: Record<string, unknown> };
}

describe('GET /api/export', () => {
  let t: TestApp;
  let rows: MeasurementRow[];

  beforeAll(async () => {
    t = await startTestApp({ reportCron: '0 0 1 1 *' });
    await ingestFile(t, PRACTICE);
    rows = await readRows(PRACTICE);
  }, 120_000);
  afterAll(() => t.close());

  /** A file row as the export must show it. */
  const exported = (row: MeasurementRow): ExportRow => {
    const key = testPseudonymizer(t);
    return {
      client_key: key.key('client', row.clientId),
      clinic_key: row.clinicId === null ? null : key.key('clinic', row.clinicId),
      therapist_key: row.therapistId === null ? null : key.key('therapist', row.therapistId),
      session: row.session,
      session_date: row.sessionDate,
      technique: row.technique,
      condition: row.condition,
      measure: row.measure,
      phase: row.phase,
      site: row.site,
      trial: row.trial,
      value: row.value,
      unit: findMeasure(row.measure)?.canonicalUnit ?? '',
    };
  };
  /** Rows as comparable lines, in one order. */
  const lines = (items: readonly ExportRow[]): string[] =>
    items.map((item) => JSON.stringify(EXPORT_COLUMNS.map((column) => item[column]))).sort();

  const lastAudit = async (): Promise<AuditEntry> => {
    const { entries } = (await (await t.api('/api/audit?limit=1')).json()) as { entries: AuditEntry[] };
    return entries[0];
  };

  it('streams every reading as CSV, and records the export', async () => {
    expect(rows.length).toBeGreaterThan(3 * EXPORT_PAGE_SIZE); // several pages
    const response = await t.api('/api/export?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('x-data-version')).toBe('1');
    const [header, ...body] = (await response.text()).trimEnd().split('\n');
    expect(header).toBe(EXPORT_COLUMNS.join(','));
    // The demo file has no commas or quotes in its values, so a plain split reads this CSV.
    const parsed = body.map((line) => {
      const fields = line.split(',');
      const text = (i: number) => (fields[i] === '' ? null : fields[i]);
      return {
        client_key: fields[0],
        clinic_key: text(1),
        therapist_key: text(2),
        session: Number(fields[3]),
        session_date: text(4),
        technique: fields[5],
        condition: text(6),
        measure: fields[7],
        phase: fields[8] as 'pre' | 'post',
        site: text(9),
        trial: fields[10] === '' ? null : Number(fields[10]),
        value: Number(fields[11]),
        unit: fields[12],
      } satisfies ExportRow;
    });
    expect(lines(parsed)).toEqual(lines(rows.map(exported)));
    expect(await lastAudit()).toMatchObject({
      actor: 'admin',
      action: 'export',
      detail: { format: 'csv', rows: rows.length, completed: true },
    });
  });

  it('streams the selected readings as an Arrow IPC stream', async () => {
    const response = await t.api('/api/export?format=arrow&clinic=k01&from=2023-01-01');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    expect(table.schema.fields.map((field) => field.name)).toEqual([...EXPORT_COLUMNS]);
    const expected = rows.filter(
      (row) => row.clinicId === 'k01' && row.sessionDate !== null && row.sessionDate >= '2023-01-01',
    );
    // Readings without a site or trial number: the nulls of the Arrow columns are exercised too.
    expect(expected.some((row) => row.site === null && row.trial === null)).toBe(true);
    expect(expected.length).toBeGreaterThan(0);
    expect(lines(table.toArray().map((row) => row.toJSON() as ExportRow))).toEqual(
      lines(expected.map(exported)),
    );
    expect(await lastAudit()).toMatchObject({
      action: 'export',
      detail: { format: 'arrow', rows: expected.length, completed: true, filters: { from: '2023-01-01' } },
    });
  });

  it('writes the header (and the Arrow schema) when nothing is selected', async () => {
    const csv = await t.api('/api/export?technique=reiki');
    expect(await csv.text()).toBe(`${EXPORT_COLUMNS.join(',')}\n`);
    const arrow = tableFromIPC(
      new Uint8Array(await (await t.api('/api/export?format=arrow&technique=reiki')).arrayBuffer()),
    );
    expect(arrow.numRows).toBe(0);
    expect(arrow.schema.fields).toHaveLength(EXPORT_COLUMNS.length);
  });

  it("gives an owner their clinics' readings only", async () => {
    const owner = await createUser(t, { email: 'owner-export@example.org', role: 'owner', clinics: ['k02'] });
    const response = await owner.api('/api/export?measure=hdi');
    expect(response.status).toBe(200);
    const count = (await response.text()).trimEnd().split('\n').length - 1;
    expect(count).toBe(rows.filter((row) => row.measure === 'hdi' && row.clinicId === 'k02').length);
    expect(await lastAudit()).toMatchObject({ actor: 'owner-export@example.org', detail: { rows: count } });
  });

  it('gives a therapist only the rows of their own sessions', async () => {
    const therapist = await createUser(t, {
      email: 'therapist@example.org',
      role: 'therapist',
      clinics: ['k01'],
      therapist: 't001',
    });
    const rows = (await (await therapist.api('/api/export')).text()).trim().split('\n');
    const column = rows[0].split(',').indexOf('therapist_key');
    expect(new Set(rows.slice(1).map((row) => row.split(',')[column]))).toEqual(new Set([testPseudonymizer(t).key('therapist', 't001')]));
  });

  it.each([
    ['format=xlsx', /format must be one of csv, arrow, got "xlsx"/],
    ['measure=ppt&limit=10', /unknown query parameter "limit"/],
    ['to=2024-02-30', /to must be a date/],
    ['technique=%00', /^technique must not contain a NUL character/],
    ['format=arrow&site=%00', /^site must not contain a NUL character/],
    ['format=csv%00', /^format must not contain a NUL character/],
  ])('refuses ?%s with a 400', async (query, message) => {
    const response = await t.api(`/api/export?${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(message);
  });

  it('refuses a NUL character before anything is streamed or audited', async () => {
    const before = await lastAudit();
    const response = await t.api('/api/export?format=arrow&site=%00');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'site must not contain a NUL character (U+0000)',
    });
    expect(await lastAudit()).toEqual(before);
  });

  it('neutralises text a spreadsheet would run as a formula in CSV, and keeps it verbatim in Arrow', async () => {
    // Ingested last, in a clinic of its own, so that the other tests see the practice file only.
    const folder = await mkdtemp(join(tmpdir(), 'export-formulas-'));
    try {
      const file = join(folder, 'formulas.csv');
      await writeFile(
        file,
        'client_id,session,measure,value,unit,site,technique,condition,clinic_id\n' +
          `f001,1,pain_nrs,5,score,@SUM(1),"=HYPERLINK(""http://x"")",+cmd|'/C calc'!A0,k99\n` +
          'f001,2,pain_nrs,0,score,-neck,=1+2,neck_pain,k99\n',
      );
      await ingestFile(t, file);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    const key = testPseudonymizer(t);
    const keys = `${key.key('client', 'f001')},${key.key('clinic', 'k99')},`;
    const csv = await (await t.api('/api/export?format=csv&clinic=k99')).text();
    expect(csv.split('\n')).toEqual([
      EXPORT_COLUMNS.join(','),
      `${keys},1,,"'=HYPERLINK(""http://x"")",'+cmd|'/C calc'!A0,pain_nrs,pre,'@SUM(1),,5,score`,
      `${keys},2,,'=1+2,neck_pain,pain_nrs,pre,'-neck,,0,score`,
      '',
    ]);
    const arrow = tableFromIPC(
      new Uint8Array(await (await t.api('/api/export?format=arrow&clinic=k99')).arrayBuffer()),
    );
    expect(arrow.toArray().map((row) => [row.technique, row.condition, row.site])).toEqual([
      ['=HYPERLINK("http://x")', "+cmd|'/C calc'!A0", '@SUM(1)'],
      ['=1+2', 'neck_pain', '-neck'],
    ]);
  });
});

describe('csvLines', () => {
  it('puts a quote before text starting with = + - @, a tab or a carriage return, never before a number', () => {
    const row: ExportRow = {
      client_key: 'c',
      clinic_key: null,
      therapist_key: null,
      session: 1,
      session_date: null,
      technique: '\t=1+2',
      condition: '\r@x',
      measure: 'ppt',
      phase: 'pre',
      site: 'a=b', // only the first character counts
      trial: 2,
      value: -5,
      unit: 'kPa',
    };
    expect(csvLines([row])).toBe(`c,,,1,,'\t=1+2,"'\r@x",ppt,pre,a=b,2,-5,kPa\n`);
  });
});
