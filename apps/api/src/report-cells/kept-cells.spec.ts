/**
 * Report cells, their clients' courses (kept-courses.sql.ts) and the counts of reading sites
 * (kept-reading-sites.sql.ts) are kept by every writer in its own transaction (kept-cells.sql.ts):
 * after each
 * ingest (stored while read on a server, or staged; new clients and stored clients' sessions), a
 * refused file, corrections (a changed and a withdrawn reading), the erasure of a client, of a
 * batch, and of sessions past retention, the kept cells equal a recomputation from the readings,
 * and the report read from them equals one computed from the readings' file by the command line's
 * code path (an unchanged outcome after a refusal).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { practiceDataSet, writeCsvFile } from '@threshold/data';
import { DataSource } from 'typeorm';
import { testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import { RetentionJob } from '../jobs/retention.job.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { recomputedCellsEqualKept } from './testing/recomputed-cells.js';

/** The practice generator's columns: client_id,clinic_id,therapist_id,condition,technique,session,session_date,phase,measure,site,trial,value,unit. */
const COLUMN = { client: 0, clinic: 1, session: 5, date: 6, phase: 7, measure: 8, site: 9, trial: 10, value: 11, unit: 12 } as const;

describe('kept report cells', () => {
  let directory: string;
  let header: string;
  let lines: string[][];
  let t: TestApp;
  let dataSource: DataSource;

  const send = async (rows: string[][], query = ''): Promise<{ status: number; batch: { id: string; status: string }; errors?: unknown[] }> => {
    const response = await t.api(`/api/ingest${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `${[header, ...rows.map((row) => row.join(','))].join('\n')}\n`,
    });
    return { status: response.status, ...((await response.json()) as { batch: { id: string; status: string }; errors?: unknown[] }) };
  };
  const expectCellsKept = async (): Promise<number> => {
    const comparison = await recomputedCellsEqualKept((sql) => dataSource.query(sql));
    expect(comparison.differences).toEqual([]);
    // Every client with cells of a measure has its course of that measure (kept-courses.sql.ts).
    const [{ clients }]: { clients: number }[] = await dataSource.query(
      `SELECT count(*)::integer AS clients FROM (SELECT DISTINCT measure, client_id FROM report_cells) c`,
    );
    expect(comparison.keptCourses).toBe(clients);
    // Readings are counted by clinic, measure and site wherever there are cells (kept-reading-sites.sql.ts).
    expect(comparison.keptSites > 0).toBe(comparison.keptCells > 0);
    // Sessions are counted by clinic, therapist, technique and condition, and by clinic and date,
    // wherever there are cells (kept-session-counts.sql.ts).
    expect(comparison.keptSessionGroups > 0).toBe(comparison.keptCells > 0);
    expect(comparison.keptSessionDates > 0).toBe(comparison.keptCells > 0);
    // Clients are counted by measure wherever there are courses (kept-measure-clients.sql.ts).
    expect(comparison.keptMeasureClients > 0).toBe(comparison.keptCourses > 0);
    // The cohort summary of all the data, read from the kept tables, against a count of the stored rows.
    const summary = (await (await t.api('/api/cohorts/summary')).json()) as Record<string, unknown>;
    const [counted]: Record<string, unknown>[] = await dataSource.query(
      `SELECT (SELECT count(DISTINCT client_id) FROM sessions)::integer AS clients, (SELECT count(*) FROM sessions)::integer AS sessions,
              (SELECT count(*) FROM measurements)::integer AS measurements,
              coalesce((SELECT json_agg(m ORDER BY m.code) FROM (SELECT measure AS code, count(DISTINCT client_id)::integer AS clients,
                                                                         count(*)::integer AS measurements
                                                                    FROM measurements GROUP BY measure) m), '[]') AS measures`,
    );
    expect({
      ...summary,
      measures: (summary.measures as Record<string, unknown>[]).map(({ code, clients, measurements }) => ({ code, clients, measurements })),
    }).toMatchObject(counted);
    return comparison.keptCells;
  };
  const keptCells = (): Promise<unknown[]> => dataSource.query(`SELECT * FROM report_cells ORDER BY measure, client_id, session_number`);
  const cellsOf = async (client: string, measure: string, session: number): Promise<{ pre: number | null; post: number | null }[]> =>
    dataSource.query(
      `SELECT c.pre, c.post FROM report_cells c JOIN clients cl ON cl.id = c.client_id
        WHERE cl.key = $1 AND c.measure = $2 AND c.session_number = $3`,
      [testPseudonymizer(t).key('client', client), measure, session],
    );
  /** A stored ppt reading with a site: the model for the rows that add to its session. */
  const pptRowOf = (client: string): string[] => {
    const row = lines.find((line) => line[COLUMN.client] === client && line[COLUMN.measure] === 'ppt' && line[COLUMN.site] !== '' && line[COLUMN.phase] === 'pre');
    if (row === undefined) throw new Error(`no ppt reading of ${client}`);
    return row;
  };
  const withColumns = (row: string[], changes: Partial<Record<keyof typeof COLUMN, string>>): string[] => {
    const changed = [...row];
    for (const [name, value] of Object.entries(changes)) changed[COLUMN[name as keyof typeof COLUMN]] = value;
    return changed;
  };
  const clientsOf = () => [...new Set(lines.map((line) => line[COLUMN.client]))];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'threshold-cells-'));
    const file = join(directory, 'practice.csv');
    await writeCsvFile(practiceDataSet({ seed: 22, clients: 150 }), file);
    const [first, ...rest] = (await readFile(file, 'utf8')).trimEnd().split('\n');
    header = first;
    lines = rest.map((line) => line.split(','));
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('are those of the readings after a file in client and session order (stored while read on a server)', async () => {
    const first = lines.filter((line) => clientsOf().slice(0, 100).includes(line[COLUMN.client]));
    expect((await send(first)).status).toBe(201);
    // A cell per measured session and measure.
    expect(await expectCellsKept()).toBeGreaterThan(400);
  });

  it('are recomputed for stored clients’ sessions that a staged file adds to, and made for its new clients', async () => {
    const [a, b, c] = clientsOf();
    const aRow = pptRowOf(a);
    const bRow = pptRowOf(b);
    const cLast = Math.max(...lines.filter((line) => line[COLUMN.client] === c).map((line) => Number(line[COLUMN.session])));
    const before = await cellsOf(a, 'ppt', Number(aRow[COLUMN.session]));
    const bBefore = await cellsOf(b, 'ppt', Number(bRow[COLUMN.session]));
    const added = [
      // A new client's readings, then (out of client order, so the file is staged): a new trial at
      // a stored site, a new site in a stored session, a new session of a stored client.
      ...lines.filter((line) => line[COLUMN.client] === clientsOf()[120]),
      withColumns(aRow, { trial: '7', value: '999', unit: 'kPa' }),
      withColumns(bRow, { site: 'levator_scapulae_left', trial: '1', value: '321', unit: 'kPa' }),
      withColumns(pptRowOf(c), { session: String(cLast + 1), date: '', trial: '1', value: '250', unit: 'kPa' }),
    ];
    const stored = await send(added);
    expect(stored.errors ?? []).toEqual([]);
    expect(stored).toMatchObject({ status: 201, batch: { status: 'stored' } });
    await expectCellsKept();
    const after = await cellsOf(a, 'ppt', Number(aRow[COLUMN.session]));
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(await cellsOf(b, 'ppt', Number(bRow[COLUMN.session]))).not.toEqual(bBefore);
    expect(await cellsOf(c, 'ppt', cLast + 1)).toEqual([{ pre: 250, post: null }]);
  });

  it('stay as they were after a refused file', async () => {
    const before = await keptCells();
    const [a] = clientsOf();
    const refused = await send([
      ...lines.filter((line) => line[COLUMN.client] === clientsOf()[130]),
      withColumns(pptRowOf(a), { value: '1234', unit: 'kPa' }),
    ]);
    expect(refused.status).toBe(422);
    expect(await keptCells()).toEqual(before);
    await expectCellsKept();
  });

  it('follow corrections: a changed reading and a withdrawn one', async () => {
    const [a, b] = clientsOf();
    const aRow = pptRowOf(a);
    const withdrawn = withColumns(pptRowOf(b), { site: 'levator_scapulae_left', trial: '1', value: '', unit: '' });
    const withSite = await cellsOf(b, 'ppt', Number(withdrawn[COLUMN.session]));
    const corrected = await send([withColumns(aRow, { value: '280', unit: 'kPa' }), withdrawn], `?mode=correct&reason=${encodeURIComponent('typed wrong')}`);
    expect(corrected).toMatchObject({ status: 201, batch: { status: 'stored' } });
    await expectCellsKept();
    expect(await cellsOf(b, 'ppt', Number(withdrawn[COLUMN.session]))).not.toEqual(withSite);
  });

  it('go with an erased client', async () => {
    const [, , , d] = clientsOf();
    const response = await t.api('/api/clients/erase', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: d }),
    });
    expect(response.status).toBe(200);
    expect(await cellsOf(d, 'ppt', 1)).toEqual([]);
    await expectCellsKept();
  });

  it('are recomputed from what is left after a batch is erased', async () => {
    const [, , c] = clientsOf();
    const cSession = pptRowOf(c);
    const later = await send([withColumns(cSession, { trial: '8', value: '410', unit: 'kPa' }), ...lines.filter((line) => line[COLUMN.client] === clientsOf()[140])]);
    expect(later).toMatchObject({ status: 201, batch: { status: 'stored' } });
    const withLater = await cellsOf(c, 'ppt', Number(cSession[COLUMN.session]));
    const erased = await t.api(`/api/ingest/batches/${later.batch.id}/erase`, { method: 'POST' });
    expect(erased.status).toBe(200);
    expect(await cellsOf(c, 'ppt', Number(cSession[COLUMN.session]))).not.toEqual(withLater);
    expect(await cellsOf(clientsOf()[140], 'ppt', 1)).toEqual([]);
    await expectCellsKept();
  });

  it('go with sessions erased past their clinic’s retention period', async () => {
    const clinic = lines[0][COLUMN.clinic];
    const years = await t.api(`/api/clinics/${clinic}/retention`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ years: 1 }) });
    expect(years.status).toBe(200);
    const before = (await keptCells()).length;
    const runs = await t.app.get(RetentionJob).run(new Date('2026-06-01T03:30:00Z'));
    expect(runs?.length).toBe(1);
    expect(runs?.[0].sessions).toBeGreaterThan(0);
    expect((await keptCells()).length).toBeLessThan(before);
    await expectCellsKept();
  });

  it('are told apart from a recomputation when one differs, is missing or is left over (the check itself)', async () => {
    const [cell]: { measure: string; client_id: string; session_number: number }[] = await dataSource.query(
      `SELECT measure, client_id, session_number FROM report_cells WHERE pre IS NOT NULL ORDER BY 1, 2, 3 LIMIT 1`,
    );
    const key = [cell.measure, cell.client_id, cell.session_number];
    const where = 'measure = $1 AND client_id = $2 AND session_number = $3';
    await dataSource.query(`UPDATE report_cells SET pre = pre * (1 + 1e-9) WHERE ${where}`, key);
    const changed = await recomputedCellsEqualKept((sql) => dataSource.query(sql));
    expect(changed.differences).toEqual([expect.stringMatching(/^\w+\/.*: kept \(.* recomputed \(/)]);
    await dataSource.query(`UPDATE report_cells SET client_id = -client_id WHERE ${where}`, key);
    const moved = await recomputedCellsEqualKept((sql) => dataSource.query(sql));
    expect(moved.differences.map((difference) => difference.replace(/^.*: /, '')).sort()).toEqual(['left over', 'missing']);
    // A client course (the cells' differences above stay): a record session added, then the course gone.
    const courseDifferences = async () =>
      (await recomputedCellsEqualKept((sql) => dataSource.query(sql))).differences.filter((difference) => / course /.test(difference));
    const courseKey = [cell.measure, cell.client_id];
    await dataSource.query(
      `UPDATE client_courses SET response_sessions = array_append(response_sessions, 99), response_bounds = array_append(response_bounds, 1e9)
        WHERE measure = $1 AND client_id = $2`,
      courseKey,
    );
    expect(await courseDifferences()).toEqual([expect.stringMatching(/^\w+\/\d+: course kept \(.* recomputed \(/)]);
    await dataSource.query(`DELETE FROM client_courses WHERE measure = $1 AND client_id = $2`, courseKey);
    expect(await courseDifferences()).toEqual([expect.stringMatching(/^\w+\/\d+: course missing$/)]);
    // A count of reading sites: one off, then a triple left over that has no readings.
    const siteDifferences = async () =>
      (await recomputedCellsEqualKept((sql) => dataSource.query(sql))).differences.filter((difference) => /^sites /.test(difference));
    expect(await siteDifferences()).toEqual([]);
    await dataSource.query(
      `UPDATE reading_sites SET readings = readings + 1
        WHERE (clinic_id, measure, site) = (SELECT clinic_id, measure, site FROM reading_sites ORDER BY 1, 2, 3 LIMIT 1)`,
    );
    expect(await siteDifferences()).toEqual([expect.stringMatching(/^sites \d+\/\w+\/\w*: kept \d+ counted \d+$/)]);
    await dataSource.query(`INSERT INTO reading_sites (clinic_id, measure, site, readings) VALUES (NULL, 'ppt', 'nowhere', 3)`);
    expect(await siteDifferences()).toContainEqual('sites null/ppt/nowhere: kept 3 counted null');
    // The counts of sessions likewise, by group and by date: one off, then a row left over that has no sessions.
    for (const { table, key, leftOver } of [
      { table: 'session_groups', key: 'clinic_id, therapist_id, technique, condition', leftOver: `(NULL, NULL, 'nothing', NULL, 2)` },
      { table: 'session_dates', key: 'clinic_id, session_date', leftOver: `(NULL, '1900-01-01', 2)` },
    ]) {
      const differences = async () =>
        (await recomputedCellsEqualKept((sql) => dataSource.query(sql))).differences.filter((difference) => difference.startsWith(`${table} `));
      expect(await differences()).toEqual([]);
      // By the row's place: its clinic, therapist or date may be null, which no equality finds.
      await dataSource.query(`UPDATE ${table} SET sessions = sessions + 1 WHERE ctid = (SELECT ctid FROM ${table} ORDER BY ${key} LIMIT 1)`);
      expect(await differences()).toEqual([
        expect.stringMatching(new RegExp(`^${table} \\(.*,\\d+\\) counted only$`)),
        expect.stringMatching(new RegExp(`^${table} \\(.*,\\d+\\) kept only$`)),
      ]);
      await dataSource.query(`UPDATE ${table} SET sessions = sessions - 1 WHERE ctid = (SELECT ctid FROM ${table} ORDER BY ${key} LIMIT 1)`);
      await dataSource.query(`INSERT INTO ${table} (${key}, sessions) VALUES ${leftOver}`);
      expect(await differences()).toEqual([
        table === 'session_groups' ? `${table} (,,nothing,,2) kept only` : `${table} (,1900-01-01,2) kept only`,
      ]);
    }
    // The clients counted by measure: one off, then a measure without courses. A course was
    // deleted by hand above, so its measure's count is first set to the courses left.
    const measureDifferences = async () =>
      (await recomputedCellsEqualKept((sql) => dataSource.query(sql))).differences.filter((difference) => difference.startsWith('measure_clients '));
    expect(await measureDifferences()).toHaveLength(2);
    await dataSource.query(
      `UPDATE measure_clients m SET clients = c.clients FROM (SELECT measure, count(*) AS clients FROM client_courses GROUP BY measure) c
        WHERE m.measure = c.measure`,
    );
    expect(await measureDifferences()).toEqual([]);
    const [{ measure }]: { measure: string }[] = await dataSource.query(`SELECT measure FROM measure_clients ORDER BY measure LIMIT 1`);
    await dataSource.query(`UPDATE measure_clients SET clients = clients + 1 WHERE measure = $1`, [measure]);
    expect(await measureDifferences()).toEqual([
      expect.stringMatching(new RegExp(`^measure_clients \\(${measure},\\d+\\) counted only$`)),
      expect.stringMatching(new RegExp(`^measure_clients \\(${measure},\\d+\\) kept only$`)),
    ]);
    await dataSource.query(`UPDATE measure_clients SET clients = clients - 1 WHERE measure = $1`, [measure]);
    await dataSource.query(`INSERT INTO measure_clients (measure, clients) VALUES ('nothing', 2)`);
    expect(await measureDifferences()).toEqual(['measure_clients (nothing,2) kept only']);
  });
});
