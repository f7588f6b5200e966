import { BadRequestException, Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { MAX_RETENTION_YEARS, RetentionService, type RetentionView } from './retention.service.js';

/**
 * A clinic's retention period, by the clinic's own id or its stored key: admins, and owners for
 * their clinics. Reading it is the dry run: what the next daily run would erase.
 */
@ApiTags('retention')
@ApiBearerAuth()
@Roles('admin', 'owner')
@Controller('clinics/:clinic/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @ApiOkResponse({ description: '`{clinicKey, years, before, due: {sessions, readings}}`: the period, and what the next run would erase' })
  @ApiForbiddenResponse({ description: 'an owner’s request for a clinic not theirs' })
  @ApiNotFoundResponse({ description: 'no data of this clinic are stored' })
  view(@Param('clinic') clinic: string, @CurrentPrincipal() principal: Principal): Promise<RetentionView> {
    return this.retention.view(clinic, principal, new Date());
  }

  @Put()
  @ApiBody({ description: '`{"years": 1 to 100}`, or `{"years": null}` to keep sessions' })
  @ApiOkResponse({ description: 'as GET, with the new period; audited' })
  set(@Param('clinic') clinic: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<RetentionView> {
    const years = (body as { years?: unknown } | null)?.years;
    if (years !== null && (typeof years !== 'number' || !Number.isInteger(years) || years < 1 || years > MAX_RETENTION_YEARS)) {
      throw new BadRequestException(`send {"years": n} with n a whole number from 1 to ${MAX_RETENTION_YEARS}, or {"years": null} to keep sessions`);
    }
    return this.retention.set(clinic, years, principal, new Date());
  }
}
