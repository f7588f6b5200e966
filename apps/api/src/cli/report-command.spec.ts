/**
 * `outcomes report` in process: how its arguments are read and refused (parseReportArguments), and
 * what reportFromFile does with real files for the many small cases (outcomes.spec.ts runs the
 * built command as a child process; r-reference.spec.ts holds its numbers to R).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectReportMatches } from '@threshold/stats/testing';
import { REPOSITORY_ROOT } from './testing/outcomes-process.js';
import { BAD_FILES, BAD_FIXTURES, errorPosition, refusalSummary } from './testing/bad-input-fixtures.js';
import { parseReportArguments, reportFromFile, type ReportRequest } from './report-command.js';
import { UsageError } from './usage-error.js';

const R_REFERENCE = join(REPOSITORY_ROOT, 'test/r-reference');
const TRIAL = join(R_REFERENCE, 'trial.csv');
const PRACTICE = join(R_REFERENCE, 'practice.csv');
const ORTHODONT = join(REPOSITORY_ROOT, 'test/shared-reference/orthodont.csv');
const SURVIVAL_FIXTURES = join(REPOSITORY_ROOT, 'libs/stats/test-fixtures/survival');

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'outcomes-report-'));
});

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

function request(file: string, options: Partial<ReportRequest> = {}): ReportRequest {
  return { file, measure: 'ppt', site: 'all', by: 'technique', ...options };
}

/** The UsageError a promise rejects with (and fails the test if it resolves or throws something else). */
async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(
    () => new Error('expected a UsageError, but the report was made'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

/** Minimal CSV parsing for files without quoted fields (the generated data sets here have none). */
async function csvRecords(file: string): Promise<Record<string, string>[]> {
  const text = await readFile(file, 'utf8');
  expect(text).not.toContain('"');
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
}

describe('parseReportArguments', () => {
  it('reads FILE and the defaults of report-contract.md section 4', () => {
    expect(parseReportArguments(['visits.csv'])).toEqual({
      file: 'visits.csv',
      measure: 'ppt',
      site: 'all',
      by: 'technique',
      reference: undefined,
      mcid: undefined,
      out: undefined,
    });
  });

  it('reads every option, in either --name value or --name=value form', () => {
    expect(
      parseReportArguments([
        '--measure=pain_nrs',
        'visits.json',
        '--site',
        'suboccipital_left',
        '--by',
        'therapist_id',
        '--ref=t002',
        '--mcid',
        '1.5',
        '--out',
        'report.json',
      ]),
    ).toEqual({
      file: 'visits.json',
      measure: 'pain_nrs',
      site: 'suboccipital_left',
      by: 'therapist_id',
      reference: 't002',
      mcid: 1.5,
      out: 'report.json',
    });
  });

  it.each([
    ['0', 0],
    ['20.6', 20.6],
    ['.5', 0.5],
    ['2.', 2],
    ['+3', 3],
    ['1e-3', 0.001],
    ['2E1', 20],
  ])('accepts --mcid %s as %d', (text, mcid) => {
    expect(parseReportArguments(['a.csv', '--mcid', text]).mcid).toBe(mcid);
  });

  it.each([
    ['abc'],
    [''],
    ['-1'],
    ['-0.5'],
    ['0x10'],
    ['0b11'],
    [' 2'],
    ['2 '],
    ['1_000'],
    ['Infinity'],
    ['1e400'],
    ['NaN'],
    ['2,5'],
  ])('refuses --mcid "%s", saying what a valid one looks like', (text) => {
    for (const args of [
      ['a.csv', '--mcid', text],
      ['a.csv', `--mcid=${text}`],
    ]) {
      expect(() => parseReportArguments(args)).toThrow(UsageError);
      expect(() => parseReportArguments(args)).toThrow(
        `--mcid must be a plain decimal number >= 0 in the measure's canonical unit (e.g. --mcid 20.6 for ppt in kPa), got "${text}"`,
      );
    }
  });

  it.each([
    [['a.csv', '--measure', 'PPT'], 'unknown measure "PPT": use one of ppt, pain_nrs, headache_days, hdi'],
    [
      ['a.csv', '--by', 'site'],
      'cannot group by "site": use one of technique, therapist_id, clinic_id, condition',
    ],
    [['a.csv', '--site', ''], '--site is empty: name one body site, or use --site all'],
    [['a.csv', '--ref', ''], '--ref is empty: name the reference group, or leave --ref out'],
    [['a.csv', '--out='], '--out is empty'],
    [[], 'give exactly one FILE (got 0)'],
    [['a.csv', 'b.csv'], 'give exactly one FILE (got 2)'],
    [['a.csv', '--measure'], "Option '--measure <value>' argument missing"],
    [['a.csv', '--verbose'], "Unknown option '--verbose'"],
  ])('refuses %j: %s', (args, message) => {
    expect(() => parseReportArguments(args)).toThrow(UsageError);
    expect(() => parseReportArguments(args)).toThrow(message);
  });

  it('puts the usage under a message about the shape of the call', () => {
    expect(() => parseReportArguments(['a.csv', 'b.csv'])).toThrow(/usage: outcomes report FILE/);
  });

  it('recognises --help and -h', () => {
    expect(parseReportArguments(['--help']).help).toBe(true);
    expect(parseReportArguments(['-h', 'a.csv']).help).toBe(true);
  });
});

describe('reportFromFile refuses, saying what to do', () => {
  it('a file that does not exist', async () => {
    const error = await usageError(reportFromFile(request(join(workDir, 'missing.csv'))));
    expect(error.message).toBe(`cannot read ${join(workDir, 'missing.csv')}: no such file: check the path`);
  });

  it('a folder', async () => {
    const folder = join(workDir, 'a-folder.csv');
    await mkdir(folder, { recursive: true });
    const error = await usageError(reportFromFile(request(folder)));
    expect(error.message).toBe(`cannot read ${folder}: it is a folder: give the file inside it`);
  });

  it('a name whose extension is not a format', async () => {
    const error = await usageError(reportFromFile(request(join(workDir, 'visits.xls'))));
    expect(error.message).toMatch(
      /cannot tell the format of .*visits\.xls: name it \.csv \(CSV\), \.json, \.ndjson or \.jsonl \(JSON rows\), \.arrow/,
    );
  });

  it('headache_days without --mcid, since it has no default', async () => {
    const error = await usageError(reportFromFile(request(TRIAL, { measure: 'headache_days' })));
    expect(error.message).toBe('headache_days has no default MCID: give one with --mcid (in days)');
  });

  it('a measure the file does not have, naming those it has', async () => {
    const error = await usageError(reportFromFile(request(TRIAL, { measure: 'hdi' })));
    expect(error.message).toBe(
      `${TRIAL} has no hdi measurements (measures in the file: headache_days, ppt): choose one with --measure`,
    );
  });

  it('a site the file does not have for the measure, naming those it has', async () => {
    const error = await usageError(reportFromFile(request(TRIAL, { site: 'lumbar_paraspinal_left' })));
    expect(error.message).toBe(
      `${TRIAL} has no ppt measurements at site lumbar_paraspinal_left (its sites are suboccipital_left, ` +
        'suboccipital_right, upper_trapezius_left, upper_trapezius_right): name one of those sites, or use --site all',
    );
  });

  it('a reference group the data do not have, naming the groups', async () => {
    const error = await usageError(reportFromFile(request(TRIAL, { reference: 'deep_tissue' })));
    expect(error.message).toBe(
      'reference group "deep_tissue" not found: the groups are sham_ultrasound, trigger_point_release, waitlist: ' +
        'name one of them with --ref, or leave --ref out for the first',
    );
  });

  it('grouping by a column that no row of the measure fills in', async () => {
    const error = await usageError(reportFromFile(request(TRIAL, { by: 'clinic_id' })));
    expect(error.message).toMatch(
      /no ppt row of .*trial\.csv has a clinic_id: group by a column the file fills in/,
    );
  });

  it('an --out whose folder does not exist, before reading the file', async () => {
    const out = join(workDir, 'absent', 'report.json');
    const error = await usageError(reportFromFile(request(join(workDir, 'missing-too.csv'), { out })));
    // The input is checked first (it does not exist either), then the output: both before any reading.
    expect(error.message).toMatch(/missing-too\.csv: no such file/);
    const second = await usageError(reportFromFile(request(ORTHODONT, { mcid: 2, out })));
    expect(second.message).toBe(
      `cannot write ${out}: the folder ${join(workDir, 'absent')} does not exist; create it or choose another --out`,
    );
  });
});

describe('reportFromFile on a file with errors', () => {
  it('knows every fixture of libs/ingest/test-fixtures/bad', async () => {
    expect((await readdir(BAD_FIXTURES)).sort()).toEqual(Object.keys(BAD_FILES).sort());
  });

  it.each(Object.entries(BAD_FILES))(
    'refuses %s whole, listing each error with the file, line and column',
    async (name, errors) => {
      const file = join(BAD_FIXTURES, name);
      const error = await usageError(reportFromFile(request(file)));
      expect(error.message).toBe(refusalSummary(file, errors.length));
      expect(error.details).toHaveLength(errors.length);
      error.details.forEach((detail, i) => {
        const prefix = `${file}: ${errorPosition(errors[i])}: `;
        expect(detail.startsWith(prefix)).toBe(true);
        expect(detail.length).toBeGreaterThan(prefix.length + 10);
      });
    },
  );

  async function fileWithBadValues(count: number): Promise<string> {
    const file = join(workDir, `bad-values-${count}.csv`);
    const rows = Array.from({ length: count }, (_, i) => `c${i + 1},1,ppt,${i % 2 === 0 ? 'abc' : '-5'},kPa`);
    await writeFile(file, `client_id,session,measure,value,unit\nok1,1,ppt,250,kPa\n${rows.join('\n')}\n`);
    return file;
  }

  it('lists every error when there are no more than the cap, each with the file, line and column', async () => {
    const file = await fileWithBadValues(3);
    const error = await usageError(reportFromFile(request(file), 5));
    expect(error.message).toBe(`${file} has 3 errors; nothing was analysed`);
    expect(error.details).toEqual([
      `${file}: line 3, column value: not a number: "abc"`,
      `${file}: line 4, column value: -5 kPa is outside the plausible range of ppt, 0 to 2000 kPa: check the value and the unit`,
      `${file}: line 5, column value: not a number: "abc"`,
    ]);
  });

  it('stops listing at the cap and counts the rest, in the singular for one', async () => {
    const twelve = await fileWithBadValues(12);
    const error = await usageError(reportFromFile(request(twelve), 5));
    expect(error.message).toBe(`${twelve} has 12 errors; nothing was analysed`);
    expect(error.details).toHaveLength(6);
    expect(error.details[5]).toBe('... and 7 more errors');
    const six = await fileWithBadValues(6);
    expect((await usageError(reportFromFile(request(six), 5))).details[5]).toBe('... and 1 more error');
  });
});

describe('reportFromFile on follow-up visits (contract 1.1 section 5)', () => {
  it.each(['realistic', 'missing-dates', 'ties'])(
    'reads %s.csv through the readers and gives timeToResponse, durability and responseComparison as R survival',
    async (name) => {
      const expected = JSON.parse(await readFile(join(SURVIVAL_FIXTURES, `${name}.expected.json`), 'utf8')) as {
        mcid: number;
        groups: { name: string; timeToResponse: unknown; durability: unknown }[];
        responseComparison: unknown;
      };
      const report = await reportFromFile(request(join(SURVIVAL_FIXTURES, `${name}.csv`), { mcid: expected.mcid }));
      expectReportMatches(
        {
          groups: report.groups.map(({ name, timeToResponse, durability }) => ({ name, timeToResponse, durability })),
          responseComparison: report.responseComparison,
        },
        {
          groups: expected.groups.map(({ name, timeToResponse, durability }) => ({ name, timeToResponse, durability })),
          responseComparison: expected.responseComparison,
        },
      );
    },
  );
});

describe('reportFromFile options', () => {
  it('--site uses only that site: the same report as a file holding only its rows', async () => {
    // trial.csv has PPT at four sites, before and after sessions 1 and 12.
    const text = await readFile(TRIAL, 'utf8');
    const [header, ...lines] = text.trimEnd().split('\n');
    const siteColumn = header.split(',').indexOf('site');
    const onlyLeft = lines.filter((line) => line.split(',')[siteColumn] === 'suboccipital_left');
    expect(onlyLeft.length).toBeGreaterThan(100);
    const file = join(workDir, 'trial-suboccipital-left.csv');
    await writeFile(file, `${header}\n${onlyLeft.join('\n')}\n`);

    const selected = await reportFromFile(request(TRIAL, { site: 'suboccipital_left' }));
    const alone = await reportFromFile(request(file));
    expect(selected.site).toBe('suboccipital_left');
    expect({ ...selected, site: 'all' }).toEqual(alone);
    // ... and not the report over all four sites.
    const allSites = await reportFromFile(request(TRIAL));
    expect(allSites.groups[0].sessions[0].mean).not.toBe(selected.groups[0].sessions[0].mean);
  });

  it('--by therapist_id makes one group per therapist, each client in one', async () => {
    const records = (await csvRecords(PRACTICE)).filter((record) => record.measure === 'ppt');
    const clientsByTherapist = new Map<string, Set<string>>();
    for (const record of records) {
      const clients = clientsByTherapist.get(record.therapist_id) ?? new Set<string>();
      clients.add(record.client_id);
      clientsByTherapist.set(record.therapist_id, clients);
    }
    const report = await reportFromFile(request(PRACTICE, { by: 'therapist_id' }));
    expect(report.by).toBe('therapist_id');
    expect(report.groups.map((group) => [group.name, group.nClients])).toEqual(
      [...clientsByTherapist.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, clients]) => [name, clients.size]),
    );
    expect(report.comparisons).toHaveLength((report.groups.length * (report.groups.length - 1)) / 2);
  });

  it('--ref makes the named group the reference of the trajectory, and leaves the comparisons in code-point order', async () => {
    const report = await reportFromFile(request(TRIAL, { reference: 'waitlist' }));
    expect(report.reference).toBe('waitlist');
    expect(report.trajectory?.fixedEffects.map((effect) => effect.term)).toEqual([
      '(Intercept)',
      'time',
      'group[sham_ultrasound]',
      'group[trigger_point_release]',
      'time:group[sham_ultrasound]',
      'time:group[trigger_point_release]',
    ]);
    expect(report.comparisons.map((comparison) => [comparison.a, comparison.b])).toEqual([
      ['sham_ultrasound', 'trigger_point_release'],
      ['sham_ultrasound', 'waitlist'],
      ['trigger_point_release', 'waitlist'],
    ]);
  });
});
