import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AdmissionModule } from './admission/admission.module.js';
import { AdjustedModule } from './adjusted/adjusted.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BackupsModule } from './backups/backups.module.js';
import { ClaimsModule } from './claims/claims.module.js';
import { ClientsModule } from './clients/clients.module.js';
import { CohortsModule } from './cohorts/cohorts.module.js';
import type { ThresholdConfig } from './config/configuration.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import { ErasureModule } from './erasure/erasure.module.js';
import { ExportModule } from './export/export.module.js';
import { HealthModule } from './health/health.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { PseudonymsModule } from './pseudonyms/pseudonyms.module.js';
import { PublicCardsModule } from './public-cards/public-cards.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RetentionModule } from './retention/retention.module.js';

/** The whole API, built from a configuration so that tests can start it on their own database. */
@Module({})
export class AppModule {
  static forRoot(config: ThresholdConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ScheduleModule.forRoot(),
        DatabaseModule.forRoot(config),
        AdmissionModule,
        PseudonymsModule,
        AuthModule,
        AuditModule,
        DirectoryModule,
        HealthModule,
        IngestModule,
        DemoModule,
        ClaimsModule,
        PublicCardsModule,
        CohortsModule,
        ReportsModule,
        AdjustedModule,
        ExportModule,
        ErasureModule,
        ClientsModule,
        RetentionModule,
        BackupsModule,
        JobsModule,
      ],
    };
  }
}
