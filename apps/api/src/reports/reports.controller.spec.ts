/**
 * GET /api/reports against the command line: files go through the real ingest (POST /api/ingest)
 * into a real database (embedded, or the PostgreSQL server when DATABASE_URL is set), and the
 * report the API computes in SQL must equal `reportFromFile` on the same file (closed-form fields
 * to a relative 1e-9, the mixed model to the reference tolerances), and R's reports on the shared
 * reference fixtures.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutcomesReport } from '@threshold/stats';
import { expectReportMatches, referenceFile } from '@threshold/stats/testing';
import { ingestFile, readRows, testPseudonymizer, withStoredKeys } from '../cohorts/testing/outcome-files.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import type { ThresholdConfig } from '../config/configuration.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { cliReport } from './testing/cli-report.js';

const PRACTICE = `${DEMO_DATA}practice.csv`;
const TRIAL = `${DEMO_DATA}trial.csv`;
/** The scheduled job stays out of these tests' way (jobs/report-refresh.job.spec.ts runs it by hand). */
const NEVER = '0 0 1 1 *';

async function getReport(t: TestApp, query: string): Promise<OutcomesReport> {
  const response = await t.api(`/api/reports${query === '' ? '' : `?${query}`}`);
  if (response.status !== 200)
    throw new Error(`GET /api/reports?${query}: ${response.status} ${await response.text()}`);
  return (await response.json()) as OutcomesReport;
}

/**
 * The API on a fresh database holding the practice demo data, and that file with the stored keys
 * in place of therapist and clinic ids, for the command line (groups are named by stored keys),
 * in a scratch directory of its own.
 */
async function startWithPractice(
  overrides: Partial<ThresholdConfig> = {},
): Promise<{ t: TestApp; keyed: string; directory: string; close(): Promise<void> }> {
  const t = await startTestApp({ reportCron: NEVER, ...overrides });
  await ingestFile(t, PRACTICE);
  const directory = await mkdtemp(join(tmpdir(), 'threshold-reports-'));
  const keyed = await withStoredKeys(PRACTICE, testPseudonymizer(t), directory);
  return {
    t,
    keyed,
    directory,
    async close() {
      await t.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

describe('GET /api/reports equals the command line on the practice demo data', () => {
  let t: TestApp;
  let keyed: string;
  let directory: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, keyed, directory, close } = await startWithPractice());
  }, 120_000);
  afterAll(() => close());

  it.each([
    '',
    'by=condition',
    'by=therapist_id',
    'by=clinic_id',
    'by=all',
    'by=all&measure=pain_nrs',
    'ref=swedish',
    'mcid=0',
    'site=upper_trapezius_left',
    'site=lumbar_paraspinal_right&by=condition',
    'measure=pain_nrs',
    'measure=pain_nrs&by=clinic_id&mcid=1',
    'measure=hdi&by=condition',
    'measure=headache_days&mcid=2',
  ])('for ?%s', async (query) => {
    const actual = await getReport(t, query);
    expect(actual.groups.length).toBeGreaterThan(0);
    expectReportMatches(actual, await cliReport(keyed, query));
  });

  it('names a therapist reference by its stored key, as reports show it', async () => {
    const reference = testPseudonymizer(t).key('therapist', 't008');
    const query = `by=therapist_id&ref=${reference}`;
    const actual = await getReport(t, query);
    expect(actual.reference).toBe(reference);
    expectReportMatches(actual, await cliReport(keyed, query));
  });

  it('equals the command line on the rows the filters select', async () => {
    // The filters select sessions; the command line gets a file of exactly those sessions' rows.
    const clinic = 'k02';
    const techniques = ['deep_tissue', 'swedish'];
    const [from, to] = ['2023-01-01', '2024-06-30'];
    const rows = await readRows(keyed);
    const clinicKey = testPseudonymizer(t).key('clinic', clinic);
    const selected = new Set(
      rows
        .filter((row) => row.clinicId === clinicKey && techniques.includes(row.technique))
        .filter((row) => row.sessionDate !== null && row.sessionDate >= from && row.sessionDate <= to)
        .map((row) => row.line),
    );
    const [header, ...lines] = (await readFile(keyed, 'utf8')).split('\n');
    const filtered = join(directory, 'filtered.csv');
    // A row's line number is its index in the file + 1 (the header is line 1).
    await writeFile(
      filtered,
      `${[header, ...lines.filter((_, index) => selected.has(index + 2))].join('\n')}\n`,
    );
    expect(selected.size).toBeGreaterThan(1000);

    const query = `clinic=${clinic}&technique=${techniques.join(',')}&from=${from}&to=${to}`;
    expectReportMatches(await getReport(t, query), await cliReport(filtered, ''));
    // The same cohort named by stored key: the same report, from the cache.
    const byKey = await t.api(
      `/api/reports?clinic=${clinicKey}&technique=swedish,deep_tissue&from=${from}&to=${to}`,
    );
    expect(byKey.headers.get('x-cache')).toBe('hit');
  });

  it('answers a cohort that selects nobody with an empty report', async () => {
    const report = await getReport(t, 'from=1990-01-01&to=1990-12-31');
    expect(report).toMatchObject({
      groups: [],
      comparisons: [],
      trajectory: null,
      reference: null,
      endpointSession: null,
    });
  });
});

/**
 * On a PostgreSQL server a report is computed in parts, each over a range of client ids on its own
 * connection (reports.repository.ts); the default is two. Three parts, each holding a third of the
 * clients, must still give the command line's report. On the embedded database, which has one
 * connection, the same requests run as one statement.
 */
describe('GET /api/reports computed in three parts equals the command line', () => {
  let t: TestApp;
  let keyed: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, keyed, close } = await startWithPractice({ reportParts: 3 }));
  }, 120_000);
  afterAll(() => close());

  it.each(['', 'by=therapist_id', 'site=upper_trapezius_left', 'measure=pain_nrs&by=condition'])(
    'for ?%s',
    async (query) => {
      expectReportMatches(await getReport(t, query), await cliReport(keyed, query));
    },
  );
});

describe('GET /api/reports equals the command line on the trial demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ reportCron: NEVER });
    await ingestFile(t, TRIAL);
  }, 120_000);
  afterAll(() => t.close());

  it.each(['', 'ref=waitlist', 'site=suboccipital_left', 'measure=headache_days&mcid=3', 'by=condition'])(
    'for ?%s',
    async (query) => {
      expectReportMatches(await getReport(t, query), await cliReport(TRIAL, query));
    },
  );
});

describe.each([
  ['orthodont', 'mcid=2'],
  ['student_sleep', 'mcid=1'],
])('GET /api/reports equals R on the %s reference', (name, query) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ reportCron: NEVER });
    await ingestFile(t, referenceFile(`${name}.csv`));
  }, 120_000);
  afterAll(() => t.close());

  it(`with ?${query}`, async () => {
    const expected = JSON.parse(await readFile(referenceFile(`${name}.expected.json`), 'utf8')) as unknown;
    expectReportMatches(await getReport(t, query), expected);
  });
});
