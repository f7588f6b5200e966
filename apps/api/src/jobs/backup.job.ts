/**
 * The scheduled backup: on THRESHOLD_BACKUP_CRON (config.backupCron, daily at 02:15 by default) a
 * backup into THRESHOLD_BACKUP_DIR, keeping the newest THRESHOLD_BACKUP_KEEP (backups/backups.service.ts).
 * Off when no folder is set. A failure is logged (and shown by GET /api/backups) and tried again
 * at the next tick; a run still going when the next tick comes is not doubled.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { BackupsService } from '../backups/backups.service.js';
import type { BackupSummary } from '../backups/backup-writer.js';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';

export const BACKUP_JOB = 'scheduled-backup';

@Injectable()
export class BackupJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BackupJob');
  private running: Promise<BackupSummary | null> | null = null;

  constructor(
    private readonly backups: BackupsService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runJobs || this.config.backupDir === undefined) return;
    const job = CronJob.from({ cronTime: this.config.backupCron, onTick: () => void this.run(new Date()), start: true });
    this.scheduler.addCronJob(BACKUP_JOB, job);
  }

  /** A backup being written ends before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('cron', BACKUP_JOB)) this.scheduler.deleteCronJob(BACKUP_JOB);
    await this.running;
  }

  /** One run, as at `now` (its file's name); null when it failed (logged). */
  run(now: Date): Promise<BackupSummary | null> {
    if (this.running !== null) return this.running;
    this.running = this.backups
      .scheduledBackup(now)
      .catch((error: unknown) => {
        this.logger.error({ event: 'scheduled backup failed', error: (error as Error).message });
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
