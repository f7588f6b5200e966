/**
 * The folder of scheduled backups (THRESHOLD_BACKUP_DIR): one file per run, named by its time in
 * UTC so that names sort as times do, and only the newest THRESHOLD_BACKUP_KEEP kept. Files of
 * other names in the folder are never touched.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const SCHEDULED_NAME = /^threshold-\d{8}T\d{6}Z\.backup\.gz$/;

/** threshold-20261207T021500Z.backup.gz */
export function scheduledBackupName(at: Date): string {
  return `threshold-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}.backup.gz`;
}

export interface BackupFileInfo {
  name: string;
  bytes: number;
  modifiedAt: string;
}

/** The scheduled backups in the folder, newest first. */
export async function listScheduledBackups(folder: string): Promise<BackupFileInfo[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const backups = names.filter((name) => SCHEDULED_NAME.test(name)).sort().reverse();
  return Promise.all(
    backups.map(async (name) => {
      const info = await stat(join(folder, name));
      return { name, bytes: info.size, modifiedAt: info.mtime.toISOString() };
    }),
  );
}

/** Deletes the scheduled backups beyond the newest `keep`; their names. */
export async function pruneScheduledBackups(folder: string, keep: number): Promise<string[]> {
  const old = (await listScheduledBackups(folder)).slice(keep).map((backup) => backup.name);
  for (const name of old) await rm(join(folder, name), { force: true });
  return old;
}
