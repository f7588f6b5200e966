/**
 * The common filters (cohorts/cohort-filters.ts) as conditions on report cells `c`
 * (kept-cells.sql.ts), for the filters without a site (cells hold every site). A cell carries its
 * session's attributes, so the session filters are conditions on the cell itself.
 */
import { sessionConditions, type SqlParameters } from '../cohorts/cohort-filters.sql.js';
import type { CohortFilters } from '../cohorts/cohort-filters.js';
import { AGGREGATE_SETTINGS } from '../cohorts/read-only-statement.js';

export interface CellConditions {
  conditions: string[];
  /**
   * Whether a clinic or therapist filter selects the cells by an index other than the primary key
   * (a clinic's through report_cells_by_clinic, a therapist's by their clients' keys): PostgreSQL
   * 15 does not keep the client order of a key scan with a list of values on a column after the
   * first, so the statement must be allowed to sort them (few rows: about 1% of the measure's).
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
  if (filters.clinics.length > 0) {
    // The clinics' ids as one array, so that the scan of report_cells_by_clinic (measure,
    // clinic_id, ...) takes them as its index condition and reads only their cells, index-only.
    conditions.push(
      `${c}.clinic_id = ANY(ARRAY(SELECT id FROM clinics WHERE key = ANY(${parameters.add(filters.clinics)}::text[])))`,
    );
  } else if (filters.therapists.length > 0) {
    // A therapist selects few clients (about 0.1% each): name them first through the sessions'
    // index, so that the statement reads only their cells through the primary key instead of every
    // cell of the measure. Exact: a cell whose session passes the filters belongs to a client with
    // such a session.
    conditions.push(
      `${c}.client_id = ANY(ARRAY(SELECT DISTINCT client_id FROM sessions WHERE therapist_id IN (SELECT id FROM therapists WHERE key = ANY(${parameters.add(filters.therapists)}::text[]))))`,
    );
  }
  // The clinic condition is the one above; the rest (therapist too) are conditions on the cell itself.
  conditions.push(...sessionConditions({ ...filters, clinics: [] }, parameters, c));
  return { conditions, byClients: filters.clinics.length > 0 || filters.therapists.length > 0 };
}

/**
 * The settings of a statement on report cells (reports, cohort summaries): AGGREGATE_SETTINGS, with
 * sorting allowed when the cells are read through a clinic's index or by a therapist's clients (see
 * selectedCellConditions): their few rows are sorted, where with sorting discouraged PostgreSQL 15
 * would read every cell of the measure in key order.
 */
export function statementSettings(sortsClients: boolean): Readonly<Record<string, string>> {
  return sortsClients ? { ...AGGREGATE_SETTINGS, enable_sort: 'on' } : AGGREGATE_SETTINGS;
}
