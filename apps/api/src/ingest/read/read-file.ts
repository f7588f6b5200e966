/**
 * The read stage: the file read, validated and converted by its format's reader (libs/ingest, see
 * its formats.ts), checked by itself as it goes (FileChecks), and handed on chunk by chunk as
 * staged readings (pseudonymised, the client as its ordinal in the batch) to the stage that writes
 * them: the staging tables or the streaming store.
 */
import { readOutcomes, type ReadOutcomesResult } from '@threshold/ingest';
import type { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import { MAX_STORED_ERRORS, type LoadingBatch } from '../batches/batch-records.js';
import { stageReadings, type StagedReading } from '../stage/staged-row.js';
import type { FileChecks } from './file-checks.js';
import { asStagingFailure } from './read-failures.js';

/**
 * Rows handed over and staged at a time. Small enough that a chunk's rows and its COPY text (about
 * 170 KB) stay out of V8's large-object space: with 10,000 rows a chunk (850 KB of text) a 1 GB
 * upload left the server at twice the resident memory, for no gain in speed.
 */
const INGEST_BATCH_ROWS = 2000;

/** A file read to its end: the reader's result, and what it was checked for by itself. */
export interface FileRead {
  result: ReadOutcomesResult;
  checks: FileChecks;
}

/** The refusal of a file with errors of its own (FileChecks.refused). */
export function fileErrors({ result, checks }: FileRead): { errorCount: number; errors: ReturnType<FileChecks['errors']>; message: string } {
  return { errorCount: checks.errorCount(result), errors: checks.errors(result), message: 'the file has errors; nothing was stored' };
}

/**
 * Reads, validates and converts the file, handing its readings to `write` chunk by chunk (rows
 * of other clinics are counted, not handed), and keeps the batch's progress up to date.
 */
export function readFile(
  { format, progress, mapping }: Pick<LoadingBatch, 'format' | 'progress' | 'mapping'>,
  source: AsyncIterable<Uint8Array>,
  checks: FileChecks,
  pseudonyms: Pseudonymizer,
  write: (readings: StagedReading[]) => Promise<void>,
): Promise<ReadOutcomesResult> {
  return readOutcomes(source, format, {
    maxErrors: MAX_STORED_ERRORS,
    batchSize: INGEST_BATCH_ROWS,
    mapping,
    // Rows given twice are found per session by SessionRuns, or in the database for a file out
    // of order: the reader's whole-file index would hold every row's key (400 MB for 1 GB).
    findDuplicates: false,
    onProgress: (bytes) => {
      progress.bytesRead = bytes;
    },
    onBatch: async (rows) => {
      const allowed = checks.outOfScope.filter(rows);
      checks.erased.check(allowed);
      checks.names.collect(allowed);
      if (checks.outOfScope.count > 0 || checks.erased.count > 0) return; // refused anyway: write nothing more
      await asStagingFailure(write(stageReadings(allowed, pseudonyms, checks.clients, checks.runs)));
      progress.rowsRead += rows.length;
    },
  });
}

/**
 * How the batch's rows are keyed: clinic and therapist ids hashed, or kept when they are stored
 * keys already (BatchRequest.placeKeysStored: the session form's); client ids hashed either way.
 */
export function rowPseudonyms(load: LoadingBatch, pseudonyms: Pseudonymizer): Pseudonymizer {
  return load.placeKeysStored === true ? pseudonyms.keepingPlaceKeys() : pseudonyms;
}
