/**
 * The data version: what cached answers are keyed by. It counts the changes made to the stored
 * readings: the ingest batches that stored at least one reading, and the erasures (of a client, of
 * a batch, by the retention job), each recorded in data_changes in the transaction that deletes.
 * The ingest marks a batch 'stored' in the same transaction that writes its rows, and never
 * changes stored rows, so the version changes exactly when the data do: a file sent again (all
 * duplicates) or a refused file leaves it as it is. A batch erased later still counts (status
 * 'erased'), and its erasure counts once more, so the version only grows and never returns to a
 * value that named other data. It is a count, not the largest batch id, because batches store in
 * lock order, not in id order: a long batch started first may finish after a later one.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DataChanges } from '../database/data-changes.js';
import { DATABASE_ENDPOINT } from '../database/database-endpoint.js';
import type { DatabaseEndpoint } from '../database/database-options.js';

/** A scalar subquery, for queries that must read the version in the same snapshot as their data. */
export const DATA_VERSION_SQL = `((SELECT count(*)::integer FROM ingest_batches WHERE status IN ('stored', 'erased') AND inserted > 0) + (SELECT count(*)::integer FROM data_changes))`;

/**
 * The version is remembered, so that a cache hit needs no query: on the embedded database until
 * the next ingest or erasure of this process (its only writer; nor does a hit then wait for the single
 * connection while a long ingest or report holds it); on a server for at most SERVER_TTL_MS, since
 * other processes ingest too: their new data show within that time.
 */
const SERVER_TTL_MS = 1000;

@Injectable()
export class DataVersionRepository {
  private remembered: Promise<number> | undefined;
  private rememberedAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_ENDPOINT) private readonly endpoint: DatabaseEndpoint,
    changes: DataChanges,
  ) {
    changes.onChange(() => {
      this.remembered = undefined;
    });
  }

  current(): Promise<number> {
    const expired = this.endpoint.kind !== 'embedded' && performance.now() - this.rememberedAt > SERVER_TTL_MS;
    if (this.remembered === undefined || expired) {
      this.rememberedAt = performance.now();
      this.remembered = this.read().catch((error: unknown) => {
        this.remembered = undefined;
        throw error;
      });
    }
    return this.remembered;
  }

  private async read(): Promise<number> {
    const [row]: { version: number }[] = await this.dataSource.query(`SELECT ${DATA_VERSION_SQL} AS version`);
    return row.version;
  }
}
