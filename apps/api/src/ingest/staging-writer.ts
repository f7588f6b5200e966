/**
 * Writes staged rows into a batch's staging table, by the fastest path each database offers: COPY
 * FROM STDIN on a PostgreSQL server (several times faster than INSERT), and
 * `INSERT ... SELECT FROM unnest(...)` on the embedded database, whose socket server breaks on
 * COPY FROM STDIN and whose single connection must be free between chunks.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { StagedColumns } from './staged-row.js';

export interface StagingWriter {
  write(rows: StagedColumns): Promise<void>;
  /** Releases what the writer holds; the staged rows stay. */
  close(): Promise<void>;
}

/** The staging table's columns, in the order both writers send them. */
export const STAGING_COLUMN_NAMES = [
  'line',
  'client_key',
  'client_ordinal',
  'clinic_key',
  'therapist_key',
  'session',
  'phase',
  'measure',
  'site',
  'trial',
  'value',
  'raw_value',
  'raw_unit',
  'technique',
  'condition',
  'session_date',
] as const;

export class UnnestStagingWriter implements StagingWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly table: string,
  ) {}

  async write(rows: StagedColumns): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.table} (${STAGING_COLUMN_NAMES.join(', ')})
       SELECT * FROM unnest($1::integer[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::integer[], $7::text[],
                            $8::text[], $9::text[], $10::integer[], $11::float8[], $12::float8[], $13::text[], $14::text[],
                            $15::text[], $16::date[])`,
      columnArrays(rows),
    );
  }

  async close(): Promise<void> {}
}

export class CopyStagingWriter implements StagingWriter {
  private constructor(
    private readonly runner: QueryRunner,
    private readonly client: pg.PoolClient,
    private readonly table: string,
  ) {}

  /** Holds one connection of the pool for the whole read. */
  static async open(dataSource: DataSource, table: string): Promise<CopyStagingWriter> {
    const runner = dataSource.createQueryRunner();
    const client = (await runner.connect()) as pg.PoolClient;
    return new CopyStagingWriter(runner, client, table);
  }

  async write(rows: StagedColumns): Promise<void> {
    const copy = this.client.query(copyFrom(`COPY ${this.table} (${STAGING_COLUMN_NAMES.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from([copyText(rows)]), copy);
  }

  async close(): Promise<void> {
    await this.runner.release();
  }
}

function columnArrays(rows: StagedColumns): unknown[] {
  return [
    rows.line,
    rows.clientKey,
    rows.clientOrdinal,
    rows.clinicKey,
    rows.therapistKey,
    rows.session,
    rows.phase,
    rows.measure,
    rows.site,
    rows.trial,
    rows.value,
    rows.rawValue,
    rows.rawUnit,
    rows.technique,
    rows.condition,
    rows.sessionDate,
  ];
}

/** COPY's text format: tab-separated, \N for NULL, backslash escapes in text. */
export function copyText(rows: StagedColumns): string {
  const columns = columnArrays(rows) as (readonly (string | number | null)[])[];
  const lines: string[] = new Array(rows.line.length);
  for (let i = 0; i < rows.line.length; i++) {
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) line += '\t';
      const value = columns[c][i];
      line += value === null ? '\\N' : typeof value === 'number' ? String(value) : escapeCopyText(value);
    }
    lines[i] = line;
  }
  return `${lines.join('\n')}\n`;
}

function escapeCopyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}
