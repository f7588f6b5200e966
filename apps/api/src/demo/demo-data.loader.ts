/**
 * Demo data for a first look: a new embedded database is loaded with the demo files of data/demo
 * (a trial-shaped set and a multi-clinic practice set), through the ordinary ingest pipeline, so
 * that `npm start` shows a working product at once. A DATABASE_URL database gets them only when
 * asked (`npm start -- --demo`); loading twice changes nothing (ingest is idempotent). Then the
 * demo's clinics and therapists get the invented names of data/demo/names.json through the
 * directory, so that a new user sees names, not keys; a name someone has given since is kept.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { DATABASE_ENDPOINT, type ResolvedDatabaseEndpoint } from '../database/database-endpoint.js';
import { DirectoryService } from '../directory/directory.service.js';
import { IngestService } from '../ingest/ingest.service.js';

/** The file of invented names beside the demo files: ids as the demo files use them → names. */
export const DEMO_NAMES_FILE = 'names.json';

interface DemoNames {
  clinics: Record<string, string>;
  therapists: Record<string, string>;
}

@Injectable()
export class DemoDataLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
    @Inject(DATABASE_ENDPOINT) private readonly endpoint: ResolvedDatabaseEndpoint,
    private readonly ingest: IngestService,
    private readonly directory: DirectoryService,
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
    await this.nameClinicsAndTherapists();
  }

  private async nameClinicsAndTherapists(): Promise<void> {
    const names = JSON.parse(
      await readFile(join(this.config.demoDataDir, DEMO_NAMES_FILE), 'utf8'),
    ) as DemoNames;
    const clinics = await this.directory.nameUnnamed('clinic', names.clinics, 'demo');
    const therapists = await this.directory.nameUnnamed('therapist', names.therapists, 'demo');
    this.logger.log(`demo names: ${clinics} clinics and ${therapists} therapists named`);
  }
}
