/**
 * `GET /api/reports` query: checked here, so that every bad request is a 400 with a message that
 * says what to send instead, and normalised, so that equal questions share one cache entry.
 */
import { BadRequestException } from '@nestjs/common';
import { findMeasure, type MeasureDefinition } from '@threshold/stats';
import {
  COHORT_FILTER_PARAMETERS,
  parseCohortFilters,
  type CohortFilters,
} from '../cohorts/cohort-filters.js';
import { QueryParameters, type RawQuery } from '../cohorts/query-parameters.js';
import type { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';

/** The columns a report can be grouped by (the command line's --by). */
/** `all`: every client in one group named "all" (the overview's figure for the whole selection). */
export const GROUPING_COLUMNS = ['technique', 'therapist_id', 'clinic_id', 'condition', 'all'] as const;
export type GroupingColumn = (typeof GROUPING_COLUMNS)[number];

export const DEFAULT_MEASURE = 'ppt';
export const REPORT_PARAMETERS = [...COHORT_FILTER_PARAMETERS, 'by', 'ref', 'mcid'] as const;

export interface ReportQuery {
  /** The filters; `measure` is always set. */
  filters: CohortFilters & { measure: string };
  measure: MeasureDefinition;
  by: GroupingColumn;
  /** In the measure's canonical unit: given, or the measure's default. */
  mcid: number;
  /** The reference group; the first in code-point order when absent. */
  reference?: string;
  /**
   * Groups whose clients are left out of every statistic, as if they had no data (small-cell
   * suppression: a suppressed group must not reach the published numbers through pooled
   * estimates such as the ANCOVA slope or the mixed model). Not a query parameter.
   */
  excludeGroups?: string[];
}

export function parseReportQuery(query: RawQuery, pseudonymizer: Pseudonymizer): ReportQuery {
  const parameters = new QueryParameters(query, REPORT_PARAMETERS);
  const filters = parseCohortFilters(parameters, pseudonymizer, { defaultMeasure: DEFAULT_MEASURE });
  const measure = findMeasure(filters.measure ?? DEFAULT_MEASURE) as MeasureDefinition;

  const by = parameters.text('by') ?? 'technique';
  if (!isGroupingColumn(by))
    throw new BadRequestException(`cannot group by "${by}": use one of ${GROUPING_COLUMNS.join(', ')}`);

  const mcid = parameters.decimal('mcid', { min: 0 }) ?? measure.defaultMcid;
  if (mcid === null) {
    throw new BadRequestException(
      `${measure.code} has no default MCID: give one with mcid= (in ${measure.canonicalUnit})`,
    );
  }

  const reference = parameters.text('ref');
  return {
    filters: { ...filters, measure: measure.code },
    measure,
    by,
    mcid,
    ...(reference === undefined ? {} : { reference }),
  };
}

/** The query as a string that is equal for equal questions: the cache key (with the data version). */
export function reportCacheKey(query: ReportQuery): string {
  const { filters, by, mcid, reference, excludeGroups } = query;
  return JSON.stringify({
    excludeGroups: [...(excludeGroups ?? [])].sort(),
    measure: filters.measure,
    site: filters.site ?? 'all',
    by,
    mcid,
    reference: reference ?? null,
    conditions: filters.conditions,
    techniques: filters.techniques,
    clinics: filters.clinics,
    therapists: filters.therapists,
    from: filters.from ?? null,
    to: filters.to ?? null,
  });
}

/**
 * The statement whose cells a report is made from (report-inputs.sql.ts) and, for a report by all,
 * the group they are put in. A report by all without excluded groups is made from the cells of the
 * same question by technique, put in one group (report-cell-parts.ts, inOneGroup): the overview
 * asks for both at once, and so reads the data once for the two.
 */
export interface CellsSource {
  query: ReportQuery;
  oneGroup?: string;
}

export function cellsSourceOf(query: ReportQuery): CellsSource {
  if (query.by !== 'all' || (query.excludeGroups ?? []).length > 0) return { query };
  return { query: { ...query, by: 'technique' }, oneGroup: 'all' };
}

/** The cache key of a statement's cells: the report's, without the reference group, which only the inference uses. */
export function reportCellsKey(query: ReportQuery): string {
  const { reference: _onlyForTheInference, ...cellsQuery } = query;
  return reportCacheKey(cellsQuery);
}

/**
 * The reports the scheduled job keeps warm for a measure: no filters, default MCID, grouped by
 * technique and by all (the overview asks for both at once: its techniques and its figure for all
 * clients). None for a measure without a default MCID.
 */
export function commonReportQueries(measure: MeasureDefinition): ReportQuery[] {
  if (measure.defaultMcid === null) return [];
  return (['technique', 'all'] as const).map((by) => ({
    filters: { measure: measure.code, conditions: [], techniques: [], clinics: [], therapists: [] },
    measure,
    by,
    mcid: measure.defaultMcid as number,
  }));
}

function isGroupingColumn(value: string): value is GroupingColumn {
  return (GROUPING_COLUMNS as readonly string[]).includes(value);
}
