import { BadRequestException, Controller, Get, Inject, Query, Res } from '@nestjs/common';
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
import { scopeToPrincipal } from '../cohorts/cohort-filters.js';
import { sendCachedJson } from '../cohorts/cache-headers.js';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { RawQuery } from '../cohorts/query-parameters.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { ReportDto } from './dto/report.dto.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { parseReportQuery } from './report-query.js';
import { ReportsService } from './reports.service.js';

/**
 * Owners and therapists get reports on their clinics' data (scopeToPrincipal); marketing gets
 * reports with small cells suppressed (suppression/), for the views that suppression can keep safe.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'owner', 'therapist', 'marketing')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly directory: DirectoryService,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  /** Report v1 (shared/docs/report-contract.md) computed from the stored data, cached per data version. */
  @Get()
  @ApiOkResponse({
    type: ReportDto,
    description:
      'report v1 (grouped by clinic_id or therapist_id it adds `names`: {clinics, therapists} of key → display name); headers X-Data-Version and X-Cache: hit|miss',
  })
  @ApiBadRequestResponse({
    description:
      'unknown measure or parameter, bad by, date or mcid, headache_days without mcid, a ref that is not a group',
  })
  @ApiForbiddenResponse({ description: 'a clinic that is not one of the caller’s' })
  async report(
    @Query() query: ReportQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    const parsed = parseReportQuery(query as RawQuery, this.pseudonymizer);
    const scoped = { ...parsed, filters: scopeToPrincipal(parsed.filters, principal) };
    if (principal.role === 'marketing') {
      // A clinic filter would cut tables whose margins the suppression does not cover (marketing-view.ts).
      if ((query as RawQuery).clinic !== undefined) {
        throw new BadRequestException(
          'marketing reports cover all the clinics of the data set: remove clinic',
        );
      }
      sendCachedJson(response, await this.reports.marketingReport(scoped, this.config.suppressionMinimum));
      return;
    }
    const answer = await this.reports.report(scoped);
    if (scoped.by !== 'clinic_id' && scoped.by !== 'therapist_id') {
      sendCachedJson(response, answer);
      return;
    }
    // Groups of clinics or therapists are named by their keys (the contract's `name`); the display
    // names the caller may see are added beside them, as `names` (docs/api.md, "Names").
    const keys = answer.value.groups.map((group) => group.name);
    const names = await this.directory.namesFor(
      principal,
      scoped.by === 'clinic_id' ? { clinics: keys, therapists: [] } : { clinics: [], therapists: keys },
    );
    sendCachedJson(response, answer, { names });
  }
}
