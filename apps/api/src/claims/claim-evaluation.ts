/**
 * Everything the claims rules decide for one scope (a measure and the caller's clinics), from the
 * report marketing may see: the controlled claims (claim-evaluator.ts), the observational ones
 * (observational-claims.ts), the medians of sessions to a meaningful change
 * (time-to-response-claims.ts), the report and its data version and period. The listing issues from
 * it; the re-check at a new data version asks it again for a stored claim's scope.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CohortsService } from '../cohorts/cohorts.service.js';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { parseReportQuery, type ReportQuery } from '../reports/report-query.js';
import { ReportsService } from '../reports/reports.service.js';
import type { MarketingReport } from '../reports/suppression/suppress-report.js';
import { evaluateClaims, type ClaimEvaluation } from './claim-evaluator.js';
import type { Period } from './claim-statement.js';
import { evaluateObservational, type ObservationalEvaluation } from './observational-claims.js';
import { evaluateTimeToResponse, type TimeToResponseEvaluation } from './time-to-response-claims.js';

export interface ScopeEvaluation {
  query: ReportQuery;
  report: MarketingReport;
  dataVersion: number;
  period: Period;
  minClients: number;
  suppressionMinimum: number;
  controlled: ClaimEvaluation;
  observational: ObservationalEvaluation;
  timeToResponse: TimeToResponseEvaluation;
}

/** What a stored claim's re-check needs to ask the same question again. */
export interface ClaimScope {
  measure: string;
  mcid: number;
  clinicKeys: string[];
}

@Injectable()
export class ClaimScopeEvaluator {
  constructor(
    private readonly reports: ReportsService,
    private readonly cohorts: CohortsService,
    private readonly pseudonymizer: Pseudonymizer,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  /** The query of a stored scope: by technique over the whole data set of those clinics. */
  queryOf(scope: ClaimScope): ReportQuery {
    const parsed = parseReportQuery({ measure: scope.measure, mcid: String(scope.mcid), by: 'technique' }, this.pseudonymizer);
    return { ...parsed, filters: { ...parsed.filters, clinics: [...scope.clinicKeys] } };
  }

  async evaluate(query: ReportQuery): Promise<ScopeEvaluation> {
    const minimum = this.config.suppressionMinimum;
    const minClients = this.config.claimMinClients;
    const { value: report, version } = await this.reports.marketingReport(query, minimum);
    const { value: summary } = await this.cohorts.summary(query.filters);
    // Marketing's report withholds timeToResponse; its curves are read here from the report on
    // exactly marketing's clients (the suppressed groups left out, as marketingReport computes
    // it), and only the median and its interval leave, under time-to-response-claims.ts's rules.
    const { value: curves } = await this.reports.report({ ...query, excludeGroups: [...report.suppression.groups] });
    const observational = evaluateObservational(
      {
        groups: report.groups.map((group) => ({
          name: group.name,
          suppressed: 'suppressed' in group && group.suppressed,
          courseChange: group.courseChange,
          responders: group.responders,
        })),
        suppressedGroups: report.suppression.groups,
        suppressionMinimum: minimum,
        minClients,
        mcid: query.mcid,
      },
      query.measure,
    );
    return {
      query,
      report,
      dataVersion: version,
      period: { from: summary.dateRange.from, to: summary.dateRange.to },
      minClients,
      suppressionMinimum: minimum,
      controlled: evaluateClaims(report, query.measure, report.suppression.groups, minimum, minClients),
      observational,
      timeToResponse: evaluateTimeToResponse({
        groups: report.groups.map((group) => ({
          name: group.name,
          suppressed: 'suppressed' in group && group.suppressed === true,
          timeToResponse: curves.groups.find((computed) => computed.name === group.name)?.timeToResponse ?? null,
        })),
        suppressedGroups: report.suppression.groups,
        suppressionMinimum: minimum,
        minClients,
      }),
    };
  }
}
