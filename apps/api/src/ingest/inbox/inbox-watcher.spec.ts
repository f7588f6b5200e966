/**
 * The watch folder: real files dropped into a real folder, ingested into a real database, then
 * moved to done/ or failed/ (with the errors beside a refused file).
 */
import { copyFile, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceFile } from '@threshold/stats/testing';
import { INGEST_FIXTURES } from '../../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import type { BatchView } from '../batch-view.js';
import { InboxWatcher } from './inbox-watcher.js';

describe('the watch folder', () => {
  let t: TestApp;
  let inbox: string;

  beforeAll(async () => {
    inbox = await mkdtemp(join(tmpdir(), 'threshold-inbox-'));
    // A long poll interval: the test drives the passes itself.
    t = await startTestApp({ inbox, inboxPollMs: 3_600_000 });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await rm(inbox, { recursive: true, force: true });
  });

  /** Drops a file as a finished one: written a while ago, so the watcher trusts it is complete. */
  async function drop(source: string, name: string): Promise<void> {
    await copyFile(source, join(inbox, name));
    const past = new Date(Date.now() - 60_000);
    await utimes(join(inbox, name), past, past);
  }

  it('stores a good file and moves it to done/', async () => {
    await drop(referenceFile('student_sleep.csv'), 'sleep.csv');
    const outcomes = await t.app.get(InboxWatcher).poll();
    expect(outcomes).toEqual([expect.objectContaining({ file: 'sleep.csv', status: 'stored' })]);
    expect(await readdir(join(inbox, 'done'))).toEqual(['sleep.csv']);
    const { batches } = (await (await t.api('/api/ingest/batches')).json()) as { batches: BatchView[] };
    expect(batches[0]).toMatchObject({ source: 'inbox', filename: 'sleep.csv', status: 'stored', inserted: 20 });
  });

  it('refuses a bad file, moves it to failed/ with its errors beside it, and stores nothing', async () => {
    await drop(`${INGEST_FIXTURES}bad/wrong-unit.csv`, 'wrong-unit.csv');
    const [outcome] = await t.app.get(InboxWatcher).poll();
    expect(outcome.status).toBe('refused');
    expect((await readdir(join(inbox, 'failed'))).sort()).toEqual(['wrong-unit.csv', 'wrong-unit.csv.errors.txt']);
    const report = await readFile(join(inbox, 'failed', 'wrong-unit.csv.errors.txt'), 'utf8');
    expect(report).toContain('line 2, column unit:');
  });

  it('leaves a file that is still being written, and files it cannot tell the format of go to failed/', async () => {
    await writeFile(join(inbox, 'arriving.csv'), 'client_id,session\n'); // modified just now
    await drop(referenceFile('student_sleep.csv'), 'notes.txt');
    const outcomes = await t.app.get(InboxWatcher).poll();
    expect(outcomes).toEqual([expect.objectContaining({ file: 'notes.txt', status: 'failed' })]);
    expect(await readdir(inbox)).toContain('arriving.csv');
    expect(await readFile(join(inbox, 'failed', 'notes.txt.errors.txt'), 'utf8')).toContain('cannot tell the format');
  });

  it('files a second file of the same name without overwriting the first', async () => {
    await drop(referenceFile('student_sleep.csv'), 'sleep.csv');
    const [outcome] = await t.app.get(InboxWatcher).poll();
    expect(outcome.status).toBe('stored');
    expect((await readdir(join(inbox, 'done'))).length).toBe(2);
  });
});
