import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { withCacheHeaders } from './cache-headers.js';
import { COHORT_FILTER_PARAMETERS, parseCohortFilters, scopeToPrincipal } from './cohort-filters.js';
import { CohortFiltersDto } from './cohort-filters.dto.js';
import { CohortsService } from './cohorts.service.js';
import { CohortCoverageDto, CohortFilterOptionsDto, CohortSummaryDto } from './dto/cohort-responses.dto.js';
import { QueryParameters, type RawQuery } from './query-parameters.js';

/** Coverage is of one measure: ppt unless another is asked for, as reports. */
const COVERAGE_DEFAULT_MEASURE = 'ppt';

/**
 * What data there is and what a filter selects. Owners and therapists see their clinics' data
 * only (scopeToPrincipal); marketing sees suppressed aggregates elsewhere, never these counts.
 */
@ApiTags('cohorts')
@ApiBearerAuth()
@Roles('admin', 'owner', 'therapist')
@Controller('cohorts')
export class CohortsController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly pseudonymizer: Pseudonymizer,
  ) {}

  @Get('summary')
  @ApiOkResponse({ type: CohortSummaryDto, description: 'headers X-Data-Version and X-Cache: hit|miss' })
  @ApiBadRequestResponse({ description: 'a filter that is not valid, or an unknown parameter' })
  @ApiForbiddenResponse({ description: 'a clinic that is not one of the caller’s' })
  async summary(
    @Query() query: CohortFiltersDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CohortSummaryDto> {
    const parameters = new QueryParameters(query as RawQuery, COHORT_FILTER_PARAMETERS);
    const filters = scopeToPrincipal(parseCohortFilters(parameters, this.pseudonymizer), principal);
    return withCacheHeaders(response, await this.cohorts.summary(filters));
  }

  @Get('filters')
  @ApiOkResponse({
    type: CohortFilterOptionsDto,
    description: 'headers X-Data-Version and X-Cache: hit|miss',
  })
  @ApiBadRequestResponse({ description: 'any query parameter: this route takes none' })
  async filters(
    @Query() query: RawQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CohortFilterOptionsDto> {
    QueryParameters.rejectAny(query);
    return withCacheHeaders(response, await this.cohorts.filterOptions(principal.clinicKeys));
  }

  @Get('coverage')
  @ApiOkResponse({ type: CohortCoverageDto, description: 'headers X-Data-Version and X-Cache: hit|miss' })
  @ApiBadRequestResponse({ description: 'a filter that is not valid, or an unknown parameter' })
  @ApiForbiddenResponse({ description: 'a clinic that is not one of the caller’s' })
  async coverage(
    @Query() query: CohortFiltersDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CohortCoverageDto> {
    const parameters = new QueryParameters(query as RawQuery, COHORT_FILTER_PARAMETERS);
    const filters = scopeToPrincipal(
      parseCohortFilters(parameters, this.pseudonymizer, { defaultMeasure: COVERAGE_DEFAULT_MEASURE }),
      principal,
    );
    return withCacheHeaders(
      response,
      await this.cohorts.coverage({ ...filters, measure: filters.measure ?? COVERAGE_DEFAULT_MEASURE }),
    );
  }
}
