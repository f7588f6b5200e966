/**
 * Demo data for a first look: a new embedded database is loaded with the demo files of data/demo
 * (a trial-shaped set and a multi-clinic practice set), through the ordinary ingest pipeline, so
 * that `npm start` shows a working product at once. A DATABASE_URL database gets them only when
 * asked (`npm start -- --demo`); loading twice changes nothing (ingest is idempotent).
 */
import { readdir, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { DATABASE_ENDPOINT, type ResolvedDatabaseEndpoint } from '../database/database-endpoint.js';
import { IngestService } from '../ingest/ingest.service.js';

@Injectable()
export class DemoDataLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
    @Inject(DATABASE_ENDPOINT) private readonly endpoint: ResolvedDatabaseEndpoint,
    private readonly ingest: IngestService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const wanted = this.config.demo || (this.endpoint.created && this.config.demoOnNewEmbedded);
    if (wanted) await this.load();
  }

  async load(): Promise<void> {
    const files = (await readdir(this.config.demoDataDir)).filter((name) => name.endsWith('.csv')).sort();
    for (const name of files) {
      const path = join(this.config.demoDataDir, name);
      const { batch } = await this.ingest.ingest({
        source: 'demo',
        filename: name,
        contentType: 'text/csv',
        stream: createReadStream(path),
        bytesTotal: (await stat(path)).size,
        createdBy: 'demo',
      });
      this.logger.log(`demo data ${name}: ${batch.status}, ${batch.inserted} readings stored`);
    }
  }
}
