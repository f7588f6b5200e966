/**
 * The common filters (cohorts/cohort-filters.ts) as conditions on report cells `c`
 * (kept-cells.sql.ts), for the filters without a site (cells hold every site). A cell carries its
 * session's attributes, so the session filters are conditions on the cell itself.
 */
import { sessionConditions, type SqlParameters } from '../cohorts/cohort-filters.sql.js';
import type { CohortFilters } from '../cohorts/cohort-filters.js';

export interface CellConditions {
  conditions: string[];
  /**
   * Whether a clinic or therapist filter names the clients first: the cells are then read by
   * those clients' keys, whose order PostgreSQL 15 does not keep (a key scan with a list of values
   * on a column after the first), so the statement must be allowed to sort them.
   */
  byClients: boolean;
}

export function selectedCellConditions(
  filters: CohortFilters & { measure: string },
  parameters: SqlParameters,
  c = 'c',
): CellConditions {
  if (filters.site !== undefined) throw new Error('report cells hold every site: a site filter reads the readings');
  const conditions = [`${c}.measure = ${parameters.add(filters.measure)}`];
  // A clinic or therapist selects few clients (about 1% each): name them first through the
  // sessions' indexes, so that the statement reads only their cells through the primary key
  // instead of every cell of the measure. Exact: a cell whose session passes the filters belongs to
  // a client with such a session.
  const clientSessions: string[] = [];
  if (filters.clinics.length > 0) {
    clientSessions.push(`clinic_id IN (SELECT id FROM clinics WHERE key = ANY(${parameters.add(filters.clinics)}::text[]))`);
  }
  if (filters.therapists.length > 0) {
    clientSessions.push(`therapist_id IN (SELECT id FROM therapists WHERE key = ANY(${parameters.add(filters.therapists)}::text[]))`);
  }
  if (clientSessions.length > 0) {
    conditions.push(`${c}.client_id = ANY(ARRAY(SELECT DISTINCT client_id FROM sessions WHERE ${clientSessions.join(' AND ')}))`);
  }
  conditions.push(...sessionConditions(filters, parameters, c));
  return { conditions, byClients: clientSessions.length > 0 };
}
