/**
 * Progress of the batches this process is loading, kept in memory: a batch's rows are written in
 * one transaction, and on the embedded database that transaction holds the only connection, so
 * `GET /api/ingest/batches/:id` must be able to answer without the database while it lasts.
 */
import { Injectable } from '@nestjs/common';
import type { IngestBatchEntity } from '../../database/entities/ingest-batch.entity.js';

export interface IngestProgress {
  bytesRead: number;
  bytesTotal: number | null;
  rowsRead: number;
  /** reading: parsing, validating and staging (or, stored while read, writing); storing: checking conflicts and writing, or committing. */
  phase: 'reading' | 'storing';
}

@Injectable()
export class IngestProgressRegistry {
  private readonly loading = new Map<string, { batch: IngestBatchEntity; progress: IngestProgress }>();

  /** Registers a batch being loaded; the caller updates the returned progress as it goes. */
  start(batch: IngestBatchEntity): IngestProgress {
    const bytesTotal = batch.bytesTotal === null ? null : Number(batch.bytesTotal);
    const progress: IngestProgress = { bytesRead: 0, bytesTotal, rowsRead: 0, phase: 'reading' };
    this.loading.set(batch.id, { batch, progress });
    return progress;
  }

  /** The batch as recorded when it started, and a copy of its progress; undefined unless loading here. */
  get(batchId: string): { batch: IngestBatchEntity; progress: IngestProgress } | undefined {
    const entry = this.loading.get(batchId);
    return entry === undefined ? undefined : { batch: entry.batch, progress: { ...entry.progress } };
  }

  /** The batch of an upload (by the sender's X-Upload-Id) that this process is loading. */
  findByUpload(uploadId: string): { batch: IngestBatchEntity; progress: IngestProgress } | undefined {
    for (const entry of this.loading.values()) {
      if (entry.batch.uploadId === uploadId) return { batch: entry.batch, progress: { ...entry.progress } };
    }
    return undefined;
  }

  finish(batchId: string): void {
    this.loading.delete(batchId);
  }
}
