/**
 * The one SQL statement behind the adjusted comparison: one row per model client of
 * report-contract.md section 6, as libs/stats' ModelClientsBuilder makes them from a file.
 *
 * 1. site_values, cells: the selected pre readings' trials are averaged per (client, session, site),
 *    then the sites of a (client, session) are averaged (section 2's site averaging, as
 *    report-inputs.sql.ts does), GROUP BYs in the primary key's order.
 * 2. series: the clients whose first session with a pre value is session 1 and who have a later one.
 * 3. Per such client: the session-1 value (baseline), the value at their last session, and the
 *    therapist, clinic (stored keys, as reports name them) and condition of their session-1 session.
 */
import { DATA_VERSION_SQL } from '../cohorts/data-version.repository.js';
import {
  selectedMeasurementConditions,
  whereClause,
  type SqlParameters,
} from '../cohorts/cohort-filters.sql.js';
import type { AdjustedQuery } from './adjusted-query.js';

/** One row of the statement's `clients` list. */
export interface ModelClientRow {
  client: string;
  therapist: string | null;
  clinic: string | null;
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
series AS (
  SELECT client_id, max(session) AS last_session
    FROM cells
   GROUP BY client_id
  HAVING min(session) = 1 AND max(session) > 1
)
SELECT ${DATA_VERSION_SQL} AS data_version,
       coalesce((
         SELECT json_agg(json_build_object(
                  'client', se.client_id::text,
                  'therapist', t.key, 'clinic', c.key, 'condition', s.condition,
                  'baseline', first_cell.pre, 'lastSession', se.last_session, 'last', last_cell.pre)
                  ORDER BY se.client_id)
           FROM series se
           JOIN cells first_cell ON first_cell.client_id = se.client_id AND first_cell.session = 1
           JOIN cells last_cell ON last_cell.client_id = se.client_id AND last_cell.session = se.last_session
           JOIN sessions s ON s.client_id = se.client_id AND s.session_number = 1
           LEFT JOIN therapists t ON t.id = s.therapist_id
           LEFT JOIN clinics c ON c.id = s.clinic_id
       ), '[]'::json) AS clients`;
}
