/** The common filters (docs/api.md) as OpenAPI query parameters; parsing and checks are in cohort-filters.ts. */
import { ApiPropertyOptional } from '@nestjs/swagger';

export class CohortFiltersDto {
  @ApiPropertyOptional({ description: 'measure code: ppt, pain_nrs, headache_days, hdi' })
  measure?: string;

  @ApiPropertyOptional({ description: 'one body site, or all (default)' })
  site?: string;

  @ApiPropertyOptional({
    description: 'conditions, comma-separated; unspecified selects sessions without one',
  })
  condition?: string;

  @ApiPropertyOptional({ description: 'techniques, comma-separated' })
  technique?: string;

  @ApiPropertyOptional({
    description: 'clinics, comma-separated: stored keys (32 hex digits) or the clinic’s own ids',
  })
  clinic?: string;

  @ApiPropertyOptional({ description: 'therapists, comma-separated: stored keys or the clinic’s own ids' })
  therapist?: string;

  @ApiPropertyOptional({
    description: 'first session date included, yyyy-mm-dd (undated sessions are then excluded)',
    format: 'date',
  })
  from?: string;

  @ApiPropertyOptional({ description: 'last session date included, yyyy-mm-dd', format: 'date' })
  to?: string;
}
