/**
 * The PostgreSQL server side of the API bench, through `psql` (the client an administrator would
 * use, and the one that runs the `\copy` baseline): scratch databases made for one run and dropped
 * after it, the server's version and the settings that explain its figures.
 */
import { randomBytes } from 'node:crypto';
import { runProcess, type Finished } from './run-process.js';

export type PsqlResult = Finished;

/** Runs `psql URL -X -v ON_ERROR_STOP=1 -Atc COMMAND` (-X: no ~/.psqlrc), timing it by the wall clock. */
export async function psql(url: string, command: string): Promise<PsqlResult> {
  const finished = await runProcess('psql', [url, '-X', '-v', 'ON_ERROR_STOP=1', '-Atc', command]);
  return { ...finished, stdout: finished.stdout.trim(), stderr: finished.stderr.trim() };
}

export async function psqlOrThrow(url: string, command: string): Promise<PsqlResult> {
  const result = await psql(url, command);
  if (result.status !== 0) throw new Error(`psql ${command.slice(0, 80)} failed: ${result.stderr}`);
  return result;
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A database created for this run; `drop()` removes it (WITH (FORCE): sessions left open go too). */
export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string, purpose: string): Promise<ScratchDatabase> {
  const name = `threshold_bench_${purpose}_${randomBytes(4).toString('hex')}`;
  await psqlOrThrow(serverUrl, `CREATE DATABASE ${name}`);
  let dropped = false;
  return {
    name,
    url: databaseUrl(serverUrl, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await psqlOrThrow(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export interface ServerFacts {
  version: string;
  /** Settings that move the figures: memory for sorts and caches, and whether autovacuum (and so automatic ANALYZE) runs. */
  settings: Record<string, string>;
}

const SETTINGS = ['shared_buffers', 'work_mem', 'max_wal_size', 'autovacuum', 'synchronous_commit'] as const;

export async function serverFacts(serverUrl: string): Promise<ServerFacts> {
  const { stdout } = await psqlOrThrow(
    serverUrl,
    `SELECT version(), ${SETTINGS.map((name) => `current_setting('${name}')`).join(', ')}`,
  );
  const [version, ...values] = stdout.split('|');
  return {
    version: version.replace(/ on .*$/, ''),
    settings: Object.fromEntries(SETTINGS.map((name, i) => [name, values[i] ?? ''])),
  };
}
