/**
 * The watch folder: real files dropped into a real folder, ingested into a real database, then
 * moved to done/ or failed/ (with the errors beside a refused file).
 */
import { execFileSync } from 'node:child_process';
import {
  appendFile,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { referenceFile } from '@threshold/stats/testing';
import { INGEST_FIXTURES } from '../../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import type { BatchView } from '../batches/batch-view.js';
import { MAX_NAME_BYTES } from './file-names.js';
import { InboxWatcher, type InboxOutcome } from './inbox-watcher.js';

/** THRESHOLD_INGEST_STALE_SECONDS of the test app: short, so that recovery is seen without a long wait. */
const STALE_SECONDS = 1;
const SUBFOLDERS = ['done', 'failed', '.processing'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const bytes = (name: string): number => Buffer.byteLength(name, 'utf8');

/** The log lines of the app, as its LoggerService receives them. */
class LogLines implements LoggerService {
  readonly lines: string[] = [];
  log = (message: unknown): void => void this.lines.push(`log ${String(message)}`);
  warn = (message: unknown): void => void this.lines.push(`warn ${String(message)}`);
  error = (message: unknown): void => void this.lines.push(`error ${String(message)}`);
}

describe('the watch folder', () => {
  let t: TestApp;
  let inbox: string;
  let outside: string;
  const logs = new LogLines();

  beforeAll(async () => {
    inbox = await mkdtemp(join(tmpdir(), 'threshold-inbox-'));
    outside = await mkdtemp(join(tmpdir(), 'threshold-outside-'));
    // A long poll interval: the test drives the passes itself.
    t = await startTestApp({ inbox, inboxPollMs: 3_600_000, ingestStaleSeconds: STALE_SECONDS });
    t.app.useLogger(logs);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await rm(inbox, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });
  // Each test starts on an empty inbox, its subfolders empty.
  afterEach(async () => {
    for (const folder of ['', ...SUBFOLDERS]) {
      await mkdir(join(inbox, folder), { recursive: true });
      for (const name of await readdir(join(inbox, folder))) {
        if (folder !== '' || !SUBFOLDERS.includes(name))
          await rm(join(inbox, folder, name), { recursive: true, force: true });
      }
    }
    logs.lines.length = 0;
  });

  const watcher = (): InboxWatcher => t.app.get(InboxWatcher);
  const files = async (folder: string): Promise<string[]> => (await readdir(join(inbox, folder))).sort();

  /** Makes a file look written a while ago (as if its writer had paused for that long). */
  async function age(path: string, secondsAgo = 60): Promise<void> {
    const past = new Date(Date.now() - secondsAgo * 1000);
    await utimes(path, past, past);
  }

  /** Drops a file as a finished one: written a while ago, so the watcher trusts it is complete. */
  async function drop(source: string, name: string): Promise<void> {
    await copyFile(source, join(inbox, name));
    await age(join(inbox, name));
  }

  /** Two passes: a file is taken when the second sees it as the first did. */
  async function pollTwice(): Promise<InboxOutcome[]> {
    return [...(await watcher().poll()), ...(await watcher().poll())];
  }

  async function batchesNamed(filename: string): Promise<BatchView[]> {
    const { batches } = (await (await t.api('/api/ingest/batches?limit=500')).json()) as {
      batches: BatchView[];
    };
    return batches.filter((batch) => batch.filename === filename);
  }

  it('stores a good file and moves it to done/', async () => {
    await drop(referenceFile('student_sleep.csv'), 'sleep.csv');
    const outcomes = await pollTwice();
    expect(outcomes).toEqual([expect.objectContaining({ file: 'sleep.csv', status: 'stored' })]);
    expect(await files('done')).toEqual(['sleep.csv']);
    const { batches } = (await (await t.api('/api/ingest/batches')).json()) as { batches: BatchView[] };
    expect(batches[0]).toMatchObject({
      source: 'inbox',
      filename: 'sleep.csv',
      status: 'stored',
      inserted: 20,
    });
  });

  it('reads a file of mapped/<clinic>/<mapping>/ through that saved mapping, and fails one whose mapping is not saved', async () => {
    const mapping = { columns: { client_id: 'Client', session: 'Visit' }, values: { measure: 'ppt', unit: 'kg/cm2', clinic_id: 'clinic-north' }, readings: [
      { column: 'UT L pre', site: 'upper_trapezius_left', phase: 'pre' },
      { column: 'UT L post', site: 'upper_trapezius_left', phase: 'post' },
    ] };
    const saved = await t.api('/api/ingest/mappings/visits-wide?clinic=clinic-north', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(mapping) });
    expect(saved.status).toBe(200);
    const wide = join(outside, 'wide.csv');
    await writeFile(wide, 'Client,Phone,Visit,UT L pre,UT L post\nw1,555-0101,1,2.9,3.4\nw1,555-0101,2,3.1,\n');
    const folder = join('mapped', 'clinic-north', 'visits-wide');
    const unsaved = join('mapped', 'clinic-north', 'visits-tall');
    await mkdir(join(inbox, folder), { recursive: true });
    await mkdir(join(inbox, unsaved), { recursive: true });
    await drop(wide, join(folder, 'visits.csv'));
    await drop(wide, join(unsaved, 'visits.csv'));
    try {
      const outcomes = await pollTwice();
      expect(outcomes).toEqual([
        expect.objectContaining({ file: 'visits.csv', mapping: 'clinic-north/visits-tall', status: 'failed' }),
        expect.objectContaining({ file: 'visits.csv', mapping: 'clinic-north/visits-wide', status: 'stored' }),
      ]);
      expect(await files(join(folder, 'done'))).toEqual(['visits.csv']);
      const [batch] = await batchesNamed('visits.csv');
      expect(batch).toMatchObject({ source: 'inbox', status: 'stored', inserted: 3, rowsRead: 3 });
      // The folder of mapped layouts is no file of the inbox: never logged as a folder left there.
      expect(logs.lines.some((line) => line.includes('mapped/: a folder'))).toBe(false);
      expect(await files(join(unsaved, 'failed'))).toEqual(['visits.csv', 'visits.csv.errors.txt']);
      expect(await readFile(join(inbox, unsaved, 'failed', 'visits.csv.errors.txt'), 'utf8')).toBe(
        'visits.csv: not read: clinic clinic-north has no mapping named visits-tall (the folder mapped/clinic-north/visits-tall/ names it); save the mapping for the clinic, then put the file in the folder again; nothing was stored\n',
      );
    } finally {
      await rm(join(inbox, 'mapped'), { recursive: true, force: true });
    }
  });

  it('refuses a bad file, moves it to failed/ with its errors beside it, and stores nothing', async () => {
    await drop(`${INGEST_FIXTURES}bad/wrong-unit.csv`, 'wrong-unit.csv');
    const [outcome] = await pollTwice();
    expect(outcome.status).toBe('refused');
    expect(await files('failed')).toEqual(['wrong-unit.csv', 'wrong-unit.csv.errors.txt']);
    const report = await readFile(join(inbox, 'failed', 'wrong-unit.csv.errors.txt'), 'utf8');
    expect(report).toContain('line 2, column unit:');
  });

  it('leaves a file that is still being written, and files it cannot tell the format of go to failed/', async () => {
    await writeFile(join(inbox, 'arriving.csv'), 'client_id,session\n'); // modified just now
    await drop(referenceFile('student_sleep.csv'), 'notes.txt');
    const outcomes = await pollTwice();
    expect(outcomes).toEqual([expect.objectContaining({ file: 'notes.txt', status: 'failed' })]);
    expect(await readdir(inbox)).toContain('arriving.csv');
    const report = await readFile(join(inbox, 'failed', 'notes.txt.errors.txt'), 'utf8');
    // Which names are read, for a file: not the HTTP content types of an upload.
    expect(report).toContain('cannot tell the format of notes.txt: name it .csv (CSV), .json, .ndjson');
    expect(report).not.toContain('text/csv');
  });

  it('files a second file of the same name without overwriting the first', async () => {
    await drop(referenceFile('student_sleep.csv'), 'sleep.csv');
    await pollTwice();
    await drop(referenceFile('student_sleep.csv'), 'sleep.csv');
    const [outcome] = await pollTwice();
    expect(outcome.status).toBe('stored');
    expect((await files('done')).length).toBe(2);
  });

  it('takes a file only once its size and time have stopped changing between two passes', async () => {
    // Half the rows, ending on a row boundary, and a writer that pauses: its time looks settled.
    const whole = await readFile(referenceFile('student_sleep.csv'), 'utf8');
    const lines = whole.trimEnd().split('\n');
    const half = `${lines.slice(0, 11).join('\n')}\n`;
    const path = join(inbox, 'growing.csv');
    await writeFile(path, half);
    await age(path, 3);
    expect(await watcher().poll()).toEqual([]); // first seen: not taken yet
    await appendFile(path, whole.slice(half.length));
    await age(path, 2);
    expect(await watcher().poll()).toEqual([]); // it grew since the previous pass
    expect(await watcher().poll()).toEqual([
      expect.objectContaining({ file: 'growing.csv', status: 'stored' }),
    ]);
    expect(await batchesNamed('growing.csv')).toEqual([
      expect.objectContaining({ status: 'stored', rowsRead: 20 }),
    ]);
  });

  it('never reads a symbolic link, FIFO or folder: links and FIFOs go to failed/ unread, a folder is logged once', async () => {
    const secret = join(outside, 'shadow');
    await writeFile(secret, 'root:SECRET-HASH:19000:0:99999:7:::\n');
    await age(secret); // a file written long ago, as /etc/shadow
    await symlink(secret, join(inbox, 'shadow.csv'));
    await symlink(join(outside, 'nowhere.csv'), join(inbox, 'dangling.csv'));
    execFileSync('mkfifo', [join(inbox, 'pipe.csv')]);
    await mkdir(join(inbox, 'folder.csv'));

    const outcomes = await pollTwice();
    expect(outcomes.map(({ file, status }) => [file, status]).sort()).toEqual([
      ['dangling.csv', 'failed'],
      ['pipe.csv', 'failed'],
      ['shadow.csv', 'failed'],
    ]);
    // Moved as they are (the link itself, not a copy of what it points to), each with why.
    expect((await lstat(join(inbox, 'failed', 'shadow.csv'))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(inbox, 'failed', 'pipe.csv'))).isFIFO()).toBe(true);
    const shadowReport = await readFile(join(inbox, 'failed', 'shadow.csv.errors.txt'), 'utf8');
    expect(shadowReport).toMatch(/shadow\.csv: not read: it is a symbolic link, not a regular file/);
    expect(shadowReport).not.toContain('SECRET');
    expect(await readFile(join(inbox, 'failed', 'pipe.csv.errors.txt'), 'utf8')).toMatch(
      /it is a named pipe \(FIFO\)/,
    );
    expect(await readFile(join(inbox, 'failed', 'dangling.csv.errors.txt'), 'utf8')).toMatch(
      /it is a symbolic link/,
    );
    for (const name of ['shadow.csv', 'dangling.csv', 'pipe.csv'])
      expect(await batchesNamed(name)).toEqual([]);

    expect(await readdir(inbox)).toContain('folder.csv');
    expect(logs.lines.filter((line) => line.includes('folder.csv/: a folder'))).toHaveLength(1);
  });

  it('works on after the inbox was deleted and made again, its subfolders made again', async () => {
    await rm(inbox, { recursive: true });
    await mkdir(inbox);
    await drop(referenceFile('student_sleep.csv'), 'again.csv');
    expect(await pollTwice()).toEqual([expect.objectContaining({ file: 'again.csv', status: 'stored' })]);
    expect(await files('done')).toEqual(['again.csv']);
  });

  it('logs a file it cannot claim, by name, and goes on with the others', async () => {
    // A folder of the same name in .processing/: the claim's rename fails with EISDIR, not ENOENT.
    await mkdir(join(inbox, '.processing', 'blocked.csv', 'inside'), { recursive: true });
    await drop(referenceFile('student_sleep.csv'), 'blocked.csv');
    await drop(referenceFile('student_sleep.csv'), 'next.csv');
    const outcomes = await pollTwice();
    expect(outcomes).toEqual([expect.objectContaining({ file: 'next.csv', status: 'stored' })]);
    expect(logs.lines).toContainEqual(
      expect.stringMatching(/^error blocked\.csv: could not be handled, left for the next pass: .*EISDIR/),
    );
    expect(await readdir(inbox)).toContain('blocked.csv');
  });

  it('keeps the names it makes within 255 bytes: the report of a long name, a long name filed twice', async () => {
    const long = `${'é'.repeat(124)}.csv`; // 128 characters, 252 bytes
    expect(bytes(long)).toBe(252);
    await drop(`${INGEST_FIXTURES}bad/wrong-unit.csv`, long);
    expect(await pollTwice()).toEqual([expect.objectContaining({ file: long, status: 'refused' })]);
    const failed = await files('failed');
    expect(failed).toHaveLength(2);
    const report = failed.find((name) => name.endsWith('.errors.txt'))!;
    expect(bytes(report)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(await readFile(join(inbox, 'failed', report), 'utf8')).toContain('line 2, column unit:');

    const stored = `${'s'.repeat(250)}.csv`; // 254 bytes
    for (let time = 0; time < 2; time++) {
      await drop(referenceFile('student_sleep.csv'), stored);
      expect(await pollTwice()).toEqual([expect.objectContaining({ file: stored, status: 'stored' })]);
    }
    const done = await files('done');
    expect(done).toHaveLength(2);
    for (const name of done) expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(done.every((name) => name.endsWith('.csv'))).toBe(true);
    expect(await files('.processing')).toEqual([]);
  });

  describe('a file left in .processing/ by a process that stopped', () => {
    const interrupted = async (name: string): Promise<string> =>
      readFile(join(inbox, 'failed', `${name}.errors.txt`), 'utf8');

    it('is moved to failed/ with a report once it was claimed longer ago than the stale time', async () => {
      // As a process killed while storing it leaves it: claimed (renamed in), then nothing.
      await writeFile(join(inbox, 'killed.csv'), 'client_id,session\n');
      await rename(join(inbox, 'killed.csv'), join(inbox, '.processing', 'killed.csv'));
      await watcher().poll();
      expect(await files('.processing')).toEqual(['killed.csv']); // claimed a moment ago: maybe alive
      await sleep(STALE_SECONDS * 1000 + 200);
      await watcher().poll();
      expect(await files('.processing')).toEqual([]);
      expect(await files('failed')).toEqual(['killed.csv', 'killed.csv.errors.txt']);
      expect(await interrupted('killed.csv')).toBe(
        'killed.csv: interrupted: the server stopped while it was being stored; nothing of it was stored; put it in the inbox again\n',
      );
    });

    it('is moved to done/, with no report, when its bytes were stored before the process stopped', async () => {
      // A process that died between its batch's commit and the move to done/ leaves the file in
      // .processing/ with its rows stored: as if the move had not happened.
      const csv =
        'client_id,technique,session,phase,measure,site,value,unit\n' +
        'stored-before-stop,massage,1,pre,ppt,upper_trapezius_left,301.5,kPa\n';
      await writeFile(join(inbox, 'committed.csv'), csv);
      await age(join(inbox, 'committed.csv'));
      expect(await pollTwice()).toEqual([
        expect.objectContaining({ file: 'committed.csv', status: 'stored' }),
      ]);
      await rename(join(inbox, 'done', 'committed.csv'), join(inbox, '.processing', 'committed.csv'));
      const [batch] = await batchesNamed('committed.csv');

      await sleep(STALE_SECONDS * 1000 + 200);
      await watcher().poll();
      expect(await files('.processing')).toEqual([]);
      expect(await files('failed')).toEqual([]);
      expect(await files('done')).toEqual(['committed.csv']);
      expect(await readFile(join(inbox, 'done', 'committed.csv'), 'utf8')).toBe(csv);
      expect(logs.lines).toContainEqual(
        `warn committed.csv: stored (batch ${batch.id}) before the server stopped, moved from .processing/ to done/`,
      );
    });

    it('is moved to failed/ as interrupted when only other bytes of its name were stored', async () => {
      await writeFile(
        join(inbox, 'daily.csv'),
        'client_id,technique,session,phase,measure,site,value,unit\n' +
          'daily-1,massage,1,pre,ppt,upper_trapezius_left,280,kPa\n',
      );
      await age(join(inbox, 'daily.csv'));
      await pollTwice();
      expect(await files('done')).toEqual(['daily.csv']);
      // The next day's file of the same name, claimed by a process that then died.
      await writeFile(
        join(inbox, '.processing', 'daily.csv'),
        'client_id,technique,session,phase,measure,site,value,unit\n' +
          'daily-2,massage,1,pre,ppt,upper_trapezius_left,290,kPa\n',
      );
      await sleep(STALE_SECONDS * 1000 + 200);
      await watcher().poll();
      expect(await files('.processing')).toEqual([]);
      expect(await files('failed')).toEqual(['daily.csv', 'daily.csv.errors.txt']);
      expect(await interrupted('daily.csv')).toContain('nothing of it was stored');
    });

    it('is left while a batch of its name beats its heartbeat (another process is loading it)', async () => {
      const database = t.app.get(DataSource);
      const [{ id }] = (await database.query(
        `INSERT INTO ingest_batches (source, filename, status, created_by, heartbeat_at)
         VALUES ('inbox', 'busy.csv', 'loading', 'inbox', now()) RETURNING id`,
      )) as { id: string }[];
      try {
        await writeFile(join(inbox, '.processing', 'busy.csv'), 'client_id,session\n');
        await sleep(STALE_SECONDS * 1000 + 200);
        await database.query(`UPDATE ingest_batches SET heartbeat_at = now() WHERE id = $1`, [id]);
        await watcher().poll();
        expect(await files('.processing')).toEqual(['busy.csv']);
        // Its heartbeat stops: that process died.
        await database.query(
          `UPDATE ingest_batches SET heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
          [id],
        );
        await watcher().poll();
        expect(await files('.processing')).toEqual([]);
        expect(await interrupted('busy.csv')).toContain(
          'interrupted: the server stopped while it was being stored',
        );
      } finally {
        await database.query(
          `UPDATE ingest_batches SET status = 'failed', finished_at = now() WHERE id = $1`,
          [id],
        );
      }
    });
  });
});
