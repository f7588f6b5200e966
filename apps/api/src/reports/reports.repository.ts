/**
 * The only place where reports talk to the database: one statement per report
 * (report-inputs.sql.ts), in a read-only transaction whose settings keep the planner on the
 * streaming plan (read-only-statement.ts).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReportInputs } from '@threshold/stats';
import type { DataSource } from 'typeorm';
import { UNSPECIFIED_GROUP } from '@threshold/stats';
import type { CohortFilters } from '../cohorts/cohort-filters.js';
import { selectedMeasurementConditions, SqlParameters, whereClause } from '../cohorts/cohort-filters.sql.js';
import { AGGREGATE_SETTINGS, readOnlyStatement } from '../cohorts/read-only-statement.js';
import type { Computed } from '../cohorts/versioned-cache.js';
import { reportInputsFromCells, type ReportCell } from './report-inputs.from-cells.js';
import { reportInputsSql } from './report-inputs.sql.js';
import type { ReportQuery } from './report-query.js';

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Clients by technique and condition (each client once: at their earliest selected session, as
   * reports assign groups), for small-cell suppression of everything cut from this two-way table.
   * Technique and condition filters are ignored: the table is what they cut.
   */
  async techniqueByConditionCounts(filters: CohortFilters): Promise<{ technique: string; condition: string; clients: number }[]> {
    const parameters = new SqlParameters();
    const unfiltered = { ...filters, techniques: [], conditions: [] };
    const where = whereClause(selectedMeasurementConditions(unfiltered, parameters, 'm'));
    const unspecified = parameters.add(UNSPECIFIED_GROUP);
    return readOnlyStatement(
      this.dataSource,
      AGGREGATE_SETTINGS,
      `WITH first_sessions AS (
         SELECT m.client_id, min(m.session_number) AS session_number FROM measurements m ${where} GROUP BY m.client_id
       )
       SELECT s.technique, coalesce(s.condition, ${unspecified}::text) AS condition, count(*)::integer AS clients
         FROM first_sessions f JOIN sessions s USING (client_id, session_number)
        GROUP BY 1, 2`,
      parameters.values,
    );
  }

  /** The report's sufficient statistics, with the data version they were read at. */
  async reportInputs(query: ReportQuery): Promise<Computed<ReportInputs>> {
    const parameters = new SqlParameters();
    const sql = reportInputsSql(query, parameters);
    const [row] = await readOnlyStatement<{ data_version: number; cells: ReportCell[] }>(
      this.dataSource,
      AGGREGATE_SETTINGS,
      sql,
      parameters.values,
    );
    return { value: reportInputsFromCells(row.cells), version: row.data_version };
  }
}
