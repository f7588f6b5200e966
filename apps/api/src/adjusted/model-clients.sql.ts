/**
 * The one SQL statement behind the adjusted comparison: one row per model client of
 * report-contract.md section 6, as libs/stats' ModelClientsBuilder makes them from a file.
 *
 * 1. site_values, cells: the selected pre readings' trials are averaged per (client, session, site),
 *    then the sites of a (client, session) are averaged (section 2's site averaging, as
 *    report-inputs.sql.ts does), GROUP BYs in the primary key's order.
 * 2. client_cells, series: one window pass and one aggregate per client, still in key order (no
 *    self-join of the cells, which the planner ran as nested loops over the unindexed CTE: three
 *    minutes on 20,000 clients): the clients whose first session with a pre value is session 1 and
 *    who have a later one, with the session-1 value (baseline) and the value at their last session.
 * 3. The therapist, clinic and condition of each such client's session-1 session: one primary-key
 *    probe of sessions per client. Therapists and clinics come as their ids, with the tables of
 *    stored keys by id beside them (the repository names them by key, as reports do): looking the
 *    keys up per client cost 4 of 7 seconds on 100,000 clients (a scan of the small table per
 *    client), and a join still 1.5 (the planner chose nested loops).
 */
import { DATA_VERSION_SQL } from '../cohorts/data-version.repository.js';
import {
  selectedMeasurementConditions,
  whereClause,
  type SqlParameters,
} from '../cohorts/cohort-filters.sql.js';
import type { AdjustedQuery } from './adjusted-query.js';

/** One row of the statement's `clients` list; therapist and clinic are ids of their tables. */
export interface ModelClientRow {
  client: string;
  therapist: number | null;
  clinic: number | null;
  condition: string | null;
  baseline: number;
  lastSession: number;
  last: number;
}

export function modelClientsSql(query: AdjustedQuery, parameters: SqlParameters): string {
  const where = whereClause([
    `m.phase = 'pre'`,
    ...selectedMeasurementConditions(query.filters, parameters, 'm'),
  ]);
  return `
WITH
site_values AS (
  SELECT m.client_id, m.session_number AS session, avg(m.value) AS value
    FROM measurements m
  ${where}
   GROUP BY m.client_id, m.session_number, m.phase, m.site
),
cells AS (
  SELECT client_id, session, avg(value) AS pre
    FROM site_values
   GROUP BY client_id, session
),
client_cells AS (
  SELECT client_id, session, pre, max(session) OVER (PARTITION BY client_id) AS last_session
    FROM cells
),
series AS (
  SELECT client_id,
         max(pre) FILTER (WHERE session = 1) AS baseline,
         max(pre) FILTER (WHERE session = last_session) AS last,
         max(session) AS last_session
    FROM client_cells
   GROUP BY client_id
  HAVING min(session) = 1 AND max(session) > 1
)
SELECT ${DATA_VERSION_SQL} AS data_version,
       coalesce((
         SELECT json_agg(json_build_object(
                  'client', se.client_id::text,
                  'therapist', s.therapist_id, 'clinic', s.clinic_id,
                  'condition', s.condition,
                  'baseline', se.baseline, 'lastSession', se.last_session, 'last', se.last)
                  ORDER BY se.client_id)
           FROM series se
           JOIN sessions s ON s.client_id = se.client_id AND s.session_number = 1
       ), '[]'::json) AS clients,
       coalesce((SELECT json_object_agg(id, key) FROM therapists), '{}'::json) AS therapist_keys,
       coalesce((SELECT json_object_agg(id, key) FROM clinics), '{}'::json) AS clinic_keys`;
}
