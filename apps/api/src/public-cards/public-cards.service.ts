/**
 * Public results cards (issue 17): an admin or an owner puts approved claims and the suppressed
 * aggregates of a measure on a card that a clinic's website shows without a token. A card is
 * computed at each request from the current data (from the caches): only its claims that are
 * approved or published *and* still meet their criteria on the current data appear, and only
 * groups that small-cell suppression publishes, so no group under the minimum is ever on a card.
 */
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { findMeasure } from '@threshold/stats';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { ClaimScopeEvaluator } from '../claims/claim-evaluation.js';
import { failedCriteria } from '../claims/claim-life.service.js';
import { groupLabel, type Period } from '../claims/claim-statement.js';
import { covers } from '../claims/claims.service.js';
import { scopeToPrincipal } from '../cohorts/cohort-filters.js';
import { ClaimEntity } from '../database/entities/claim.entity.js';
import { PublicCardEntity } from '../database/entities/public-card.entity.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { parseReportQuery } from '../reports/report-query.js';

export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface PublicCard {
  slug: string;
  measure: string;
  measureLabel: string;
  unit: string;
  mcid: number;
  dataVersion: number;
  period: Period;
  suppressionMinimum: number;
  claims: { id: string; kind: string; statement: string; status: string; approvedAt: string | null; issuedOnDataVersion: string; beside: { citation: string; doi: string; text: string }[] }[];
  /** Published technique groups only (suppressed ones are not named). */
  groups: { name: string; label: string; clients: number; meanChange: number; ciLow: number; ciHigh: number; improvedRate: number; improvedCiLow: number; improvedCiHigh: number }[];
  note: string;
}

export interface CardRequest {
  slug?: unknown;
  measure?: unknown;
  clinics?: unknown;
  claims?: unknown;
}

@Injectable()
export class PublicCardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evaluator: ClaimScopeEvaluator,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly audit: AuditService,
  ) {}

  async create(body: CardRequest, principal: Principal): Promise<{ slug: string; url: string; page: string; claims: string[] }> {
    const { slug, measure, clinics, claimIds } = parseCardRequest(body);
    const parsed = parseReportQuery({ measure, by: 'technique', ...(clinics.length === 0 ? {} : { clinic: clinics }) }, this.pseudonymizer);
    if (parsed.measure.defaultMcid === null) throw new BadRequestException(`${measure} has no default MCID: a card covers a measure with one`);
    const clinicKeys = [...scopeToPrincipal(parsed.filters, principal).clinics].sort();

    const found = claimIds.length === 0 ? [] : await this.dataSource.getRepository(ClaimEntity).createQueryBuilder('claim').where('claim.id IN (:...ids)', { ids: claimIds }).getMany();
    for (const id of claimIds) {
      const claim = found.find((candidate) => candidate.id === id);
      if (claim === undefined) throw new NotFoundException(`no claim ${id}`);
      if (claim.status !== 'approved' && claim.status !== 'published') {
        throw new ConflictException(`claim ${id} is ${claim.status}: a card holds approved claims only`);
      }
      if (!covers(claim, principal)) throw new ConflictException(`claim ${id} covers clinics that are not yours`);
      if (claim.measure !== parsed.measure.code || [...claim.clinicKeys].sort().join(',') !== clinicKeys.join(',')) {
        throw new ConflictException(`claim ${id} is about ${claim.measure} on other clinics than the card: a card's claims are about its own measure and clinics`);
      }
    }
    if ((await this.findLive(slug)) !== null) throw new ConflictException(`a card named ${slug} exists already`);
    const repository = this.dataSource.getRepository(PublicCardEntity);
    const saved = await repository.save(repository.create({ slug, measure: parsed.measure.code, clinicKeys, claimIds, createdBy: principal.name }));
    await this.audit.record({ actor: principal.name, action: 'card.create', target: `card ${slug}`, detail: { id: saved.id, measure: parsed.measure.code, claims: claimIds } });
    return { slug, url: `/api/public/cards/${slug}`, page: `/cards/${slug}`, claims: claimIds };
  }

  async revoke(slug: string, principal: Principal): Promise<void> {
    const card = await this.live(slug);
    if (!covers(card, principal)) throw new NotFoundException(`no card ${slug}`);
    card.revokedAt = new Date();
    card.revokedBy = principal.name;
    await this.dataSource.getRepository(PublicCardEntity).save(card);
    await this.audit.record({ actor: principal.name, action: 'card.revoke', target: `card ${slug}` });
  }

  /** The card as the public sees it now; 404 for an unknown or revoked slug. */
  async card(slug: string): Promise<PublicCard> {
    const card = await this.live(slug);
    const measure = findMeasure(card.measure);
    if (measure === undefined || measure.defaultMcid === null) throw new NotFoundException(`no card ${slug}`);
    const evaluation = await this.evaluator.evaluate(this.evaluator.queryOf({ measure: card.measure, mcid: measure.defaultMcid, clinicKeys: card.clinicKeys }));
    const claims = card.claimIds.length === 0 ? [] : await this.dataSource.getRepository(ClaimEntity).createQueryBuilder('claim').where('claim.id IN (:...ids)', { ids: card.claimIds }).orderBy('claim.id').getMany();
    const current = claims.filter((claim) => (claim.status === 'approved' || claim.status === 'published') && failedCriteria(claim, evaluation).length === 0);
    const minimum = evaluation.suppressionMinimum;
    const groups: PublicCard['groups'] = [];
    for (const group of evaluation.report.groups) {
      if ('suppressed' in group && group.suppressed) continue;
      const change = group.courseChange as { n: number | null; meanChange: number | null; ciLow: number | null; ciHigh: number | null; suppressed?: boolean };
      const responders = group.responders as { n: number | null; rate: number | null; ciLow: number | null; ciHigh: number | null; suppressed?: boolean };
      // A group is shown only with every number it carries resting on at least `minimum` clients.
      if (group.nClients === null || group.nClients < minimum || change.suppressed || change.n === null || change.n < minimum) continue;
      if (change.meanChange === null || change.ciLow === null || change.ciHigh === null || responders.rate === null || responders.ciLow === null || responders.ciHigh === null) continue;
      groups.push({
        name: group.name,
        label: groupLabel(group.name),
        clients: change.n,
        meanChange: change.meanChange,
        ciLow: change.ciLow,
        ciHigh: change.ciHigh,
        improvedRate: responders.rate,
        improvedCiLow: responders.ciLow,
        improvedCiHigh: responders.ciHigh,
      });
    }
    return {
      slug,
      measure: measure.code,
      measureLabel: measure.label,
      unit: measure.canonicalUnit,
      mcid: measure.defaultMcid,
      dataVersion: evaluation.dataVersion,
      period: evaluation.period,
      suppressionMinimum: minimum,
      claims: current.map((claim) => ({
        id: claim.id,
        kind: claim.kind,
        statement: claim.statement,
        status: claim.status,
        approvedAt: claim.approvedAt === null ? null : new Date(claim.approvedAt).toISOString(),
        issuedOnDataVersion: claim.dataVersion,
        beside: ((claim.evidence.beside ?? []) as { shortCitation: string; doi: string; text: string }[]).map((study) => ({ citation: study.shortCitation, doi: study.doi, text: study.text })),
      })),
      groups,
      note:
        `Change within the same clients from their first to their last session; not a comparison with untreated clients and not a promise of any individual's result. ` +
        `Groups with fewer than ${minimum} clients are not shown. Data version ${evaluation.dataVersion}.`,
    };
  }

  private async live(slug: string): Promise<PublicCardEntity> {
    if (!SLUG.test(slug)) throw new NotFoundException(`no card ${slug.slice(0, 64)}`);
    const card = await this.findLive(slug);
    if (card === null) throw new NotFoundException(`no card ${slug}`);
    return card;
  }

  private findLive(slug: string): Promise<PublicCardEntity | null> {
    return this.dataSource
      .getRepository(PublicCardEntity)
      .createQueryBuilder('card')
      .where('card.slug = :slug AND card.revoked_at IS NULL', { slug })
      .getOne();
  }
}

function parseCardRequest(body: CardRequest): { slug: string; measure: string; clinics: string[]; claimIds: string[] } {
  const problems: string[] = [];
  const slug = typeof body?.slug === 'string' ? body.slug : '';
  if (!SLUG.test(slug)) problems.push('slug: 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit');
  const measure = body?.measure === undefined ? 'ppt' : body.measure;
  if (typeof measure !== 'string') problems.push('measure: a measure code such as ppt');
  const clinics = body?.clinics === undefined ? [] : body.clinics;
  if (!Array.isArray(clinics) || !clinics.every((clinic) => typeof clinic === 'string')) problems.push('clinics: a list of clinic ids');
  const claims = body?.claims;
  const ids = Array.isArray(claims) ? claims.map(String) : [];
  if (!Array.isArray(claims) || !ids.every((id) => /^[1-9][0-9]{0,18}$/.test(id))) problems.push('claims: a list of claim ids');
  if (problems.length > 0) throw new BadRequestException(`a card is {slug, measure, clinics?, claims: [ids]}: ${problems.join('; ')}`);
  return { slug, measure: measure as string, clinics: clinics as string[], claimIds: [...new Set(ids)] };
}
