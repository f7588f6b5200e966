import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
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
import { sendCachedJson } from '../cohorts/cache-headers.js';
import type { RawQuery } from '../cohorts/query-parameters.js';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { parseAdjustedQuery, restrictToNetworkView } from './adjusted-query.js';
import { AdjustedService } from './adjusted.service.js';
import { AdjustedComparisonDto } from './dto/adjusted-comparison.dto.js';
import { AdjustedQueryDto } from './dto/adjusted-query.dto.js';

/**
 * Admins see every therapist (or clinic) by key, over any selection. Owners and therapists see the
 * model of the whole network, their own entries by key and the others anonymously, with entries that
 * would reveal few clients withheld (principal-view.ts); they may not narrow the selection
 * (restrictToNetworkView). Marketing gets 403: the comparison is of people, not of treatments.
 */
@ApiTags('therapists')
@ApiBearerAuth()
@Roles('admin', 'owner', 'therapist')
@Controller('therapists')
export class AdjustedController {
  constructor(
    private readonly adjusted: AdjustedService,
    private readonly pseudonymizer: Pseudonymizer,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  /** The case-mix adjusted, shrunken comparison (report-contract.md section 6), cached per data version. */
  @Get('adjusted')
  @ApiOkResponse({
    type: AdjustedComparisonDto,
    description: 'the comparison; headers X-Data-Version and X-Cache: hit|miss',
  })
  @ApiBadRequestResponse({
    description:
      'unknown measure or parameter, bad by, date or mcid; for owners and therapists, any parameter but measure, mcid, by and site=all',
  })
  @ApiForbiddenResponse({ description: 'marketing, or a clinic that is not one of the caller’s' })
  async comparison(
    @Query() query: AdjustedQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    const parsed = parseAdjustedQuery(query as RawQuery, this.pseudonymizer);
    if (principal.role !== 'admin') restrictToNetworkView(query as RawQuery);
    sendCachedJson(
      response,
      await this.adjusted.comparison(parsed, principal, this.config.suppressionMinimum),
    );
  }
}
