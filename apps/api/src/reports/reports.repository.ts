/**
 * The only place where reports talk to the database: one statement per report
 * (report-inputs.sql.ts), in a read-only transaction whose settings keep the planner on the
 * streaming plan (read-only-statement.ts).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { DATABASE_ENDPOINT } from '../database/database-endpoint.js';
import { poolSize, type DatabaseEndpoint } from '../database/database-options.js';
import { compareCodePoints, UNSPECIFIED_GROUP } from '@threshold/stats';
import type { CohortFilters } from '../cohorts/cohort-filters.js';
import { selectedMeasurementConditions, SqlParameters, whereClause } from '../cohorts/cohort-filters.sql.js';
import { selectedCellConditions, statementSettings } from '../report-cells/cell-filters.sql.js';
import {
  AGGREGATE_SETTINGS,
  readOnlyInOneSnapshot,
  readOnlyStatement,
} from '../cohorts/read-only-statement.js';
import type { Computed } from '../cohorts/versioned-cache.js';
import { TRAJECTORY_SUMS } from './report-inputs.from-cells.js';
import { clientIdRanges, type ReportCellPart } from './report-cell-parts.js';
import { unpackFloats } from './packed-floats.js';
import { reportCellsSql } from './report-inputs.sql.js';
import type { ReportQuery } from './report-query.js';

@Injectable()
export class ReportsRepository {
  /** Parts a report is computed in (1: one statement); see reportInputsInParts. */
  private readonly parts: number;
  /**
   * At most one report is computed in parts at a time: a report in parts holds one connection
   * while it takes the others, and two doing so could each wait for the other's connections.
   */
  private computingInParts = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_ENDPOINT) endpoint: DatabaseEndpoint,
    @Inject(THRESHOLD_CONFIG) config: ThresholdConfig,
  ) {
    this.parts = endpoint.kind === 'postgres' ? Math.min(config.reportParts, poolSize('postgres') - 1) : 1;
  }

  /**
   * Clients by technique and condition (each client once: at their earliest selected session, as
   * reports assign groups), for small-cell suppression of everything cut from this two-way table.
   * Technique and condition filters are ignored: the table is what they cut.
   */
  async techniqueByConditionCounts(
    filters: CohortFilters & { measure: string },
  ): Promise<{ technique: string; condition: string; clients: number }[]> {
    const parameters = new SqlParameters();
    const unfiltered = { ...filters, techniques: [], conditions: [] };
    if (filters.site !== undefined) return this.techniqueByConditionCountsOfSite(unfiltered);
    const { conditions, byClients } = selectedCellConditions(unfiltered, parameters, 'c');
    const unspecified = parameters.add(UNSPECIFIED_GROUP);
    // A client's first selected cell carries that session's technique and condition.
    return readOnlyStatement(
      this.dataSource,
      statementSettings(byClients),
      `WITH first_cells AS (
         SELECT DISTINCT ON (c.client_id) c.technique, c.condition
           FROM report_cells c ${whereClause(conditions)}
          ORDER BY c.client_id, c.session_number
       )
       SELECT technique, coalesce(condition, ${unspecified}::text) AS condition, count(*)::integer AS clients
         FROM first_cells
        GROUP BY 1, 2`,
      parameters.values,
    );
  }

  /** techniqueByConditionCounts for one site, whose values the cells do not hold: from its readings. */
  private async techniqueByConditionCountsOfSite(
    filters: CohortFilters,
  ): Promise<{ technique: string; condition: string; clients: number }[]> {
    const parameters = new SqlParameters();
    const where = whereClause(selectedMeasurementConditions(filters, parameters, 'm'));
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

  /**
   * The report's sufficient statistics per (group, session), with the data version they were read
   * at, as the statement returns them: on a server, the cells of each part computed at once (see
   * reportCellsInParts), one after the other; one statement on the embedded database, or while
   * another report is already computed in parts. Put them together with mergeReportCellParts.
   */
  async reportCells(query: ReportQuery): Promise<Computed<ReportCellPart[]> & { parts: number }> {
    if (this.parts > 1 && !this.computingInParts) {
      this.computingInParts = true;
      try {
        return await this.reportCellsInParts(query, this.parts);
      } finally {
        this.computingInParts = false;
      }
    }
    const parameters = new SqlParameters();
    const { sql, sortsClients } = reportCellsSql(query, parameters);
    const rows: StatementRow[] = await readOnlyStatement(
      this.dataSource,
      statementSettings(sortsClients),
      sql,
      parameters.values,
    );
    return { value: cellsOf(rows), version: rows[0].data_version, parts: 1 };
  }

  /**
   * The report statement is one pass over the measure's readings with per-client window functions,
   * which PostgreSQL runs on one core only. The clients are therefore cut into `parts` ranges of
   * their ids and the same statement runs on each range at once, on its own connection (and so
   * its own server process and core), all in one snapshot; every client's rows are in exactly one
   * part, so the parts' cells merge exactly (report-cell-parts.ts). The same cut would put the
   * parts on the shards of a distributed PostgreSQL (docs/scaling.md).
   */
  private async reportCellsInParts(
    query: ReportQuery,
    parts: number,
  ): Promise<Computed<ReportCellPart[]> & { parts: number }> {
    const sortsClients = reportCellsSql(query, new SqlParameters()).sortsClients;
    return readOnlyInOneSnapshot(this.dataSource, statementSettings(sortsClients), parts, async (runners) => {
      const [{ low, high }]: { low: string | null; high: string | null }[] = await runners[0].query(
        'SELECT min(id)::text AS low, max(id)::text AS high FROM clients',
      );
      // No clients: one range that holds none, whose statement still reads the data version.
      const ranges = clientIdRanges(BigInt(low ?? 0), BigInt(high ?? 0), parts);
      const results = await Promise.all(
        ranges.map(async (range, i) => {
          const parameters = new SqlParameters();
          const { sql } = reportCellsSql(query, parameters, range);
          const rows: StatementRow[] = await runners[i].query(sql, parameters.values);
          return { version: rows[0].data_version, cells: cellsOf(rows) };
        }),
      );
      return {
        value: results.flatMap((result) => result.cells),
        version: results[0].version,
        parts: ranges.length,
      };
    });
  }
}

/**
 * A row of the report statement: one (group, session) cell as JSON, with its packed numbers beside
 * it (packed-floats.ts), or a row without a cell when nothing was selected (it still carries the
 * data version).
 */
interface StatementRow {
  data_version: number;
  cell: Omit<ReportCellPart, 'preValues' | 'postValues' | 'trajectoryClients'> | null;
  /** Packed (packed-floats.ts): the cell's pre and post values, and the trajectory sums. */
  pre_values: string | null;
  post_values: string | null;
  trajectory_clients: string | null;
}

/**
 * The statement's cells, in group and session order whatever order its rows came in (that of its
 * hash tables, which follows where the rows lie in the tables): the trajectory's clients are
 * gathered cell after cell, also for a report by all, and the mixed model's last digits follow
 * their order, so that equal data gives equal answers.
 */
function cellsOf(rows: readonly StatementRow[]): ReportCellPart[] {
  const byGroupAndSession = (a: StatementRow, b: StatementRow): number => {
    if (a.cell === null || b.cell === null) return 0;
    return compareCodePoints(a.cell.group, b.cell.group) || a.cell.session - b.cell.session;
  };
  return [...rows].sort(byGroupAndSession).flatMap(({ cell, pre_values, post_values, trajectory_clients }) =>
    cell === null
      ? []
      : [
          {
            ...cell,
            preValues: unpackFloats(pre_values),
            postValues: unpackFloats(post_values),
            trajectoryClients: packedSums(trajectory_clients),
          },
        ],
  );
}

/** The trajectory sums, TRAJECTORY_SUMS per client; null for none. */
function packedSums(base64: string | null): Float64Array | null {
  const sums = unpackFloats(base64);
  if (sums.length % TRAJECTORY_SUMS !== 0) throw new Error(`trajectory sums: ${sums.length} values are not whole clients`);
  return sums.length === 0 ? null : sums;
}
