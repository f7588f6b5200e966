/**
 * The check every writer's test makes: the kept report cells (report-cells table) are exactly the
 * cells a recomputation from the stored readings gives, row for row, attribute for attribute, and
 * value for value to the last bits of rounding (a mean's sum runs in whatever order the plan meets
 * the readings, so a recomputation may differ from the kept value by an ulp or two, never more).
 */
import { cellsFromReadingsSql, REPORT_CELL_COLUMNS } from '../kept-cells.sql.js';
import { CLIENT_COURSE_COLUMNS, coursesFromCellsSql } from '../kept-courses.sql.js';
import { READING_SITES_FROM_READINGS_SQL } from '../kept-reading-sites.sql.js';
import { MEASURE_CLIENTS_FROM_COURSES_SQL } from '../kept-measure-clients.sql.js';
import { countedSessionsSql, SESSION_DATES, SESSION_GROUPS, type KeptSessionCount } from '../kept-session-counts.sql.js';

/** Runs a statement and returns its rows: a TypeORM DataSource's `query`, or a pg client's wrapped. */
export type RowsOf = (sql: string) => Promise<Record<string, unknown>[]>;

export interface CellsComparison {
  /** Kept cells, all measures. */
  keptCells: number;
  /** Kept client courses (kept-courses.sql.ts), all measures. */
  keptCourses: number;
  /** Kept counts of reading sites (kept-reading-sites.sql.ts): (clinic, measure, site) triples. */
  keptSites: number;
  /** Kept counts of session groups (kept-session-counts.sql.ts): (clinic, therapist, technique, condition). */
  keptSessionGroups: number;
  /** Kept counts of session dates (kept-session-counts.sql.ts): (clinic, date). */
  keptSessionDates: number;
  /** Kept counts of clients by measure (kept-measure-clients.sql.ts). */
  keptMeasureClients: number;
  /** The first differences found (at most 10), each a cell's key and what differs; empty: equal. */
  differences: string[];
}

/** Relative tolerance of a kept value against its recomputation: a few ulps of a double. */
const RELATIVE_TOLERANCE = 1e-13;

export async function recomputedCellsEqualKept(rowsOf: RowsOf): Promise<CellsComparison> {
  const close = (column: string) =>
    `((k.${column} IS NULL AND r.${column} IS NULL) OR abs(k.${column} - r.${column}) <= ${RELATIVE_TOLERANCE} * greatest(abs(k.${column}), abs(r.${column}), 1e-300))`;
  const same = (column: string) => `k.${column} IS NOT DISTINCT FROM r.${column}`;
  const [{ kept }] = await rowsOf(`SELECT count(*)::integer AS kept FROM report_cells`);
  const rows = await rowsOf(
    `WITH recomputed AS (${cellsFromReadingsSql('')}),
          kept AS (SELECT ${REPORT_CELL_COLUMNS} FROM report_cells)
     SELECT coalesce(k.measure, r.measure) AS measure,
            coalesce(k.client_id, r.client_id)::text AS client_id, coalesce(k.session_number, r.session_number) AS session_number,
            CASE WHEN k.measure IS NULL THEN 'missing' WHEN r.measure IS NULL THEN 'left over'
                 ELSE 'kept ' || row(k.pre, k.post, k.followup, k.technique, k.condition, k.therapist_id, k.clinic_id, k.session_date, k.readings)::text
                   || ' recomputed ' || row(r.pre, r.post, r.followup, r.technique, r.condition, r.therapist_id, r.clinic_id, r.session_date, r.readings)::text
            END AS difference
       FROM kept k FULL JOIN recomputed r
         ON k.measure = r.measure AND k.client_id = r.client_id AND k.session_number = r.session_number
      WHERE k.measure IS NULL OR r.measure IS NULL
         OR NOT (${close('pre')} AND ${close('post')} AND ${close('followup')} AND ${same('technique')} AND ${same('condition')}
                 AND ${same('therapist_id')} AND ${same('clinic_id')} AND ${same('session_date')} AND ${same('readings')})
      ORDER BY 1, 2, 3
      LIMIT 10`,
  );
  const courses = await recomputedCoursesEqualKept(rowsOf, close, same);
  const sites = await countedSitesEqualKept(rowsOf);
  const sessionGroups = await countedSessionsEqualKept(rowsOf, SESSION_GROUPS);
  const sessionDates = await countedSessionsEqualKept(rowsOf, SESSION_DATES);
  const measureClients = await countedEqualKept(rowsOf, 'measure_clients', 'measure, clients', MEASURE_CLIENTS_FROM_COURSES_SQL);
  return {
    keptCells: Number(kept),
    keptCourses: courses.kept,
    keptSites: sites.kept,
    keptSessionGroups: sessionGroups.kept,
    keptSessionDates: sessionDates.kept,
    keptMeasureClients: measureClients.kept,
    differences: [
      ...rows.map((row) => `${String(row.measure)}/${String(row.client_id)}/${String(row.session_number)}: ${String(row.difference)}`),
      ...courses.differences,
      ...sites.differences,
      ...sessionGroups.differences,
      ...sessionDates.differences,
      ...measureClients.differences,
    ],
  };
}

/** The kept counts of reading sites against a count of the readings: equal, row for row. */
async function countedSitesEqualKept(rowsOf: RowsOf): Promise<{ kept: number; differences: string[] }> {
  const [{ kept }] = await rowsOf(`SELECT count(*)::integer AS kept FROM reading_sites`);
  const rows = await rowsOf(
    `WITH counted AS (${READING_SITES_FROM_READINGS_SQL})
     SELECT coalesce(k.clinic_id, c.clinic_id) AS clinic_id, coalesce(k.measure, c.measure) AS measure, coalesce(k.site, c.site) AS site,
            k.readings::text AS kept, c.readings::text AS counted
       FROM reading_sites k FULL JOIN counted c
         ON k.clinic_id IS NOT DISTINCT FROM c.clinic_id AND k.measure = c.measure AND k.site = c.site
      WHERE k.readings IS DISTINCT FROM c.readings
      ORDER BY 1, 2, 3
      LIMIT 10`,
  );
  return {
    kept: Number(kept),
    differences: rows.map(
      (row) => `sites ${String(row.clinic_id)}/${String(row.measure)}/${String(row.site)}: kept ${String(row.kept)} counted ${String(row.counted)}`,
    ),
  };
}

/** A kept count of sessions (session groups, session dates) against a count of the sessions: equal, row for row. */
function countedSessionsEqualKept(rowsOf: RowsOf, kept: KeptSessionCount): Promise<{ kept: number; differences: string[] }> {
  return countedEqualKept(rowsOf, kept.table, `${kept.key.join(', ')}, sessions`, countedSessionsSql(kept));
}

/**
 * A table of kept counts against the same counted from the rows (`countedSql`, giving `columns`):
 * equal, row for row; each difference names the table, the row and the side that has it.
 */
async function countedEqualKept(rowsOf: RowsOf, table: string, columns: string, countedSql: string): Promise<{ kept: number; differences: string[] }> {
  const [{ rows: keptRows }] = await rowsOf(`SELECT count(*)::integer AS rows FROM ${table}`);
  // EXCEPT compares nulls as equal, as the tables' keys do (a join on them could not).
  const rows = await rowsOf(
    `WITH counted AS (${countedSql}),
          stored AS (SELECT ${columns} FROM ${table})
     SELECT side, row(${columns})::text AS counts FROM (
       (SELECT 'kept' AS side, * FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM counted) k)
       UNION ALL
       (SELECT 'counted' AS side, * FROM (SELECT * FROM counted EXCEPT ALL SELECT * FROM stored) c)
     ) differences
      ORDER BY 2, 1
      LIMIT 10`,
  );
  return {
    kept: Number(keptRows),
    differences: rows.map((row) => `${table} ${String(row.counts)} ${String(row.side)} only`),
  };
}

/**
 * The kept client courses against the courses of the cells recomputed from the readings (by the
 * SQL writers' statement: the store that writes while reading computes them in TypeScript instead,
 * client-courses.ts, so this checks one against the other too).
 */
async function recomputedCoursesEqualKept(
  rowsOf: RowsOf,
  close: (column: string) => string,
  same: (column: string) => string,
): Promise<{ kept: number; differences: string[] }> {
  const [{ kept }] = await rowsOf(`SELECT count(*)::integer AS kept FROM client_courses`);
  // A bound is a difference of two cell values: its rounding is that of the values (the baseline's size), not its own.
  const closeArrays = `(cardinality(k.response_bounds) IS NOT DISTINCT FROM cardinality(r.response_bounds)
    AND NOT EXISTS (SELECT 1 FROM unnest(k.response_bounds, r.response_bounds) u(kb, rb)
                     WHERE abs(kb - rb) > ${RELATIVE_TOLERANCE} * greatest(abs(kb), abs(rb), abs(k.baseline), abs(r.baseline), 1e-300)))`;
  const rows = await rowsOf(
    `WITH recomputed_cells AS (${cellsFromReadingsSql('')}),
          recomputed AS (${coursesFromCellsSql('', 'recomputed_cells')}),
          kept AS (SELECT ${CLIENT_COURSE_COLUMNS} FROM client_courses)
     SELECT coalesce(k.measure, r.measure) AS measure, coalesce(k.client_id, r.client_id)::text AS client_id,
            CASE WHEN k.measure IS NULL THEN 'course missing' WHEN r.measure IS NULL THEN 'course left over'
                 ELSE 'course kept ' || row(k.*)::text || ' recomputed ' || row(r.*)::text
            END AS difference
       FROM kept k FULL JOIN recomputed r ON k.measure = r.measure AND k.client_id = r.client_id
      WHERE k.measure IS NULL OR r.measure IS NULL
         OR NOT (${['first_session', 'technique', 'condition', 'therapist_id', 'clinic_id', 'last_pre_session', 'n', 'response_sessions', 'first_followup', 'followup_after_course', 'days_to_followup'].map(same).join(' AND ')}
                 AND ${['baseline', 'st', 'stt', 'sy', 'sty', 'syy', 'end_of_course', 'course_followup'].map(close).join(' AND ')}
                 AND ${closeArrays})
      ORDER BY 1, 2
      LIMIT 10`,
  );
  return {
    kept: Number(kept),
    differences: rows.map((row) => `${String(row.measure)}/${String(row.client_id)}: ${String(row.difference)}`),
  };
}
