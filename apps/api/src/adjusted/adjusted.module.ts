import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { AdjustedController } from './adjusted.controller.js';
import { AdjustedRepository } from './adjusted.repository.js';
import { AdjustedService } from './adjusted.service.js';

/** Therapists and clinics compared fairly (report-contract.md section 6): GET /api/therapists/adjusted. */
@Module({
  imports: [CohortsModule],
  controllers: [AdjustedController],
  providers: [AdjustedService, AdjustedRepository],
})
export class AdjustedModule {}
