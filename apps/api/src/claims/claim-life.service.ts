/**
 * A claim's life (issue 17): issued as a draft (claims.service.ts), approved by an admin or by the
 * owner of the clinics it covers, published, and withdrawn, by a person with a reason or by the
 * system when the re-check at a new data version finds its criteria no longer met. Every step is
 * in the audit log; the evidence pack stays as issued (a copy is kept as it stood at approval).
 */
import { BadRequestException, ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { findMeasure } from '@threshold/stats';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { DataVersionRepository } from '../cohorts/data-version.repository.js';
import { ClaimEntity } from '../database/entities/claim.entity.js';
import { ClaimScopeEvaluator, type ScopeEvaluation } from './claim-evaluation.js';
import { checkCovers, lifeOf, TIME_TO_RESPONSE, type ClaimLife } from './claims.service.js';

/** Who the re-check acts as, in the claim and the audit log. */
export const SYSTEM_ACTOR = 'system';

export interface RecheckOutcome {
  dataVersion: number;
  checked: number;
  withdrawn: { id: string; reason: string }[];
}

@Injectable()
export class ClaimLifeService {
  private readonly logger = new Logger('ClaimLife');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evaluator: ClaimScopeEvaluator,
    private readonly dataVersion: DataVersionRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Approval: by an admin, or by an owner for a claim about their own clinics (marketing issues
   * and publishes claims, and may not approve its own). Only a draft of the current data version:
   * an older draft's numbers are no longer the data's.
   */
  async approve(id: string, principal: Principal): Promise<ClaimLife & { id: string }> {
    const claim = await this.find(id);
    if (principal.role !== 'admin' && principal.role !== 'owner') {
      throw new ForbiddenException('a claim is approved by an admin or by the owner of the clinics it covers');
    }
    if (principal.role === 'owner' && claim.clinicKeys.length === 0) {
      throw new ForbiddenException(`claim ${id} covers every clinic: only an admin may approve it`);
    }
    checkCovers(claim, principal, 'approve');
    if (claim.status !== 'draft') throw new ConflictException(`claim ${id} is ${claim.status}: only a draft can be approved`);
    const current = String(await this.dataVersion.current());
    if (claim.dataVersion !== current) {
      throw new ConflictException(
        `claim ${id} was issued on data version ${claim.dataVersion} and the data are now at version ${current}: ask for the claims again and approve the new one`,
      );
    }
    claim.status = 'approved';
    claim.approvedBy = principal.name;
    claim.approvedAt = new Date();
    claim.approvedEvidence = claim.evidence;
    await this.dataSource.getRepository(ClaimEntity).save(claim);
    await this.audit.record({ actor: principal.name, action: 'claim.approve', target: `claim ${id}`, detail: { statement: claim.statement } });
    return { id, ...lifeOf(claim) };
  }

  /** Publication: an approved claim, by whoever may see it (marketing, an admin, the owner). */
  async publish(id: string, principal: Principal): Promise<ClaimLife & { id: string }> {
    const claim = await this.find(id);
    checkCovers(claim, principal, 'publish');
    if (claim.status !== 'approved') throw new ConflictException(`claim ${id} is ${claim.status}: only an approved claim can be published`);
    claim.status = 'published';
    claim.publishedBy = principal.name;
    claim.publishedAt = new Date();
    await this.dataSource.getRepository(ClaimEntity).save(claim);
    await this.audit.record({ actor: principal.name, action: 'claim.publish', target: `claim ${id}`, detail: { statement: claim.statement } });
    return { id, ...lifeOf(claim) };
  }

  async withdraw(id: string, reason: unknown, principal: Principal): Promise<ClaimLife & { id: string }> {
    if (typeof reason !== 'string' || reason.trim() === '') throw new BadRequestException('a withdrawal needs a reason: {"reason": "…"}');
    const claim = await this.find(id);
    checkCovers(claim, principal, 'withdraw');
    if (claim.status !== 'approved' && claim.status !== 'published') {
      throw new ConflictException(`claim ${id} is ${claim.status}: only an approved or published claim can be withdrawn`);
    }
    await this.markWithdrawn(claim, principal.name, reason.trim(), null);
    return { id, ...lifeOf(claim) };
  }

  /**
   * The re-check (the reports job runs it when it notices a new data version): every approved or
   * published claim not yet checked against this version is judged again on its own scope and
   * thresholds; one whose criteria fail is withdrawn by the system with the reasons.
   */
  async recheck(): Promise<RecheckOutcome> {
    const version = await this.dataVersion.current();
    const live = await this.dataSource
      .getRepository(ClaimEntity)
      .createQueryBuilder('claim')
      .where(`claim.status IN ('approved', 'published')`)
      .andWhere('(claim.checked_version IS NULL OR claim.checked_version <> :version)', { version: String(version) })
      .orderBy('claim.id')
      .getMany();
    const evaluations = new Map<string, Promise<ScopeEvaluation>>();
    const withdrawn: RecheckOutcome['withdrawn'] = [];
    for (const claim of live) {
      const measure = String(claim.criteria.measure ?? claim.measure);
      const stored = Number(claim.criteria.mcid);
      const scope = {
        measure,
        mcid: Number.isFinite(stored) ? stored : (findMeasure(measure)?.defaultMcid ?? Number.NaN),
        clinicKeys: claim.clinicKeys,
      };
      const key = JSON.stringify(scope);
      if (!evaluations.has(key)) evaluations.set(key, this.evaluator.evaluate(this.evaluator.queryOf(scope)));
      let evaluation: ScopeEvaluation;
      try {
        evaluation = await (evaluations.get(key) as Promise<ScopeEvaluation>);
      } catch (error) {
        // One claim whose scope cannot be evaluated (e.g. a measure no longer known) must not stop
        // the others' re-check; it is tried again at the next data version.
        this.logger.error({ event: 'claim re-check failed', claim: claim.id, error: (error as Error).message });
        continue;
      }
      const reasons = failedCriteria(claim, evaluation);
      if (reasons.length === 0) {
        claim.checkedVersion = String(evaluation.dataVersion);
        await this.dataSource.getRepository(ClaimEntity).save(claim);
        continue;
      }
      const reason = `no longer supported at data version ${evaluation.dataVersion}: ${reasons.join('; ')}`;
      await this.markWithdrawn(claim, SYSTEM_ACTOR, reason, evaluation.dataVersion);
      withdrawn.push({ id: claim.id, reason });
    }
    if (withdrawn.length > 0) this.logger.log({ event: 'claims withdrawn by the re-check', dataVersion: version, claims: withdrawn.map((w) => w.id) });
    return { dataVersion: version, checked: live.length, withdrawn };
  }

  private async markWithdrawn(claim: ClaimEntity, actor: string, reason: string, dataVersion: number | null): Promise<void> {
    claim.status = 'withdrawn';
    claim.withdrawnBy = actor;
    claim.withdrawnAt = new Date();
    claim.withdrawnReason = reason;
    if (dataVersion !== null) claim.checkedVersion = String(dataVersion);
    await this.dataSource.getRepository(ClaimEntity).save(claim);
    await this.audit.record({
      actor,
      action: 'claim.withdraw',
      target: `claim ${claim.id}`,
      detail: { reason, statement: claim.statement, ...(dataVersion === null ? {} : { dataVersion }) },
    });
  }

  private async find(id: string): Promise<ClaimEntity> {
    const claim = await this.dataSource.getRepository(ClaimEntity).findOneBy({ id });
    if (claim === null) throw new NotFoundException(`no claim ${id}`);
    return claim;
  }
}

/** Why a stored claim no longer holds on this evaluation of its scope; empty when it still does. */
export function failedCriteria(claim: ClaimEntity, evaluation: ScopeEvaluation): string[] {
  if (claim.kind === 'observational' && claim.criteria.about === TIME_TO_RESPONSE) {
    const group = claim.treatment;
    if (evaluation.timeToResponse.supported.some((supported) => supported.group === group)) return [];
    const refusal = evaluation.timeToResponse.refusals.find((candidate) => candidate.treatment === group);
    return refusal?.missing ?? [`${group} is no longer in the data`];
  }
  if (claim.kind === 'observational') {
    const group = claim.treatment;
    if (evaluation.observational.supported.some((supported) => supported.group === group)) return [];
    const refusal = evaluation.observational.refusals.find((candidate) => candidate.treatment === group);
    return refusal?.missing ?? [`${group} is no longer in the data`];
  }
  const pair = (candidate: { treatment: string | null; control: string | null }) =>
    candidate.treatment === claim.treatment && candidate.control === claim.control;
  if (evaluation.controlled.supported.some(pair)) return [];
  const refusal = evaluation.controlled.refusals.find(pair) ?? evaluation.controlled.refusals.find((candidate) => candidate.treatment === null);
  return refusal?.missing ?? [`the comparison of ${claim.treatment} with ${claim.control} is no longer in the data`];
}
