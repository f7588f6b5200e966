/**
 * The adjusted comparison from the database: the model's clients in SQL (adjusted.repository.ts),
 * the fit in libs/stats (adjustedComparison), cached per data version and query; then the part of
 * it the caller may see (principal-view.ts), made for each request from the cached fit.
 */
import { Injectable, Logger } from '@nestjs/common';
import { ComputeAdmission } from '../admission/compute-admission.js';
import { adjustedComparison, MIN_CLIENTS, MIN_UNITS, type AdjustedComparison } from '@threshold/stats';
import type { Principal } from '../auth/principal.js';
import { DataVersionRepository } from '../cohorts/data-version.repository.js';
import { VersionedCache, type CacheAnswer, type Computed } from '../cohorts/versioned-cache.js';
import { DataChanges } from '../database/data-changes.js';
import { adjustedCacheKey, type AdjustedQuery } from './adjusted-query.js';
import { AdjustedRepository } from './adjusted.repository.js';
import {
  clinicClientsOf,
  principalView,
  unitClinicsOf,
  type ClinicClients,
  type UnitClinics,
} from './principal-view.js';

/** Distinct fits kept: one is a few kilobytes per therapist. */
const FIT_CACHE_CAPACITY = 100;

interface Fit {
  comparison: AdjustedComparison | null;
  /** What principal-view.ts counts: each unit's clients by clinic, and the model's clients by clinic. */
  unitClinics: UnitClinics;
  clinicClients: ClinicClients;
}

export interface AdjustedHeader {
  version: 1;
  measure: string;
  unit: string;
  site: string;
  by: 'therapist' | 'clinic';
  mcid: number | null;
}

@Injectable()
export class AdjustedService {
  private readonly logger = new Logger('AdjustedComparison');
  // Computed only once the latest ingest's planner statistics are in (see DataChanges).
  private readonly cache = new VersionedCache<Fit>(FIT_CACHE_CAPACITY, () => this.changes.settled(), (work) => this.admission.run(work));

  constructor(
    private readonly repository: AdjustedRepository,
    private readonly dataVersion: DataVersionRepository,
    private readonly changes: DataChanges,
    private readonly admission: ComputeAdmission,
  ) {}

  /** The comparison as `principal` may see it; the fit from the cache when the data have not changed. */
  async comparison(
    query: AdjustedQuery,
    principal: Principal,
    minimum: number,
  ): Promise<CacheAnswer<Record<string, unknown>>> {
    const version = await this.dataVersion.current();
    const fit = await this.cache.get(version, adjustedCacheKey(query), () => this.compute(query));
    return { ...fit, value: this.answer(query, fit.value, principal, minimum) };
  }

  private answer(
    query: AdjustedQuery,
    fit: Fit,
    principal: Principal,
    minimum: number,
  ): Record<string, unknown> {
    const { by, measure } = query;
    const header: AdjustedHeader = {
      version: 1,
      measure: measure.code,
      unit: measure.canonicalUnit,
      site: query.filters.site ?? 'all',
      by,
      mcid: query.mcid,
    };
    const list = by === 'therapist' ? 'therapists' : 'clinics';
    if (fit.comparison === null) {
      const column = by === 'therapist' ? 'therapist_id' : 'clinic_id';
      return {
        ...header,
        [list]: null,
        note: `no comparison: it needs at least ${MIN_UNITS} ${by}s and ${MIN_CLIENTS} clients with a session-1 ${measure.code} value, a later one and a ${column} on their session-1 session`,
        withheld: { entries: 0, clients: 0 },
      };
    }
    const view = principalView(fit.comparison, by, fit.unitClinics, fit.clinicClients, principal, minimum);
    if (!view.available) {
      return {
        ...header,
        [list]: null,
        note: `no comparison for you: the network outside your clinics has fewer than ${minimum} clients in this model, whose results it would reveal`,
        withheld: view.withheld,
      };
    }
    const {
      therapists: _therapists,
      clinics: _clinics,
      ...model
    } = fit.comparison as AdjustedComparison & {
      therapists?: unknown;
      clinics?: unknown;
    };
    return { ...header, ...model, [list]: view.entries, withheld: view.withheld };
  }

  private async compute(query: AdjustedQuery): Promise<Computed<Fit>> {
    const started = performance.now();
    const { value: clients, version } = await this.repository.modelClients(query);
    const queried = performance.now();
    const comparison = adjustedComparison(clients, query.by);
    this.logger.log({
      event: 'adjusted comparison computed',
      query: adjustedCacheKey(query),
      dataVersion: version,
      clients: clients.length,
      units:
        comparison === null ? 0 : 'therapists' in comparison ? comparison.nTherapists : comparison.nClinics,
      sqlMs: Math.round(queried - started),
      fitMs: Math.round(performance.now() - queried),
    });
    return {
      value: {
        comparison,
        unitClinics: unitClinicsOf(clients, query.by),
        clinicClients: clinicClientsOf(clients),
      },
      version,
    };
  }
}
