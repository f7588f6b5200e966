import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditLogEntity } from '../database/entities/audit-log.entity.js';
import { AuditService } from './audit.service.js';

/** The audit log, newest first: admins only. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ description: '`{entries: [{id, at, actor, action, target, detail}], total}`' })
  list(@Query('limit') limit = '100', @Query('offset') offset = '0'): Promise<{ entries: AuditLogEntity[]; total: number }> {
    const take = Number(limit);
    const skip = Number(offset);
    if (!Number.isInteger(take) || take < 1 || take > 1000 || !Number.isInteger(skip) || skip < 0) {
      throw new BadRequestException('limit must be 1 to 1000 and offset 0 or more');
    }
    return this.audit.list(take, skip);
  }
}
