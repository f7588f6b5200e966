/**
 * Reads a backup file (backup-format.ts) line by line, checking as it goes that it is one: gzip,
 * the header first, each table's rows of its column count between its start and its end, the
 * counts, and the closing line's digest over everything before it. Anything else is a
 * BackupFileError that says what and where, so that a truncated or damaged file is refused; a
 * restore reads the whole file once before it touches the database, and again as it loads.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  GZIP_MAGIC,
  type BackupEnd,
  type BackupHeader,
  type TableStart,
} from './backup-format.js';

export class BackupFileError extends Error {
  constructor(file: string, reason: string) {
    super(`${file} is not a usable backup: ${reason}; nothing was restored`);
    this.name = 'BackupFileError';
  }
}

/** What reading a backup gives: the header, then per table its start, its rows (JSON lines, in runs) and its end. */
export type BackupPart =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; start: TableStart }
  | { kind: 'rows'; table: string; lines: string[] }
  | { kind: 'tableEnd'; table: string; rows: number }
  | { kind: 'end'; end: BackupEnd };

/** Rows handed over at a time (a restore inserts them in one statement). */
const ROWS_PER_PART = 2000;

export async function* readBackup(file: string): AsyncGenerator<BackupPart> {
  const fail = (reason: string): never => {
    throw new BackupFileError(file, reason);
  };
  await checkGzip(file, fail);
  const digest = createHash('sha256');
  let header: BackupHeader | undefined;
  let table: TableStart | undefined;
  let tableRows = 0;
  let tables = 0;
  let rows = 0;
  let end: BackupEnd | undefined;
  let lineNumber = 0;
  let pending: string[] = [];

  const where = () => `line ${lineNumber}${table === undefined ? '' : ` (table ${table.table}, row ${tableRows})`}`;
  for await (const line of lines(file, fail)) {
    lineNumber++;
    if (end !== undefined) fail(`${where()}: text after the closing line`);
    if (line.startsWith('[')) {
      if (table === undefined) fail(`${where()}: a row outside any table`);
      const row = parseJson(line, fail, where);
      if (!Array.isArray(row) || row.length !== table!.columns.length || !row.every((value) => value === null || typeof value === 'string')) {
        fail(`${where()}: a row must be a list of ${table!.columns.length} texts or nulls`);
      }
      digest.update(`${line}\n`);
      tableRows++;
      rows++;
      pending.push(line);
      if (pending.length >= ROWS_PER_PART) {
        yield { kind: 'rows', table: table!.table, lines: pending };
        pending = [];
      }
      continue;
    }
    const value = parseJson(line, fail, where) as Record<string, unknown>;
    if (header === undefined) {
      header = checkHeader(value, fail);
      digest.update(`${line}\n`);
      yield { kind: 'header', header };
    } else if (typeof value.table === 'string') {
      if (table !== undefined) fail(`${where()}: table ${value.table} starts before table ${table.table} ends`);
      if (!Array.isArray(value.columns) || value.columns.length === 0) fail(`${where()}: table ${value.table} has no columns`);
      table = value as unknown as TableStart;
      tableRows = 0;
      digest.update(`${line}\n`);
      yield { kind: 'table', start: table };
    } else if (value.end === 'backup') {
      if (table !== undefined) fail(`${where()}: the backup closes inside table ${table.table}`);
      end = value as unknown as BackupEnd;
      if (end.tables !== tables || end.rows !== rows) fail(`${where()}: the closing line counts ${end.tables} tables and ${end.rows} rows, the file has ${tables} and ${rows}`);
      if (end.sha256 !== digest.digest('hex')) fail(`the checksum of its contents does not match its closing line (the file was changed or damaged)`);
    } else if (typeof value.end === 'string') {
      if (table === undefined || value.end !== table.table) fail(`${where()}: the end of table ${String(value.end)}, which has not started`);
      if (value.rows !== tableRows) fail(`${where()}: table ${table!.table} should have ${String(value.rows)} rows, the file has ${tableRows}`);
      if (pending.length > 0) yield { kind: 'rows', table: table!.table, lines: pending };
      pending = [];
      digest.update(`${line}\n`);
      yield { kind: 'tableEnd', table: table!.table, rows: tableRows };
      table = undefined;
      tables++;
    } else {
      fail(`${where()}: a line that is neither a row, a table's start or end, nor the closing line`);
    }
  }
  if (header === undefined) fail('it is empty');
  if (end === undefined) fail(`it ends early, at ${where()}, before its closing line (the file is truncated)`);
  yield { kind: 'end', end: end! };
}

/** Reads the whole file, checking all of it; its header and closing line. */
export async function verifyBackup(file: string): Promise<{ header: BackupHeader; end: BackupEnd; tables: Map<string, number> }> {
  let header: BackupHeader | undefined;
  let end: BackupEnd | undefined;
  const tables = new Map<string, number>();
  for await (const part of readBackup(file)) {
    if (part.kind === 'header') header = part.header;
    else if (part.kind === 'tableEnd') tables.set(part.table, part.rows);
    else if (part.kind === 'end') end = part.end;
  }
  return { header: header!, end: end!, tables };
}

async function checkGzip(file: string, fail: (reason: string) => never): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new BackupFileError(file, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const first = Buffer.alloc(2);
    const { bytesRead } = await handle.read(first, 0, 2, 0);
    if (bytesRead < 2 || !first.equals(GZIP_MAGIC)) fail('it is not gzip-compressed (a backup file starts with gzip\'s bytes 1f 8b)');
  } finally {
    await handle.close();
  }
}

/** The file's uncompressed lines; a damaged or cut gzip stream is a BackupFileError. */
async function* lines(file: string, fail: (reason: string) => never): AsyncGenerator<string> {
  const gunzip = createReadStream(file).pipe(createGunzip());
  // A character may be split between two chunks: the decoder keeps its first bytes for the next.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(chunk);
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'Z_BUF_ERROR' || /unexpected end/i.test((error as Error).message)
      ? 'its compressed data end early (the file is truncated)'
      : `its compressed data are damaged (${(error as Error).message})`);
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}

function parseJson(line: string, fail: (reason: string) => never, where: () => string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return fail(`${where()}: not a line of a backup (not JSON)`);
  }
}

function checkHeader(value: Record<string, unknown>, fail: (reason: string) => never): BackupHeader {
  if (value.format !== BACKUP_FORMAT) fail('it does not start with a Threshold backup\'s header');
  if (value.formatVersion !== BACKUP_FORMAT_VERSION) {
    fail(`it is of format version ${String(value.formatVersion)}, and this Threshold reads version ${BACKUP_FORMAT_VERSION} (use the version of Threshold that made it, or a newer one)`);
  }
  if (!Array.isArray(value.migrations) || !value.migrations.every((name) => typeof name === 'string')) fail('its header lists no migrations');
  if (typeof value.dataVersion !== 'number') fail('its header has no data version');
  return value as unknown as BackupHeader;
}
