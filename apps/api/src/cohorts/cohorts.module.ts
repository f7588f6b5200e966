import { Module } from '@nestjs/common';
import { CohortsController } from './cohorts.controller.js';
import { CohortsRepository } from './cohorts.repository.js';
import { CohortsService } from './cohorts.service.js';
import { DataVersionRepository } from './data-version.repository.js';

/** Cohort questions, and what reports and export share: the filters and the data version. */
@Module({
  controllers: [CohortsController],
  providers: [CohortsService, CohortsRepository, DataVersionRepository],
  exports: [CohortsService, CohortsRepository, DataVersionRepository],
})
export class CohortsModule {}
