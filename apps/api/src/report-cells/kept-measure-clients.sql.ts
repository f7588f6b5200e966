/**
 * Measure clients: how many clients have a course of each measure (a row of client_courses), one
 * row per measure that has any. The summary of all the data (and of one measure, unfiltered) gives
 * each measure's clients from here: counting the courses themselves read the whole courses table
 * once per measure (2.5 s on the 12-million-reading practice set, beside the report's two parts at
 * a dashboard's first visit; docs/scaling.md 4.10).
 *
 * Counts, kept by every writer of client_courses in its transaction, as the courses are:
 * - the statements that delete and insert courses (kept-courses.sql.ts) count the rows they
 *   deleted and inserted (RETURNING) and subtract and add them (countedCoursesSql);
 * - the store that writes while reading counts the courses it copies (MeasureClientCounts,
 *   streaming-store.ts).
 * The kept-cells check (testing/recomputed-cells.ts) compares the table with a count of the courses
 * after every writer's test.
 */
import type { QueryRunner } from 'typeorm';

/** The courses counted by measure: what the table must hold. */
export const MEASURE_CLIENTS_FROM_COURSES_SQL = 'SELECT measure, count(*) AS clients FROM client_courses GROUP BY measure';

/**
 * Adds `counts` (a SELECT of measure and clients, a row per measure) to the table, or subtracts
 * them. A subtraction is an upsert of the count to take off (the table's check applies to the row
 * an upsert proposes): every measure whose courses are deleted has a row.
 */
function upsertCountsSql(counts: string, operator: '+' | '-'): string {
  return `INSERT INTO measure_clients (measure, clients)
  ${counts}
  ON CONFLICT (measure) DO UPDATE SET clients = measure_clients.clients ${operator} excluded.clients`;
}

/**
 * Counts the courses of `courses` (a step of the same statement: the rows, with their measure, that
 * a DELETE or INSERT of courses returned) in or out of the table.
 */
export function countedCoursesSql(courses: string, operator: '+' | '-'): string {
  return upsertCountsSql(`SELECT measure, count(*) FROM ${courses} GROUP BY measure`, operator);
}

/** Drops the measures left without clients, after a writer's deletes and inserts. */
export async function dropMeasuresWithoutClients(runner: QueryRunner): Promise<void> {
  await runner.query('DELETE FROM measure_clients WHERE clients = 0');
}

/** The courses a store counts as it copies them (streaming-store.ts), by measure; added at the end of the store (addTo). */
export class MeasureClientCounts {
  private readonly counts = new Map<string, number>();

  add(measure: string): void {
    this.counts.set(measure, (this.counts.get(measure) ?? 0) + 1);
  }

  /** Adds the counts to the table, in the writer's transaction. */
  async addTo(runner: QueryRunner): Promise<void> {
    if (this.counts.size === 0) return;
    await runner.query(upsertCountsSql('SELECT * FROM unnest($1::text[], $2::bigint[])', '+'), [
      [...this.counts.keys()],
      [...this.counts.values()],
    ]);
  }
}
