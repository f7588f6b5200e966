import { Module } from '@nestjs/common';
import { ErasureModule } from '../erasure/erasure.module.js';
import { RetentionController } from './retention.controller.js';
import { RetentionService } from './retention.service.js';

/** Retention periods per clinic; the job that applies them is jobs/retention.job.ts. */
@Module({
  imports: [ErasureModule],
  controllers: [RetentionController],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
