/**
 * The common filters as SQL conditions. Values always travel as bind parameters ($1, $2, ...),
 * never inside the SQL text; only table aliases chosen by the code are interpolated.
 */
import { UNSPECIFIED_GROUP } from '@threshold/stats';
import type { CohortFilters } from './cohort-filters.js';

/** Collects bind parameters and hands out their placeholders. */
export class SqlParameters {
  readonly values: unknown[] = [];

  /** The placeholder of a new parameter holding `value`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Conditions on a measurements row `m`: its measure and site. */
export function measurementConditions(filters: CohortFilters, parameters: SqlParameters, m = 'm'): string[] {
  const conditions: string[] = [];
  if (filters.measure !== undefined) conditions.push(`${m}.measure = ${parameters.add(filters.measure)}`);
  if (filters.site !== undefined) conditions.push(`${m}.site = ${parameters.add(filters.site)}`);
  return conditions;
}

/** Conditions on a sessions row `s`: technique, condition, clinic, therapist and dates. */
export function sessionConditions(filters: CohortFilters, parameters: SqlParameters, s = 's'): string[] {
  const conditions: string[] = [];
  if (filters.techniques.length > 0)
    conditions.push(`${s}.technique = ANY(${parameters.add(filters.techniques)}::text[])`);
  if (filters.conditions.length > 0) {
    const list = parameters.add(filters.conditions);
    // Sessions without a condition are the report's 'unspecified' group, and are selected by that name.
    conditions.push(
      `(${s}.condition = ANY(${list}::text[]) OR (${s}.condition IS NULL AND ${parameters.add(UNSPECIFIED_GROUP)}::text = ANY(${list}::text[])))`,
    );
  }
  if (filters.clinics.length > 0) {
    conditions.push(
      `${s}.clinic_id IN (SELECT id FROM clinics WHERE key = ANY(${parameters.add(filters.clinics)}::text[]))`,
    );
  }
  if (filters.therapists.length > 0) {
    conditions.push(
      `${s}.therapist_id IN (SELECT id FROM therapists WHERE key = ANY(${parameters.add(filters.therapists)}::text[]))`,
    );
  }
  if (filters.from !== undefined)
    conditions.push(`${s}.session_date >= ${parameters.add(filters.from)}::date`);
  if (filters.to !== undefined) conditions.push(`${s}.session_date <= ${parameters.add(filters.to)}::date`);
  return conditions;
}

/** Whether any filter is on the session (and so needs the sessions table). */
export function hasSessionFilters(filters: CohortFilters): boolean {
  return (
    filters.techniques.length > 0 ||
    filters.conditions.length > 0 ||
    filters.clinics.length > 0 ||
    filters.therapists.length > 0 ||
    filters.from !== undefined ||
    filters.to !== undefined
  );
}

/**
 * The conditions selecting measurements `m` by every filter: the session filters as an EXISTS on
 * the session's primary key (client_id, session_number), which keeps a scan of `m` in key order.
 */
export function selectedMeasurementConditions(
  filters: CohortFilters,
  parameters: SqlParameters,
  m = 'm',
): string[] {
  const conditions = measurementConditions(filters, parameters, m);
  // A clinic or therapist selects few clients: name them first, so that the scan reads only their
  // rows through the primary key (client_id leads it) instead of every reading of the measure.
  // Exact: a reading whose session passes the filters belongs to a client with such a session.
  const clientSessions: string[] = [];
  if (filters.clinics.length > 0) {
    clientSessions.push(`clinic_id IN (SELECT id FROM clinics WHERE key = ANY(${parameters.add(filters.clinics)}::text[]))`);
  }
  if (filters.therapists.length > 0) {
    clientSessions.push(`therapist_id IN (SELECT id FROM therapists WHERE key = ANY(${parameters.add(filters.therapists)}::text[]))`);
  }
  if (clientSessions.length > 0) {
    conditions.push(
      `${m}.client_id = ANY(ARRAY(SELECT DISTINCT client_id FROM sessions WHERE ${clientSessions.join(' AND ')}))`,
    );
  }
  if (hasSessionFilters(filters)) {
    conditions.push(
      `EXISTS (SELECT 1 FROM sessions fs WHERE fs.client_id = ${m}.client_id AND fs.session_number = ${m}.session_number AND ${sessionConditions(filters, parameters, 'fs').join(' AND ')})`,
    );
  }
  return conditions;
}

/** `WHERE a AND b`, or nothing for no conditions. */
export function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}
