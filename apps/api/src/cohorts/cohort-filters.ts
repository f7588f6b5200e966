/**
 * The filters that select a cohort, shared by reports, cohort summaries and export (docs/api.md,
 * "Common filters"), parsed and checked once, here. A filtered-out row is a row whose session does
 * not pass them; clients are selected by the rows that do.
 *
 * The parsed form is normalised (sorted lists, stored keys instead of clinic ids, `site=all` as no
 * site) so that two requests for the same cohort have the same cache key.
 */
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { findMeasure, MEASURES } from '@threshold/stats';
import type { Principal } from '../auth/principal.js';
import type { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import type { QueryParameters } from './query-parameters.js';

/** The query parameters of the common filters. */
export const COHORT_FILTER_PARAMETERS = [
  'measure',
  'site',
  'condition',
  'technique',
  'clinic',
  'therapist',
  'from',
  'to',
] as const;

export interface CohortFilters {
  /** A measure code of the measures table; undefined: every measure. */
  measure?: string;
  /** One body site; undefined: every site (`site=all`). */
  site?: string;
  /** Session conditions; `unspecified` selects sessions without one. Empty: any. */
  conditions: string[];
  techniques: string[];
  /** Stored clinic keys (32 hex digits). Empty: any clinic. */
  clinics: string[];
  /** Stored therapist keys. */
  therapists: string[];
  /** ISO dates (yyyy-mm-dd), inclusive; either one excludes undated sessions. */
  from?: string;
  to?: string;
}

export interface ParseFiltersOptions {
  /** The measure when none is given (reports and coverage: ppt); undefined: every measure. */
  defaultMeasure?: string;
}

export function parseCohortFilters(
  parameters: QueryParameters,
  pseudonymizer: Pseudonymizer,
  options: ParseFiltersOptions = {},
): CohortFilters {
  const measure = parameters.text('measure') ?? options.defaultMeasure;
  if (measure !== undefined && findMeasure(measure) === undefined) {
    throw new BadRequestException(
      `unknown measure "${measure}": use one of ${Object.keys(MEASURES).join(', ')}`,
    );
  }
  const site = parameters.text('site');
  const from = isoDate(parameters, 'from');
  const to = isoDate(parameters, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new BadRequestException(`from (${from}) is after to (${to})`);
  }
  const keys = (name: 'clinic' | 'therapist') =>
    [...new Set(parameters.list(name).map((value) => pseudonymizer.keyForFilter(name, value)))].sort();
  return {
    ...(measure === undefined ? {} : { measure }),
    ...(site === undefined || site === 'all' ? {} : { site }),
    conditions: parameters.list('condition'),
    techniques: parameters.list('technique'),
    clinics: keys('clinic'),
    therapists: keys('therapist'),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}

/**
 * Restricts the filters to what the caller may see: a user who stands for some clinics (an owner,
 * a therapist) sees only those clinics' sessions. Asking for another clinic is refused rather than
 * answered with an empty cohort, so that a mistyped clinic is not mistaken for a clinic without data.
 */
export function scopeToPrincipal<F extends CohortFilters>(filters: F, principal: Principal): F {
  if (principal.clinicKeys.length === 0) return filters;
  if (filters.clinics.length === 0) return { ...filters, clinics: [...principal.clinicKeys].sort() };
  const outside = filters.clinics.filter((key) => !principal.clinicKeys.includes(key));
  if (outside.length > 0)
    throw new ForbiddenException(`clinic ${outside.join(', ')} is not one of your clinics`);
  return filters;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date written yyyy-mm-dd, or a 400 saying what was wrong. */
function isoDate(parameters: QueryParameters, name: 'from' | 'to'): string | undefined {
  const value = parameters.text(name);
  if (value === undefined) return undefined;
  const match = ISO_DATE.exec(value);
  const valid =
    match !== null &&
    (() => {
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    })();
  if (!valid) throw new BadRequestException(`${name} must be a date written yyyy-mm-dd, got "${value}"`);
  return value;
}
