/**
 * `outcomes backup FILE`: a backup of the database (backups/backup-format.ts) into FILE, consistent
 * while the API runs. On a server (DATABASE_URL) it reads every table in one snapshot over a
 * connection of its own. The embedded database serves one process: when a server runs on it, that
 * server takes the backup (POST /api/backups, with the admin token) and this command saves it;
 * when none does, the command opens the database itself.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pseudonymKeyCheck } from '../backups/backup-format.js';
import { BackupFileError, verifyBackup } from '../backups/backup-reader.js';
import { writeBackupFile } from '../backups/backup-writer.js';
import { sqlOfClient } from '../backups/sql.js';
import { loadConfig, type ThresholdConfig } from '../config/configuration.js';
import { embeddedDatabaseOwner, hasEmbeddedDatabase } from '../database/embedded-postgres.js';
import { SchemaNewerThanCodeError, unknownMigrations } from '../database/schema-guard.js';
import { readServerAddress } from '../database/server-address.js';
import { checkOneFile } from './command-checks.js';
import { connect, openDatabase, readAdminToken, readPseudonymKey } from './database-access.js';
import { parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

export const BACKUP_USAGE = `usage: outcomes backup FILE

  Writes a backup of the database to FILE (a new file; gzip): DATABASE_URL if set, else the
  embedded database in THRESHOLD_DATA_DIR (default ./.data). Consistent while the API runs: one
  snapshot of every table. When a server runs on the embedded database, the backup is taken by that
  server (with THRESHOLD_ADMIN_TOKEN, or the admin-token file of the data folder).
  Restore it with outcomes restore FILE (docs/operations.md).`;

export async function runBackupCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(args, { help: { type: 'boolean', short: 'h' } }, BACKUP_USAGE);
  if (parsed.values.help === true) {
    process.stdout.write(`${BACKUP_USAGE}\n`);
    return 0;
  }
  checkOneFile(parsed.positionals, BACKUP_USAGE);
  const file = parsed.positionals[0];
  if (existsSync(file)) throw new UsageError(`${file} exists already: name a new file (a backup never overwrites one)`);
  if (!existsSync(dirname(file) || '.')) throw new UsageError(`the folder of ${file} does not exist`);
  const config = loadConfig();
  const started = performance.now();
  const summary = config.databaseUrl === undefined ? await backupEmbedded(config, file) : await backupDirect(config, file);
  process.stdout.write(
    `${file}: backup of ${summary.source}: ${summary.tables} tables, ${summary.rows} rows, data version ${summary.dataVersion}, ` +
      `${summary.bytes} bytes, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}

interface Written {
  source: string;
  tables: number;
  rows: number;
  dataVersion: number;
  bytes: number;
}

async function backupEmbedded(config: ThresholdConfig, file: string): Promise<Written> {
  const owner = await embeddedDatabaseOwner(config.dataDir);
  if (owner !== undefined) return backupThroughServer(config, file, owner);
  if (!hasEmbeddedDatabase(config.dataDir)) {
    throw new UsageError(`there is no embedded database in ${config.dataDir} (THRESHOLD_DATA_DIR): nothing to back up (set DATABASE_URL for a server)`);
  }
  return backupDirect(config, file);
}

/** Opens the database itself and reads it in one snapshot. */
async function backupDirect(config: ThresholdConfig, file: string): Promise<Written> {
  const database = await openDatabase(config);
  try {
    const client = connect(database.endpoint);
    await client.connect();
    try {
      const applied = (await client.query<{ name: string }>(`SELECT name FROM migrations ORDER BY id`).catch(() => ({ rows: [] }))).rows;
      const unknown = unknownMigrations(applied.map((row) => row.name));
      // Its rows would be of a schema this version cannot restore: say so now, not at the restore.
      if (unknown.length > 0) throw new UsageError(new SchemaNewerThanCodeError(unknown).message);
      const key = await readPseudonymKey(config);
      const summary = await writeBackupFile(sqlOfClient(client), file, {
        source: database.description,
        pseudonymKeyCheck: key === undefined ? null : pseudonymKeyCheck(key),
      });
      return { source: database.description, ...summary };
    } finally {
      await client.end();
    }
  } finally {
    await database.close();
  }
}

/** The running server takes the backup; it is saved beside FILE, checked whole, then named FILE. */
async function backupThroughServer(config: ThresholdConfig, file: string, owner: number): Promise<Written> {
  const address = await readServerAddress(config.dataDir, owner);
  if (address === undefined) {
    throw new UsageError(
      `the embedded database in ${config.dataDir} is in use by process ${owner}, which does not say where it listens: if it is a Threshold server, restart it with this version; or stop it and run the backup again`,
    );
  }
  const token = await readAdminToken(config);
  if (token === undefined) throw new UsageError(`no admin token: set THRESHOLD_ADMIN_TOKEN, or run this where ${join(config.dataDir, 'admin-token')} can be read`);
  let response: Response;
  try {
    response = await fetch(`${address.url}/api/backups`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new UsageError(`the server at ${address.url} (process ${owner}) did not answer: ${(error as Error).message}`);
  }
  if (response.status !== 200 || response.body === null) {
    throw new UsageError(`the server at ${address.url} refused the backup: ${response.status} ${await response.text()}`);
  }
  const partial = join(dirname(file), `.${basename(file)}.partial`);
  try {
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(partial, { mode: 0o600, flags: 'wx' }));
    const { end, header } = await verifyBackup(partial);
    await rename(partial, file);
    return { source: `${header.source}, through the server at ${address.url}`, tables: end.tables, rows: end.rows, dataVersion: header.dataVersion, bytes: (await stat(file)).size };
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof BackupFileError) throw new UsageError(`the server's backup did not arrive whole: ${error.message}`);
    throw error;
  }
}
