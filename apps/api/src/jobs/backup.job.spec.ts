/**
 * The scheduled backup: run by hand with a clock of the test's own, each run writes a file named by
 * its time into THRESHOLD_BACKUP_DIR and keeps only the newest THRESHOLD_BACKUP_KEEP (files of
 * other names are left alone); GET /api/backups shows the schedule, the last run and the files, to
 * admins only. On its schedule, it writes a backup without anyone asking.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBackup } from '../backups/backup-reader.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser } from '../testing/users.js';
import { BackupJob } from './backup.job.js';

const FILE = ['client_id,technique,session,phase,measure,unit,value', 'a1,massage,1,pre,ppt,kPa,300', 'a1,massage,1,post,ppt,kPa,320', ''].join('\n');

interface Status {
  schedule: { folder: string; cron: string; keep: number } | null;
  running: unknown;
  last: { ok: boolean; reason: string; name: string | null; dataVersion: number | null } | null;
  files: { name: string; bytes: number }[];
}

describe('the scheduled backup, run by hand', () => {
  let t: TestApp;
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'threshold-backups-'));
    t = await startTestApp({ backupDir: folder, backupKeep: 2, backupCron: '0 0 1 1 *' });
    const stored = await t.api('/api/ingest', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: FILE });
    expect(stored.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes a whole backup named by its time, and keeps the newest THRESHOLD_BACKUP_KEEP', async () => {
    const status = async () => (await (await t.api('/api/backups')).json()) as Status;
    expect(await status()).toEqual({ schedule: { folder, cron: '0 0 1 1 *', keep: 2 }, running: null, last: null, files: [] });
    await writeFile(join(folder, 'notes.txt'), 'not a backup\n');

    const job = t.app.get(BackupJob);
    for (const at of ['2026-12-05T02:15:00Z', '2026-12-06T02:15:00Z', '2026-12-07T02:15:00Z']) {
      expect(await job.run(new Date(at))).toMatchObject({ dataVersion: 1 });
    }
    expect((await readdir(folder)).sort()).toEqual(['notes.txt', 'threshold-20261206T021500Z.backup.gz', 'threshold-20261207T021500Z.backup.gz']);
    const { header, end } = await verifyBackup(join(folder, 'threshold-20261207T021500Z.backup.gz'));
    expect(header.dataVersion).toBe(1);
    expect(end.rows).toBeGreaterThan(0);

    const after = await status();
    expect(after.running).toBeNull();
    expect(after.last).toMatchObject({ ok: true, reason: 'schedule', name: 'threshold-20261207T021500Z.backup.gz', dataVersion: 1 });
    expect(after.files.map((file) => file.name)).toEqual(['threshold-20261207T021500Z.backup.gz', 'threshold-20261206T021500Z.backup.gz']);
  });

  it('is shown to admins only', async () => {
    const owner = await createUser(t, { email: 'owner@example.org', role: 'owner', clinics: ['k1'] });
    expect((await owner.api('/api/backups')).status).toBe(403);
    expect((await owner.api('/api/backups', { method: 'POST' })).status).toBe(403);
  });
});

describe('the scheduled backup, on its schedule', () => {
  let t: TestApp;
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'threshold-backups-'));
    t = await startTestApp({ backupDir: folder, backupKeep: 3, backupCron: '* * * * * *' }); // every second
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes a backup without anyone asking', async () => {
    const deadline = Date.now() + 60_000;
    let files: string[] = [];
    while (files.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      files = (await readdir(folder)).filter((name) => name.endsWith('.backup.gz'));
    }
    expect(files.length).toBeGreaterThan(0);
    expect((await verifyBackup(join(folder, files[0]))).header.dataVersion).toBe(0);
  }, 90_000);
});
