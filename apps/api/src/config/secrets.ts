/**
 * Secrets that Threshold generates when the deployment does not give them: kept in the data
 * directory with owner-only permissions, so that a restart keeps the same pseudonyms and token.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredSecret {
  value: string;
  /** True when this call created it (first start): the caller may need to tell the user. */
  created: boolean;
}

export async function loadOrCreateSecret(dataDir: string, name: string, bytes = 32): Promise<StoredSecret> {
  const file = join(dataDir, name);
  try {
    const value = (await readFile(file, 'utf8')).trim();
    if (value.length > 0) return { value, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const value = randomBytes(bytes).toString('base64url');
  // 'wx': never overwrite a secret another process created meanwhile.
  try {
    await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return { value, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { value: (await readFile(file, 'utf8')).trim(), created: false };
  }
}
