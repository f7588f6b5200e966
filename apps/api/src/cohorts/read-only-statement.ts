/**
 * One read-only statement with planner settings of its own: `SET LOCAL` lasts only for the
 * statement's transaction, so the pool's connections keep their defaults. The transaction holds
 * one connection and awaits nothing else meanwhile: on the embedded database that connection is
 * the only one, and waiting for another query there would wait for ever.
 */
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Settings for the aggregate statements over every reading (reports, cohort summaries):
 * - enable_sort off: the planner's row estimates for nested GROUP BYs are far off, and it would
 *   otherwise sort or hash a million rows that the primary key already delivers in order;
 * - work_mem 64MB: the hash aggregates and per-group value lists stay in memory;
 * - jit off: compiling the statement costs more than it saves on these plans.
 */
export const AGGREGATE_SETTINGS = { enable_sort: 'off', work_mem: '64MB', jit: 'off' } as const;

export async function readOnlyStatement<T>(
  dataSource: DataSource,
  settings: Readonly<Record<string, string>>,
  sql: string,
  parameters: readonly unknown[],
): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN TRANSACTION READ ONLY');
    await applySettings(runner, settings);
    const rows = (await runner.query(sql, [...parameters])) as T[];
    await runner.query('COMMIT');
    return rows;
  } catch (error) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** What PostgreSQL's pg_export_snapshot() returns, e.g. 00000003-0000001B-1. */
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$/i;

/**
 * Read-only work on `connections` connections at once that all see one snapshot of the database:
 * the first exports its snapshot (pg_export_snapshot) and the others adopt it, so that parts of one
 * report computed side by side read the same data even while an ingest commits. `work` receives
 * the runners with their transactions open and the settings applied; all are ended and released
 * afterwards. PostgreSQL servers only (the embedded database has one connection).
 */
export async function readOnlyInOneSnapshot<T>(
  dataSource: DataSource,
  settings: Readonly<Record<string, string>>,
  connections: number,
  work: (runners: readonly QueryRunner[]) => Promise<T>,
): Promise<T> {
  const runners: QueryRunner[] = [];
  const begun: QueryRunner[] = [];
  try {
    for (let i = 0; i < connections; i++) {
      const runner = dataSource.createQueryRunner();
      runners.push(runner);
      await runner.connect();
    }
    const [first, ...others] = runners;
    await first.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    begun.push(first);
    const [{ snapshot }]: { snapshot: string }[] = await first.query(
      'SELECT pg_export_snapshot() AS snapshot',
    );
    if (!SNAPSHOT_ID.test(snapshot)) throw new Error(`unexpected snapshot id from PostgreSQL: ${snapshot}`);
    for (const runner of others) {
      await runner.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      begun.push(runner);
      // Must be the transaction's first statement; the id was checked above (it cannot be a parameter).
      await runner.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    }
    for (const runner of runners) await applySettings(runner, settings);
    const result = await work(runners);
    for (const runner of runners) await runner.query('COMMIT');
    return result;
  } catch (error) {
    for (const runner of begun) await runner.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    for (const runner of runners) await runner.release();
  }
}

/** SET LOCAL of each setting, for the rest of the runner's transaction. */
export async function applySettings(runner: QueryRunner, settings: Readonly<Record<string, string>>): Promise<void> {
  const names = Object.keys(settings);
  if (names.length === 0) return;
  await runner.query(
    `SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
    names.flatMap((name) => [name, settings[name]]),
  );
}
