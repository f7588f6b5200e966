/**
 * The backup file (format 1): a logical copy of every table, portable between the embedded
 * database (PGlite, PostgreSQL 18) and a PostgreSQL server (15 or later), gzip-compressed. Its
 * uncompressed text is one JSON document per line:
 *
 *   {"format":"threshold-backup","formatVersion":1, ...header}      what made it, and from which schema
 *   {"table":"clinics","columns":[{"name":"id","type":"integer"},...]}
 *   ["1","9f3c...","2026-12-07 08:00:00+00"]                          a row: each value as PostgreSQL's text, or null
 *   ...
 *   {"end":"clinics","rows":2}
 *   ... (every table, parents before the tables that refer to them)
 *   {"end":"backup","tables":14,"rows":12345,"sha256":"..."}         over every byte before this line
 *
 * Values are PostgreSQL's own text form (read in UTC, ISO dates, floats to their shortest exact
 * form), cast back to each column's type on restore: nothing is lost between the two databases.
 * The closing line's digest, and gzip's own CRC, make a truncated or damaged file refused whole.
 */
import { createHmac } from 'node:crypto';

export const BACKUP_FORMAT = 'threshold-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** Which database it was taken from ("embedded PGlite", "PostgreSQL 15.10"). */
  source: string;
  /** The migrations applied to the database, in the order they ran: the schema of the rows. */
  migrations: string[];
  /** The data version (cohorts/data-version.repository.ts) of the rows: a restore gives the same. */
  dataVersion: number;
  /**
   * Which pseudonym key made the stored keys (pseudonymKeyCheck below, never the key): a restore
   * under another key would store later files' clients under new keys, as other clients. Empty
   * when the backup was taken where the key was not at hand (the command line, on a server).
   */
  pseudonymKeyCheck: string;
}

export interface BackupColumn {
  name: string;
  /** The column's type as format_type() writes it: the cast of each value on restore. */
  type: string;
}

export interface TableStart {
  table: string;
  columns: BackupColumn[];
}

export interface TableEnd {
  end: string;
  rows: number;
}

export interface BackupEnd {
  end: 'backup';
  tables: number;
  rows: number;
  sha256: string;
}

/** The first bytes of every gzip stream. */
export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/**
 * A short, one-way mark of the pseudonym key: equal marks mean the same key. HMAC of a fixed
 * message under the key, so the mark tells nothing of the key, nor of any stored key.
 */
export function pseudonymKeyCheck(secret: string): string {
  return createHmac('sha256', secret).update('threshold backup: which pseudonym key').digest('hex').slice(0, 16);
}

/** The tables a backup leaves out: TypeORM's list of migrations (the header has it) and an ingest's staging tables (not data yet). */
export function isBackedUpTable(name: string): boolean {
  return name !== 'migrations' && name !== 'typeorm_metadata' && !name.startsWith('ingest_staging_');
}
