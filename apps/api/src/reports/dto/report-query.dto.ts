/** GET /api/reports query parameters for OpenAPI; parsing and checks are in ../report-query.ts. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { CohortFiltersDto } from '../../cohorts/cohort-filters.dto.js';
import { GROUPING_COLUMNS } from '../report-query.js';

export class ReportQueryDto extends CohortFiltersDto {
  @ApiPropertyOptional({ enum: GROUPING_COLUMNS, description: 'the grouping column (default technique)' })
  by?: string;

  @ApiPropertyOptional({ description: 'the reference group (default: the first in code-point order)' })
  ref?: string;

  @ApiPropertyOptional({
    description:
      "MCID in the measure's canonical unit (default from the measures table; required for headache_days)",
  })
  mcid?: string;
}
