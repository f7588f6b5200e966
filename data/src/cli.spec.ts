/**
 * The command line, run as users run it: the built script `data/dist/cli.js` in a child process
 * (the same script `npm run -s data --` runs after `tsc -b`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { practiceDataSet } from './practice.js';
import { rowsOf } from './rows.js';
import { MemoryWritable, normalised, rowsFromCsv } from './testing/collect.js';
import { writeCsv } from './writers/csv.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const cliScript = join(repositoryRoot, 'data', 'dist', 'cli.js');

interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

function runCli(...args: string[]): Run {
  const result = spawnSync(process.execPath, ['--enable-source-maps', cliScript, ...args], {
    cwd: repositoryRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

describe('data CLI (built script)', () => {
  let workDirectory: string;

  beforeAll(() => {
    const build = spawnSync(
      process.execPath,
      [join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'data/tsconfig.lib.json'],
      {
        cwd: repositoryRoot,
        encoding: 'utf8',
      },
    );
    if (build.status !== 0)
      throw new Error(`tsc -b data/tsconfig.lib.json failed:\n${build.stdout}${build.stderr}`);
    workDirectory = mkdtempSync(join(tmpdir(), 'threshold-data-cli-'));
  }, 180_000);

  afterAll(() => {
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
  });

  it('writes a practice CSV file of as many clinics and therapists as asked', () => {
    const file = join(workDirectory, 'practice-therapists.csv');
    const run = runCli('practice', '--clients', '400', '--clinics', '4', '--therapists', '30', '--out', file);
    expect(run.status).toBe(0);
    const { rows } = rowsFromCsv(readFileSync(file, 'utf8'));
    expect(new Set(rows.map((row) => row.clinic_id)).size).toBe(4);
    expect(new Set(rows.map((row) => row.therapist_id)).size).toBe(30);
  });

  it('writes a practice CSV file byte-identical to the library writer, with no progress bar off a terminal', async () => {
    const file = join(workDirectory, 'practice.csv');
    const run = runCli('practice', '--clients', '60', '--seed', '7', '--out', file);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.length).toBe(0);
    expect(existsSync(`${file}.partial`)).toBe(false);

    const dataSet = practiceDataSet({ clients: 60, seed: 7 });
    const expected = new MemoryWritable();
    await writeCsv(rowsOf(dataSet), dataSet.columns, expected);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(expected.text());
    const { columns, rows } = rowsFromCsv(text);
    expect(columns).toContain('unit');
    expect(new Set(rows.map((row) => row.client_id)).size).toBe(60);
  });

  it('writes the trial set as NDJSON to standard output, with --per-arm', () => {
    const run = runCli('trial', '--per-arm', '5', '--format', 'ndjson');
    expect(run.status).toBe(0);
    const rows = run.stdout
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { client_id: string; technique: string });
    expect(new Set(rows.map((row) => row.client_id)).size).toBe(15);
    expect(new Set(rows.map((row) => row.technique))).toEqual(
      new Set(['trigger_point_release', 'sham_ultrasound', 'waitlist']),
    );
  });

  it('writes an exact-size bench set as Arrow (format from the .arrow extension) with the same rows as its CSV', () => {
    const arrowFile = join(workDirectory, 'bench.arrow');
    const csvFile = join(workDirectory, 'bench.csv');
    expect(runCli('bench', '--clients', '25', '--sessions', '4', '--out', arrowFile).status).toBe(0);
    expect(runCli('bench', '--clients', '25', '--sessions', '4', '--out', csvFile).status).toBe(0);
    const table = tableFromIPC(readFileSync(arrowFile));
    expect(table.numRows).toBe(100);
    const csv = rowsFromCsv(readFileSync(csvFile, 'utf8'));
    const fromArrow = table.toArray().map((row) => normalised(row.toJSON() as never, csv.columns));
    expect(fromArrow).toEqual(csv.rows.map((row) => normalised(row, csv.columns)));
  });

  it('writes the demo files into --out-dir', () => {
    const directory = join(workDirectory, 'demo');
    const run = runCli('demo', '--clients', '30', '--out-dir', directory);
    expect(run.status).toBe(0);
    expect(rowsFromCsv(readFileSync(join(directory, 'trial.csv'), 'utf8')).rows.length).toBeGreaterThan(500);
    expect(
      new Set(
        rowsFromCsv(readFileSync(join(directory, 'practice.csv'), 'utf8')).rows.map((row) => row.client_id),
      ).size,
    ).toBe(30);
  });

  it.each([['--help'], ['practice', '--help'], []])('prints the help for %j and exits 0', (...args) => {
    const run = runCli(...args);
    expect(run.status).toBe(0);
    expect(run.stdout.toString('utf8')).toContain('Usage: npm run -s data -- <command>');
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['practice', '--clients', '-5'], /--clients/],
    [['practice', '--clients', 'many'], /--clients must be a whole number/],
    [['practice', '--clients', '1e5'], /--clients must be a whole number/],
    [['practice', '--bogus'], /Unknown option '--bogus'/],
    [['practice', '--clinics', '10', '--therapists', '9'], /--therapists must be at least one per clinic \(10\), got 9/],
    [['trial', '--unit', 'psi'], /--unit must be kPa or kg\/cm2/],
    [['bench', '--format', 'xml'], /--format must be one of csv, json, ndjson, arrow/],
    [['bench', '--seed', '99999999999'], /--seed must be a whole number from 0 to 4294967295/],
    [['trial', 'extra'], /positional/i],
    [
      ['bench', '--clients', '10', '--out', 'no-such-folder/x.csv'],
      /the folder .*no-such-folder does not exist; create it first/,
    ],
  ])('rejects %j with exit 2 and a clear message, no stack trace', (args, message) => {
    const run = runCli(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout.length).toBe(0);
  });
});
