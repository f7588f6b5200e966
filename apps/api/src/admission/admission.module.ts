import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ComputeAdmission } from './compute-admission.js';
import { QueueFullFilter } from './queue-full.filter.js';

/** The line of uncached computations (global: reports, adjusted, cohorts and health share it). */
@Global()
@Module({
  providers: [ComputeAdmission, { provide: APP_FILTER, useClass: QueueFullFilter }],
  exports: [ComputeAdmission],
})
export class AdmissionModule {}
