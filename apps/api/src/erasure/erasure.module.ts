import { Module } from '@nestjs/common';
import { BatchErasureController } from './batch-erasure.controller.js';
import { ErasureRepository } from './erasure.repository.js';
import { ErasureService } from './erasure.service.js';

/** Erasure of stored data: of a client, of a batch, by the retention job (docs/privacy.md). */
@Module({
  controllers: [BatchErasureController],
  providers: [ErasureRepository, ErasureService],
  exports: [ErasureService, ErasureRepository],
})
export class ErasureModule {}
