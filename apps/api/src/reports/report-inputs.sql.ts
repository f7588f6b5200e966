/**
 * The one SQL statement behind a report (design.md principle 2): it reads the measure's rows once,
 * in primary-key order, and returns the sufficient statistics of every section of the report as
 * one row per (group, session), so that `buildReport` (libs/stats) can do the inference.
 *
 * The definitions are those of libs/stats/src/report/cohort.ts and summarize-cohort.ts, which the
 * command line uses; step by step:
 *
 * 1. cells: the measure's report cells (report-cells/kept-cells.sql.ts), kept by every writer in
 *    its own transaction: per (client, session), the trials averaged per site, then the sites
 *    averaged; with the session's attributes. The statement reads one range of their primary key
 *    (measure, client_id, session_number), in client and session order, instead of the readings:
 *    a quarter as many rows on the practice's files, none of them grouped here. With a site filter
 *    (cells hold every site) the same values are computed from that site's readings as before
 *    issue 22 (site_values: trials averaged; cells: with the session's attributes).
 * 2. client_series: one window pass per client, still in key order, attaches what each row needs
 *    from the client's whole series: whether it is the client's first session, the session-1 pre
 *    value (baseline), the last session with a pre value, and the trajectory sums (n, Σt, Σt², Σy,
 *    Σty, Σy² with t = session - 1, accumulated in session order as accumulateClient does).
 * 3. first_groups, grouped: the client's group is the grouping value of their earliest selected
 *    session, taken from that cell's attributes (a clinic's or therapist's key looked up once per
 *    client) and spread over the client's rows by a second window.
 * 4. cell_stats: one hash aggregation by (group, session) computes, with FILTERs, the moments of
 *    the pre and post values (sessions), of post - pre (withinSession), of pre - baseline
 *    (cumulative), the responder counts and the moments of their changes (courseChange) at each
 *    client's last pre session, the cross-products of
 *    (baseline, pre) that the endpoint comparison uses, and gathers each client's trajectory sums
 *    on the row of their first session, packed as float8 bytes (packed-floats.ts). Medians need the
 *    values themselves: each (group, session) returns its pre and post values, packed the same way,
 *    and the medians are taken in Node once the parts, and for a report by all the groups, are put
 *    together (report-cell-parts.ts).
 * 5. Course of treatment (report-contract.md section 5): follow-up readings are a third column of
 *    the cells, used for nothing else. The grouping window also finds each client's first
 *    responding session, their first follow-up after the last pre session and the pre value there
 *    (end of course). A client's time to response is counted on the row of the session it ends
 *    at (t = session - 1: an event at the first response, else a censoring at the last pre
 *    session), and their durability on the row of that follow-up: the moments of follow-up -
 *    baseline and follow-up - end of course, the responder counts, and the days between the two
 *    sessions' stored dates (carried by the cells), gathered for the median.
 *
 * Moments come from PostgreSQL's count/avg/var_samp (Youngs-Cramer updates; m2 = var_samp·(n-1)),
 * the cross-products from regr_*, and the medians from the returned values in Node (medianOf of
 * libs/stats, R's median).
 * They equal the in-memory producer's numbers to rounding (1e-15 relative, not bit for bit: sums
 * run in another order). The responder test is the library's, threshold and all.
 *
 * A report with no filter but the measure (the network's, the overview's first, the scheduled
 * job's) takes another statement to the same cells: keptCoursesReportSql below, which reads what
 * steps 2 and 3 compute from the clients' courses kept beside the cells instead
 * (report-cells/kept-courses.sql.ts), and counts the statistics of clients on the courses alone.
 *
 * The statement runs with sorting discouraged (AGGREGATE_SETTINGS in read-only-statement.ts): the
 * planner's row estimates for these nested aggregates are far off, and it would otherwise sort a
 * million rows that already arrive in order. Except with a clinic or therapist filter, whose
 * clients' cells are read by key and sorted (few rows: see cell-filters.sql.ts).
 */
import { improvementSign, MCID_RELATIVE_TOLERANCE, UNSPECIFIED_GROUP } from '@threshold/stats';
import { DATA_VERSION_SQL } from '../cohorts/data-version.repository.js';
import { selectedMeasurementConditions, whereClause, type SqlParameters } from '../cohorts/cohort-filters.sql.js';
import { selectedCellConditions } from '../report-cells/cell-filters.sql.js';
import type { GroupingColumn, ReportQuery } from './report-query.js';

/**
 * The grouping value of a client's first cell `cs` (or of their course, which carries that cell's
 * attributes), as the command line names groups (stored keys for therapist and clinic).
 */
function groupExpression(by: GroupingColumn, parameters: SqlParameters, cs = 'cs'): string {
  // Added only where used: PostgreSQL cannot type a parameter that appears nowhere.
  const unspecified = () => `${parameters.add(UNSPECIFIED_GROUP)}::text`;
  switch (by) {
    case 'technique':
      return `${cs}.technique`;
    case 'condition':
      return `coalesce(${cs}.condition, ${unspecified()})`;
    case 'therapist_id':
      return `coalesce((SELECT t.key FROM therapists t WHERE t.id = ${cs}.therapist_id), ${unspecified()})`;
    case 'clinic_id':
      return `coalesce((SELECT c.key FROM clinics c WHERE c.id = ${cs}.clinic_id), ${unspecified()})`;
    case 'all':
      return `${parameters.add('all')}::text`;
  }
}

/**
 * The responder test in SQL: `reaches(change)` is true where a change reaches the MCID in the
 * measure's better direction. sign · change >= threshold is change >= threshold when higher is
 * better and change <= -threshold when lower is better (negation is exact), as isResponder decides.
 * `threshold` is its placeholder, for the statements that need it alone.
 */
function responderTest(query: ReportQuery, parameters: SqlParameters): { reaches: (change: string) => string; threshold: string } {
  const sign = parameters.add(improvementSign(query.measure.direction));
  const threshold = parameters.add(query.mcid * (1 - MCID_RELATIVE_TOLERANCE));
  return { reaches: (change) => `${sign}::float8 * (${change}) >= ${threshold}::float8`, threshold };
}

/** The condition that leaves out the clients of the excluded groups (by their `grp`), or nothing. */
function excludedGroupsWhere(query: ReportQuery, parameters: SqlParameters): string {
  return query.excludeGroups === undefined || query.excludeGroups.length === 0
    ? ''
    : `WHERE NOT (grp = ANY(${parameters.add(query.excludeGroups)}::text[]))`;
}

/**
 * One of the parts of a report computed in parallel (reports.repository.ts): the clients whose ids
 * lie in [fromClientId, toClientId]. A part's moments and cross-products merge exactly with the
 * other parts'; medians cannot, so every statement returns the values themselves (preValues,
 * postValues) and the medians are taken after the merge.
 */
export interface ClientIdRange {
  fromClientId: string;
  toClientId: string;
}

/** The report statement, and whether it must be allowed to sort (see selectedCellConditions). */
export interface ReportStatement {
  sql: string;
  sortsClients: boolean;
}

export function reportCellsSql(query: ReportQuery, parameters: SqlParameters, part?: ClientIdRange): ReportStatement {
  if (readsKeptCourses(query)) return { sql: keptCoursesReportSql(query, parameters, part), sortsClients: false };
  const { cells, sortsClients } = cellsSql(query, parameters, part);
  // The values, and every client's trajectory sums, go out packed in columns beside the cell's
  // JSON (packed-floats.ts): printed as JSON numbers, the million values of a network report's
  // part cost more to print, send and parse than the statement spent gathering them.
  const gathered = (column: 'pre' | 'post') =>
    `string_agg(float8send(${column}), ''::bytea) FILTER (WHERE ${column} IS NOT NULL)`;
  const group = groupExpression(query.by, parameters);
  const { reaches } = responderTest(query, parameters);
  const excluded = excludedGroupsWhere(query, parameters);
  const sql = `
WITH
${cells},
client_series AS (
  SELECT client_id, session, pre, post, followup, technique, condition, therapist_id, clinic_id, session_date,
         session = min(session) OVER whole_client AS first_row,
         max(pre) FILTER (WHERE session = 1) OVER whole_client AS baseline,
         max(session) FILTER (WHERE pre IS NOT NULL) OVER whole_client AS last_pre_session,
         count(pre) OVER whole_client AS n,
         sum((session - 1)::float8) FILTER (WHERE pre IS NOT NULL) OVER whole_client AS st,
         sum((session - 1)::float8 * (session - 1)) FILTER (WHERE pre IS NOT NULL) OVER whole_client AS stt,
         sum(pre) OVER whole_client AS sy,
         sum((session - 1) * pre) OVER whole_client AS sty,
         sum(pre * pre) OVER whole_client AS syy
    FROM cells
  WINDOW whole_client AS (PARTITION BY client_id ORDER BY session ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
first_groups AS (
  SELECT cs.*,
         CASE WHEN cs.first_row THEN ${group} END AS first_group
    FROM client_series cs
),
grouped AS (
  SELECT f.*, max(f.first_group) OVER whole_client AS grp,
         min(f.session) FILTER (
           WHERE f.session > 1 AND ${reaches('f.pre - f.baseline')}
         ) OVER whole_client AS first_response,
         min(f.session) FILTER (WHERE f.followup IS NOT NULL) OVER whole_client AS first_followup,
         min(f.session) FILTER (WHERE f.followup IS NOT NULL AND f.session > f.last_pre_session) OVER whole_client
           AS followup_after_course,
         max(f.pre) FILTER (WHERE f.session = f.last_pre_session) OVER whole_client AS end_of_course,
         max(f.session_date) FILTER (WHERE f.session = f.last_pre_session) OVER whole_client AS end_of_course_date
    FROM first_groups f
  WINDOW whole_client AS (PARTITION BY f.client_id)
),
courses AS (
  SELECT g.*,
         g.session = g.followup_after_course AND g.baseline IS NOT NULL AND g.last_pre_session > 1 AS durability_row
    FROM grouped g
),
course_days AS (
  SELECT c.*,
         CASE WHEN c.durability_row THEN c.session_date - c.end_of_course_date END AS days_to_followup
    FROM courses c
),
cell_stats AS (
  SELECT grp, session,
         count(*) FILTER (WHERE first_row) AS clients,
         count(pre) AS pre_n, avg(pre) AS pre_mean, var_samp(pre) AS pre_variance,
         ${gathered('pre')} AS pre_values,
         count(post) AS post_n, avg(post) AS post_mean, var_samp(post) AS post_variance,
         ${gathered('post')} AS post_values,
         count(post - pre) AS within_n, avg(post - pre) AS within_mean, var_samp(post - pre) AS within_variance,
         count(pre - baseline) FILTER (WHERE session > 1) AS cumulative_n,
         avg(pre - baseline) FILTER (WHERE session > 1) AS cumulative_mean,
         var_samp(pre - baseline) FILTER (WHERE session > 1) AS cumulative_variance,
         count(pre - baseline) FILTER (WHERE session > 1 AND session = last_pre_session) AS responders_n,
         count(pre - baseline) FILTER (
           WHERE session > 1 AND session = last_pre_session AND ${reaches('pre - baseline')}
         ) AS responders_count,
         avg(pre - baseline) FILTER (WHERE session > 1 AND session = last_pre_session) AS course_mean,
         var_samp(pre - baseline) FILTER (WHERE session > 1 AND session = last_pre_session) AS course_variance,
         regr_count(pre, baseline) FILTER (WHERE session > 1) AS endpoint_n,
         regr_avgx(pre, baseline) FILTER (WHERE session > 1) AS endpoint_mean_x,
         regr_avgy(pre, baseline) FILTER (WHERE session > 1) AS endpoint_mean_y,
         regr_sxx(pre, baseline) FILTER (WHERE session > 1) AS endpoint_sxx,
         regr_sxy(pre, baseline) FILTER (WHERE session > 1) AS endpoint_sxy,
         regr_syy(pre, baseline) FILTER (WHERE session > 1) AS endpoint_syy,
         string_agg(
           float8send(n::float8) || float8send(st) || float8send(stt) || float8send(sy) || float8send(sty) || float8send(syy),
           ''::bytea
         ) FILTER (WHERE first_row AND n > 0) AS trajectory_clients,
         count(*) FILTER (WHERE baseline IS NOT NULL AND session = first_response) AS response_events,
         count(*) FILTER (
           WHERE baseline IS NOT NULL AND first_response IS NULL AND session = last_pre_session
         ) AS response_censored,
         count(*) FILTER (WHERE session = first_followup) AS followup_clients,
         count(*) FILTER (WHERE durability_row) AS durability_n,
         avg(followup - baseline) FILTER (WHERE durability_row) AS since_start_mean,
         var_samp(followup - baseline) FILTER (WHERE durability_row) AS since_start_variance,
         avg(followup - end_of_course) FILTER (WHERE durability_row) AS since_end_mean,
         var_samp(followup - end_of_course) FILTER (WHERE durability_row) AS since_end_variance,
         count(*) FILTER (
           WHERE durability_row AND ${reaches('followup - baseline')}
         ) AS followup_responders,
         count(*) FILTER (
           WHERE durability_row AND ${reaches('end_of_course - baseline')}
         ) AS end_responders,
         count(*) FILTER (
           WHERE durability_row AND ${reaches('end_of_course - baseline')} AND ${reaches('followup - baseline')}
         ) AS held_responders,
         array_agg(days_to_followup) FILTER (WHERE durability_row AND days_to_followup IS NOT NULL) AS days_to_followup,
         count(*) FILTER (WHERE durability_row AND days_to_followup IS NULL) AS undated_followups
    FROM course_days
  ${excluded}
   GROUP BY grp, session
)
${CELL_ROWS}`;
  return { sql, sortsClients };
}

/**
 * The statement's last step: each row of `cell_stats` (one per group and session) as the row
 * reportCellsOf reads, with the data version they were read at (a row without a cell when nothing
 * was selected).
 */
const CELL_ROWS = `SELECT v.data_version, s.cell, s.pre_values, s.post_values, s.trajectory_clients
  FROM (SELECT ${DATA_VERSION_SQL} AS data_version) v
  LEFT JOIN (
    SELECT json_build_object(
             'group', grp, 'session', session, 'clients', clients,
             'preN', pre_n, 'preMean', pre_mean, 'preVariance', pre_variance,
             'postN', post_n, 'postMean', post_mean, 'postVariance', post_variance,
             'withinN', within_n, 'withinMean', within_mean, 'withinVariance', within_variance,
             'cumulativeN', cumulative_n, 'cumulativeMean', cumulative_mean, 'cumulativeVariance', cumulative_variance,
             'respondersN', responders_n, 'respondersCount', responders_count,
             'courseMean', course_mean, 'courseVariance', course_variance,
             'endpointN', endpoint_n, 'endpointMeanX', endpoint_mean_x, 'endpointMeanY', endpoint_mean_y,
             'endpointSxx', endpoint_sxx, 'endpointSxy', endpoint_sxy, 'endpointSyy', endpoint_syy,
             'responseEvents', response_events, 'responseCensored', response_censored,
             'followupClients', followup_clients, 'durabilityN', durability_n,
             'sinceStartMean', since_start_mean, 'sinceStartVariance', since_start_variance,
             'sinceEndMean', since_end_mean, 'sinceEndVariance', since_end_variance,
             'followupResponders', followup_responders, 'endResponders', end_responders,
             'heldResponders', held_responders,
             'daysToFollowup', coalesce(to_json(days_to_followup), '[]'::json),
             'undatedFollowups', undated_followups) AS cell,
           encode(pre_values, 'base64') AS pre_values,
           encode(post_values, 'base64') AS post_values,
           encode(trajectory_clients, 'base64') AS trajectory_clients
      FROM cell_stats
  ) s ON true`;

/** Whether a report reads the kept client courses: no filter but the measure (see kept-courses.sql.ts). */
export function readsKeptCourses(query: ReportQuery): boolean {
  const { site, conditions, techniques, clinics, therapists, from, to } = query.filters;
  return (
    site === undefined &&
    from === undefined &&
    to === undefined &&
    [conditions, techniques, clinics, therapists].every((selected) => selected.length === 0)
  );
}

/**
 * The report statement of an unfiltered report: the same cells as reportCellsSql's, from the kept
 * cells and client courses (report-cells/kept-courses.sql.ts), in two kinds of steps:
 *
 * - cell_values: each cell joined to its client's course (for the group and the baseline), grouped
 *   by (group, session): the statistics of cells (sessions, withinSession, cumulative, endpoint);
 * - the statistics of clients, each counted at one session of the client (their first session, the
 *   end of their course, their first response, their first follow-up, the follow-up after the
 *   course): grouped from the courses alone, a twelfth of the cells on the benchmark shape.
 *
 * Each client statistic is a FILTER on its own small aggregation, where the statement on cells
 * evaluated every one on every cell (measured on the 1.2-million-reading benchmark set: 3.0 s
 * before, see docs/scaling.md 4.7). Every client statistic lands on a session the client has a
 * cell at, in the client's group, so each joins a row of cell_values.
 */
function keptCoursesReportSql(query: ReportQuery, parameters: SqlParameters, part?: ClientIdRange): string {
  const measure = parameters.add(query.filters.measure);
  const range = (alias: string) =>
    part === undefined
      ? ''
      : ` AND ${alias}.client_id BETWEEN ${parameters.add(part.fromClientId)}::bigint AND ${parameters.add(part.toClientId)}::bigint`;
  const cellsRange = range('c');
  const coursesRange = range('k');
  const group = groupExpression(query.by, parameters, 'k');
  const { reaches, threshold } = responderTest(query, parameters);
  const excluded = excludedGroupsWhere(query, parameters);
  // The cells join the courses table itself, not the courses step: PostgreSQL knows the table's
  // size and hashes the courses; a step's size it guesses, and it hashed 1.2 million cells instead.
  const coursesOfCells = `SELECT * FROM (SELECT k.client_id, k.baseline, ${group} AS grp FROM client_courses k WHERE k.measure = ${measure}${coursesRange}) courses
      ${excluded}`;
  const gathered = (column: 'pre' | 'post') =>
    `string_agg(float8send(c.${column}), ''::bytea) FILTER (WHERE c.${column} IS NOT NULL)`;
  return `
WITH
courses AS (
  SELECT * FROM (
    SELECT k.client_id, k.first_session, k.baseline, k.last_pre_session, k.n, k.st, k.stt, k.sy, k.sty, k.syy,
           k.response_sessions[width_bucket(-${threshold}::float8, k.response_bounds)] AS first_response,
           k.first_followup, k.followup_after_course, k.end_of_course, k.course_followup, k.days_to_followup,
           ${group} AS grp
      FROM client_courses k
     WHERE k.measure = ${measure}${coursesRange}
     ORDER BY k.client_id
  ) courses
  ${excluded}
),
cell_values AS (
  SELECT k.grp, c.session_number AS session,
         count(c.pre) AS pre_n, avg(c.pre) AS pre_mean, var_samp(c.pre) AS pre_variance,
         ${gathered('pre')} AS pre_values,
         count(c.post) AS post_n, avg(c.post) AS post_mean, var_samp(c.post) AS post_variance,
         ${gathered('post')} AS post_values,
         count(c.post - c.pre) AS within_n, avg(c.post - c.pre) AS within_mean, var_samp(c.post - c.pre) AS within_variance,
         count(c.pre - k.baseline) FILTER (WHERE c.session_number > 1) AS cumulative_n,
         avg(c.pre - k.baseline) FILTER (WHERE c.session_number > 1) AS cumulative_mean,
         var_samp(c.pre - k.baseline) FILTER (WHERE c.session_number > 1) AS cumulative_variance,
         regr_count(c.pre, k.baseline) FILTER (WHERE c.session_number > 1) AS endpoint_n,
         regr_avgx(c.pre, k.baseline) FILTER (WHERE c.session_number > 1) AS endpoint_mean_x,
         regr_avgy(c.pre, k.baseline) FILTER (WHERE c.session_number > 1) AS endpoint_mean_y,
         regr_sxx(c.pre, k.baseline) FILTER (WHERE c.session_number > 1) AS endpoint_sxx,
         regr_sxy(c.pre, k.baseline) FILTER (WHERE c.session_number > 1) AS endpoint_sxy,
         regr_syy(c.pre, k.baseline) FILTER (WHERE c.session_number > 1) AS endpoint_syy
    FROM report_cells c
    JOIN (
      ${coursesOfCells}
    ) k ON k.client_id = c.client_id
   WHERE c.measure = ${measure}${cellsRange}
   GROUP BY k.grp, c.session_number
),
-- Clients in id order (the courses step reads them in key order), as the statement on cells
-- gathers them: the mixed model's iterations sum over clients in this order, and its last digits
-- (df to 1e-9) follow it, so that equal data gives equal answers wherever its rows lie.
at_first_session AS (
  SELECT grp, first_session AS session, count(*) AS clients,
         string_agg(
           float8send(n::float8) || float8send(st) || float8send(stt) || float8send(sy) || float8send(sty) || float8send(syy),
           ''::bytea
         ) FILTER (WHERE n > 0) AS trajectory_clients
    FROM courses GROUP BY 1, 2
),
at_course_end AS (
  SELECT grp, last_pre_session AS session,
         count(*) FILTER (WHERE last_pre_session > 1) AS responders_n,
         count(*) FILTER (WHERE last_pre_session > 1 AND ${reaches('end_of_course - baseline')}) AS responders_count,
         avg(end_of_course - baseline) FILTER (WHERE last_pre_session > 1) AS course_mean,
         var_samp(end_of_course - baseline) FILTER (WHERE last_pre_session > 1) AS course_variance,
         count(*) FILTER (WHERE first_response IS NULL) AS response_censored
    FROM courses WHERE baseline IS NOT NULL GROUP BY 1, 2
),
at_first_response AS (
  SELECT grp, first_response AS session, count(*) AS response_events
    FROM courses WHERE baseline IS NOT NULL AND first_response IS NOT NULL GROUP BY 1, 2
),
at_first_followup AS (
  SELECT grp, first_followup AS session, count(*) AS followup_clients
    FROM courses WHERE first_followup IS NOT NULL GROUP BY 1, 2
),
at_followup_after_course AS (
  SELECT grp, followup_after_course AS session,
         count(*) AS durability_n,
         avg(course_followup - baseline) AS since_start_mean,
         var_samp(course_followup - baseline) AS since_start_variance,
         avg(course_followup - end_of_course) AS since_end_mean,
         var_samp(course_followup - end_of_course) AS since_end_variance,
         count(*) FILTER (WHERE ${reaches('course_followup - baseline')}) AS followup_responders,
         count(*) FILTER (WHERE ${reaches('end_of_course - baseline')}) AS end_responders,
         count(*) FILTER (WHERE ${reaches('end_of_course - baseline')} AND ${reaches('course_followup - baseline')}) AS held_responders,
         array_agg(days_to_followup) FILTER (WHERE days_to_followup IS NOT NULL) AS days_to_followup,
         count(*) FILTER (WHERE days_to_followup IS NULL) AS undated_followups
    FROM courses
   WHERE followup_after_course IS NOT NULL AND baseline IS NOT NULL AND last_pre_session > 1
   GROUP BY 1, 2
),
cell_stats AS (
  SELECT v.*,
         coalesce(f.clients, 0) AS clients, f.trajectory_clients,
         coalesce(e.responders_n, 0) AS responders_n, coalesce(e.responders_count, 0) AS responders_count,
         e.course_mean, e.course_variance,
         coalesce(r.response_events, 0) AS response_events, coalesce(e.response_censored, 0) AS response_censored,
         coalesce(u.followup_clients, 0) AS followup_clients,
         coalesce(d.durability_n, 0) AS durability_n,
         d.since_start_mean, d.since_start_variance, d.since_end_mean, d.since_end_variance,
         coalesce(d.followup_responders, 0) AS followup_responders, coalesce(d.end_responders, 0) AS end_responders,
         coalesce(d.held_responders, 0) AS held_responders, d.days_to_followup,
         coalesce(d.undated_followups, 0) AS undated_followups
    FROM cell_values v
    LEFT JOIN at_first_session f USING (grp, session)
    LEFT JOIN at_course_end e USING (grp, session)
    LEFT JOIN at_first_response r USING (grp, session)
    LEFT JOIN at_first_followup u USING (grp, session)
    LEFT JOIN at_followup_after_course d USING (grp, session)
)
${CELL_ROWS}`;
}

/**
 * The statement's first steps, ending in `cells` (client_id, session, pre, post, followup and the
 * session's attributes): the kept cells, or for one site its readings grouped as the cells are.
 */
function cellsSql(query: ReportQuery, parameters: SqlParameters, part?: ClientIdRange): { cells: string; sortsClients: boolean } {
  const clientRange = (alias: string) =>
    part === undefined
      ? []
      : [`${alias}.client_id BETWEEN ${parameters.add(part.fromClientId)}::bigint AND ${parameters.add(part.toClientId)}::bigint`];
  if (query.filters.site === undefined) {
    const { conditions, byClients } = selectedCellConditions(query.filters, parameters, 'c');
    // client_id follows the measure in the primary key: each part reads its own range of it, still in key order.
    const where = whereClause([...conditions, ...clientRange('c')]);
    return {
      cells: `cells AS (
  SELECT c.client_id, c.session_number AS session, c.pre, c.post, c.followup,
         c.technique, c.condition, c.therapist_id, c.clinic_id, c.session_date
    FROM report_cells c
  ${where}
)`,
      sortsClients: byClients,
    };
  }
  const where = whereClause([...selectedMeasurementConditions(query.filters, parameters, 'm'), ...clientRange('m')]);
  return {
    cells: `site_values AS (
  SELECT m.client_id, m.session_number AS session, m.phase, avg(m.value) AS value
    FROM measurements m
  ${where}
   GROUP BY m.client_id, m.session_number, m.phase, m.site
),
site_cells AS (
  SELECT client_id, session,
         avg(value) FILTER (WHERE phase = 'pre') AS pre,
         avg(value) FILTER (WHERE phase = 'post') AS post,
         avg(value) FILTER (WHERE phase = 'followup') AS followup
    FROM site_values
   GROUP BY client_id, session
),
cells AS (
  SELECT v.client_id, v.session, v.pre, v.post, v.followup,
         s.technique, s.condition, s.therapist_id, s.clinic_id, s.session_date
    FROM site_cells v JOIN sessions s ON s.client_id = v.client_id AND s.session_number = v.session
)`,
    sortsClients: false,
  };
}
