/**
 * `outcomes ingest FILE [FILE ...]`: stores files in the database (DATABASE_URL, or the embedded
 * one under THRESHOLD_DATA_DIR) through the same pipeline as POST /api/ingest and the watch folder.
 * Each file is stored whole or refused whole; exit 2 when any file is refused.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { formatIngestError } from '@threshold/ingest';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/configuration.js';
import { IngestService, UnsupportedFormatError, type IngestOutcome } from '../ingest/ingest.service.js';
import { createProgressBar } from './progress-bar.js';
import { UsageError } from './usage-error.js';

export const INGEST_USAGE = `usage: outcomes ingest FILE [FILE ...]

  Stores each FILE (.csv, .json, .ndjson or .arrow) in the database: DATABASE_URL if set, else the
  embedded database in THRESHOLD_DATA_DIR (default ./.data; stop the server using it first).`;

export async function runIngestCommand(args: readonly string[]): Promise<number> {
  if (args.length === 0 || args.some((arg) => arg.startsWith('-'))) throw new UsageError(INGEST_USAGE);
  for (const file of args) {
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile()) throw new UsageError(`cannot read ${file}: no such file`);
  }
  const config = { ...loadConfig(), inbox: undefined, runJobs: false, demo: false, demoOnNewEmbedded: false };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  const ingest = app.get(IngestService);
  let refused = 0;
  try {
    for (const file of args) {
      const size = (await stat(file)).size;
      const progress = createProgressBar(`storing ${file}`, size);
      let outcome: IngestOutcome;
      try {
        outcome = await ingest.ingest({
          source: 'cli',
          filename: file.split(/[\\/]/).pop() ?? file,
          contentType: null,
          stream: countBytes(createReadStream(file), (bytes) => progress.update(bytes)),
          bytesTotal: size,
          createdBy: `cli:${userInfo().username}`,
        });
      } catch (error) {
        if (error instanceof UnsupportedFormatError) throw new UsageError(`${file}: ${error.message}`);
        throw error;
      } finally {
        progress.finish();
      }
      const { batch, errors } = outcome;
      if (batch.status === 'stored') {
        process.stdout.write(
          `${file}: stored as batch ${batch.id}: ${batch.inserted} readings inserted, ${batch.duplicates} already stored\n`,
        );
      } else {
        refused++;
        process.stderr.write(`outcomes: ${file} refused as batch ${batch.id}: ${batch.message ?? ''}\n`);
        for (const error of errors) process.stderr.write(`  ${file}: ${formatIngestError(error)}\n`);
        const rest = batch.errorCount - errors.length;
        if (rest > 0) process.stderr.write(`  ... and ${rest} more error${rest === 1 ? '' : 's'}\n`);
      }
    }
  } finally {
    await app.close();
  }
  return refused > 0 ? 2 : 0;
}

async function* countBytes(source: AsyncIterable<Uint8Array>, onBytes: (total: number) => void): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    onBytes(total);
    yield chunk;
  }
}
