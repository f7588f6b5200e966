/** GET /api/therapists/adjusted query parameters for OpenAPI; parsing and checks are in ../adjusted-query.ts. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { CohortFiltersDto } from '../../cohorts/cohort-filters.dto.js';
import { COMPARISON_UNITS } from '../adjusted-query.js';

export class AdjustedQueryDto extends CohortFiltersDto {
  @ApiPropertyOptional({ enum: COMPARISON_UNITS, description: 'whom the model compares (default therapist)' })
  by?: string;

  @ApiPropertyOptional({
    description:
      "MCID in the measure's canonical unit, handed back for reading the changes (default from the measures table)",
  })
  mcid?: string;
}
