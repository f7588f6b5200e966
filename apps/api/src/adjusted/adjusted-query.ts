/**
 * `GET /api/therapists/adjusted` query: checked here, so that every bad request is a 400 that says
 * what to send instead, and normalised, so that equal questions share one cache entry.
 *
 * Admins may select the model's clients with every common filter. Owners and therapists may not
 * (restrictToNetworkView): their answer shows other clinics' therapists, anonymously, from a model
 * over the whole network, and a filter would let them subtract two answers (docs/api.md, "Adjusted
 * comparison: what owners and therapists see").
 */
import { BadRequestException } from '@nestjs/common';
import { findMeasure, type ComparisonUnit, type MeasureDefinition } from '@threshold/stats';
import {
  COHORT_FILTER_PARAMETERS,
  parseCohortFilters,
  type CohortFilters,
} from '../cohorts/cohort-filters.js';
import { QueryParameters, type RawQuery } from '../cohorts/query-parameters.js';
import type { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';

export const COMPARISON_UNITS: readonly ComparisonUnit[] = ['therapist', 'clinic'];
export const DEFAULT_MEASURE = 'ppt';
export const ADJUSTED_PARAMETERS = [...COHORT_FILTER_PARAMETERS, 'by', 'mcid'] as const;

/** The parameters a user who is not an admin may send: none of them changes whose clients are in the model. */
export const NETWORK_VIEW_PARAMETERS = ['measure', 'site', 'mcid', 'by'] as const;

export interface AdjustedQuery {
  /** The filters that select the model's clients; `measure` is always set. */
  filters: CohortFilters & { measure: string };
  measure: MeasureDefinition;
  by: ComparisonUnit;
  /** In the measure's canonical unit: given, or the measure's default; null when it has none. */
  mcid: number | null;
}

export function parseAdjustedQuery(query: RawQuery, pseudonymizer: Pseudonymizer): AdjustedQuery {
  const parameters = new QueryParameters(query, ADJUSTED_PARAMETERS);
  const filters = parseCohortFilters(parameters, pseudonymizer, { defaultMeasure: DEFAULT_MEASURE });
  const measure = findMeasure(filters.measure ?? DEFAULT_MEASURE) as MeasureDefinition;
  const by = parameters.text('by') ?? 'therapist';
  if (!(COMPARISON_UNITS as readonly string[]).includes(by))
    throw new BadRequestException(`cannot compare by "${by}": use by=therapist or by=clinic`);
  // The MCID does not enter the model: it is handed back for the reading of the changes, as the
  // command line does, and null for a measure without a default when none is given.
  const mcid = parameters.decimal('mcid', { min: 0 }) ?? measure.defaultMcid;
  return { filters: { ...filters, measure: measure.code }, measure, by: by as ComparisonUnit, mcid };
}

/**
 * For an owner or a therapist: a 400 for any parameter that would change whose clients are in the
 * model (every common filter but measure; a named site too), saying what they may send.
 */
export function restrictToNetworkView(query: RawQuery): void {
  const refused = Object.keys(query).filter(
    (name) =>
      !(NETWORK_VIEW_PARAMETERS as readonly string[]).includes(name) &&
      !(typeof query[name] === 'string' && query[name] === ''),
  );
  const site = typeof query.site === 'string' ? query.site.trim() : undefined;
  if (site !== undefined && site !== '' && site !== 'all') refused.push('site');
  if (refused.length > 0) {
    throw new BadRequestException(
      `the adjusted comparison compares you with the whole network, so it takes no ${refused.join(', ')}: ` +
        'send only measure, mcid, by and site=all (other clinics’ clients could be recovered by comparing answers over different selections)',
    );
  }
}

/**
 * The fit's cache key (with the data version): equal for questions with the same model. The MCID
 * is not part of it: it does not enter the model, and is added to each answer.
 */
export function adjustedCacheKey(query: AdjustedQuery): string {
  const { filters, by } = query;
  return JSON.stringify({
    measure: filters.measure,
    site: filters.site ?? 'all',
    by,
    conditions: filters.conditions,
    techniques: filters.techniques,
    clinics: filters.clinics,
    therapists: filters.therapists,
    from: filters.from ?? null,
    to: filters.to ?? null,
  });
}
