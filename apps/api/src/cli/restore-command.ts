/**
 * `outcomes restore FILE`: a backup (outcomes backup, or a scheduled one) into an EMPTY database:
 * DATABASE_URL's (a new database on the server), else the embedded database of THRESHOLD_DATA_DIR
 * (a new folder, or one without a database; no server may run on it). The file is checked whole
 * before the database is opened; the load is one transaction (backups/restore.ts): a damaged file,
 * a non-empty database or another pseudonym key leave the database as it was.
 */
import { BackupFileError } from '../backups/backup-reader.js';
import { checkBackup, restoreBackup, RestoreRefusedError, type RestoreOptions } from '../backups/restore.js';
import { loadConfig } from '../config/configuration.js';
import { checkOneFile } from './command-checks.js';
import { openDatabase, readPseudonymKey } from './database-access.js';
import { parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

export const RESTORE_USAGE = `usage: outcomes restore FILE

  Restores the backup FILE into an empty database: DATABASE_URL if set (create a new database for
  it), else the embedded database in THRESHOLD_DATA_DIR (a new folder; stop any server on it). The
  pseudonym key must be the backup's: THRESHOLD_PSEUDONYM_KEY, or the pseudonym-key file copied
  into THRESHOLD_DATA_DIR. A backup made by an older Threshold is migrated to this version's schema.`;

export async function runRestoreCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(args, { help: { type: 'boolean', short: 'h' } }, RESTORE_USAGE);
  if (parsed.values.help === true) {
    process.stdout.write(`${RESTORE_USAGE}\n`);
    return 0;
  }
  checkOneFile(parsed.positionals, RESTORE_USAGE);
  const file = parsed.positionals[0];
  const config = loadConfig();
  const options: RestoreOptions = {
    pseudonymKey: await readPseudonymKey(config),
    onWarning: (message) => process.stderr.write(`outcomes: warning: ${message}\n`),
  };
  const started = performance.now();
  try {
    const backup = await checkBackup(file, options);
    const database = await openDatabase(config);
    try {
      const summary = await restoreBackup(database.endpoint, backup, options);
      process.stdout.write(
        `${file}: restored into ${database.description}: ${summary.tables} tables, ${summary.rows} rows, data version ${summary.dataVersion}` +
          `${summary.upgradedBy.length > 0 ? `, then migrated by ${summary.upgradedBy.join(', ')}` : ''}, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
      );
    } finally {
      await database.close();
    }
  } catch (error) {
    if (error instanceof BackupFileError || error instanceof RestoreRefusedError) throw new UsageError(error.message);
    throw error;
  }
  return 0;
}
