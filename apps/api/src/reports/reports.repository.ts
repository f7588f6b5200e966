/**
 * The only place where reports talk to the database: one statement per report
 * (report-inputs.sql.ts), in a read-only transaction whose settings keep the planner on the
 * streaming plan (read-only-statement.ts).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReportInputs } from '@threshold/stats';
import type { DataSource } from 'typeorm';
import { SqlParameters } from '../cohorts/cohort-filters.sql.js';
import { AGGREGATE_SETTINGS, readOnlyStatement } from '../cohorts/read-only-statement.js';
import type { Computed } from '../cohorts/versioned-cache.js';
import { reportInputsFromCells, type ReportCell } from './report-inputs.from-cells.js';
import { reportInputsSql } from './report-inputs.sql.js';
import type { ReportQuery } from './report-query.js';

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
