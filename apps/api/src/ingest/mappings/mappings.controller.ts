/** Mappings of spreadsheets in a clinic's own layout, saved per clinic by name (docs/api.md). */
import { BadRequestException, Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Roles } from '../../auth/roles.decorator.js';
import { QueryParameters, type RawQuery } from '../../cohorts/query-parameters.js';
import { SavedMappings, type SavedMappingView } from './saved-mappings.js';

@ApiTags('ingest')
@ApiBearerAuth()
@Roles('admin', 'owner')
@Controller('ingest/mappings')
export class MappingsController {
  constructor(private readonly mappings: SavedMappings) {}

  @Get()
  @ApiQuery({ name: 'clinic', required: true, description: 'the clinic id, as the clinic knows it' })
  @ApiOkResponse({ description: '`{mappings: [{clinic, name, mapping, savedBy, savedAt}]}` by name' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: RawQuery): Promise<{ mappings: SavedMappingView[] }> {
    return { mappings: await this.mappings.list(principal, clinicOf(query)) };
  }

  @Put(':name')
  @ApiQuery({ name: 'clinic', required: true, description: 'the clinic id, as the clinic knows it' })
  @ApiOkResponse({ description: 'the saved mapping (docs/mappings.md); 400 naming what is wrong with it' })
  async save(@CurrentPrincipal() principal: Principal, @Param('name') name: string, @Query() query: RawQuery, @Body() body: unknown): Promise<SavedMappingView> {
    return this.mappings.save(principal, clinicOf(query), name, body);
  }
}

/** The clinic of the request: required. */
export function clinicOf(query: RawQuery, known: readonly string[] = ['clinic']): string {
  const clinic = new QueryParameters(query, known).text('clinic');
  if (clinic === undefined) throw new BadRequestException('clinic is required: the clinic id whose mappings these are');
  return clinic;
}
