import { Module } from '@nestjs/common';
import { InboxWatcher } from './inbox/inbox-watcher.js';
import { IngestController } from './ingest.controller.js';
import { IngestMaintenance } from './ingest-maintenance.js';
import { IngestProgressRegistry } from './ingest-progress.js';
import { IngestRepository } from './ingest.repository.js';
import { IngestService } from './ingest.service.js';

@Module({
  controllers: [IngestController],
  providers: [IngestService, IngestRepository, IngestProgressRegistry, InboxWatcher, IngestMaintenance],
  exports: [IngestService],
})
export class IngestModule {}
