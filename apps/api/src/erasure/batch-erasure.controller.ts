import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import type { ErasedCounts } from './erasure.repository.js';
import { ErasureService } from './erasure.service.js';

/**
 * Undoes a file loaded by mistake, whole: the readings its batch stored go, with the sessions and
 * clients left without readings, and the batch is marked 'erased'. Admins any batch, owners the
 * batches they sent (as they see them in GET /api/ingest/batches); audited.
 */
@ApiTags('ingest')
@ApiBearerAuth()
@Roles('admin', 'owner')
@Controller('ingest/batches')
export class BatchErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post(':id/erase')
  @HttpCode(200)
  @ApiOkResponse({ description: '`{batchId, readings, sessions, clients}`: how many went' })
  @ApiNotFoundResponse({ description: 'no such batch (of the caller’s, for an owner), or one that is not stored' })
  erase(@Param('id', new ParseIdPipe('batch')) id: string, @CurrentPrincipal() principal: Principal): Promise<ErasedCounts & { batchId: string }> {
    return this.erasure.eraseBatch(id, principal);
  }
}
