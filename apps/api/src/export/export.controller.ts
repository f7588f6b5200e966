import { Controller, ForbiddenException, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { scopeToPrincipal } from '../cohorts/cohort-filters.js';
import { CohortFiltersDto } from '../cohorts/cohort-filters.dto.js';
import type { RawQuery } from '../cohorts/query-parameters.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { ARROW_STREAM_CONTENT_TYPE } from './arrow-format.js';
import { EXPORT_COLUMNS } from './export-row.js';
import { EXPORT_FORMATS, parseExportQuery } from './export-query.js';
import { ExportService } from './export.service.js';

/**
 * Row-level data, recorded in the audit log: admins; owners, for their own clinics; therapists,
 * for their own sessions (rows of sessions they gave, in their clinics). Never marketing.
 */
@ApiTags('export')
@ApiBearerAuth()
@Roles('admin', 'owner', 'therapist')
@Controller('export')
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    private readonly pseudonymizer: Pseudonymizer,
  ) {}

  @Get()
  @ApiQuery({
    name: 'format',
    enum: EXPORT_FORMATS,
    required: false,
    description: 'csv (default) or arrow (Arrow IPC stream)',
  })
  @ApiProduces('text/csv', ARROW_STREAM_CONTENT_TYPE)
  @ApiOkResponse({
    description: `readings with pseudonymous keys, streamed; columns ${EXPORT_COLUMNS.join(', ')}; header X-Data-Version`,
  })
  @ApiBadRequestResponse({ description: 'a filter or format that is not valid, or an unknown parameter' })
  @ApiForbiddenResponse({ description: 'a clinic that is not one of the caller’s' })
  async export(
    @Query() query: CohortFiltersDto,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    const parsed = parseExportQuery(query as RawQuery, this.pseudonymizer);
    const scoped = { ...parsed, filters: scopeToPrincipal(parsed.filters, principal) };
    if (principal.role === 'therapist') {
      const own = principal.therapistKey;
      if (own === null || scoped.filters.therapists.some((key) => key !== own)) {
        throw new ForbiddenException('a therapist exports only the rows of their own sessions');
      }
      scoped.filters = { ...scoped.filters, therapists: [own] };
    }
    await this.exports.stream(scoped, response, principal.name);
  }
}
