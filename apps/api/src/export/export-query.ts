/** `GET /api/export` query: the common filters and the format, checked and normalised. */
import { BadRequestException } from '@nestjs/common';
import {
  COHORT_FILTER_PARAMETERS,
  parseCohortFilters,
  type CohortFilters,
} from '../cohorts/cohort-filters.js';
import { QueryParameters, type RawQuery } from '../cohorts/query-parameters.js';
import type { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';

export const EXPORT_FORMATS = ['csv', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportQuery {
  format: ExportFormat;
  filters: CohortFilters;
}

export function parseExportQuery(query: RawQuery, pseudonymizer: Pseudonymizer): ExportQuery {
  const parameters = new QueryParameters(query, [...COHORT_FILTER_PARAMETERS, 'format']);
  const format = parameters.text('format') ?? 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new BadRequestException(`format must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
  }
  return { format: format as ExportFormat, filters: parseCohortFilters(parameters, pseudonymizer) };
}
