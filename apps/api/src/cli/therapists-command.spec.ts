/**
 * `outcomes therapists` end to end (report-contract.md section 6): the built command line as a
 * child process on real files, exit status, standard output, standard error and the --out file.
 * Every number is held to R's (lme4 + lmerTest) comparison of the same file, made by
 * libs/stats/test-fixtures/adjusted-comparison/expected-adjusted.R, which reads the long CSV on its
 * own (units, trials and sites included): the generated practice data set of test/r-reference and
 * the fixtures of that folder.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ExpectedAdjustedFit, expectAdjustedComparisonMatches } from '@threshold/stats/testing';
import {
  checkOutcomesBuilt,
  mapConcurrently,
  REPOSITORY_ROOT,
  runOutcomes,
  STACK_TRACE,
  type OutcomesRun,
} from './testing/outcomes-process.js';
import { BAD_FIXTURES } from './testing/bad-input-fixtures.js';

const CONCURRENCY = Math.max(2, availableParallelism());
/** Each test runs the command as child processes (about 1 s each on a busy machine), as outcomes.spec.ts. */
const CHILD_PROCESS_TIMEOUT = 120_000;
const FIXTURES = join(REPOSITORY_ROOT, 'libs/stats/test-fixtures/adjusted-comparison');
const PRACTICE = join(REPOSITORY_ROOT, 'test/r-reference/practice.csv');

let workDir: string;

beforeAll(async () => {
  checkOutcomesBuilt();
  workDir = await mkdtemp(join(tmpdir(), 'outcomes-therapists-'));
});

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

const readJson = async (file: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

function expectRefused(run: OutcomesRun): void {
  expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: '' });
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr).toMatch(/^outcomes: /);
}

describe.each([
  { name: 'practice', csv: PRACTICE, expected: join(FIXTURES, 'practice.expected.json') },
  {
    name: 'unbalanced',
    csv: join(FIXTURES, 'unbalanced.csv'),
    expected: join(FIXTURES, 'unbalanced.expected.json'),
  },
  {
    name: 'near-2000',
    csv: join(FIXTURES, 'near-2000.csv'),
    expected: join(FIXTURES, 'near-2000.expected.json'),
  },
])('outcomes therapists on $name.csv against R', ({ name, csv, expected }) => {
  let want: Record<'therapist' | 'clinic', ExpectedAdjustedFit>;
  let runs: { by: 'therapist' | 'clinic'; run: OutcomesRun; out: string }[];

  beforeAll(async () => {
    want = (await readJson(expected)) as unknown as typeof want;
    runs = await mapConcurrently(['therapist', 'clinic'] as const, CONCURRENCY, async (by) => {
      const out = join(workDir, `${name}-${by}.json`);
      return { by, out, run: await runOutcomes(['therapists', csv, '--by', by, '--out', out]) };
    });
  }, CHILD_PROCESS_TIMEOUT);

  it.each(['therapist', 'clinic'] as const)(
    "--by %s writes R's comparison to --out with the header fields",
    async (by) => {
      const { run, out } = runs.find((entry) => entry.by === by) ?? { run: null, out: '' };
      expect(run).toMatchObject({ status: 0, stdout: '' });
      expect(run?.stderr).not.toMatch(STACK_TRACE);
      const output = await readJson(out);
      expect(output).toMatchObject({ version: 1, measure: 'ppt', unit: 'kPa', site: 'all', by, mcid: 20.6 });
      expectAdjustedComparisonMatches(output, want[by], by);
    },
  );
});

describe('outcomes therapists', () => {
  it(
    'writes to standard output without --out, and takes --mcid',
    async () => {
      const run = await runOutcomes(['therapists', join(FIXTURES, 'singular.csv'), '--mcid', '15']);
      expect(run.status).toBe(0);
      const output = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(output).toMatchObject({ by: 'therapist', mcid: 15, singular: true, nTherapists: 8 });
      const expected = (await readJson(join(FIXTURES, 'singular.expected.json'))) as unknown as Record<
        'therapist',
        ExpectedAdjustedFit
      >;
      expectAdjustedComparisonMatches(output, expected.therapist, 'therapist');
    },
    CHILD_PROCESS_TIMEOUT,
  );

  it(
    'answers null with a note, status 0, when there are fewer than 3 therapists',
    async () => {
      const rows = [
        'client_id,session,phase,measure,unit,value,therapist_id',
        ...Array.from({ length: 12 }, (_, i) => [
          `c${i},1,pre,ppt,kPa,${300 + i},T${i % 2}`,
          `c${i},4,pre,ppt,kPa,${320 + 3 * i},T${i % 2}`,
        ]).flat(),
      ];
      const file = join(workDir, 'two-therapists.csv');
      await writeFile(file, `${rows.join('\n')}\n`);
      const run = await runOutcomes(['therapists', file]);
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(
        /^outcomes: warning: no comparison: it needs at least 3 therapists and 10 clients/,
      );
      expect(JSON.parse(run.stdout)).toEqual({
        version: 1,
        measure: 'ppt',
        unit: 'kPa',
        site: 'all',
        by: 'therapist',
        mcid: 20.6,
        therapists: null,
        note: expect.stringMatching(/^no comparison/),
      });
    },
    CHILD_PROCESS_TIMEOUT,
  );

  it(
    'refuses a file with errors, naming line and column, with status 2',
    async () => {
      const run = await runOutcomes(['therapists', join(BAD_FIXTURES, 'non-numeric-value.csv')]);
      expectRefused(run);
      expect(run.stderr).toMatch(/has 4 errors; nothing was analysed/);
      expect(run.stderr).toMatch(/line 2, column value/);
    },
    CHILD_PROCESS_TIMEOUT,
  );

  it(
    'refuses a file without the grouping column, a bad --by, an unknown measure or site, and no FILE',
    async () => {
      const trial = join(REPOSITORY_ROOT, 'test/r-reference/trial.csv');
      const [noTherapist, badBy, badMeasure, badSite, noFile] = await mapConcurrently(
        [
          ['therapists', trial],
          ['therapists', PRACTICE, '--by', 'technique'],
          ['therapists', PRACTICE, '--measure', 'grip'],
          ['therapists', PRACTICE, '--site', 'elbow'],
          ['therapists'],
        ],
        CONCURRENCY,
        (args) => runOutcomes(args),
      );
      for (const run of [noTherapist, badBy, badMeasure, badSite, noFile]) expectRefused(run);
      expect(noTherapist.stderr).toMatch(/no ppt row of .*trial\.csv has a therapist_id/);
      expect(badBy.stderr).toMatch(/cannot compare by "technique": use --by therapist or --by clinic/);
      expect(badMeasure.stderr).toMatch(/unknown measure "grip"/);
      expect(badSite.stderr).toMatch(/no ppt measurements at site elbow \(its sites are /);
      expect(noFile.stderr).toMatch(/give exactly one FILE \(got 0\)/);
    },
    CHILD_PROCESS_TIMEOUT,
  );

  it(
    'prints its usage for --help, and is listed in the usage of outcomes',
    async () => {
      const [help, all] = await Promise.all([runOutcomes(['therapists', '--help']), runOutcomes(['help'])]);
      expect(help).toMatchObject({ status: 0, stderr: '' });
      expect(help.stdout).toMatch(/^usage: outcomes therapists FILE/);
      expect(all.stdout).toMatch(/therapists FILE {3}compare therapists/);
    },
    CHILD_PROCESS_TIMEOUT,
  );
});
