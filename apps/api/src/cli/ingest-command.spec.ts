/**
 * `outcomes ingest` as a user runs it: the built command line as a child process, real files in a
 * temporary folder. A mistake in the call (a file missing, unreadable, not a file, of an unknown
 * format; an unknown option; a data folder it cannot use) exits 2 with one message, no stack
 * trace, and stores nothing, whichever file it is about.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat, FORMAT_EXTENSIONS, unknownFormatMessage } from '@threshold/ingest';
import ExcelJS from 'exceljs';
import { referenceFile } from '@threshold/stats/testing';
import { createTestDatabase } from '../testing/test-database.js';
import { startTestApp } from '../testing/test-app.js';
import {
  checkOutcomesBuilt,
  OUTCOMES_JS,
  REPOSITORY_ROOT,
  runOutcomes,
  STACK_TRACE,
  type OutcomesRun,
} from './testing/outcomes-process.js';

/**
 * Root reads a mode-000 file: as root the command runs without the two capabilities that override
 * file permissions (setpriv, from util-linux). Not as `nobody`, who could not reach the command's
 * own files in a clone under a private folder (mode 700).
 */
const WITHOUT_FILE_OVERRIDES = ['--bounding-set', '-dac_override,-dac_read_search'];

let workDir: string;
/** A data folder no run may create: a mistake in the call must not get as far as the database. */
let untouchedDataDir: string;

beforeAll(async () => {
  checkOutcomesBuilt();
  workDir = await mkdtemp(join(tmpdir(), 'outcomes-ingest-'));
  untouchedDataDir = join(workDir, 'data');
  await copyFile(referenceFile('student_sleep.csv'), join(workDir, 'sleep.csv'));
  await writeFile(join(workDir, 'notes.txt'), 'client_id,session\n');
});

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

/** `outcomes ingest ...args` on the embedded database of untouchedDataDir. */
const ingest = (...args: string[]): Promise<OutcomesRun> =>
  runOutcomes(['ingest', ...args], { env: { DATABASE_URL: '', THRESHOLD_DATA_DIR: untouchedDataDir } });

/** Refused before anything is stored: status 2, one message on standard error, the database not opened. */
function expectRefused(run: OutcomesRun, message: string | RegExp): void {
  expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: '' });
  expect(run.stderr).not.toMatch(STACK_TRACE);
  if (typeof message === 'string') expect(run.stderr).toBe(`outcomes: ${message}\n`);
  else expect(run.stderr).toMatch(message);
  expect(existsSync(untouchedDataDir)).toBe(false);
}

describe('outcomes ingest', () => {
  it('stores a file', async () => {
    const database = await createTestDatabase();
    try {
      const run = await runOutcomes(['ingest', join(workDir, 'sleep.csv')], {
        env: { DATABASE_URL: database.databaseUrl ?? '', THRESHOLD_DATA_DIR: database.dataDir },
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(
        /sleep\.csv: stored as batch \d+: 20 readings inserted, 0 already stored\n$/,
      );
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('stores an .xlsx workbook and a FHIR bundle as it stores CSV (formats of the one registry)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Sheet1');
    sheet.addRow(['client_id', 'session', 'measure', 'value', 'unit']);
    sheet.addRow(['xl1', 1, 'ppt', 3.2, 'kg/cm2']);
    await book.xlsx.writeFile(join(workDir, 'visits.xlsx'));
    await copyFile(join(REPOSITORY_ROOT, 'libs/ingest/test-fixtures/good/sample.fhir.json'), join(workDir, 'sample.fhir.json'));
    const database = await createTestDatabase();
    try {
      const run = await runOutcomes(['ingest', join(workDir, 'visits.xlsx'), join(workDir, 'sample.fhir.json')], {
        env: { DATABASE_URL: database.databaseUrl ?? '', THRESHOLD_DATA_DIR: database.dataDir },
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(/visits\.xlsx: stored as batch \d+: 1 readings inserted, 0 already stored\n.*sample\.fhir\.json: stored as batch \d+: 6 readings inserted/s);
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('stores a wide .xlsx in the clinic’s own layout through --mapping, and refuses an unusable mapping before anything', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Visits');
    sheet.addRow(['Client', 'Visit', 'UT L pre', 'UT L post', 'UT R pre', 'UT R post']);
    sheet.addRow(['w1', 1, 2.9, 3.4, 3.0, 3.3]);
    sheet.addRow(['w1', 2, 3.1, 3.6, null, 3.5]);
    await book.xlsx.writeFile(join(workDir, 'wide.xlsx'));
    const readings = ['UT L', 'UT R'].flatMap((label) =>
      ['pre', 'post'].map((phase) => ({ column: `${label} ${phase}`, site: label === 'UT L' ? 'upper_trapezius_left' : 'upper_trapezius_right', phase })),
    );
    await writeFile(join(workDir, 'wide.json'), JSON.stringify({ columns: { client_id: 'Client', session: 'Visit' }, values: { measure: 'ppt', unit: 'kg/cm2' }, readings }));
    await writeFile(join(workDir, 'broken.json'), JSON.stringify({ columns: { client: 'Client' } }));
    expectRefused(await ingest('--mapping', join(workDir, 'broken.json'), join(workDir, 'wide.xlsx')), /^outcomes: the mapping .*broken\.json is not usable: columns\.client: not a field of the contract/);
    const database = await createTestDatabase();
    try {
      const run = await runOutcomes(['ingest', '--mapping', join(workDir, 'wide.json'), join(workDir, 'wide.xlsx')], {
        env: { DATABASE_URL: database.databaseUrl ?? '', THRESHOLD_DATA_DIR: database.dataDir },
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(/wide\.xlsx: stored as batch \d+: 7 readings inserted, 0 already stored\n$/);
    } finally {
      await database.drop();
    }
  }, 90_000);

  // wide.xlsx and wide.json are the files of the test above.
  it('stores a wide .xlsx through a mapping saved in the database, named by --mapping NAME (and --clinic)', async () => {
    const database = await createTestDatabase();
    const env = { DATABASE_URL: database.databaseUrl ?? '', THRESHOLD_DATA_DIR: database.dataDir, THRESHOLD_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789' };
    try {
      // Saved over HTTP by the API on the same database, closed before the command opens it.
      const api = await startTestApp({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
      try {
        const readings = ['UT L', 'UT R'].flatMap((label) =>
          ['pre', 'post'].map((phase) => ({ column: `${label} ${phase}`, site: label === 'UT L' ? 'upper_trapezius_left' : 'upper_trapezius_right', phase })),
        );
        const saved = await api.api('/api/ingest/mappings/visits-wide?clinic=clinic-north', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ columns: { client_id: 'Client', session: 'Visit' }, values: { measure: 'ppt', unit: 'kg/cm2', clinic_id: 'clinic-north' }, readings }),
        });
        expect(saved.status).toBe(200);
      } finally {
        await api.close();
      }
      const missing = await runOutcomes(['ingest', '--mapping', 'visits-wide', '--clinic', 'clinic-south', join(workDir, 'wide.xlsx')], { env });
      expect({ status: missing.status, stdout: missing.stdout }).toEqual({ status: 2, stdout: '' });
      expect(missing.stderr).toMatch(/^outcomes: --mapping visits-wide: clinic clinic-south has no mapping named visits-wide; save it first/);
      const byName = await runOutcomes(['ingest', '--mapping', 'visits-wide', join(workDir, 'wide.xlsx')], { env });
      expect({ status: byName.status, stderr: byName.stderr }).toEqual({ status: 0, stderr: '' });
      expect(byName.stdout).toMatch(/wide\.xlsx: stored as batch \d+: 7 readings inserted, 0 already stored\n$/);
      const withClinic = await runOutcomes(['ingest', '--mapping', 'visits-wide', '--clinic', 'clinic-north', join(workDir, 'wide.xlsx')], { env });
      expect(withClinic.stdout).toMatch(/wide\.xlsx: stored as batch \d+: 0 readings inserted, 7 already stored\n$/);
    } finally {
      await database.drop();
    }
  }, 240_000);

  it('refuses --clinic without a saved mapping NAME, and with a mapping file', async () => {
    expectRefused(await ingest('--clinic', 'clinic-north', join(workDir, 'wide.xlsx')), /^outcomes: --clinic names the clinic of a saved mapping: give --mapping NAME with it/);
    expectRefused(await ingest('--mapping', join(workDir, 'wide.json'), '--clinic', 'clinic-north', join(workDir, 'wide.xlsx')), /^outcomes: --clinic is for a saved mapping's NAME, not a mapping file/);
  }, 30_000);

  it('stores nothing when any file is of an unknown format, and says which names it reads', async () => {
    const notes = join(workDir, 'notes.txt');
    expectRefused(await ingest(join(workDir, 'sleep.csv'), notes), unknownFormatMessage(notes));
    expect(unknownFormatMessage(notes)).not.toContain('text/csv');
  }, 30_000);

  it('says which names it reads: every extension libs/ingest reads, and only those', () => {
    for (const extension of FORMAT_EXTENSIONS) {
      expect(detectFormat(`file${extension}`)).toBeDefined();
      expect(unknownFormatMessage('x')).toContain(extension);
    }
    for (const extension of ['.txt', '.xls', '.tsv'])
      expect(detectFormat(`file${extension}`)).toBeUndefined();
  });

  it('stores nothing when any file is missing', async () => {
    const missing = join(workDir, 'nowhere.csv');
    expectRefused(await ingest(join(workDir, 'sleep.csv'), missing), `cannot read ${missing}: no such file`);
  });

  it('says a folder or a FIFO is not a regular file (not "no such file")', async () => {
    const folder = join(workDir, 'folder.csv');
    const fifo = join(workDir, 'pipe.csv');
    await mkdir(folder);
    execFileSync('mkfifo', [fifo]);
    expectRefused(await ingest(folder), `cannot read ${folder}: it is a folder, not a regular file`);
    // Not waited on: a FIFO with no writer would block an open for reading.
    expectRefused(await ingest(fifo), `cannot read ${fifo}: it is a named pipe (FIFO), not a regular file`);
  });

  it('names an unknown option first, then the usage', async () => {
    const run = await ingest('--x', join(workDir, 'sleep.csv'));
    expectRefused(run, /^outcomes: Unknown option '--x'.*\nusage: outcomes ingest \[--mapping NAME\|MAPPING\.json \[--clinic CLINIC\]\] FILE/);
  });

  it('prints its usage for --help', async () => {
    const run = await ingest('--help');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^usage: outcomes ingest \[--mapping NAME\|MAPPING\.json \[--clinic CLINIC\]\] FILE \[FILE \.\.\.\]/);
  });

  it('names the data folder it cannot use, with exit 2 and one line (DATABASE_URL set)', async () => {
    const dataDir = join(workDir, 'notes.txt', 'data'); // under a file: cannot be made
    const run = await runOutcomes(['ingest', join(workDir, 'sleep.csv')], {
      // Never reached: the data folder is checked first.
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', THRESHOLD_DATA_DIR: dataDir },
    });
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: '' });
    expect(run.stderr).toBe(
      `outcomes: cannot use the data folder ${dataDir} (THRESHOLD_DATA_DIR): part of its path is a file, not a folder; set THRESHOLD_DATA_DIR to a folder you may write\n`,
    );
  });

  const asRoot = process.getuid?.() === 0;
  it(
    'says a file it may not read is unreadable, with exit 2',
    async () => {
      const file = join(workDir, 'unread.csv');
      await copyFile(referenceFile('student_sleep.csv'), file);
      await chmod(file, 0o000);
      const run = await new Promise<OutcomesRun>((resolve, reject) => {
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          DATABASE_URL: '',
          THRESHOLD_DATA_DIR: untouchedDataDir,
        };
        delete env.NODE_OPTIONS;
        const command = [process.execPath, OUTCOMES_JS, 'ingest', file];
        const child = spawn(asRoot ? 'setpriv' : command[0], asRoot ? [...WITHOUT_FILE_OVERRIDES, ...command] : command.slice(1), {
          cwd: REPOSITORY_ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
      expectRefused(run, `cannot read ${file}: permission denied`);
    },
  );
});
