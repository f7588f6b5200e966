/**
 * How `outcomes backup` and `outcomes restore` reach the database without starting the API: the
 * server of DATABASE_URL, or the embedded database of THRESHOLD_DATA_DIR started in this process
 * (which takes its lock: refused while a server runs on it). And the pseudonym key of this
 * deployment, read (never created: a backup or restore must not invent one).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { ThresholdConfig } from '../config/configuration.js';
import type { DatabaseEndpoint } from '../database/database-options.js';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { UsageError } from './usage-error.js';

export interface OpenDatabase {
  endpoint: DatabaseEndpoint;
  /** Which database, for messages and a backup's header (never a password). */
  description: string;
  close(): Promise<void>;
}

export async function openDatabase(config: ThresholdConfig): Promise<OpenDatabase> {
  if (config.databaseUrl !== undefined) {
    const url = new URL(config.databaseUrl);
    return { endpoint: { kind: 'postgres', url: config.databaseUrl }, description: `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`, close: async () => undefined };
  }
  let embedded;
  try {
    embedded = await startEmbeddedPostgres(config.dataDir);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    endpoint: { kind: 'embedded', host: embedded.host, port: embedded.port },
    description: 'embedded PGlite',
    close: () => embedded.stop(),
  };
}

export function connect(endpoint: DatabaseEndpoint): pg.Client {
  return new pg.Client(
    endpoint.kind === 'postgres'
      ? { connectionString: endpoint.url }
      : { host: endpoint.host, port: endpoint.port, user: 'postgres', database: 'postgres' },
  );
}

/** THRESHOLD_PSEUDONYM_KEY, else the data folder's pseudonym-key file; undefined when neither exists. */
export async function readPseudonymKey(config: ThresholdConfig): Promise<string | undefined> {
  if (config.pseudonymKey !== undefined) return config.pseudonymKey;
  try {
    const value = (await readFile(join(config.dataDir, 'pseudonym-key'), 'utf8')).trim();
    return value === '' ? undefined : value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** THRESHOLD_ADMIN_TOKEN, else the data folder's admin-token file. */
export async function readAdminToken(config: ThresholdConfig): Promise<string | undefined> {
  if (config.adminToken !== undefined) return config.adminToken;
  return (await readFile(join(config.dataDir, 'admin-token'), 'utf8').catch(() => '')).trim() || undefined;
}
