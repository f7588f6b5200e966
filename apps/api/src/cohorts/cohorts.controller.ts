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
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { DirectoryService } from '../directory/directory.service.js';
import { NO_NAMES } from '../directory/display-names.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { withCacheHeaders } from './cache-headers.js';
import { COHORT_FILTER_PARAMETERS, parseCohortFilters, scopeToPrincipal } from './cohort-filters.js';
import { CohortFiltersDto } from './cohort-filters.dto.js';
import { CohortsService } from './cohorts.service.js';
import { CohortCoverageDto, CohortFilterOptionsDto, CohortFilterOptionsWithNamesDto, CohortSummaryDto, type DisplayNamesDto } from './dto/cohort-responses.dto.js';
import { QueryParameters, type RawQuery } from './query-parameters.js';

/** Coverage is of one measure: ppt unless another is asked for, as reports. */
const COVERAGE_DEFAULT_MEASURE = 'ppt';

/**
 * What data there is and what a filter selects. Owners and therapists see their clinics' data
 * only (scopeToPrincipal). Marketing sees the whole data set's summary with small counts blanked,
 * and the filter values it may use (no clinics or therapists); not the coverage map.
 */
@ApiTags('cohorts')
@ApiBearerAuth()
@Roles('admin', 'owner', 'therapist')
@Controller('cohorts')
export class CohortsController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly directory: DirectoryService,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  @Get('summary')
  @Roles('admin', 'owner', 'therapist', 'marketing')
  @ApiOkResponse({ type: CohortSummaryDto, description: 'headers X-Data-Version and X-Cache: hit|miss' })
  @ApiBadRequestResponse({ description: 'a filter that is not valid, or an unknown parameter' })
  @ApiForbiddenResponse({ description: 'a clinic that is not one of the caller’s' })
  async summary(
    @Query() query: CohortFiltersDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CohortSummaryDto | BlankedSummary> {
    const parameters = new QueryParameters(query as RawQuery, COHORT_FILTER_PARAMETERS);
    const filters = scopeToPrincipal(parseCohortFilters(parameters, this.pseudonymizer), principal);
    if (principal.role !== 'marketing') return withCacheHeaders(response, await this.cohorts.summary(filters));
    if (Object.keys(query).some((name) => name !== 'measure')) {
      throw new BadRequestException('marketing sees the summary of the whole data set: only measure= may be given');
    }
    const answer = await this.cohorts.summary(filters);
    // A summary of one measure is read against the whole practice's: the same without the measure
    // (marketing gives no other filter), from the cache like any summary.
    const wholeClients = filters.measure === undefined ? answer.value.clients : (await this.cohorts.summary({ ...filters, measure: undefined })).value.clients;
    return withCacheHeaders(response, { ...answer, value: blankSmallCounts(answer.value, this.config.suppressionMinimum, wholeClients) });
  }

  @Get('filters')
  @Roles('admin', 'owner', 'therapist', 'marketing')
  @ApiOkResponse({
    type: CohortFilterOptionsWithNamesDto,
    description: 'headers X-Data-Version and X-Cache: hit|miss',
  })
  @ApiBadRequestResponse({ description: 'any query parameter: this route takes none' })
  async filters(
    @Query() query: RawQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CohortFilterOptionsDto & { names: DisplayNamesDto }> {
    QueryParameters.rejectAny(query);
    const answer = await this.cohorts.filterOptions(principal.clinicKeys);
    if (principal.role === 'marketing') {
      // Marketing may not filter by clinic or therapist (see reports/suppression/marketing-view.ts).
      return withCacheHeaders(response, { ...answer, value: { ...answer.value, clinics: [], therapists: [], names: NO_NAMES } });
    }
    // Names are looked up on every request, not cached with the values: they change without an ingest.
    const { clinics, therapists } = answer.value;
    const names = await this.directory.namesFor(principal, { clinics, therapists });
    return withCacheHeaders(response, { ...answer, value: { ...answer.value, names } });
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

/** A summary as marketing sees it: counts below the suppression minimum, and what would reveal them, are null. */
export type BlankedSummary = Omit<
  CohortSummaryDto,
  'clients' | 'sessions' | 'measurements' | 'clinics' | 'therapists' | 'measures'
> & {
  clients: number | null;
  sessions: number | null;
  measurements: number | null;
  clinics: number | null;
  therapists: number | null;
  measures: (Omit<CohortSummaryDto['measures'][number], 'clients' | 'measurements'> & {
    clients: number | null;
    measurements: number | null;
  })[];
};

/**
 * The summary with every count of clients below the suppression minimum replaced by null, and
 * what it would reveal. A count is also blanked when the whole practice's clients less it would
 * be a small count (`wholeClients`: the clients of the summary without a measure): the clients
 * without a given measure, found by subtracting its summary from the whole practice's.
 * - too few clients in all: their sessions, readings, clinics, therapists and dates too;
 * - a measure of too few clients: its readings too, and the summary's readings and sessions:
 *   the total readings are the measures' sum, so they less the published measures' would be the
 *   blanked one's; the total sessions less those of `measure=` each other measure would count the
 *   sessions with only its readings.
 */
export function blankSmallCounts(summary: CohortSummaryDto, minimum: number, wholeClients = summary.clients): BlankedSummary {
  const tooFew = (clients: number): boolean => clients > 0 && clients < minimum;
  const small = (clients: number): boolean => tooFew(clients) || tooFew(wholeClients - clients);
  const fewClients = small(summary.clients);
  const blankedMeasure = summary.measures.some((measure) => small(measure.clients));
  return {
    ...summary,
    clients: fewClients ? null : summary.clients,
    sessions: fewClients || blankedMeasure ? null : summary.sessions,
    measurements: fewClients || blankedMeasure ? null : summary.measurements,
    clinics: fewClients ? null : summary.clinics,
    therapists: fewClients ? null : summary.therapists,
    dateRange: fewClients ? { from: null, to: null } : summary.dateRange,
    measures: summary.measures.map((measure) =>
      small(measure.clients) ? { ...measure, clients: null, measurements: null } : measure,
    ),
  };
}
