/**
 * Backups taken by the running API: on request (POST /api/backups, which the command line uses
 * when the server holds the embedded database: PGlite serves one process) and on the schedule of
 * jobs/backup.job.ts into THRESHOLD_BACKUP_DIR. One backup runs at a time; its progress and the
 * last one's outcome are kept for GET /api/backups.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { loadOrCreateSecret } from '../config/secrets.js';
import { DATABASE_ENDPOINT, describeEndpoint, type ResolvedDatabaseEndpoint } from '../database/database-endpoint.js';
import { rollBackAndRelease } from '../database/query-runners.js';
import { listScheduledBackups, pruneScheduledBackups, scheduledBackupName, type BackupFileInfo } from './backup-folder.js';
import { pseudonymKeyCheck } from './backup-format.js';
import { writeBackupFile, type BackupProgress, type BackupSummary } from './backup-writer.js';
import { sqlOfRunner } from './sql.js';

export type BackupReason = 'request' | 'schedule';

export interface BackupRunView {
  reason: BackupReason;
  startedAt: string;
  progress: BackupProgress;
}

export interface LastBackupView {
  reason: BackupReason;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  /** The file's name in the folder (scheduled backups; a requested one went to its requester). */
  name: string | null;
  bytes: number | null;
  rows: number | null;
  dataVersion: number | null;
  error: string | null;
}

export interface BackupStatus {
  schedule: { folder: string; cron: string; keep: number } | null;
  running: BackupRunView | null;
  last: LastBackupView | null;
  files: BackupFileInfo[];
}

@Injectable()
export class BackupsService {
  private readonly logger = new Logger('Backups');
  private running: BackupRunView | null = null;
  private last: LastBackupView | null = null;
  /** The backup started last: the next waits for it (one at a time). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
    @Inject(DATABASE_ENDPOINT) private readonly endpoint: ResolvedDatabaseEndpoint,
  ) {}

  async status(): Promise<BackupStatus> {
    const folder = this.config.backupDir;
    return {
      schedule: folder === undefined ? null : { folder, cron: this.config.backupCron, keep: this.config.backupKeep },
      running: this.running,
      last: this.last,
      files: folder === undefined ? [] : await listScheduledBackups(folder),
    };
  }

  /**
   * A backup into a new temporary folder, for a requester to download: its file, and a function
   * that removes it once sent.
   */
  async backupForDownload(): Promise<{ file: string; summary: BackupSummary; remove: () => Promise<void> }> {
    const folder = await mkdtemp(join(tmpdir(), 'threshold-backup-'));
    const file = join(folder, 'threshold.backup.gz');
    try {
      const summary = await this.backup(file, 'request');
      return { file, summary, remove: () => rm(folder, { recursive: true, force: true }) };
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /** The scheduled backup at `now` into THRESHOLD_BACKUP_DIR, then the oldest beyond the count kept go. */
  async scheduledBackup(now: Date): Promise<BackupSummary> {
    const folder = this.config.backupDir;
    if (folder === undefined) throw new Error('no backup folder: set THRESHOLD_BACKUP_DIR');
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const summary = await this.backup(join(folder, scheduledBackupName(now)), 'schedule');
    const removed = await pruneScheduledBackups(folder, this.config.backupKeep);
    if (removed.length > 0) this.logger.log({ event: 'old backups removed', files: removed });
    return summary;
  }

  private backup(file: string, reason: BackupReason): Promise<BackupSummary> {
    const run = this.queue.then(() => this.run(file, reason));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(file: string, reason: BackupReason): Promise<BackupSummary> {
    const startedAt = new Date().toISOString();
    const view: BackupRunView = { reason, startedAt, progress: { table: null, tablesDone: 0, tablesTotal: 0, rows: 0 } };
    this.running = view;
    const finish = (outcome: Partial<LastBackupView>): void => {
      this.running = null;
      this.last = { reason, startedAt, finishedAt: new Date().toISOString(), ok: false, name: null, bytes: null, rows: null, dataVersion: null, error: null, ...outcome };
    };
    const started = performance.now();
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const summary = await writeBackupFile(sqlOfRunner(runner), file, {
        source: describeEndpoint(this.endpoint),
        pseudonymKeyCheck: pseudonymKeyCheck(await this.pseudonymKey()),
        onProgress: (progress) => {
          view.progress = progress;
        },
      });
      finish({ ok: true, name: reason === 'schedule' ? file.split(/[\\/]/).pop() ?? file : null, bytes: summary.bytes, rows: summary.rows, dataVersion: summary.dataVersion });
      this.logger.log({ event: 'backup written', reason, file, bytes: summary.bytes, rows: summary.rows, dataVersion: summary.dataVersion, ms: Math.round(performance.now() - started) });
      return summary;
    } catch (error) {
      finish({ error: (error as Error).message });
      this.logger.error({ event: 'backup failed', reason, file, error: (error as Error).message });
      throw error;
    } finally {
      await rollBackAndRelease(runner);
    }
  }

  private async pseudonymKey(): Promise<string> {
    return this.config.pseudonymKey ?? (await loadOrCreateSecret(this.config.dataDir, 'pseudonym-key')).value;
  }
}
