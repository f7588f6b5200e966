/**
 * The one line of uncached computations of this API (admission-queue.ts), shared by reports, the
 * adjusted comparison and cohort questions, with the limits of the configuration.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { DATABASE_ENDPOINT, type ResolvedDatabaseEndpoint } from '../database/database-endpoint.js';
import { admissionLimits } from './admission-limits.js';
import { AdmissionQueue, QueueFullError, type AdmissionState } from './admission-queue.js';

@Injectable()
export class ComputeAdmission {
  private readonly logger = new Logger('Admission');
  private readonly queue: AdmissionQueue;

  constructor(
    @Inject(THRESHOLD_CONFIG) config: ThresholdConfig,
    @Inject(DATABASE_ENDPOINT) endpoint: ResolvedDatabaseEndpoint,
  ) {
    this.queue = new AdmissionQueue(admissionLimits(config, endpoint.kind));
  }

  /** Runs `work` in its turn; QueueFullError (answered 503 with Retry-After) when the line is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.queue.run(work);
    } catch (error) {
      if (error instanceof QueueFullError) {
        this.logger.warn({ event: 'computation refused', queued: error.queued, retryAfterSeconds: error.retryAfterSeconds });
      }
      throw error;
    }
  }

  state(): AdmissionState {
    return this.queue.state();
  }
}
