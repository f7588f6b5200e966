import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, UnprocessableEntityException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { scopeToPrincipal } from '../cohorts/cohort-filters.js';
import type { RawQuery } from '../cohorts/query-parameters.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { parseReportQuery } from '../reports/report-query.js';
import { ClaimLifeService } from './claim-life.service.js';
import { ClaimsService, type ClaimsAnswer } from './claims.service.js';
import { forbiddenWords, wordingRefusal, type ForbiddenWord } from './forbidden-wording.js';

/** Statements marketing may cite, with their evidence; or what the evidence lacks; and their life. */
@ApiTags('claims')
@ApiBearerAuth()
@Roles('admin', 'marketing', 'owner')
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly life: ClaimLifeService,
    private readonly pseudonymizer: Pseudonymizer,
  ) {}

  @Get()
  @ApiQuery({ name: 'measure', required: false, description: 'ppt by default' })
  @ApiQuery({ name: 'mcid', required: false, description: 'needed for measures without a default (headache_days)' })
  @ApiOkResponse({
    description:
      '`{measure, unit, dataVersion, period, minClients, suppressionMinimum, claims: [{kind: observational|published|controlled, …}], refusals: [{kind, treatment, control, missing}], counts, managed}`',
  })
  async list(@Query() query: RawQuery, @CurrentPrincipal() principal: Principal): Promise<ClaimsAnswer> {
    // Claims are about the whole data set (of the caller's clinics), grouped by technique.
    const other = Object.keys(query).filter((name) => name !== 'measure' && name !== 'mcid');
    if (other.length > 0) throw new BadRequestException(`claims take only measure= and mcid=, not ${other.join(', ')}`);
    const parsed = parseReportQuery({ ...query, by: 'technique' }, this.pseudonymizer);
    const scoped = { ...parsed, filters: scopeToPrincipal(parsed.filters, principal) };
    return this.claims.claims(scoped, principal);
  }

  @Post('wording')
  @HttpCode(200)
  @ApiOkResponse({ description: '`{allowed: true, words: []}`: the text uses none of the forbidden words' })
  @ApiUnprocessableEntityResponse({ description: 'the text uses forbidden words, each named with the rule it stands for' })
  checkWording(@Body() body: unknown): { allowed: true; words: ForbiddenWord[] } {
    const text = (body as { text?: unknown } | null)?.text;
    if (typeof text !== 'string') throw new BadRequestException('give the text to check: {"text": "…"}');
    const refusal = wordingRefusal(text);
    if (refusal !== null) {
      throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', message: refusal, words: forbiddenWords(text) });
    }
    return { allowed: true, words: [] };
  }

  @Get(':id/evidence')
  @ApiOkResponse({ description: 'the evidence pack: the claim, criteria, method, limits, the report, the data version and the claim\'s life' })
  @ApiBadRequestResponse({ description: 'an id that is not a claim id (a whole number from 1)' })
  @ApiNotFoundResponse({ description: 'no claim with this id' })
  evidence(@Param('id', new ParseIdPipe('claim')) id: string, @CurrentPrincipal() principal: Principal): Promise<Record<string, unknown>> {
    return this.claims.evidence(id, principal);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the claim is approved' })
  @ApiForbiddenResponse({ description: 'neither an admin nor the owner of every clinic the claim covers' })
  @ApiConflictResponse({ description: 'not a draft, or issued on an earlier data version' })
  approve(@Param('id', new ParseIdPipe('claim')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.life.approve(id, principal);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the claim is published' })
  @ApiConflictResponse({ description: 'the claim is not approved' })
  publish(@Param('id', new ParseIdPipe('claim')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.life.publish(id, principal);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the claim is withdrawn, with the reason given (`{"reason": "…"}`)' })
  @ApiConflictResponse({ description: 'the claim is neither approved nor published' })
  withdraw(@Param('id', new ParseIdPipe('claim')) id: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.life.withdraw(id, (body as { reason?: unknown } | null)?.reason, principal);
  }
}
