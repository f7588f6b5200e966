import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { ClaimScopeEvaluator } from './claim-evaluation.js';
import { ClaimLifeService } from './claim-life.service.js';
import { ClaimsController } from './claims.controller.js';
import { ClaimsService } from './claims.service.js';

@Module({
  imports: [ReportsModule, CohortsModule],
  controllers: [ClaimsController],
  providers: [ClaimsService, ClaimScopeEvaluator, ClaimLifeService],
  exports: [ClaimsService, ClaimScopeEvaluator, ClaimLifeService],
})
export class ClaimsModule {}
