/**
 * In-process news that stored data changed (an ingest committed new readings), for whoever keeps
 * something derived from them. With the embedded database this process is the only writer (the
 * data directory is locked), so the news is complete; with a server, other processes write too,
 * and listeners must still ask the database.
 *
 * It also keeps the upkeep that follows a change, the planner's statistics after an ingest
 * (ANALYZE, a second for millions of readings): that runs after the sender has its answer, as
 * PostgreSQL's own autovacuum would run it, and whoever is about to plan a heavy query over the
 * new data waits for it first (`settled`), so that the plan is made from statistics that know them.
 */
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';

@Injectable()
export class DataChanges implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DataChanges');
  private readonly listeners = new Set<() => void>();
  /** The upkeep started last (each starts after the one before). */
  private upkeep: Promise<void> = Promise.resolve();
  /** The background work started last (see followInBackground). */
  private background: Promise<void> = Promise.resolve();

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  /**
   * Runs `work` after the upkeep already started, without waiting for it. A failure is logged,
   * not thrown: the data are stored whatever becomes of their upkeep.
   */
  followWith(what: string, work: () => Promise<void>): void {
    this.upkeep = this.upkeep.then(work).catch((error: unknown) => {
      this.logger.warn(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /**
   * Runs `work` after the background work already started, without holding up those who wait for
   * `settled`: upkeep that no plan depends on (a vacuum). Failures are logged, as for followWith.
   */
  followInBackground(what: string, work: () => Promise<void>): void {
    this.background = this.background.then(work).catch((error: unknown) => {
      this.logger.warn(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** When the upkeep started so far has ended. */
  settled(): Promise<void> {
    return this.upkeep;
  }

  /** When the upkeep and the background work started so far have ended. */
  async idle(): Promise<void> {
    await this.settled();
    await this.background;
  }

  /** Before the database closes (its hooks run after these), the upkeep and the background work end. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }
}
