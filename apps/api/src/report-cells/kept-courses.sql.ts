/**
 * Client courses: what a report needs of each client's whole series, kept beside the report cells
 * (issue 22, docs/scaling.md 4.7). One row per (measure, client), computed from the client's cells
 * of the measure:
 *
 * - first_session and that cell's technique, condition, therapist and clinic: the client's group;
 * - baseline (the session-1 pre value) and last_pre_session: the cumulative change and the
 *   responder test at the end of the course; end_of_course, the pre value there;
 * - n, st, stt, sy, sty, syy: the trajectory sums (t = session - 1, over the pre values, summed in
 *   session order as accumulateClient does);
 * - response_bounds and response_sessions: the client's record improvements since session 1 (each
 *   session > 1 whose improvement, sign · (pre - baseline), beats every earlier one), latest first,
 *   the bounds negated so that they ascend. A client's first response for a threshold T is the
 *   earliest session whose improvement reaches T, which is always a record; the records reaching T
 *   are the first width_bucket(-T, response_bounds) of them, so the earliest of those is
 *   response_sessions[width_bucket(-T, response_bounds)] (null when none does). The MCID is a
 *   question's, so it cannot be kept; this lets any MCID be answered from the kept row.
 * - first_followup, followup_after_course (the first follow-up after the last pre session), the
 *   follow-up value there (course_followup) and the days since the end of the course.
 *
 * With them, an unfiltered report reads the cells once, joined to their client's course, instead of
 * running two windows over every cell (report-inputs.sql.ts): the windows were half of its time.
 * A filter can change a client's first selected session, and with it every column here, so a
 * filtered report still computes them from the selected cells.
 *
 * Every writer of report cells keeps the courses of the clients it touched in the same transaction
 * (kept-cells.sql.ts), recomputed whole from their cells; the store that writes a file while reading
 * it computes them as it reads (client-courses.ts). Each also keeps the courses' count by measure
 * (kept-measure-clients.sql.ts).
 */
import { improvementSign, MEASURES } from '@threshold/stats';
import type { QueryRunner } from 'typeorm';
import { countedCoursesSql, dropMeasuresWithoutClients } from './kept-measure-clients.sql.js';

/** The kept table's columns, in the order of coursesFromCellsSql's select list and courseLine's COPY text. */
export const CLIENT_COURSE_COLUMNS =
  'measure, client_id, first_session, technique, condition, therapist_id, clinic_id, baseline, last_pre_session, ' +
  'n, st, stt, sy, sty, syy, response_bounds, response_sessions, first_followup, followup_after_course, ' +
  'end_of_course, course_followup, days_to_followup';

/** Each measure's improvement sign (+1 higher is better, -1 lower), as a VALUES list. */
function improvementSigns(): string {
  return Object.values(MEASURES)
    .map((measure) => `('${measure.code}', ${improvementSign(measure.direction)}::float8)`)
    .join(', ');
}

/**
 * The courses of the clients whose cells `cellsWhere` selects from `report_cells c` (a condition on
 * whole clients; `cellsTable`: cells recomputed elsewhere, for the tests' check), as rows in
 * CLIENT_COURSE_COLUMNS order. Every window is over the client's cells
 * in session order, the order the primary key gives them in, so nothing is sorted but the few
 * record rows.
 */
export function coursesFromCellsSql(cellsWhere: string, cellsTable = 'report_cells'): string {
  const whole = (alias: string, session: string) =>
    `PARTITION BY ${alias}.measure, ${alias}.client_id ORDER BY ${alias}.${session} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING`;
  return `
WITH series AS (
  SELECT c.measure, c.client_id, c.session_number AS s, c.pre, c.followup, c.session_date, d.sign,
         first_value(c.session_number) OVER w AS first_session,
         first_value(c.technique) OVER w AS technique,
         first_value(c.condition) OVER w AS condition,
         first_value(c.therapist_id) OVER w AS therapist_id,
         first_value(c.clinic_id) OVER w AS clinic_id,
         max(c.pre) FILTER (WHERE c.session_number = 1) OVER w AS baseline,
         max(c.session_number) FILTER (WHERE c.pre IS NOT NULL) OVER w AS last_pre_session,
         count(c.pre) OVER w AS n,
         sum((c.session_number - 1)::float8) FILTER (WHERE c.pre IS NOT NULL) OVER w AS st,
         sum((c.session_number - 1)::float8 * (c.session_number - 1)) FILTER (WHERE c.pre IS NOT NULL) OVER w AS stt,
         sum(c.pre) OVER w AS sy,
         sum((c.session_number - 1) * c.pre) OVER w AS sty,
         sum(c.pre * c.pre) OVER w AS syy,
         min(c.session_number) FILTER (WHERE c.followup IS NOT NULL) OVER w AS first_followup
    FROM ${cellsTable} c JOIN (VALUES ${improvementSigns()}) d(measure, sign) ON d.measure = c.measure
  ${cellsWhere}
  WINDOW w AS (${whole('c', 'session_number')})
),
changes AS (
  SELECT x.*, CASE WHEN x.s > 1 THEN x.sign * (x.pre - x.baseline) END AS change,
         min(x.s) FILTER (WHERE x.followup IS NOT NULL AND x.s > x.last_pre_session) OVER (${whole('x', 's')}) AS followup_after_course
    FROM series x
),
records AS (
  SELECT y.*,
         y.change > coalesce(
           max(y.change) OVER (PARTITION BY y.measure, y.client_id ORDER BY y.s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
           '-Infinity'::float8
         ) AS record
    FROM changes y
)
SELECT measure, client_id, min(first_session) AS first_session, min(technique) AS technique, min(condition) AS condition,
       min(therapist_id) AS therapist_id, min(clinic_id) AS clinic_id, min(baseline) AS baseline,
       min(last_pre_session) AS last_pre_session, min(n)::integer AS n,
       min(st) AS st, min(stt) AS stt, min(sy) AS sy, min(sty) AS sty, min(syy) AS syy,
       array_agg(-change ORDER BY s DESC) FILTER (WHERE record) AS response_bounds,
       array_agg(s ORDER BY s DESC) FILTER (WHERE record) AS response_sessions,
       min(first_followup) AS first_followup, min(followup_after_course) AS followup_after_course,
       max(pre) FILTER (WHERE s = last_pre_session) AS end_of_course,
       max(followup) FILTER (WHERE s = followup_after_course) AS course_followup,
       max(session_date) FILTER (WHERE s = followup_after_course) - max(session_date) FILTER (WHERE s = last_pre_session)
         AS days_to_followup
  FROM records
 GROUP BY measure, client_id`;
}

/**
 * Replaces the courses of the clients that `clientsSql` names (a SELECT of measure, client_id) by
 * their courses as their cells are now: a client left without cells of a measure is left without
 * its course.
 */
export async function refreshCoursesOf(runner: QueryRunner, clientsSql: string, parameters: readonly unknown[] = []): Promise<void> {
  // Each statement counts the courses it deletes or inserts out of or into measure_clients.
  await runner.query(
    `WITH deleted AS (
       DELETE FROM client_courses k USING (${clientsSql}) r(measure, client_id)
        WHERE k.measure = r.measure AND k.client_id = r.client_id
       RETURNING k.measure
     )
     ${countedCoursesSql('deleted', '-')}`,
    [...parameters],
  );
  await insertCourses(runner, `WHERE (c.measure, c.client_id) IN (${clientsSql})`, parameters);
  await dropMeasuresWithoutClients(runner);
}

/** Adds the courses of these new clients (no course yet), whose ids are one range: see insertCellsOfNewClients. */
export async function insertCoursesOfNewClients(runner: QueryRunner, fromClientId: number, toClientId: number): Promise<void> {
  await insertCourses(runner, 'WHERE c.client_id BETWEEN $1::bigint AND $2::bigint', [fromClientId, toClientId]);
}

/** Inserts the courses of the clients whose cells `cellsWhere` selects, counted into measure_clients. */
async function insertCourses(runner: QueryRunner, cellsWhere: string, parameters: readonly unknown[]): Promise<void> {
  await runner.query(
    `WITH inserted AS (
       INSERT INTO client_courses (${CLIENT_COURSE_COLUMNS})
       ${coursesFromCellsSql(cellsWhere)}
       RETURNING measure
     )
     ${countedCoursesSql('inserted', '+')}`,
    [...parameters],
  );
}
