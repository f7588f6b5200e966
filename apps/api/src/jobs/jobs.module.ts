import { Module } from '@nestjs/common';
import { BackupsModule } from '../backups/backups.module.js';
import { ClaimsModule } from '../claims/claims.module.js';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { RetentionModule } from '../retention/retention.module.js';
import { BackupJob } from './backup.job.js';
import { ReportRefreshJob } from './report-refresh.job.js';
import { RetentionJob } from './retention.job.js';

/** Scheduled work on the stored data (ScheduleModule.forRoot is in app.module.ts). */
@Module({
  imports: [ReportsModule, CohortsModule, RetentionModule, ClaimsModule, BackupsModule],
  providers: [ReportRefreshJob, RetentionJob, BackupJob],
})
export class JobsModule {}
