import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { IngestService } from './ingest.service.js';

/** Every minute: batches whose process stopped while loading them are marked failed. */
@Injectable()
export class IngestMaintenance {
  constructor(private readonly ingest: IngestService) {}

  @Interval(60_000)
  async failInterruptedBatches(): Promise<void> {
    await this.ingest.failInterruptedBatches();
  }
}
