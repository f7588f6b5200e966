import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryParameters, type RawQuery } from '../cohorts/query-parameters.js';
import type { AuditLogEntity } from '../database/entities/audit-log.entity.js';
import { AuditService } from './audit.service.js';

const MAX_LIMIT = 1000;

/** The audit log, newest first: admins only. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false, description: `entries to answer, 1 to ${MAX_LIMIT} (100 by default)` })
  @ApiQuery({ name: 'offset', required: false, description: 'newest entries to skip (0 by default)' })
  @ApiOkResponse({ description: '`{entries: [{id, at, actor, action, target, detail}], total}`' })
  @ApiBadRequestResponse({ description: 'limit or offset not a whole number in range, or an unknown parameter' })
  list(@Query() query: RawQuery): Promise<{ entries: AuditLogEntity[]; total: number }> {
    const parameters = new QueryParameters(query, ['limit', 'offset']);
    const limit = parameters.integer('limit', { min: 1, max: MAX_LIMIT, fallback: 100 });
    // Within what a JavaScript number holds exactly (and PostgreSQL's OFFSET, a bigint, takes).
    const offset = parameters.integer('offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
    return this.audit.list(limit, offset);
  }
}
