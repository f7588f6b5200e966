/**
 * Applies the clinics' retention periods on the schedule of THRESHOLD_RETENTION_CRON
 * (config.retentionCron, daily at 03:30 by default): see retention/retention.service.ts. The run
 * takes the time it is for as an argument, so that tests drive it with a clock of their own. A run
 * still going when the next tick comes is not doubled; a failure is logged and retried next tick.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { RetentionService, type RetentionRun } from '../retention/retention.service.js';

export const RETENTION_JOB = 'apply-retention';

@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RetentionJob');
  private running: Promise<RetentionRun[] | null> | null = null;

  constructor(
    private readonly retention: RetentionService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runJobs) return;
    const job = CronJob.from({ cronTime: this.config.retentionCron, onTick: () => void this.run(new Date()), start: true });
    this.scheduler.addCronJob(RETENTION_JOB, job);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('cron', RETENTION_JOB)) this.scheduler.deleteCronJob(RETENTION_JOB);
    await this.running;
  }

  /** One run as at `now`: what each clinic lost (null when the run failed, logged). */
  run(now: Date): Promise<RetentionRun[] | null> {
    if (this.running !== null) return this.running;
    this.running = this.retention
      .run(now)
      .catch((error: unknown) => {
        this.logger.error({ event: 'retention run failed', error: (error as Error).message });
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
