import { Module } from '@nestjs/common';
import { ErasureModule } from '../erasure/erasure.module.js';
import { ClientRecordsRepository } from './client-records.js';
import { ClientsController } from './clients.controller.js';

/** A client's rights by the clinic's id for them: erasure and access (docs/privacy.md). */
@Module({
  imports: [ErasureModule],
  controllers: [ClientsController],
  providers: [ClientRecordsRepository],
})
export class ClientsModule {}
