/**
 * The only place where cohort questions talk to the database: what data there is (for the filter
 * controls), how much of it a filter selects, and which measurements are missing. Raw SQL with
 * GROUP BYs in the tables' key order; every answer is one round trip.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UNSPECIFIED_GROUP } from '@threshold/stats';
import type { DataSource } from 'typeorm';
import type { CohortFilters } from './cohort-filters.js';
import {
  hasSessionFilters,
  measurementConditions,
  selectedMeasurementConditions,
  sessionConditions,
  SqlParameters,
  whereClause,
} from './cohort-filters.sql.js';
import { AGGREGATE_SETTINGS, readOnlyStatement } from './read-only-statement.js';
import { DATA_VERSION_SQL } from './data-version.repository.js';
import { selectedCellConditions, statementSettings } from '../report-cells/cell-filters.sql.js';

export interface DateRange {
  from: string | null;
  to: string | null;
}

export interface FilterValuesRow {
  measures: string[];
  sites: string[];
  conditions: string[];
  techniques: string[];
  clinics: string[];
  therapists: string[];
  dateRange: DateRange;
  dataVersion: number;
}

export interface SummaryRow {
  clients: number;
  sessions: number;
  measurements: number;
  clinics: number;
  therapists: number;
  measures: { code: string; clients: number; measurements: number }[];
  dateRange: DateRange;
  dataVersion: number;
}

export interface CoverageRow {
  /** How many clients' last selected session is each session number. */
  lastSessions: { session: number; clients: number }[];
  cells: { session: number; phase: 'pre' | 'post' | 'followup'; site: string; clients: number }[];
  dataVersion: number;
}

/**
 * Distinct values of (measure, site), from the counts of readings by clinic, measure and site kept
 * by every writer (report-cells/kept-reading-sites.sql.ts): a few rows, where a pass over every
 * reading took 1.5 s on three processes on the 12-million-reading practice set.
 */
const MEASURE_SITE_PAIRS_SQL = `SELECT measure, site FROM reading_sites GROUP BY measure, site`;

@Injectable()
export class CohortsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The measures that have rows, in code-point order. */
  async measuresPresent(): Promise<string[]> {
    const rows: { measure: string }[] = await this.dataSource.query(
      `SELECT measure FROM (SELECT DISTINCT measure FROM (${MEASURE_SITE_PAIRS_SQL}) pairs) p ORDER BY measure COLLATE "C"`,
    );
    return rows.map((row) => row.measure);
  }

  /**
   * The distinct values the filter controls offer. `clinicScope` (stored keys) limits every list
   * (measures, sites, conditions, techniques, clinics, therapists, the date range) to what a user's
   * clinics have: other clinics' technique and condition names and dates are theirs; empty: all.
   */
  async filterValues(clinicScope: readonly string[]): Promise<FilterValuesRow> {
    const parameters = new SqlParameters();
    const inScope = clinicScope.length === 0 ? 'true' : `key = ANY(${parameters.add(clinicScope)}::text[])`;
    // Therapists, sessions and readings carry their clinic's id.
    const ofClinicsInScope = clinicScope.length === 0 ? 'true' : `clinic_id IN (SELECT id FROM clinics WHERE ${inScope})`;
    const unspecified = `${parameters.add(UNSPECIFIED_GROUP)}::text`;
    const [row]: FilterValuesRow[] = await this.dataSource.query(
      `WITH pairs AS MATERIALIZED (SELECT measure, site FROM reading_sites WHERE ${ofClinicsInScope} GROUP BY measure, site),
            session_values AS MATERIALIZED (SELECT DISTINCT technique, condition FROM session_groups WHERE ${ofClinicsInScope})
       SELECT coalesce((SELECT array_agg(DISTINCT measure COLLATE "C" ORDER BY measure COLLATE "C") FROM pairs), '{}') AS measures,
              coalesce((SELECT array_agg(DISTINCT site COLLATE "C" ORDER BY site COLLATE "C") FROM pairs WHERE site <> ''), '{}') AS sites,
              coalesce((SELECT array_agg(DISTINCT coalesce(condition, ${unspecified}) COLLATE "C" ORDER BY coalesce(condition, ${unspecified}) COLLATE "C")
                          FROM session_values), '{}') AS conditions,
              coalesce((SELECT array_agg(DISTINCT technique COLLATE "C" ORDER BY technique COLLATE "C") FROM session_values), '{}') AS techniques,
              coalesce((SELECT array_agg(key ORDER BY key COLLATE "C") FROM clinics WHERE ${inScope}), '{}') AS clinics,
              coalesce((SELECT array_agg(key ORDER BY key COLLATE "C") FROM therapists WHERE ${ofClinicsInScope}), '{}') AS therapists,
              json_build_object('from', (SELECT min(session_date) FROM session_dates WHERE ${ofClinicsInScope})::text,
                                'to', (SELECT max(session_date) FROM session_dates WHERE ${ofClinicsInScope})::text) AS "dateRange",
              ${DATA_VERSION_SQL} AS "dataVersion"`,
      parameters.values,
    );
    return row;
  }

  /**
   * How much the filters select: clients, sessions and readings, overall and per measure. Sessions
   * exist only because readings do, so without a measure or site filter the selected sessions are
   * those passing the session filters; with one, those that also have a selected reading.
   */
  async summary(filters: CohortFilters): Promise<SummaryRow> {
    if (filters.measure !== undefined && filters.site === undefined) {
      return this.summaryOfCells({ ...filters, measure: filters.measure });
    }
    if (filters.measure === undefined && filters.site === undefined && !hasSessionFilters(filters)) {
      return this.summaryOfAll();
    }
    const parameters = new SqlParameters();
    const perMeasure = perMeasureSql(filters, parameters);
    const sessionConditionList = sessionConditions(filters, parameters, 's');
    const readingConditions = measurementConditions(filters, parameters, 'r');
    if (readingConditions.length > 0) {
      sessionConditionList.push(
        `EXISTS (SELECT 1 FROM measurements r WHERE r.client_id = s.client_id AND r.session_number = s.session_number AND ${readingConditions.join(' AND ')})`,
      );
    }
    const selectedSessions = `SELECT s.client_id, s.clinic_id, s.therapist_id, s.session_date FROM sessions s ${whereClause(sessionConditionList)}`;
    const [row] = await readOnlyStatement<SummaryRow>(
      this.dataSource,
      AGGREGATE_SETTINGS,
      `WITH per_client AS (
         -- One row per client, in primary-key order, so this groups without sorting.
         SELECT client_id, count(*) AS sessions, min(session_date) AS first_date, max(session_date) AS last_date
           FROM (${selectedSessions}) s GROUP BY client_id
       ),
       care AS (
         SELECT clinic_id, therapist_id FROM (${selectedSessions}) s GROUP BY clinic_id, therapist_id
       ),
       per_measure AS (${perMeasure}),
       totals AS (
         SELECT count(*)::integer AS clients, coalesce(sum(sessions), 0)::integer AS sessions,
                min(first_date)::text AS first_date, max(last_date)::text AS last_date
           FROM per_client
       )
       SELECT t.clients, t.sessions,
              (SELECT coalesce(sum(measurements), 0) FROM per_measure)::integer AS measurements,
              (SELECT count(DISTINCT clinic_id) FROM care)::integer AS clinics,
              (SELECT count(DISTINCT therapist_id) FROM care)::integer AS therapists,
              coalesce((SELECT json_agg(json_build_object('code', measure, 'clients', clients, 'measurements', measurements)
                                        ORDER BY measure COLLATE "C") FROM per_measure), '[]') AS measures,
              json_build_object('from', t.first_date, 'to', t.last_date) AS "dateRange",
              ${DATA_VERSION_SQL} AS "dataVersion"
         FROM totals t`,
      parameters.values,
    );
    return row;
  }

  /**
   * The summary of one measure without a site, from its report cells alone: a session has a
   * reading of the measure exactly when it has a cell of it, and the cell carries the session's
   * attributes and its count of readings (report-cells/kept-cells.sql.ts). The readings' EXISTS
   * per session that the general statement needs took 8.7 s on the 12-million-reading practice
   * set; this reads the measure's cells once, grouped by clinic and therapist (a few hundred
   * groups), and takes the clients from the kept count of the measure's courses (one per client
   * of the measure; report-cells/kept-measure-clients.sql.ts) when no other filter selects, else
   * counts them as distinct clients of the selected cells (docs/scaling.md 4.8, 4.10).
   */
  private async summaryOfCells(filters: CohortFilters & { measure: string }): Promise<SummaryRow> {
    const parameters = new SqlParameters();
    const { conditions, byClients } = selectedCellConditions(filters, parameters, 'c');
    const where = whereClause(conditions);
    const measure = parameters.add(filters.measure);
    const clients = hasSessionFilters(filters)
      ? `(SELECT count(*) FROM (SELECT DISTINCT c.client_id FROM report_cells c ${where}) selected)`
      : `coalesce((SELECT k.clients FROM measure_clients k WHERE k.measure = ${measure}), 0)`;
    const [row] = await readOnlyStatement<SummaryRow>(
      this.dataSource,
      statementSettings(byClients),
      `WITH care AS (
         SELECT c.clinic_id, c.therapist_id, count(*) AS sessions, sum(c.readings) AS readings,
                min(c.session_date) AS first_date, max(c.session_date) AS last_date
           FROM report_cells c ${where}
          GROUP BY c.clinic_id, c.therapist_id
       ),
       totals AS (
         SELECT ${clients}::integer AS clients, coalesce(sum(sessions), 0)::integer AS sessions,
                coalesce(sum(readings), 0)::integer AS readings,
                count(DISTINCT clinic_id)::integer AS clinics, count(DISTINCT therapist_id)::integer AS therapists,
                min(first_date)::text AS first_date, max(last_date)::text AS last_date
           FROM care
       )
       SELECT t.clients, t.sessions, t.readings AS measurements, t.clinics, t.therapists,
              CASE WHEN t.sessions = 0 THEN '[]'::json
                   ELSE json_build_array(json_build_object('code', ${measure}::text, 'clients', t.clients, 'measurements', t.readings))
              END AS measures,
              json_build_object('from', t.first_date, 'to', t.last_date) AS "dateRange",
              ${DATA_VERSION_SQL} AS "dataVersion"
         FROM totals t`,
      parameters.values,
    );
    return row;
  }

  /**
   * The summary of all the data, with no filter, from kept counts: the sessions, clinics and
   * therapists from the session groups and their first and last dates from the kept
   * session dates (report-cells/kept-session-counts.sql.ts); the clients are the clients table's rows
   * (every writer keeps a client only while it has a session: erasure.repository.ts deletes those
   * left without one); each measure's clients are the kept count of its courses (one per client
   * with cells of the measure: report-cells/kept-measure-clients.sql.ts; counting the courses
   * themselves read them all once per measure, 2.5 s on that set) and its readings the kept counts
   * of reading sites. The
   * general statement read every session twice and every cell twice (3.0 s on the 12-million-
   * reading practice set), reading the sessions once 0.43 s (docs/scaling.md 4.8).
   */
  private async summaryOfAll(): Promise<SummaryRow> {
    const [row] = await readOnlyStatement<SummaryRow>(
      this.dataSource,
      AGGREGATE_SETTINGS,
      `WITH per_measure AS (
         SELECT r.measure, coalesce((SELECT k.clients FROM measure_clients k WHERE k.measure = r.measure), 0)::integer AS clients, r.measurements
           FROM (SELECT measure, sum(readings)::integer AS measurements FROM reading_sites GROUP BY measure) r
       )
       SELECT (SELECT count(*) FROM clients)::integer AS clients,
              (SELECT coalesce(sum(sessions), 0) FROM session_groups)::integer AS sessions,
              (SELECT coalesce(sum(measurements), 0) FROM per_measure)::integer AS measurements,
              (SELECT count(DISTINCT clinic_id) FROM session_groups)::integer AS clinics,
              (SELECT count(DISTINCT therapist_id) FROM session_groups)::integer AS therapists,
              coalesce((SELECT json_agg(json_build_object('code', measure, 'clients', clients, 'measurements', measurements)
                                        ORDER BY measure COLLATE "C") FROM per_measure), '[]') AS measures,
              json_build_object('from', (SELECT min(session_date) FROM session_dates)::text,
                                'to', (SELECT max(session_date) FROM session_dates)::text) AS "dateRange",
              ${DATA_VERSION_SQL} AS "dataVersion"`,
      [],
    );
    return row;
  }

  /**
   * Which measurements are missing: for each (session, phase, site) the clients with a value of
   * the measure, and for each client the last session they reached in the cohort (all measures),
   * from which the service counts the clients who reached each session.
   */
  async coverage(filters: CohortFilters): Promise<CoverageRow> {
    const parameters = new SqlParameters();
    const where = whereClause(selectedMeasurementConditions(filters, parameters, 'm'));
    const reachedWhere = whereClause(sessionConditions(filters, parameters, 's'));
    const [row] = await readOnlyStatement<CoverageRow>(
      this.dataSource,
      AGGREGATE_SETTINGS,
      `WITH cells AS (
         -- Clients, not readings: a client read three times at a site counts once. DISTINCT ON
         -- the primary key's prefix keeps one reading per client and cell without sorting.
         SELECT session_number AS session, phase, site, count(*)::integer AS clients
           FROM (SELECT DISTINCT ON (m.client_id, m.session_number, m.phase, m.site) m.session_number, m.phase, m.site
                   FROM measurements m ${where}
                  ORDER BY m.client_id, m.session_number, m.phase, m.site) per_client
          GROUP BY session_number, phase, site
       ),
       last_sessions AS (
         SELECT last AS session, count(*)::integer AS clients
           FROM (SELECT s.client_id, max(s.session_number) AS last FROM sessions s ${reachedWhere} GROUP BY s.client_id) c
          GROUP BY last
       )
       SELECT coalesce((SELECT json_agg(last_sessions) FROM last_sessions), '[]') AS "lastSessions",
              coalesce((SELECT json_agg(cells) FROM cells), '[]') AS cells,
              ${DATA_VERSION_SQL} AS "dataVersion"`,
      parameters.values,
    );
    return row;
  }
}

/**
 * Each measure's selected clients and readings (measure, clients, measurements). From the report
 * cells, which carry their count of readings and their session's attributes
 * (report-cells/kept-cells.sql.ts), unless a site is asked for, whose readings the cells do not
 * tell apart. The cells are a third as many rows as the readings on a practice's files; the
 * readings are summed by measure alone (four groups), and the clients counted as distinct
 * (measure, client) pairs in the primary key's order, which an index-only scan gives without a
 * sort: grouping 1.6 million pairs in a hash table took twice as long (docs/scaling.md 4.5).
 */
function perMeasureSql(filters: CohortFilters, parameters: SqlParameters): string {
  if (filters.site !== undefined) {
    const readings = whereClause(selectedMeasurementConditions(filters, parameters, 'm'));
    return `SELECT measure, count(*)::integer AS clients, sum(readings)::integer AS measurements
              FROM (SELECT m.measure, m.client_id, count(*) AS readings FROM measurements m ${readings} GROUP BY m.measure, m.client_id) c
             GROUP BY measure`;
  }
  const conditions = whereClause([
    ...(filters.measure === undefined ? [] : [`c.measure = ${parameters.add(filters.measure)}`]),
    ...sessionConditions(filters, parameters, 'c'),
  ]);
  return `SELECT r.measure, d.clients, r.measurements
            FROM (SELECT c.measure, sum(c.readings)::integer AS measurements FROM report_cells c ${conditions} GROUP BY c.measure) r
            JOIN (SELECT measure, count(*)::integer AS clients
                    FROM (SELECT DISTINCT ON (c.measure, c.client_id) c.measure FROM report_cells c ${conditions}
                           ORDER BY c.measure, c.client_id) pairs
                   GROUP BY measure) d USING (measure)`;
}
