/**
 * A loading batch's heartbeat: while this process works on a batch, its `heartbeat_at` (and the
 * progress so far) is written every few seconds, whatever the batch is doing: reading the file,
 * waiting for the store lock behind another batch, or storing. A 'loading' batch whose heartbeat
 * stopped was interrupted (its process died), and is failed by `failInterruptedBatches`; a batch
 * that beat only between chunks of its file was taken for dead while it waited for the lock behind
 * a slow upload, and its staging tables dropped under it.
 *
 * The beats run on a timer, never awaited by the ingest: on the embedded database a beat queued
 * while the store transaction holds the one connection simply runs after it.
 */
import { Logger } from '@nestjs/common';
import type { IngestProgress } from './ingest-progress.js';
import type { IngestRepository } from '../ingest.repository.js';

/** Well inside the shortest sensible THRESHOLD_INGEST_STALE_SECONDS (the default is 120). */
export const HEARTBEAT_INTERVAL_MS = 2000;

export class BatchHeartbeat {
  private readonly logger = new Logger('Ingest');
  private readonly timer: NodeJS.Timeout;
  /** The beat under way, if any: a slow database gets one at a time, not a queue of them. */
  private beating: Promise<void> | null = null;

  private constructor(
    private readonly repository: IngestRepository,
    private readonly batchId: string,
    private readonly progress: IngestProgress,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.beat(), intervalMs);
    // A command-line ingest must be able to exit when its work is done.
    this.timer.unref();
  }

  static start(repository: IngestRepository, batchId: string, progress: IngestProgress, intervalMs = HEARTBEAT_INTERVAL_MS): BatchHeartbeat {
    return new BatchHeartbeat(repository, batchId, progress, intervalMs);
  }

  /** Stops beating, once the beat under way (if any) has ended. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
  }

  private beat(): void {
    if (this.beating !== null) return;
    this.beating = this.repository
      .heartbeat(this.batchId, this.progress.bytesRead, this.progress.rowsRead)
      .catch((error: unknown) => this.logger.warn(`batch ${this.batchId}: its heartbeat was not recorded: ${(error as Error).message}`))
      .finally(() => {
        this.beating = null;
      });
  }
}
