/**
 * Reports from the database: the sufficient statistics in SQL (reports.repository.ts), the
 * inference in libs/stats (buildReport), the answer cached per data version and query.
 */
import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { ComputeAdmission } from '../admission/compute-admission.js';
import { buildReport, findMeasure, UnknownReferenceGroupError, type OutcomesReport } from '@threshold/stats';
import { CohortsRepository } from '../cohorts/cohorts.repository.js';
import { DataVersionRepository } from '../cohorts/data-version.repository.js';
import { DataChanges } from '../database/data-changes.js';
import { VersionedCache, type CacheAnswer, type Computed } from '../cohorts/versioned-cache.js';
import { inOneGroup, mergeReportCellParts, type ReportCellPart } from './report-cell-parts.js';
import { reportInputsFromCells } from './report-inputs.from-cells.js';
import {
  cellsSourceOf,
  commonReportQueries,
  reportCacheKey,
  reportCellsKey,
  type ReportQuery,
} from './report-query.js';
import { ReportsRepository } from './reports.repository.js';
import {
  checkMarketingQuery,
  isSuppressedGroup,
  suppressCounts,
  type CountRow,
} from './suppression/marketing-view.js';
import { suppressReport, type MarketingReport } from './suppression/suppress-report.js';

/** Distinct reports kept: a report is tens of kilobytes (more when grouped by therapist). */
const REPORT_CACHE_CAPACITY = 200;
/**
 * Statements' cells kept after their report is made: they hold every value (tens of megabytes for a
 * network report), and are kept only for the report asked next on the same question (the overview's
 * report by all after its report by technique, the scheduled job's likewise, another reference group).
 */
const CELLS_CACHE_CAPACITY = 2;

/** A statement's cells (reports.repository.ts) and the parts it was computed in. */
interface StatementCells {
  cells: ReportCellPart[];
  parts: number;
}

export interface RefreshOutcome {
  dataVersion: number;
  /** Measures whose common report was computed (the others were cached already or have no default MCID). */
  computed: string[];
}

@Injectable()
export class ReportsService {
  private readonly logger = new Logger('Reports');
  private readonly cache = new VersionedCache<OutcomesReport>(REPORT_CACHE_CAPACITY);
  // The statements run only once the latest ingest's planner statistics are in (see DataChanges),
  // and in their turn in the line of uncached work (admission/); the inference after them does not
  // wait in that line again.
  private readonly cells = new VersionedCache<StatementCells>(
    CELLS_CACHE_CAPACITY,
    () => this.changes.settled(),
    (work) => this.admission.run(work),
  );
  private readonly countsCache = new VersionedCache<CountRow[]>(
    REPORT_CACHE_CAPACITY,
    () => this.changes.settled(),
    (work) => this.admission.run(work),
  );

  constructor(
    private readonly repository: ReportsRepository,
    private readonly cohorts: CohortsRepository,
    private readonly dataVersion: DataVersionRepository,
    private readonly changes: DataChanges,
    private readonly admission: ComputeAdmission,
  ) {}

  /** The report, from the cache when the data have not changed since it was computed. */
  async report(query: ReportQuery): Promise<CacheAnswer<OutcomesReport>> {
    const version = await this.dataVersion.current();
    return this.cache.get(version, reportCacheKey(query), () => this.compute(query, version));
  }

  /**
   * The report as marketing may see it (suppression/): the view must be a cut of the
   * technique-by-condition table; that table is suppressed (primary and complementary), the
   * suppressed groups' clients are left out of the statistics, and small cells inside the
   * published groups are blanked.
   */
  async marketingReport(query: ReportQuery, minimum: number): Promise<CacheAnswer<MarketingReport>> {
    checkMarketingQuery(query);
    const version = await this.dataVersion.current();
    const counts = await this.countsCache.get(version, JSON.stringify(query.filters), async () => ({
      value: await this.repository.techniqueByConditionCounts(query.filters),
      version,
    }));
    const table = suppressCounts(counts.value, minimum);
    const clientsOf = (group: string): number =>
      counts.value
        .filter((row) =>
          query.by === 'technique'
            ? row.technique === group &&
              (query.filters.conditions.length === 0 || row.condition === query.filters.conditions[0])
            : row.condition === group &&
              (query.filters.techniques.length === 0 || row.technique === query.filters.techniques[0]),
        )
        .reduce((sum, row) => sum + row.clients, 0);
    const viewGroups = [
      ...new Set(counts.value.map((row) => (query.by === 'technique' ? row.technique : row.condition))),
    ].filter((group) => clientsOf(group) > 0);
    let suppressed = viewGroups.filter((group) => isSuppressedGroup(query, group, table));
    let answer = await this.report({ ...query, excludeGroups: suppressed });
    // A group smaller in this view than in the table (a client whose condition changed between
    // sessions) is suppressed too, and the report computed again without it.
    const small = answer.value.groups.filter((group) => group.nClients < minimum).map((group) => group.name);
    if (small.length > 0) {
      suppressed = [...suppressed, ...small];
      answer = await this.report({ ...query, excludeGroups: suppressed });
    }
    return {
      ...answer,
      value: suppressReport(
        answer.value,
        suppressed.map((name) => ({ name, clients: clientsOf(name) })),
        minimum,
      ),
    };
  }

  /**
   * Computes the common reports (each measure present, by technique, no filters, default MCID)
   * that the cache does not hold for the current data version, one after the other so that the
   * database is never asked for two at once by this job.
   */
  async refreshCommonReports(): Promise<RefreshOutcome> {
    const dataVersion = await this.dataVersion.current();
    const computed: string[] = [];
    for (const code of await this.cohorts.measuresPresent()) {
      const measure = findMeasure(code);
      let any = false;
      for (const query of measure === undefined ? [] : commonReportQueries(measure)) {
        if (this.cache.has(dataVersion, reportCacheKey(query))) continue;
        await this.report(query);
        any = true;
      }
      if (any) computed.push(code);
    }
    return { dataVersion, computed };
  }

  private async compute(query: ReportQuery, version: number): Promise<Computed<OutcomesReport>> {
    const started = performance.now();
    const source = cellsSourceOf(query);
    const statement = await this.cells.get(version, reportCellsKey(source.query), async () => {
      const { value: cells, version: read, parts } = await this.repository.reportCells(source.query);
      return { value: { cells, parts }, version: read };
    });
    // Reports that waited for the same statement (the overview's by technique and by all) resume
    // here one after the other, in the order they were asked; each lets the answers before it
    // reach their sockets before its own inference (a tenth to a third of a second of this
    // thread on a network) holds the thread, so that the first report asked is the first answered.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const queried = performance.now();
    const { cells, parts } = statement.value;
    const inputs = reportInputsFromCells(
      mergeReportCellParts(source.oneGroup === undefined ? cells : inOneGroup(cells, source.oneGroup)),
    );
    let report: OutcomesReport;
    try {
      report = buildReport(inputs, {
        measure: query.measure,
        site: query.filters.site ?? 'all',
        by: query.by,
        mcid: query.mcid,
        reference: query.reference,
      });
    } catch (error) {
      if (error instanceof UnknownReferenceGroupError) throw new BadRequestException(`ref: ${error.message}`);
      throw error;
    }
    this.logger.log({
      event: 'report computed',
      query: reportCacheKey(query),
      dataVersion: statement.version,
      groups: report.groups.length,
      clients: inputs.trajectoryClients.groups.length,
      // hit: the cells kept from the statement of an earlier report on the same question (cellsSourceOf).
      cells: statement.cache,
      sqlMs: Math.round(queried - started),
      sqlParts: parts,
      inferenceMs: Math.round(performance.now() - queried),
    });
    return { value: report, version: statement.version };
  }
}
