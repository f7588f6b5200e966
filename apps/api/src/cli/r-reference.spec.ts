/**
 * `outcomes report` against an independent implementation of the whole report in R
 * (test/r-reference/report.R) on public data sets of the shape the contract describes: the built
 * command line as a child process, every field of R's report within the tolerances of the shared
 * reference README (expectReportMatches). See test/r-reference/README.md for the data sets and how
 * the expected reports are made.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  expectReportMatches,
  REFERENCE_TOLERANCES,
  referenceFile,
  type ReportTolerances,
} from '@threshold/stats/testing';
import {
  checkOutcomesBuilt,
  mapConcurrently,
  REPOSITORY_ROOT,
  runOutcomes,
  type OutcomesRun,
} from './testing/outcomes-process.js';

const R_REFERENCE = join(REPOSITORY_ROOT, 'test/r-reference');

interface ReferenceCase {
  name: string;
  /** Relative to test/r-reference. */
  file: string;
  args: string[];
  /** Tolerances looser than the reference README's, with the reason in `toleranceNote`. */
  tolerances?: Partial<ReportTolerances>;
  toleranceNote?: string;
}

const { cases } = JSON.parse(readFileSync(join(R_REFERENCE, 'cases.json'), 'utf8')) as {
  cases: ReferenceCase[];
};
const expectedReport = (name: string): unknown =>
  JSON.parse(readFileSync(join(R_REFERENCE, 'expected', `${name}.expected.json`), 'utf8'));

describe('test/r-reference', () => {
  it('has an expected report for every case, and a case for every CSV', () => {
    const expected = readdirSync(join(R_REFERENCE, 'expected')).sort();
    expect(expected).toEqual(cases.map((c) => `${c.name}.expected.json`).sort());
    const csvs = readdirSync(R_REFERENCE).filter((name) => name.endsWith('.csv'));
    for (const csv of csvs) expect(cases.map((c) => c.file)).toContain(csv);
    for (const c of cases) {
      if (c.tolerances !== undefined) expect(c.toleranceNote).toEqual(expect.any(String));
    }
  });

  it.each([
    ['shared-student-sleep', 'student_sleep.expected.json'],
    ['shared-orthodont', 'orthodont.expected.json'],
  ])('report.R reproduces the published reference report (%s)', (name, published) => {
    // R against R: the oracle written here from the contract, against the reports that came with
    // the contract, so that the oracle is known to read the contract as its authors did.
    expectReportMatches(expectedReport(name), JSON.parse(readFileSync(referenceFile(published), 'utf8')));
  });
});

describe('outcomes report against R on public data sets (test/r-reference/cases.json)', () => {
  const runs = new Map<string, OutcomesRun>();

  beforeAll(async () => {
    checkOutcomesBuilt();
    const results = await mapConcurrently(cases, Math.max(2, availableParallelism()), (c) =>
      runOutcomes(['report', join(R_REFERENCE, c.file), ...c.args]),
    );
    cases.forEach((c, i) => runs.set(c.name, results[i]));
  }, 180_000);

  it.each(cases.map((c) => [c.name, [c.file, ...c.args].join(' '), c] as const))(
    '%s (%s): every field of R’s report',
    (name, _call, c) => {
      const run = runs.get(name)!;
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expectReportMatches(JSON.parse(run.stdout), expectedReport(name), {
        ...REFERENCE_TOLERANCES,
        ...c.tolerances,
      });
    },
  );
});
