/**
 * Claims marketing may cite (claim-evaluator.ts decides), issued with their evidence pack and
 * kept: an issued claim and the evidence it rests on are stored together, as they were, so that
 * the evidence is held before the claim is published and can be shown later whatever the data
 * have become since.
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { CohortsService } from '../cohorts/cohorts.service.js';
import { ClaimEntity } from '../database/entities/claim.entity.js';
import type { ReportQuery } from '../reports/report-query.js';
import { ReportsService } from '../reports/reports.service.js';
import { evaluateClaims, ALPHA, MIN_CLIENTS_PER_GROUP, type Refusal, type SupportedClaim } from './claim-evaluator.js';
import { claimLimits, claimStatement, methodInWords, type Period } from './claim-statement.js';

export interface ClaimView extends SupportedClaim {
  id: string;
  statement: string;
  limits: string[];
  evidenceUrl: string;
}

export interface ClaimsAnswer {
  measure: string;
  unit: string;
  dataVersion: number;
  period: Period;
  claims: ClaimView[];
  refusals: Refusal[];
}

@Injectable()
export class ClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly cohorts: CohortsService,
    private readonly audit: AuditService,
  ) {}

  async claims(query: ReportQuery, principal: Principal, minimum: number): Promise<ClaimsAnswer> {
    const measure = query.measure;
    const { value: report, version } = await this.reports.marketingReport(query, minimum);
    const { value: summary } = await this.cohorts.summary(query.filters);
    const period: Period = { from: summary.dateRange.from, to: summary.dateRange.to };
    const published = report.groups.filter((group) => !('suppressed' in group && group.suppressed));
    const evaluation = evaluateClaims(report, measure, report.suppression.groups, minimum);
    const claims: ClaimView[] = [];
    for (const claim of evaluation.supported) {
      const statement = claimStatement(claim, measure, period);
      const limits = claimLimits(claim);
      const id = await this.issue(claim, statement, {
        claim: { ...claim, statement, period },
        criteria: criteria(claim),
        limits,
        method: methodInWords(measure),
        report,
        query: { measure: measure.code, by: 'technique', mcid: query.mcid, clinics: query.filters.clinics },
        dataVersion: version,
        publishedGroups: published.map((group) => group.name),
        rules: 'UK CAP Code rules 3.7 (documentary evidence held before a claim is made) and 12.1 (health claims)',
      }, String(version), principal);
      claims.push({ ...claim, id, statement, limits, evidenceUrl: `/api/claims/${id}/evidence` });
    }
    return { measure: measure.code, unit: measure.canonicalUnit, dataVersion: version, period, claims, refusals: evaluation.refusals };
  }

  async evidence(id: string): Promise<Record<string, unknown>> {
    const claim = await this.dataSource.getRepository(ClaimEntity).findOneBy({ id });
    if (claim === null) throw new NotFoundException(`no claim ${id}`);
    return { id: claim.id, issuedAt: new Date(claim.issuedAt).toISOString(), issuedBy: claim.issuedBy, ...claim.evidence };
  }

  /** The stored claim for this statement on this data version, issued now if it was not yet. */
  private async issue(
    claim: SupportedClaim,
    statement: string,
    evidence: Record<string, unknown>,
    dataVersion: string,
    principal: Principal,
  ): Promise<string> {
    const repository = this.dataSource.getRepository(ClaimEntity);
    const existing = await repository.findOneBy({ statement, dataVersion });
    if (existing !== null) return existing.id;
    const saved = await repository.save(
      repository.create({
        issuedBy: principal.name,
        measure: String((evidence.query as { measure: string }).measure),
        treatment: claim.treatment,
        control: claim.control,
        statement,
        dataVersion,
        evidence,
      }),
    );
    await this.audit.record({ actor: principal.name, action: 'claim.issue', target: `claim ${saved.id}`, detail: { statement } });
    return saved.id;
  }
}

function criteria(claim: SupportedClaim): { criterion: string; required: string; actual: string; met: boolean }[] {
  return [
    { criterion: 'controlled comparison', required: 'a sham or wait-list group', actual: claim.control, met: true },
    { criterion: 'clients with treatment', required: `≥ ${MIN_CLIENTS_PER_GROUP}`, actual: String(claim.nTreatment), met: true },
    { criterion: 'clients in control', required: `≥ ${MIN_CLIENTS_PER_GROUP}`, actual: String(claim.nControl), met: true },
    { criterion: 'Holm-adjusted p', required: `< ${ALPHA}`, actual: claim.pHolm.toExponential(3), met: true },
    { criterion: '95% interval', required: 'excludes zero, on the side of improvement', actual: `${claim.ciLow} to ${claim.ciHigh}`, met: true },
  ];
}

