/**
 * Claims marketing may cite (claim-evaluator.ts, observational-claims.ts,
 * time-to-response-claims.ts and published-studies.ts decide), issued with their evidence pack and kept: an issued claim and the evidence it rests on
 * are stored together, as they were, so that the evidence is held before the claim is published
 * and can be shown later whatever the data have become since. An issued claim is a draft; its
 * life after that (approval, publication, withdrawal) is in claim-life.service.ts.
 */
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MeasureDefinition } from '@threshold/stats';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { ClaimEntity, type ClaimKind, type ClaimStatus } from '../database/entities/claim.entity.js';
import type { ReportQuery } from '../reports/report-query.js';
import { ALPHA, type Refusal, type SupportedClaim } from './claim-evaluator.js';
import { ClaimScopeEvaluator, type ScopeEvaluation } from './claim-evaluation.js';
import {
  besideStudy,
  claimLimits,
  claimStatement,
  methodInWords,
  observationalLimits,
  observationalMethod,
  observationalStatement,
  timeToResponseLimits,
  timeToResponseMethod,
  timeToResponseStatement,
  type Period,
} from './claim-statement.js';
import type { ObservationalClaim } from './observational-claims.js';
import type { TimeToResponseClaim } from './time-to-response-claims.js';
import { LIBRARY_VERSION, studiesFor, type PublishedStudy } from './published-studies.js';

/** The rules each evidence pack names (docs/claims.md says what each stands for). */
export const ADVERTISING_RULES =
  'UK CAP Code rules 3.1 (no misleading claims), 3.7 (documentary evidence held before a claim is made) and 12.1 (health claims)';

/** Where a stored claim is in its life, as the API shows it. */
export interface ClaimLife {
  status: ClaimStatus;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedAt: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

interface StoredClaimFields extends ClaimLife {
  id: string;
  statement: string;
  limits: string[];
  evidenceUrl: string;
  dataVersion: string;
}

export type ControlledClaimView = SupportedClaim & StoredClaimFields & { kind: 'controlled' };

export type ObservationalClaimView = ObservationalClaim &
  StoredClaimFields & {
    kind: 'observational';
    /** Published studies this claim may be shown beside (never merged with), and the sentence that does so. */
    beside: { study: string; text: string }[];
  };

/**
 * An observational claim about the sessions it took (time-to-response-claims.ts). Stored as an
 * `observational` claim whose criteria say `about: 'time-to-response'`; listed apart from the
 * change claims (ClaimsAnswer.timeToResponse), so that the lists and counts of issue 17 keep
 * their meaning.
 */
export type TimeToResponseClaimView = TimeToResponseClaim &
  StoredClaimFields & {
    kind: 'observational';
    about: 'time-to-response';
  };

/** What a stored claim's criteria say it is about, for the re-check. */
export const TIME_TO_RESPONSE = 'time-to-response';

export interface PublishedClaimView {
  kind: 'published';
  /** The study's key in the library (published-studies.ts). */
  id: string;
  statement: string;
  study: PublishedStudy;
  libraryVersion: number;
}

export type ClaimView = ObservationalClaimView | PublishedClaimView | ControlledClaimView;

/** A stored claim that has left the draft stage (approved, published or withdrawn), for the page. */
export interface ManagedClaim extends ClaimLife {
  id: string;
  kind: ClaimKind;
  group: string;
  control: string | null;
  statement: string;
  dataVersion: string;
  evidenceUrl: string;
}

export interface ClaimsAnswer {
  measure: string;
  unit: string;
  dataVersion: number;
  period: Period;
  /** The thresholds the answer was judged by. */
  minClients: number;
  suppressionMinimum: number;
  claims: ClaimView[];
  refusals: Refusal[];
  /** claims + refusals by kind: they add up to the lists above. */
  counts: { observational: number; published: number; controlled: number; refused: number };
  /** Claims of this measure and scope approved, published or withdrawn, newest first. */
  managed: ManagedClaim[];
  /** "Half of our clients reached a clinically meaningful improvement after K sessions": offered and refused. */
  timeToResponse: { claims: TimeToResponseClaimView[]; refusals: Refusal[] };
}

@Injectable()
export class ClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evaluator: ClaimScopeEvaluator,
    private readonly audit: AuditService,
  ) {}

  async claims(query: ReportQuery, principal: Principal): Promise<ClaimsAnswer> {
    const measure = query.measure;
    const evaluation = await this.evaluator.evaluate(query);
    const { report, dataVersion: version, period } = evaluation;
    const publishedGroups = report.groups.filter((group) => !('suppressed' in group && group.suppressed)).map((group) => group.name);
    const common = {
      report,
      query: { measure: measure.code, by: 'technique', mcid: query.mcid, clinics: query.filters.clinics },
      dataVersion: version,
      publishedGroups,
      suppression: report.suppression,
      rules: ADVERTISING_RULES,
    };
    const clinicKeys = [...query.filters.clinics].sort();
    const scope = { measure: measure.code, mcid: query.mcid, clinicKeys };

    const claims: ClaimView[] = [];
    for (const claim of evaluation.observational.supported) {
      const statement = observationalStatement(claim, measure, period, query.mcid);
      const limits = observationalLimits();
      const studies = studiesFor(measure.code, claim.group);
      const beside = studies.map((study) => ({ study: study.key, text: besideStudy(claim, measure, study) }));
      const stored = await this.issue(
        { kind: 'observational', treatment: claim.group, control: null, measure: measure.code, statement, clinicKeys, criteria: { ...scope, kind: 'observational', group: claim.group, minClients: evaluation.minClients, suppressionMinimum: evaluation.suppressionMinimum } },
        {
          kind: 'observational',
          claim: { ...claim, statement, period },
          criteria: observationalCriteria(claim, evaluation, measure),
          limits,
          method: observationalMethod(measure, evaluation.minClients, evaluation.suppressionMinimum),
          beside: studies.map((study) => ({ ...study, text: besideStudy(claim, measure, study) })),
          libraryVersion: LIBRARY_VERSION,
          ...common,
        },
        String(version),
        principal,
      );
      claims.push({ kind: 'observational', ...claim, ...stored, statement, limits, beside });
    }
    const medians: TimeToResponseClaimView[] = [];
    for (const claim of evaluation.timeToResponse.supported) {
      const statement = timeToResponseStatement(claim, measure, period, query.mcid);
      const limits = timeToResponseLimits();
      const stored = await this.issue(
        {
          kind: 'observational',
          treatment: claim.group,
          control: null,
          measure: measure.code,
          statement,
          clinicKeys,
          criteria: { ...scope, kind: 'observational', about: TIME_TO_RESPONSE, group: claim.group, minClients: evaluation.minClients, suppressionMinimum: evaluation.suppressionMinimum },
        },
        {
          kind: 'observational',
          about: TIME_TO_RESPONSE,
          claim: { ...claim, statement, period },
          criteria: timeToResponseCriteria(claim, evaluation),
          limits,
          method: timeToResponseMethod(measure, evaluation.minClients, evaluation.suppressionMinimum),
          ...common,
        },
        String(version),
        principal,
      );
      medians.push({ kind: 'observational', about: TIME_TO_RESPONSE, ...claim, ...stored, statement, limits });
    }
    for (const study of studiesFor(measure.code)) {
      claims.push({ kind: 'published', id: study.key, statement: study.quotable, study, libraryVersion: LIBRARY_VERSION });
    }
    for (const claim of evaluation.controlled.supported) {
      const statement = claimStatement(claim, measure, period);
      const limits = claimLimits(claim);
      const stored = await this.issue(
        { kind: 'controlled', treatment: claim.treatment, control: claim.control, measure: measure.code, statement, clinicKeys, criteria: { ...scope, kind: 'controlled', treatment: claim.treatment, control: claim.control, minClients: evaluation.minClients } },
        {
          kind: 'controlled',
          claim: { ...claim, statement, period },
          criteria: controlledCriteria(claim, evaluation.minClients),
          limits,
          method: methodInWords(measure, evaluation.minClients),
          ...common,
        },
        String(version),
        principal,
      );
      claims.push({ kind: 'controlled', ...claim, ...stored, statement, limits });
    }
    const refusals = [...evaluation.observational.refusals, ...evaluation.controlled.refusals];
    return {
      measure: measure.code,
      unit: measure.canonicalUnit,
      dataVersion: version,
      period,
      minClients: evaluation.minClients,
      suppressionMinimum: evaluation.suppressionMinimum,
      claims,
      refusals,
      counts: {
        observational: claims.filter((claim) => claim.kind === 'observational').length,
        published: claims.filter((claim) => claim.kind === 'published').length,
        controlled: claims.filter((claim) => claim.kind === 'controlled').length,
        refused: refusals.length,
      },
      managed: await this.managed(measure.code, clinicKeys),
      timeToResponse: { claims: medians, refusals: evaluation.timeToResponse.refusals },
    };
  }

  /** The evidence pack as issued; `asApproved` adds the pack as it stood at approval, when it was. */
  async evidence(id: string, principal: Principal): Promise<Record<string, unknown>> {
    const claim = await this.dataSource.getRepository(ClaimEntity).findOneBy({ id });
    if (claim === null) throw new NotFoundException(`no claim ${id}`);
    checkCovers(claim, principal, 'see');
    return {
      id: claim.id,
      kind: claim.kind,
      issuedAt: new Date(claim.issuedAt).toISOString(),
      issuedBy: claim.issuedBy,
      ...claim.evidence,
      life: lifeOf(claim),
    };
  }

  private async managed(measure: string, clinicKeys: string[]): Promise<ManagedClaim[]> {
    const rows = await this.dataSource
      .getRepository(ClaimEntity)
      .createQueryBuilder('claim')
      .where('claim.measure = :measure', { measure })
      .andWhere('claim.clinic_keys = :clinicKeys::text[]', { clinicKeys })
      .andWhere(`claim.status <> 'draft'`)
      .orderBy('claim.id', 'DESC')
      .getMany();
    return rows.map((claim) => ({
      id: claim.id,
      kind: claim.kind,
      group: claim.treatment,
      control: claim.control,
      statement: claim.statement,
      dataVersion: claim.dataVersion,
      evidenceUrl: `/api/claims/${claim.id}/evidence`,
      ...lifeOf(claim),
    }));
  }

  /** The stored claim for this statement on this data version and scope, issued now if it was not yet. */
  private async issue(
    fields: Pick<ClaimEntity, 'kind' | 'treatment' | 'control' | 'measure' | 'statement' | 'clinicKeys' | 'criteria'>,
    evidence: Record<string, unknown>,
    dataVersion: string,
    principal: Principal,
  ): Promise<StoredClaimFields> {
    const repository = this.dataSource.getRepository(ClaimEntity);
    const existing = await repository
      .createQueryBuilder('claim')
      .where('claim.statement = :statement AND claim.data_version = :dataVersion', { statement: fields.statement, dataVersion })
      .andWhere('claim.clinic_keys = :clinicKeys::text[]', { clinicKeys: fields.clinicKeys })
      .getOne();
    const stored =
      existing ??
      (await repository.save(
        repository.create({ ...fields, issuedBy: principal.name, dataVersion, evidence, status: 'draft', checkedVersion: dataVersion }),
      ));
    if (existing === null) {
      await this.audit.record({ actor: principal.name, action: 'claim.issue', target: `claim ${stored.id}`, detail: { kind: fields.kind, statement: fields.statement } });
    }
    return { id: stored.id, statement: stored.statement, limits: [], evidenceUrl: `/api/claims/${stored.id}/evidence`, dataVersion, ...lifeOf(stored) };
  }
}

export function lifeOf(claim: ClaimEntity): ClaimLife {
  const iso = (date: Date | null) => (date === null ? null : new Date(date).toISOString());
  return {
    status: claim.status,
    approvedBy: claim.approvedBy,
    approvedAt: iso(claim.approvedAt),
    publishedAt: iso(claim.publishedAt),
    withdrawnBy: claim.withdrawnBy,
    withdrawnAt: iso(claim.withdrawnAt),
    withdrawnReason: claim.withdrawnReason,
  };
}

/**
 * Whether the principal stands for every clinic the claim covers: an admin and marketing (no
 * clinics: every clinic) do; an owner does for claims about their own clinics only.
 */
export function covers(claim: Pick<ClaimEntity, 'clinicKeys'>, principal: Principal): boolean {
  if (principal.clinicKeys.length === 0) return true;
  return claim.clinicKeys.length > 0 && claim.clinicKeys.every((key) => principal.clinicKeys.includes(key));
}

export function checkCovers(claim: ClaimEntity, principal: Principal, what: string): void {
  if (!covers(claim, principal)) {
    throw new ForbiddenException(`claim ${claim.id} covers clinics that are not yours: you may not ${what} it`);
  }
}

function observationalCriteria(claim: ObservationalClaim, evaluation: ScopeEvaluation, measure: MeasureDefinition) {
  return [
    { criterion: 'small-cell suppression', required: `published (at least ${evaluation.suppressionMinimum} clients, not withheld)`, actual: 'published', met: true },
    { criterion: 'clients with a change, first to last session', required: `≥ ${evaluation.minClients}`, actual: String(claim.n), met: true },
    {
      criterion: '95% interval of the mean change',
      required: `excludes zero, on the side of improvement (${measure.direction})`,
      actual: `${claim.ciLow} to ${claim.ciHigh}`,
      met: true,
    },
  ];
}

function timeToResponseCriteria(claim: TimeToResponseClaim, evaluation: ScopeEvaluation) {
  return [
    { criterion: 'small-cell suppression', required: `published (at least ${evaluation.suppressionMinimum} clients, not withheld)`, actual: 'published', met: true },
    { criterion: 'clients followed (a value at session 1)', required: `≥ ${evaluation.minClients}`, actual: String(claim.n), met: true },
    { criterion: 'median sessions to a meaningful change', required: 'reached, with both ends of its 95% interval', actual: `${claim.medianSessions} (${claim.ciLow} to ${claim.ciHigh})`, met: true },
    {
      criterion: "clients still followed at the interval's upper end",
      required: `≥ ${evaluation.suppressionMinimum} (the suppression minimum)`,
      actual: `${claim.followedAtUpperEnd} (${claim.followedAtMedian} at the median)`,
      met: true,
    },
  ];
}

function controlledCriteria(claim: SupportedClaim, minClients: number) {
  return [
    { criterion: 'controlled comparison', required: 'a sham or wait-list group', actual: claim.control, met: true },
    { criterion: 'clients with treatment', required: `≥ ${minClients}`, actual: String(claim.nTreatment), met: true },
    { criterion: 'clients in control', required: `≥ ${minClients}`, actual: String(claim.nControl), met: true },
    { criterion: 'Holm-adjusted p', required: `< ${ALPHA}`, actual: claim.pHolm.toExponential(3), met: true },
    { criterion: '95% interval', required: 'excludes zero, on the side of improvement', actual: `${claim.ciLow} to ${claim.ciHigh}`, met: true },
  ];
}
