/**
 * The `outcomes` command end to end, as a user runs it (report-contract.md section 4): the built
 * command line as a child process, real files in, exit status, standard output, standard error and
 * the --out file checked. Numbers are checked against R's reports (the shared reference fixtures),
 * never against an earlier output of this code.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { expectReportMatches, referenceFile } from '@threshold/stats/testing';
import {
  checkOutcomesBuilt,
  mapConcurrently,
  runOutcomes,
  STACK_TRACE,
  type OutcomesRun,
} from './testing/outcomes-process.js';
import { BAD_FILES, BAD_FIXTURES, errorPosition, refusalSummary } from './testing/bad-input-fixtures.js';

const CONCURRENCY = Math.max(2, availableParallelism());

/** The shared reference fixtures and the --mcid their README gives each. */
const REFERENCE_FIXTURES = [
  { name: 'student_sleep', mcid: '1' },
  { name: 'orthodont', mcid: '2' },
] as const;

let workDir: string;

beforeAll(async () => {
  checkOutcomesBuilt();
  workDir = await mkdtemp(join(tmpdir(), 'outcomes-cli-'));
});

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'));

/** A successful run: status 0, nothing on standard error. */
function expectSuccess(run: OutcomesRun): void {
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
}

/** A refused run: status 2, nothing on standard output, no stack trace. */
function expectRefused(run: OutcomesRun): void {
  expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: '' });
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr).toMatch(/^outcomes: /);
}

// ---------------------------------------------------------------------------------------------------
// The same rows as CSV, JSON rows and Arrow.

interface CsvTable {
  columns: string[];
  rows: string[][];
}

/** The reference CSVs are plain (no quotes, no commas in values); a split reads them, checked. */
async function readPlainCsv(file: string): Promise<CsvTable> {
  const text = await readFile(file, 'utf8');
  expect(text).not.toContain('"');
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = header.split(',');
  const rows = lines.map((line) => line.split(','));
  for (const row of rows) expect(row).toHaveLength(columns.length);
  return { columns, rows };
}

const NUMERIC: Record<string, 'integer' | 'float'> = { session: 'integer', trial: 'integer', value: 'float' };

function jsonRows({ columns, rows }: CsvTable): Record<string, string | number>[] {
  return rows.map((row) =>
    Object.fromEntries(
      columns
        .map((column, i) => [column, row[i]] as const)
        .filter(([, value]) => value !== '')
        .map(([column, value]) => [column, NUMERIC[column] === undefined ? value : Number(value)]),
    ),
  );
}

/** An Arrow table with the format's types: text as Utf8, session and trial Int32, value Float64. */
function arrowTable({ columns, rows }: CsvTable): Table {
  const vectors = Object.fromEntries(
    columns.map((column, i) => {
      const values = rows.map((row) => row[i]);
      if (NUMERIC[column] === 'integer') return [column, vectorFromArray(values.map(Number), new Int32())];
      if (NUMERIC[column] === 'float') return [column, vectorFromArray(values.map(Number), new Float64())];
      return [column, vectorFromArray(values, new Utf8())];
    }),
  );
  return new Table(vectors);
}

/** Writes the CSV's rows as .json (one array), .ndjson, .arrow (IPC file) and .arrows (IPC stream). */
async function writeOtherFormats(csv: string, stem: string): Promise<Record<string, string>> {
  const table = await readPlainCsv(csv);
  const rows = jsonRows(table);
  const files = {
    json: join(workDir, `${stem}.json`),
    ndjson: join(workDir, `${stem}.ndjson`),
    arrow: join(workDir, `${stem}.arrow`),
    arrows: join(workDir, `${stem}.arrows`),
  };
  await writeFile(files.json, `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`);
  await writeFile(files.ndjson, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
  const arrow = arrowTable(table);
  expect(arrow.numRows).toBe(table.rows.length);
  await writeFile(files.arrow, tableToIPC(arrow, 'file'));
  await writeFile(files.arrows, tableToIPC(arrow, 'stream'));
  return files;
}

describe.each(REFERENCE_FIXTURES)('outcomes report on the shared reference $name.csv', ({ name, mcid }) => {
  const csv = referenceFile(`${name}.csv`);
  let expected: unknown;
  let out: string;
  let toFile: OutcomesRun;
  let toStdout: OutcomesRun;
  let otherFormats: { format: string; run: OutcomesRun }[];

  beforeAll(async () => {
    expected = await readJson(referenceFile(`${name}.expected.json`));
    out = join(workDir, `${name}.report.json`);
    const files = await writeOtherFormats(csv, name);
    const calls: [string, string[]][] = [
      ['csv --out', ['report', csv, '--mcid', mcid, '--out', out]],
      ['csv', ['report', csv, '--mcid', mcid]],
      ...Object.entries(files).map(([format, file]): [string, string[]] => [
        format,
        ['report', file, '--mcid', mcid],
      ]),
    ];
    const runs = await mapConcurrently(calls, CONCURRENCY, async ([format, args]) => ({
      format,
      run: await runOutcomes(args),
    }));
    [{ run: toFile }, { run: toStdout }, ...otherFormats] = runs;
  }, 120_000);

  it('writes R’s report, every field, to --out', async () => {
    expectSuccess(toFile);
    expect(toFile.stdout).toBe('');
    expectReportMatches(await readJson(out), expected);
  });

  it('writes the same report to standard output without --out', async () => {
    expectSuccess(toStdout);
    expectReportMatches(JSON.parse(toStdout.stdout), expected);
    expect(await readFile(out, 'utf8')).toBe(toStdout.stdout);
  });

  it('gives the same report for the same rows as JSON rows, NDJSON, an Arrow file and an Arrow stream', () => {
    expect(otherFormats.map(({ format }) => format)).toEqual(['json', 'ndjson', 'arrow', 'arrows']);
    for (const { format, run } of otherFormats) {
      expect({ format, status: run.status, stderr: run.stderr }).toEqual({ format, status: 0, stderr: '' });
      const report: unknown = JSON.parse(run.stdout);
      expectReportMatches(report, expected);
      expect({ format, report }).toEqual({ format, report: JSON.parse(toStdout.stdout) });
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Bad input (report-contract.md section 1): exit 2, every error with the file, line and column.

/** The kinds of bad input report-contract.md section 1 lists, each with its fixture and wording. */
const CONTRACT_ERROR_KINDS: [kind: string, fixture: string, message: RegExp][] = [
  ['a missing required column', 'missing-column.csv', /column unit: required column is missing/],
  ['a non-numeric value', 'non-numeric-value.csv', /column value: not a number: "abc"/],
  ['a non-finite value', 'non-finite-value.csv', /column value: not a finite number: "1e999"/],
  [
    'a value outside the plausible range',
    'out-of-range.csv',
    /column value: 2001 kPa is outside the plausible range of ppt/,
  ],
  ['an unknown measure', 'unknown-measure.csv', /column measure: unknown measure "vas"/],
  [
    'a unit the measure does not accept',
    'wrong-unit.csv',
    /column unit: unit "kPa" is not accepted for pain_nrs/,
  ],
  [
    'a session that is not a positive integer',
    'bad-session.csv',
    /column session: not a positive integer \(1\.5\)/,
  ],
  ['a phase other than pre/post', 'bad-phase.csv', /column phase: "during" is not a phase: use pre, post or followup/],
  ['two rows with the same key', 'duplicate-rows.csv', /line 6: duplicate of line 2/],
];

describe('outcomes report on bad input', () => {
  // One file per kind of bad input the contract lists, and JSON rows: as child processes.
  // report-command.spec.ts checks every fixture of the folder in process.
  const fixtures = [...new Set([...CONTRACT_ERROR_KINDS.map(([, fixture]) => fixture), 'malformed.json'])];
  const runs = new Map<string, OutcomesRun>();
  const outFile = (name: string): string => join(workDir, 'bad', `${name}.report.json`);

  beforeAll(async () => {
    await mkdir(join(workDir, 'bad'), { recursive: true });
    const results = await mapConcurrently(fixtures, CONCURRENCY, (name) =>
      runOutcomes(['report', join(BAD_FIXTURES, name), '--out', outFile(name)]),
    );
    fixtures.forEach((name, i) => runs.set(name, results[i]));
  }, 120_000);

  it.each(fixtures)(
    '%s: exit 2, every error on standard error with the file, line and column, no stack trace, no report',
    (name) => {
      const run = runs.get(name)!;
      const file = join(BAD_FIXTURES, name);
      const errors = BAD_FILES[name];
      expectRefused(run);
      const [summary, ...listed] = run.stderr.trimEnd().split('\n');
      expect(summary).toBe(`outcomes: ${refusalSummary(file, errors.length)}`);
      expect(listed).toHaveLength(errors.length);
      listed.forEach((line, i) => {
        const prefix = `  ${file}: ${errorPosition(errors[i])}: `;
        expect(line.startsWith(prefix)).toBe(true);
        expect(line.length).toBeGreaterThan(prefix.length + 10); // then what is wrong
      });
      expect(existsSync(outFile(name))).toBe(false);
    },
  );

  it.each(CONTRACT_ERROR_KINDS)('refuses %s (%s)', (_kind, fixture, message) => {
    const run = runs.get(fixture)!;
    expectRefused(run);
    expect(run.stderr).toMatch(message);
  });

  it('lists the first 100 errors and counts the rest', async () => {
    const file = join(workDir, 'many-errors.csv');
    const rows = Array.from({ length: 250 }, (_, i) => `c${String(i + 1).padStart(3, '0')},1,ppt,x${i},kPa`);
    await writeFile(file, `client_id,session,measure,value,unit\n${rows.join('\n')}\n`);
    const run = await runOutcomes(['report', file]);
    expectRefused(run);
    const [summary, ...listed] = run.stderr.trimEnd().split('\n');
    expect(summary).toBe(`outcomes: ${file} has 250 errors; nothing was analysed`);
    expect(listed).toHaveLength(101);
    listed.slice(0, 100).forEach((line, i) => {
      expect(line).toBe(`  ${file}: line ${i + 2}, column value: not a number: "x${i}"`);
    });
    expect(listed[100]).toBe('  ... and 150 more errors');
  });
});

// ---------------------------------------------------------------------------------------------------
// Mistakes in the call: exit 2 and a message that says what to do.

describe('outcomes report with a mistake in the call', () => {
  // As child processes: the mistakes most often made; report-command.spec.ts has the rest.
  const orthodont = referenceFile('orthodont.csv');
  const cases: [what: string, args: () => string[], message: RegExp][] = [
    [
      'an unknown measure',
      () => [orthodont, '--measure', 'vas'],
      /unknown measure "vas": use one of ppt, pain_nrs, headache_days, hdi/,
    ],
    [
      'an unknown grouping column',
      () => [orthodont, '--by', 'sex'],
      /cannot group by "sex": use one of technique, therapist_id, clinic_id, condition/,
    ],
    [
      'an --mcid that is not a number',
      () => [orthodont, '--mcid', 'abc'],
      /--mcid must be a plain decimal number >= 0 .*got "abc"/,
    ],
    [
      'a negative --mcid',
      () => [orthodont, '--mcid', '-1'],
      /--mcid must be a plain decimal number >= 0 .*got "-1"/,
    ],
    [
      'a hexadecimal --mcid',
      () => [orthodont, '--mcid', '0x10'],
      /--mcid must be a plain decimal number >= 0 .*got "0x10"/,
    ],
    [
      'an unknown --ref',
      () => [orthodont, '--mcid', '2', '--ref', 'Nobody'],
      /reference group "Nobody" not found: the groups are Female, Male: name one of them with --ref/,
    ],
    [
      'a file that does not exist',
      () => [join(workDir, 'nowhere.csv')],
      /cannot read .*nowhere\.csv: no such file: check the path/,
    ],
    [
      'a file of unknown format',
      () => [referenceFile('README.md')],
      /cannot tell the format of .*README\.md: name it \.csv \(CSV\), \.json, \.ndjson or \.jsonl \(JSON rows\), \.arrow, \.arrows or \.ipc \(Arrow IPC\), \.xlsx \(Excel workbook\), or \.fhir\.json/,
    ],
    [
      'headache_days without --mcid',
      () => [orthodont, '--measure', 'headache_days'],
      /headache_days has no default MCID: give one with --mcid \(in days\)/,
    ],
    [
      'a measure the file does not have',
      () => [orthodont, '--measure', 'pain_nrs'],
      /has no pain_nrs measurements \(measures in the file: ppt\): choose one with --measure/,
    ],
    [
      'a site the file does not have',
      () => [orthodont, '--mcid', '2', '--site', 'upper_trapezius_left'],
      /has no ppt measurements at site upper_trapezius_left \(its rows name no site\): .*or use --site all/,
    ],
    [
      'a grouping column the file leaves empty',
      () => [orthodont, '--mcid', '2', '--by', 'therapist_id'],
      /has a therapist_id: group by a column the file fills in/,
    ],
    [
      'an --out in a folder that does not exist',
      () => [orthodont, '--mcid', '2', '--out', join(workDir, 'no-such-folder', 'r.json')],
      /cannot write .*r\.json: the folder .*no-such-folder does not exist/,
    ],
    [
      'an unknown option',
      () => [orthodont, '--bogus'],
      /Unknown option '--bogus'[^]*usage: outcomes report FILE/,
    ],
  ];
  const runs = new Map<string, OutcomesRun>();

  beforeAll(async () => {
    const results = await mapConcurrently(cases, CONCURRENCY, ([, args]) =>
      runOutcomes(['report', ...args()]),
    );
    cases.forEach(([what], i) => runs.set(what, results[i]));
  }, 120_000);

  it.each(cases)('refuses %s: exit 2 and what to do on standard error', (what, _args, message) => {
    const run = runs.get(what)!;
    expectRefused(run);
    expect(run.stderr).toMatch(message);
  });
});

describe('outcomes report when the system fails it', () => {
  it('says which file an I/O error was about, with exit 2 and no stack trace', async () => {
    // An Arrow IPC file is copied to the temporary folder before it is read (libs/ingest).
    const { arrow } = await writeOtherFormats(referenceFile('student_sleep.csv'), 'io-error');
    const missing = join(workDir, 'no-temporary-folder');
    const run = await runOutcomes(['report', arrow, '--mcid', '1'], { env: { TMPDIR: missing } });
    expectRefused(run);
    const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(run.stderr).toMatch(
      new RegExp(
        `^outcomes: cannot read ${escape(arrow)}: ENOENT: .*, mkdtemp '${escape(missing)}/[^']+'\\n$`,
      ),
    );
  });
});

describe('outcomes without a report', () => {
  it('prints the usage for --help, with exit 0', async () => {
    for (const args of [['--help'], ['report', '--help']]) {
      const run = await runOutcomes(args);
      expectSuccess(run);
      expect(run.stdout).toContain(
        'usage: outcomes report FILE [--measure ppt] [--site all] [--by technique]',
      );
    }
  });

  it('prints the usage on standard error, with exit 2, when called without a command', async () => {
    const run = await runOutcomes([]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: '' });
    expect(run.stderr).toMatch(/^usage: outcomes <command> \[options\]/);
  });

  it('refuses an unknown command, with exit 2', async () => {
    const run = await runOutcomes(['summarise', 'x.csv']);
    expectRefused(run);
    expect(run.stderr).toMatch(/^outcomes: unknown command "summarise"\nusage: outcomes <command>/);
  });
});
