/**
 * Writes a batch's staged readings and clients into its staging tables, by the fastest path each
 * database offers: COPY FROM STDIN on a PostgreSQL server, and `INSERT ... SELECT FROM unnest(...)`
 * on the embedded database, whose socket server breaks on COPY FROM STDIN and whose single
 * connection must be free between chunks.
 */
import type pg from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { BatchClients } from '../read/batch-clients.js';
import { CopyIn } from './copy-in.js';
import { copyTextOfColumns, readingCopyText } from './copy-text.js';
import {
  clientColumnChunks,
  readingColumnArrays,
  STAGED_CLIENT_COLUMNS,
  STAGED_READING_COLUMNS,
  type StagedReading,
  type StagingColumn,
} from './staged-row.js';

export interface StagingTables {
  readings: string;
  clients: string;
}

export interface StagingWriter {
  /** Stages readings; called chunk by chunk while the file is read. */
  writeReadings(readings: readonly StagedReading[]): Promise<void>;
  /** Stages the batch's clients, once, after its last readings. */
  writeClients(clients: BatchClients): Promise<void>;
  /** Releases what the writer holds; the staged rows stay. */
  close(): Promise<void>;
}

const columnList = (columns: readonly StagingColumn[]) => columns.map((column) => column.name).join(', ');

export class UnnestStagingWriter implements StagingWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: StagingTables,
  ) {}

  async writeReadings(readings: readonly StagedReading[]): Promise<void> {
    await this.insert(this.tables.readings, STAGED_READING_COLUMNS, readingColumnArrays(readings));
  }

  async writeClients(clients: BatchClients): Promise<void> {
    for (const chunk of clientColumnChunks(clients)) await this.insert(this.tables.clients, STAGED_CLIENT_COLUMNS, chunk);
  }

  async close(): Promise<void> {}

  private async insert(table: string, columns: readonly StagingColumn[], arrays: unknown[][]): Promise<void> {
    const unnest = columns.map((column, i) => `$${i + 1}::${column.type}[]`).join(', ');
    await this.dataSource.query(`INSERT INTO ${table} (${columnList(columns)}) SELECT * FROM unnest(${unnest})`, arrays);
  }
}

/**
 * The readings go through one COPY for the whole file, written as the chunks come: PostgreSQL
 * parses and stores one chunk while the next is read and validated here. A write waits only when
 * the connection's buffer is full.
 */
export class CopyStagingWriter implements StagingWriter {
  private readingsCopy: CopyIn | null = null;

  private constructor(
    private readonly runner: QueryRunner,
    private readonly client: pg.PoolClient,
    private readonly tables: StagingTables,
  ) {}

  /** Holds one connection of the pool for the whole read. */
  static async open(dataSource: DataSource, tables: StagingTables): Promise<CopyStagingWriter> {
    const runner = dataSource.createQueryRunner();
    const client = (await runner.connect()) as pg.PoolClient;
    return new CopyStagingWriter(runner, client, tables);
  }

  async writeReadings(readings: readonly StagedReading[]): Promise<void> {
    this.readingsCopy ??= CopyIn.start(this.client, this.tables.readings, columnList(STAGED_READING_COLUMNS));
    await this.readingsCopy.write(readingCopyText(readings));
  }

  async writeClients(clients: BatchClients): Promise<void> {
    await this.endReadingsCopy();
    const copy = CopyIn.start(this.client, this.tables.clients, columnList(STAGED_CLIENT_COLUMNS));
    for (const chunk of clientColumnChunks(clients)) await copy.write(copyTextOfColumns(chunk));
    await copy.end();
  }

  /** Ends an open COPY (its rows stay staged, to be dropped with the table) and frees the connection. */
  async close(): Promise<void> {
    try {
      await this.endReadingsCopy();
    } catch {
      // The COPY failed: the error was reported by the write that met it, or the read failed first.
    }
    await this.runner.release();
  }

  private async endReadingsCopy(): Promise<void> {
    const copy = this.readingsCopy;
    if (copy === null) return;
    this.readingsCopy = null;
    await copy.end();
  }
}
