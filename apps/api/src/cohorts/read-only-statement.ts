/**
 * One read-only statement with planner settings of its own: `SET LOCAL` lasts only for the
 * statement's transaction, so the pool's connections keep their defaults. The transaction holds
 * one connection and awaits nothing else meanwhile: on the embedded database that connection is
 * the only one, and waiting for another query there would wait for ever.
 */
import type { DataSource } from 'typeorm';

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
    const names = Object.keys(settings);
    if (names.length > 0) {
      await runner.query(
        `SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
        names.flatMap((name) => [name, settings[name]]),
      );
    }
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
