/**
 * The upload part of the bench: a file of about 1 GB (16 million rows from the same seeded
 * generator, 1,340,000 clients) through `POST /api/ingest` on the built server, on a scratch
 * database of the PostgreSQL server, to check the promise that a 1 GB upload does not need
 * 1 GB of memory. The server's peak resident memory is read from /proc (VmHWM) after the ingest.
 * The file is made once and kept in bench/out/ (the generator is seeded: the same bytes each time).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startOnScratchDatabase, timedIngest, type ApiContext } from './api.js';
import { generateOnce, type GeneratorContext } from './generated-file.js';
import type { UploadResult } from './results.js';

/** Clients of the upload file: 12 rows each, about 62.5 bytes a row, so a little over 10^9 bytes. */
export const UPLOAD_CLIENTS = 1_340_000;
export const UPLOAD_SESSIONS = 12;

export interface UploadContext extends ApiContext, GeneratorContext {}

export async function benchUpload(serverUrl: string, context: UploadContext): Promise<UploadResult> {
  const { progress } = context;
  const file = join(context.out, `upload-${UPLOAD_CLIENTS}x${UPLOAD_SESSIONS}-seed1.csv`);
  const args = ['bench', '--clients', String(UPLOAD_CLIENTS), '--sessions', String(UPLOAD_SESSIONS), '--seed', '1'];
  await generateOnce(file, args, 'upload', context);
  const bytes = (await stat(file)).size;

  const scratch = await startOnScratchDatabase(context, serverUrl, 'upload');
  try {
    const load = context.load();
    const step = progress.start(`upload: POST /api/ingest of ${(bytes / 1e9).toFixed(2)} GB`);
    const ingest = await timedIngest(scratch.server, file);
    step.done(
      `upload: ${(ingest.inserted ?? 0).toLocaleString('en-GB')} readings stored in ${ingest.seconds.toFixed(1)} s, ` +
        `server peak RSS ${((ingest.serverMaxRssBytes ?? NaN) / 2 ** 20).toFixed(0)} MiB`,
    );
    return {
      file: context.shown(file),
      bytes,
      rows: UPLOAD_CLIENTS * UPLOAD_SESSIONS,
      seconds: ingest.seconds,
      inserted: ingest.inserted,
      phases: ingest.phases,
      serverMaxRssBytes: ingest.serverMaxRssBytes,
      loadAverage: load,
      at: context.now(),
    };
  } finally {
    await scratch.close();
  }
}
