import { Body, Controller, Delete, Get, HttpCode, Param, Post, BadRequestException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { NAMED_KINDS, type NamedKind } from '../database/entities/display-name.entity.js';
import { STORED_KEY_PATTERN } from '../pseudonyms/pseudonymizer.js';
import { MAX_NAME_LENGTH, parseNameRequest, type DirectoryEntryView } from './directory-entry.js';
import { DirectoryService } from './directory.service.js';

/**
 * Display names of clinics and therapists. Reading: whoever sees clinics or therapists, each the
 * names of what they see (name-scope.ts). Writing: an admin any, an owner their own clinics and
 * their clinics' therapists; every write is in the audit log, with the key, never the raw id.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Roles('admin', 'owner', 'therapist')
@Controller('directory')
export class DirectoryController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({
    description: '`{entries: [{kind, key, name, updatedAt, updatedBy}]}`: the names the caller may see',
  })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ entries: DirectoryEntryView[] }> {
    return { entries: await this.directory.list(principal) };
  }

  /** Names a clinic or therapist by the id used at ingest or by its stored key; names it again to rename. */
  @Post()
  @HttpCode(200)
  @Roles('admin', 'owner')
  @ApiBody({
    schema: {
      properties: {
        kind: { enum: [...NAMED_KINDS] },
        name: { type: 'string', maxLength: MAX_NAME_LENGTH },
        id: {
          type: 'string',
          description: 'the clinic_id or therapist_id used at ingest (hashed; never stored)',
        },
        key: { type: 'string', description: 'or the stored key, 32 hex digits' },
      },
      required: ['kind', 'name'],
    },
  })
  @ApiOkResponse({ description: 'the entry `{kind, key, name, updatedAt, updatedBy}`' })
  @ApiBadRequestResponse({ description: '`errors` naming each problem of the body' })
  @ApiForbiddenResponse({ description: 'a clinic or therapist outside the owner’s clinics' })
  async attach(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<DirectoryEntryView> {
    const request = parseNameRequest(body);
    const { entry, renamed } = await this.directory.attach(principal, request);
    await this.audit.record({
      actor: principal.name,
      action: renamed ? 'name.rename' : 'name.create',
      target: `${entry.kind}:${entry.key}`,
      detail: { name: entry.name, by: request.id === undefined ? 'key' : 'id' },
    });
    return entry;
  }

  @Delete(':kind/:key')
  @Roles('admin', 'owner')
  @ApiOkResponse({ description: 'the removed entry' })
  @ApiBadRequestResponse({
    description: 'a kind other than clinic or therapist, or a key that is not 32 hex digits',
  })
  @ApiNotFoundResponse({ description: 'no name for this key (or none the owner may change)' })
  async remove(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DirectoryEntryView> {
    if (!NAMED_KINDS.includes(kind as NamedKind))
      throw new BadRequestException(`kind must be one of ${NAMED_KINDS.join(', ')}`);
    if (!STORED_KEY_PATTERN.test(key))
      throw new BadRequestException('key must be a stored key, 32 hex digits in lower case');
    const removed = await this.directory.remove(principal, kind as NamedKind, key);
    await this.audit.record({
      actor: principal.name,
      action: 'name.remove',
      target: `${removed.kind}:${removed.key}`,
      detail: { name: removed.name },
    });
    return removed;
  }
}
