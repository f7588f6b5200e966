/**
 * Backup, wipe, restore, on the database of the run (embedded PGlite, or the PostgreSQL server of
 * DATABASE_URL): the built server runs as a child process with data in it (two files, an erased
 * client, a display name, a user), `outcomes backup` is taken while it runs (on the embedded
 * database through the server, POST /api/backups; on a server straight from the database), the
 * server stops, and `outcomes restore` loads the file into a new, empty database. A server on it
 * must then give the same answers (reports, cohorts, adjusted comparison, export, batches) for the
 * same data version; the same file sent again is all duplicates (same pseudonym key), and a new
 * file takes the next batch id (sequences moved on). A backup taken while an upload is midway holds
 * none of it; a restore is refused into a non-empty database and without the backup's pseudonym key.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkOutcomesBuilt, runOutcomes, STACK_TRACE, type OutcomesRun } from '../cli/testing/outcomes-process.js';
import type { BatchView } from '../ingest/batches/batch-view.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startServerProcess, type ServerProcess } from '../testing/server-process.js';
import { TEST_ADMIN_TOKEN } from '../testing/test-app.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { answerDifferences, sendFile, storedAnswers } from './testing/stored-answers.js';
import { waitFor } from '../testing/wait-for.js';

const HEADER = 'client_id,technique,session,phase,measure,unit,value\n';

function rows(from: number, count: number): string {
  let text = '';
  for (let client = from; client < from + count; client++) {
    for (const session of [1, 2, 3]) text += `m${client},massage,${session},pre,ppt,kPa,${200 + ((client * 7 + session) % 90)}\n`;
  }
  return text;
}

/** The command line on a database, as its operator would run it (the admin token for the server's API). */
function outcomes(database: TestDatabase, ...args: string[]): Promise<OutcomesRun> {
  return runOutcomes(args, {
    env: { DATABASE_URL: database.databaseUrl ?? '', THRESHOLD_DATA_DIR: database.dataDir, THRESHOLD_ADMIN_TOKEN: TEST_ADMIN_TOKEN },
    timeoutMs: 240_000,
  });
}

async function batches(server: ServerProcess): Promise<BatchView[]> {
  return ((await (await server.api('/api/ingest/batches')).json()) as { batches: BatchView[] }).batches;
}


beforeAll(() => checkOutcomesBuilt());

describe('a backup restored into an empty database', () => {
  const databases: TestDatabase[] = [];
  const newDatabase = async () => {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  };
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('gives the same answers for the same data version, and goes on where the data left off', async () => {
    const original = await newDatabase();
    const server = await startServerProcess(original);
    let file: string;
    let before: Awaited<ReturnType<typeof storedAnswers>>;
    let lastBatch: string;
    try {
      await sendFile(server, await readFile(`${DEMO_DATA}trial.csv`), 'trial.csv');
      lastBatch = (await sendFile(server, await readFile(`${DEMO_DATA}practice.csv`), 'practice.csv')).id;
      const erased = await server.api('/api/clients/erase', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: 'p001' }) });
      expect(erased.status).toBe(200);
      const user = await server.api('/api/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.org', password: 'a long enough password', role: 'owner', clinics: ['k01'] }),
      });
      expect(user.status).toBe(201);
      before = await storedAnswers(server);
      expect(before.dataVersion).toBe('3'); // two files and an erasure

      file = join(original.dataDir, 'threshold.backup.gz');
      const backup = await outcomes(original, 'backup', file);
      expect(backup).toMatchObject({ status: 0, stderr: '' });
      expect(backup.stdout).toMatch(/data version 3/);
      if (original.kind === 'embedded') expect(backup.stdout).toMatch(/through the server at http:\/\/127\.0\.0\.1:\d+/);
      // The server that took it is untouched, and says when its last backup was.
      const status = (await (await server.api('/api/backups')).json()) as { last: { ok: boolean; reason: string; dataVersion: number } | null };
      if (original.kind === 'embedded') expect(status.last).toMatchObject({ ok: true, reason: 'request', dataVersion: 3 });
      expect(await storedAnswers(server)).toEqual(before);
    } finally {
      await server.stop();
    }

    const wiped = await newDatabase();
    // The pseudonym key goes with the data (docs/operations.md): without it the restore is refused.
    const withoutKey = await outcomes(wiped, 'restore', file);
    expect(withoutKey.status).toBe(2);
    expect(withoutKey.stderr).toMatch(/pseudonym key.*copy the file pseudonym-key.*nothing was restored/);
    expect(withoutKey.stderr).not.toMatch(STACK_TRACE);
    await copyFile(join(original.dataDir, 'pseudonym-key'), join(wiped.dataDir, 'pseudonym-key'));
    const restored = await outcomes(wiped, 'restore', file);
    expect(restored).toMatchObject({ status: 0, stderr: '' });
    expect(restored.stdout).toMatch(/restored into .*data version 3/);

    const again = await outcomes(wiped, 'restore', file);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/the database is not empty \(it has the tables .*\): a backup is restored only into an empty database/);

    const server2 = await startServerProcess(wiped);
    try {
      expect(answerDifferences(await storedAnswers(server2), before)).toEqual([]);
      const signIn = await fetch(`${server2.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.org', password: 'a long enough password' }),
      });
      expect(signIn.status).toBe(200);
      // The same keys: the practice file sent again is all duplicates.
      const resent = await sendFile(server2, await readFile(`${DEMO_DATA}practice.csv`), 'practice.csv');
      expect(resent).toMatchObject({ status: 'stored', inserted: 0 });
      const next = await sendFile(server2, HEADER + rows(0, 5), 'new.csv');
      expect(next).toMatchObject({ status: 'stored', inserted: 15 });
      expect(BigInt(next.id)).toBe(BigInt(lastBatch!) + 2n);
    } finally {
      await server2.stop();
    }
  }, 600_000);

  it('taken while an upload is midway holds none of that upload, and the batch is failed after the restore', async () => {
    const original = await newDatabase();
    const server = await startServerProcess(original);
    const file = join(original.dataDir, 'midway.backup.gz');
    let stored: string;
    let loading: BatchView;
    try {
      stored = (await sendFile(server, HEADER + rows(0, 100), 'first.csv')).id;
      let finishUpload: () => void = () => undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(HEADER + rows(1000, 10_000)));
          finishUpload = () => {
            controller.enqueue(new TextEncoder().encode(rows(20_000, 10)));
            controller.close();
          };
        },
      });
      const upload = server.api('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'text/csv' }, duplex: 'half' } as RequestInit);
      loading = await waitFor('rows to be read', async () => (await batches(server)).find((batch) => batch.status === 'loading' && batch.rowsRead >= 20_000));

      const backup = await outcomes(original, 'backup', file);
      expect(backup).toMatchObject({ status: 0, stderr: '' });
      expect(backup.stdout).toMatch(/data version 1,/);

      finishUpload();
      const answer = (await (await upload).json()) as { batch: BatchView };
      expect(answer.batch).toMatchObject({ id: loading.id, status: 'stored', inserted: 30_030 });
    } finally {
      await server.stop();
    }

    const wiped = await newDatabase();
    await copyFile(join(original.dataDir, 'pseudonym-key'), join(wiped.dataDir, 'pseudonym-key'));
    expect(await outcomes(wiped, 'restore', file)).toMatchObject({ status: 0, stderr: '' });
    const restarted = await startServerProcess(wiped, { THRESHOLD_INGEST_STALE_SECONDS: '0' });
    try {
      const after = await batches(restarted);
      expect(after.map(({ id, status, inserted }) => ({ id, status, inserted }))).toEqual([
        { id: loading.id, status: 'failed', inserted: 0 },
        { id: stored, status: 'stored', inserted: 300 },
      ]);
      const exported = (await (await restarted.api('/api/export?format=csv')).text()).trimEnd().split('\n');
      expect(exported.length - 1).toBe(300);
      const report = await restarted.api('/api/reports');
      expect(report.headers.get('x-data-version')).toBe('1');
    } finally {
      await restarted.stop();
    }
  }, 600_000);
});
