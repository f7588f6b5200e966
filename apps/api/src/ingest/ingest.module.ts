import { Module } from '@nestjs/common';
import { BatchRecords } from './batches/batch-records.js';
import { IngestProgressRegistry } from './batches/ingest-progress.js';
import { CorrectionsService } from './corrections/corrections.service.js';
import { InboxWatcher } from './inbox/inbox-watcher.js';
import { IngestMaintenance } from './ingest-maintenance.js';
import { FormRepository } from './form/form.repository.js';
import { SessionFormController } from './form/session-form.controller.js';
import { SessionFormService } from './form/session-form.service.js';
import { IngestController } from './ingest.controller.js';
import { IngestRepository } from './ingest.repository.js';
import { IngestService } from './ingest.service.js';
import { IngestPreview } from './preview/ingest-preview.js';
import { TemplatesController } from './templates/templates.controller.js';
import { MappingsController } from './mappings/mappings.controller.js';
import { SavedMappings } from './mappings/saved-mappings.js';
import { StagingArea } from './stage/staging.js';
import { StagedStore } from './store/staged-store.js';
import { StoreWhileRead } from './store/store-while-read.js';

@Module({
  controllers: [IngestController, MappingsController, TemplatesController, SessionFormController],
  providers: [
    IngestService,
    CorrectionsService,
    SavedMappings,
    IngestPreview,
    IngestRepository,
    BatchRecords,
    IngestProgressRegistry,
    StagingArea,
    StagedStore,
    StoreWhileRead,
    InboxWatcher,
    SessionFormService,
    FormRepository,
    IngestMaintenance,
  ],
  exports: [IngestService],
})
export class IngestModule {}
