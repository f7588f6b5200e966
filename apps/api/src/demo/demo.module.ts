import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { DemoDataLoader } from './demo-data.loader.js';

@Module({ imports: [IngestModule], providers: [DemoDataLoader] })
export class DemoModule {}
