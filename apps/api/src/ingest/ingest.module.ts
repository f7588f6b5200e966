import { Module } from '@nestjs/common';
import { IngestController } from './ingest.controller.js';
import { IngestProgressRegistry } from './ingest-progress.js';
import { IngestRepository } from './ingest.repository.js';
import { IngestService } from './ingest.service.js';

@Module({
  controllers: [IngestController],
  providers: [IngestService, IngestRepository, IngestProgressRegistry],
  exports: [IngestService],
})
export class IngestModule {}
