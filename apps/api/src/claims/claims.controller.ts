import { BadRequestException, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { scopeToPrincipal } from '../cohorts/cohort-filters.js';
import type { RawQuery } from '../cohorts/query-parameters.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { parseReportQuery } from '../reports/report-query.js';
import { ClaimsService, type ClaimsAnswer } from './claims.service.js';

/** Statements marketing may cite, with their evidence; or what the evidence lacks. */
@ApiTags('claims')
@ApiBearerAuth()
@Roles('admin', 'marketing')
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly pseudonymizer: Pseudonymizer,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  @Get()
  @ApiQuery({ name: 'measure', required: false, description: 'ppt by default' })
  @ApiQuery({ name: 'mcid', required: false, description: 'needed for measures without a default (headache_days)' })
  @ApiOkResponse({ description: '`{measure, unit, dataVersion, period, claims: [...], refusals: [{treatment, control, missing}]}`' })
  async list(@Query() query: RawQuery, @CurrentPrincipal() principal: Principal): Promise<ClaimsAnswer> {
    // Claims are about the whole data set (of the caller's clinics), grouped by technique.
    const other = Object.keys(query).filter((name) => name !== 'measure' && name !== 'mcid');
    if (other.length > 0) throw new BadRequestException(`claims take only measure= and mcid=, not ${other.join(', ')}`);
    const parsed = parseReportQuery({ ...query, by: 'technique' }, this.pseudonymizer);
    const scoped = { ...parsed, filters: scopeToPrincipal(parsed.filters, principal) };
    return this.claims.claims(scoped, principal, this.config.suppressionMinimum);
  }

  @Get(':id/evidence')
  @ApiOkResponse({ description: 'the evidence pack: the claim, criteria, method, limits, the report and the data version' })
  @ApiBadRequestResponse({ description: 'an id that is not a claim id (a whole number from 1)' })
  @ApiNotFoundResponse({ description: 'no claim with this id' })
  evidence(@Param('id', new ParseIdPipe('claim')) id: string): Promise<Record<string, unknown>> {
    return this.claims.evidence(id);
  }
}
