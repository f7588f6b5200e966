/**
 * The data version: what cached answers are keyed by. It is the number of ingest batches that
 * stored at least one reading. The ingest marks a batch 'stored' in the same transaction that
 * writes its rows, and never changes stored rows, so the version changes exactly when the data
 * do: a file sent again (all duplicates) or a refused file leaves it as it is. It is a count,
 * not the largest batch id, because batches store in lock order, not in id order: a long batch
 * started first may finish after a later one.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A scalar subquery, for queries that must read the version in the same snapshot as their data. */
export const DATA_VERSION_SQL = `(SELECT count(*)::integer FROM ingest_batches WHERE status = 'stored' AND inserted > 0)`;

@Injectable()
export class DataVersionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async current(): Promise<number> {
    const [row]: { version: number }[] = await this.dataSource.query(`SELECT ${DATA_VERSION_SQL} AS version`);
    return row.version;
  }
}
