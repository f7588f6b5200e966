/**
 * A file the server may not read, dropped in the watch folder: the built server (dist/main.js), run
 * as the unprivileged user `nobody` (root reads a mode-000 file), goes on running, and the file goes
 * to failed/ with a report saying why. Before, the failed open was an unhandled 'error' event that
 * ended the process.
 */
import { existsSync, statSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceFile } from '@threshold/stats/testing';
import { REPOSITORY_ROOT } from '../../testing/repository-paths.js';
import { startServerProcess, type ServerProcess } from '../../testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.js';

/**
 * Root reads a mode-000 file, so as root the server runs as root without the two capabilities that
 * override file permissions (setpriv, from util-linux); as anyone else, a mode-000 file is
 * unreadable to the server already. Not as `nobody`: a clone in a private folder (mode 700, as a
 * root user's home or mktemp -d is) would be closed to nobody, server and all.
 */
const WITHOUT_FILE_OVERRIDES = ['--bounding-set', '-dac_override,-dac_read_search'];
const AS_ROOT = process.getuid?.() === 0;

/** The built server must not be older than the watcher's sources (a stale build would test old code). */
function checkServerBuilt(): void {
  const build = 'build it first: npx nx build @threshold/api (npx nx test @threshold/api does)';
  const sources = join(REPOSITORY_ROOT, 'apps/api/src/ingest');
  const built = join(REPOSITORY_ROOT, 'apps/api/dist/ingest');
  // tsc rewrites only the outputs whose source changed, and records every build in its build info.
  const buildInfo = join(REPOSITORY_ROOT, 'apps/api/dist/tsconfig.app.tsbuildinfo');
  const lastBuild = existsSync(buildInfo) ? statSync(buildInfo).mtimeMs : 0;
  for (const name of ['inbox/inbox-watcher', 'receive/regular-file']) {
    const compiled = join(built, `${name}.js`);
    const builtAt = existsSync(compiled) ? Math.max(statSync(compiled).mtimeMs, lastBuild) : 0;
    if (statSync(join(sources, `${name}.ts`)).mtimeMs > builtAt) {
      throw new Error(`apps/api/dist/ingest/${name}.js is missing or older than its source: ${build}`);
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the watch folder, on a file the server may not read', () => {
  let database: TestDatabase;
  let inbox: string;
  let server: ServerProcess;

  beforeAll(async () => {
    checkServerBuilt();
    database = await createTestDatabase();
    inbox = await mkdtemp(join(tmpdir(), 'threshold-inbox-'));
    server = await startServerProcess(
      database,
      { THRESHOLD_INBOX: inbox, THRESHOLD_INBOX_POLL_MS: '100' },
      AS_ROOT ? ['setpriv', ...WITHOUT_FILE_OVERRIDES] : [],
    );
  }, 90_000);

  afterAll(async () => {
    if (server?.child.exitCode === null) await server.stop();
    await database?.drop();
    if (inbox !== undefined) await rm(inbox, { recursive: true, force: true });
  });

  async function waitFor(done: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await done())) {
      if (server.child.exitCode !== null)
        throw new Error(`the server exited with ${server.child.exitCode} waiting for ${what}: ${server.stderr()}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${server.stderr()}`);
      await sleep(100);
    }
  }

  it('moves it to failed/ with a report, and goes on running', async () => {
    const file = join(inbox, 'private.csv');
    await copyFile(referenceFile('student_sleep.csv'), file); // the test's, not the server's when root
    await chmod(file, 0o000);
    const past = new Date(Date.now() - 60_000);
    await utimes(file, past, past);

    const failed = join(inbox, 'failed');
    await waitFor(
      async () => (await readdir(failed).catch((): string[] => [])).includes('private.csv.errors.txt'),
      'the report',
    );
    expect((await readdir(failed)).sort()).toEqual(['private.csv', 'private.csv.errors.txt']);
    expect(await readdir(join(inbox, '.processing'))).toEqual([]);
    expect(await readFile(join(failed, 'private.csv.errors.txt'), 'utf8')).toBe(
      'private.csv: could not be opened: permission denied; nothing was stored\n',
    );
    expect(server.child.exitCode).toBeNull();
    expect((await server.api('/api/health')).ok).toBe(true);
  }, 90_000);
});
