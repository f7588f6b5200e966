/**
 * GET /api/therapists/adjusted against the command line: the practice demo data go through the
 * real ingest into a real database (embedded, or the PostgreSQL server when DATABASE_URL is set),
 * and the admin's answer, computed from the model's clients in SQL, must equal `outcomes
 * therapists` on the same file (therapistsFromFile), by therapist and by clinic, with and without
 * filters. The command line's numbers are themselves pinned to lme4 and lmerTest (libs/stats'
 * R fixtures); here they are the independent path: readers and ModelClientsBuilder instead of SQL.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAdjustedComparisonMatches } from '@threshold/stats/testing';
import { therapistsFromFile } from '../cli/therapists-command.js';
import { ingestFile, readRows, testPseudonymizer, withStoredKeys } from '../cohorts/testing/outcome-files.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const PRACTICE = `${DEMO_DATA}practice.csv`;
/** The scheduled job stays out of these tests' way. */
const NEVER = '0 0 1 1 *';

type Answer = Record<string, unknown> & { by: 'therapist' | 'clinic' };

async function getAdjusted(t: TestApp, query: string): Promise<{ answer: Answer; cache: string | null }> {
  const response = await t.api(`/api/therapists/adjusted${query === '' ? '' : `?${query}`}`);
  if (response.status !== 200)
    throw new Error(`GET /api/therapists/adjusted?${query}: ${response.status} ${await response.text()}`);
  return { answer: (await response.json()) as Answer, cache: response.headers.get('x-cache') };
}

/** `outcomes therapists FILE` with the query's measure, site, mcid and by. */
async function cliComparison(file: string, query: string): Promise<Record<string, unknown>> {
  const parameters = new URLSearchParams(query);
  const mcid = parameters.get('mcid');
  const output = await therapistsFromFile({
    file,
    measure: parameters.get('measure') ?? 'ppt',
    site: parameters.get('site') ?? 'all',
    by: (parameters.get('by') ?? 'therapist') as 'therapist' | 'clinic',
    mcid: mcid === null ? undefined : Number(mcid),
  });
  return JSON.parse(JSON.stringify(output)) as Record<string, unknown>;
}

function expectAnswerMatches(actual: Answer, expected: Record<string, unknown>): void {
  const by = actual.by;
  for (const field of ['version', 'measure', 'unit', 'site', 'by', 'mcid'])
    expect({ field, value: actual[field] }).toEqual({ field, value: expected[field] });
  const entries = actual[`${by}s`] as Record<string, unknown>[];
  expect(entries.length).toBeGreaterThanOrEqual(3);
  // An admin sees every entry by key, and nothing is withheld.
  expect(entries.every((entry) => entry.anonymous === false && typeof entry[by] === 'string')).toBe(true);
  expect(actual.withheld).toEqual({ entries: 0, clients: 0 });
  expectAdjustedComparisonMatches(
    actual,
    {
      report: expected as Parameters<typeof expectAdjustedComparisonMatches>[1]['report'],
      theta: Number.NaN,
      logLikREML: expected.logLikREML as number,
    },
    by,
  );
}

describe('GET /api/therapists/adjusted equals `outcomes therapists` on the practice demo data', () => {
  let t: TestApp;
  let keyed: string;
  let directory: string;

  beforeAll(async () => {
    t = await startTestApp({ reportCron: NEVER });
    await ingestFile(t, PRACTICE);
    directory = await mkdtemp(join(tmpdir(), 'threshold-adjusted-'));
    // The command line names therapists and clinics by the values in its file: the stored keys here.
    keyed = await withStoredKeys(PRACTICE, testPseudonymizer(t), directory);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await rm(directory, { recursive: true, force: true });
  });

  it.each([
    '',
    'by=clinic',
    'site=upper_trapezius_left',
    'measure=pain_nrs&by=clinic&mcid=1.5',
    'measure=pain_nrs',
  ])('for ?%s', async (query) => {
    const { answer } = await getAdjusted(t, query);
    expectAnswerMatches(answer, await cliComparison(keyed, query));
  });

  it('answers the same question from the cache', async () => {
    await getAdjusted(t, 'by=clinic&measure=ppt');
    const { cache } = await getAdjusted(t, 'measure=ppt&by=clinic&site=all');
    expect(cache).toBe('hit');
    // The MCID does not enter the model: another one is answered from the same fit.
    const other = await getAdjusted(t, 'by=clinic&mcid=5');
    expect(other.cache).toBe('hit');
    expect(other.answer.mcid).toBe(5);
  });

  it.each(['therapist', 'clinic'])(
    'equals the command line on the rows the filters select, by %s',
    async (by) => {
      // The filters select sessions; the command line gets a file of exactly those sessions' rows.
      const techniques = ['deep_tissue', 'trigger_point_release'];
      const [from, to] = ['2023-01-01', '2024-12-31'];
      const rows = await readRows(keyed);
      const selected = new Set(
        rows
          .filter((row) => techniques.includes(row.technique))
          .filter((row) => row.sessionDate !== null && row.sessionDate >= from && row.sessionDate <= to)
          .map((row) => row.line),
      );
      const [header, ...lines] = (await readFile(keyed, 'utf8')).split('\n');
      const filtered = join(directory, `filtered-${by}.csv`);
      // A row's line number is its index in the file + 1 (the header is line 1).
      await writeFile(
        filtered,
        `${[header, ...lines.filter((_, index) => selected.has(index + 2))].join('\n')}\n`,
      );
      expect(selected.size).toBeGreaterThan(1000);

      const query = `by=${by}&technique=${techniques.join(',')}&from=${from}&to=${to}`;
      const { answer } = await getAdjusted(t, query);
      const unfiltered = (await getAdjusted(t, `by=${by}`)).answer;
      expect(answer.nClients).toBeLessThan(unfiltered.nClients as number);
      expectAnswerMatches(answer, await cliComparison(filtered, `by=${by}`));
    },
  );

  it('says what to send instead of a bad query', async () => {
    const cases: [string, RegExp][] = [
      ['by=technique', /by=therapist or by=clinic/],
      ['measure=grip', /unknown measure "grip"/],
      ['mcid=-1', /mcid must be a number >= 0/],
      ['ref=t001', /unknown query parameter "ref"/],
    ];
    for (const [query, message] of cases) {
      const response = await t.api(`/api/therapists/adjusted?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(((await response.json()) as { message: string }).message).toMatch(message);
    }
  });

  it('is described in the OpenAPI document with its parameters', async () => {
    const document = (await (await fetch(`${t.baseUrl}/api/docs-json`)).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    const parameters = document.paths['/api/therapists/adjusted'].get.parameters.map(
      (parameter) => parameter.name,
    );
    expect(parameters.sort()).toEqual([
      'by',
      'clinic',
      'condition',
      'from',
      'mcid',
      'measure',
      'site',
      'technique',
      'therapist',
      'to',
    ]);
  });

  it('answers a selection with too few therapists with a null list and a note, as the command line', async () => {
    const clinic = 'k01';
    const { answer } = await getAdjusted(t, `by=clinic&clinic=${clinic}`);
    expect(answer.clinics).toBeNull();
    expect(answer.note).toMatch(/at least 3 clinics and 10 clients/);
  });
});
