/**
 * Keeps the common reports warm: on the schedule of THRESHOLD_REPORT_CRON (config.reportCron),
 * when the data version has changed since the last run, the report of each measure present (by
 * technique, no filters, default MCID) is computed into the cache, so that the dashboard's first
 * page answers from the cache after an ingest. A run that is still going when the next tick comes
 * is not doubled. After the reports, the approved and published claims are re-checked against the
 * new data version (claims/claim-life.service.ts): one whose criteria no longer hold is withdrawn.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ClaimLifeService } from '../claims/claim-life.service.js';
import { DataVersionRepository } from '../cohorts/data-version.repository.js';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { ReportsService, type RefreshOutcome } from '../reports/reports.service.js';

export const REPORT_REFRESH_JOB = 'refresh-common-reports';

@Injectable()
export class ReportRefreshJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReportRefreshJob');
  /** The data version the common reports were last computed for (null before the first run). */
  private refreshed: number | null = null;
  private running: Promise<RefreshOutcome | null> | null = null;

  constructor(
    private readonly reports: ReportsService,
    private readonly dataVersion: DataVersionRepository,
    private readonly scheduler: SchedulerRegistry,
    private readonly claims: ClaimLifeService,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  get refreshedVersion(): number | null {
    return this.refreshed;
  }

  onApplicationBootstrap(): void {
    if (!this.config.runJobs) return;
    // The expression comes from the configuration, so the job is registered here rather than with @Cron.
    const job = CronJob.from({
      cronTime: this.config.reportCron,
      onTick: () => void this.run(),
      start: true,
    });
    this.scheduler.addCronJob(REPORT_REFRESH_JOB, job);
  }

  /** Lets a run in progress finish before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('cron', REPORT_REFRESH_JOB))
      this.scheduler.deleteCronJob(REPORT_REFRESH_JOB);
    await this.running;
  }

  /**
   * One run: nothing when the data version is the one last refreshed, else the missing common
   * reports. Returns what it did (null when it did nothing); never throws, since a scheduler
   * has nobody to throw to: failures are logged and retried at the next tick.
   */
  run(): Promise<RefreshOutcome | null> {
    if (this.running !== null) return this.running;
    this.running = this.refresh().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async refresh(): Promise<RefreshOutcome | null> {
    try {
      const version = await this.dataVersion.current();
      if (version === this.refreshed) return null;
      const started = performance.now();
      const outcome = await this.reports.refreshCommonReports();
      await this.recheckClaims();
      this.refreshed = outcome.dataVersion;
      if (outcome.computed.length > 0) {
        this.logger.log({
          event: 'common reports refreshed',
          dataVersion: outcome.dataVersion,
          measures: outcome.computed,
          ms: Math.round(performance.now() - started),
        });
      }
      return outcome;
    } catch (error) {
      this.logger.error({ event: 'common reports refresh failed', error: (error as Error).message });
      return null;
    }
  }

  /** A failed re-check is logged and tried again at the next new data version's run, not thrown. */
  private async recheckClaims(): Promise<void> {
    try {
      await this.claims.recheck();
    } catch (error) {
      this.logger.error({ event: 'claims re-check failed', error: (error as Error).message });
    }
  }
}
