/**
 * In-process news that stored data changed (an ingest committed new readings), for whoever keeps
 * something derived from them. With the embedded database this process is the only writer (the
 * data directory is locked), so the news is complete; with a server, other processes write too,
 * and listeners must still ask the database.
 */
import { Injectable } from '@nestjs/common';

@Injectable()
export class DataChanges {
  private readonly listeners = new Set<() => void>();

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}
