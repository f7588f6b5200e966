/**
 * Corrections of stored readings (issue 20; docs/api.md, "Corrections"). A stored reading is never
 * overwritten by an ordinary ingest (the same key with another value is a conflict); it is changed
 * or withdrawn only by a correction: a file of the rows to correct, sent with
 * `POST /api/ingest?mode=correct&reason=...` by an admin, or by an owner for their clinics'
 * readings. Each row names a stored reading by its key (client_id, session, phase, measure, site,
 * trial) and gives its new value and unit, or leaves both empty to withdraw it.
 *
 * The file is read and validated by libs/ingest as any file is (every format), refused whole on
 * any error or on any row that names no stored reading (of the owner's clinics), else applied in
 * one transaction holding the store lock: the previous values kept in measurement_history with
 * who, when and why, the readings changed, and the batch recorded as a stored correction. A
 * correction that changed a reading counts as a stored batch, so reports move to a new data
 * version; the audit log records it with its reason.
 *
 * A correction is small (a mistyped value, a withdrawn session): its rows are held in memory, up
 * to CORRECTION_MAX_READINGS.
 */
import { Injectable, Logger } from '@nestjs/common';
import { readOutcomes, type MeasurementRow, type ReadOutcomesResult } from '@threshold/ingest';
import { AuditService } from '../../audit/audit.service.js';
import type { StoredIngestError } from '../../database/entities/ingest-batch.entity.js';
import { rollBackAndRelease } from '../../database/query-runners.js';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BatchRecords, type BatchRequest, type IngestOutcome, type LoadingBatch } from '../batches/batch-records.js';
import { IngestRepository } from '../ingest.repository.js';
import { readFailure } from '../read/read-failures.js';
import { formatOf } from '../receive/request-format.js';
import { applyCorrections, findStoredReadings, listChanges, type CorrectionRow, type ReadingChange, type StoredReading } from './correction-store.js';

/** The most readings one correction may change. */
export const CORRECTION_MAX_READINGS = 10_000;
/** The longest reason, in characters. */
export const REASON_MAX_LENGTH = 500;

const MAX_ERRORS = 100;

export interface CorrectionRequest extends BatchRequest {
  stream: AsyncIterable<Uint8Array>;
  reason: string;
}

@Injectable()
export class CorrectionsService {
  private readonly logger = new Logger('Ingest');

  constructor(
    private readonly batches: BatchRecords,
    private readonly repository: IngestRepository,
    private readonly pseudonyms: Pseudonymizer,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async correct(request: CorrectionRequest): Promise<IngestOutcome> {
    const format = formatOf(request.filename, request.contentType);
    const load = await this.batches.open(request, format, { kind: 'correction', reason: request.reason });
    try {
      const rows: MeasurementRow[] = [];
      let read: ReadOutcomesResult;
      try {
        read = await readOutcomes(request.stream, format, {
          withdrawals: true,
          mapping: request.mapping,
          maxErrors: MAX_ERRORS,
          onBatch: (batch) => {
            if (rows.length <= CORRECTION_MAX_READINGS) rows.push(...batch.slice(0, CORRECTION_MAX_READINGS + 1 - rows.length));
          },
          onProgress: (bytesRead) => (load.progress.bytesRead = bytesRead),
        });
      } catch (error) {
        throw await this.batches.fail(load, null, readFailure(error));
      }
      load.progress.rowsRead = read.rowCount;
      let outcome: IngestOutcome;
      if (read.errorCount > 0) {
        outcome = await this.batches.refuse(load, read, { errorCount: read.errorCount, errors: [...read.errors], message: `refused: ${read.errorCount} errors; nothing was corrected` });
      } else if (read.rowCount > CORRECTION_MAX_READINGS) {
        const message = `a correction changes at most ${CORRECTION_MAX_READINGS} readings, and this one has ${read.rowCount}: split it`;
        outcome = await this.batches.refuse(load, read, { errorCount: 1, errors: [{ line: 0, column: null, message }], message });
      } else {
        outcome = await this.apply(load, read, rows, request);
      }
      await this.audit.record({
        actor: request.createdBy,
        action: 'correction',
        target: `batch ${outcome.batch.id}`,
        detail: { source: request.source, status: outcome.batch.status, reason: request.reason, changed: outcome.batch.inserted, unchanged: outcome.batch.duplicates, errorCount: outcome.batch.errorCount },
      });
      this.logger.log(`batch ${outcome.batch.id} (correction): ${outcome.batch.status}, ${outcome.batch.inserted} readings changed, ${outcome.batch.errorCount} errors`);
      return outcome;
    } finally {
      await this.batches.close(load);
    }
  }

  /** The changes of a client's readings, newest first (an owner's: of their clinics' readings only). */
  history(where: { clientId: string; session?: number; measure?: string; clinicScope?: readonly string[] }): Promise<ReadingChange[]> {
    return listChanges(this.dataSource, { ...where, clientKey: this.pseudonyms.key('client', where.clientId) });
  }

  /** Finds every row's stored reading, and applies the correction, or refuses it naming the rows that name none. */
  private async apply(load: LoadingBatch, read: ReadOutcomesResult, rows: readonly MeasurementRow[], request: CorrectionRequest): Promise<IngestOutcome> {
    const started = performance.now();
    const correctionRows: CorrectionRow[] = rows.map((row) => ({ row, clientKey: this.pseudonyms.key('client', row.clientId) }));
    const runner = await this.repository.beginStoreTransaction();
    let refusal: StoredIngestError[] = [];
    let changed: CorrectionRow[] = [];
    try {
      const stored = await findStoredReadings(runner, correctionRows);
      refusal = correctionRows.filter(({ row }) => !this.mayCorrect(stored.get(row.line), request.clinicScope)).map(({ row }) => notStoredError(row.line, request.clinicScope));
      if (refusal.length === 0) {
        // A row giving the value already stored changes nothing, and leaves no history.
        changed = correctionRows.filter(({ row }) => row.withdrawn === true || stored.get(row.line)!.value !== row.value);
        if (changed.length > 0) await applyCorrections(runner, changed, { batchId: load.batch.id, reason: request.reason, correctedBy: request.createdBy });
        await this.repository.finishStored(runner, load.batch.id, {
          bytesRead: read.bytesRead,
          rowsRead: read.rowCount,
          inserted: changed.length,
          duplicates: read.rowCount - changed.length,
          checksum: read.checksum,
          message: correctionMessage(changed, read.rowCount),
        });
        await runner.commitTransaction();
      }
    } catch (error) {
      throw await this.batches.fail(load, read, new Error(`the correction could not be stored: ${(error as Error).message}`));
    } finally {
      await rollBackAndRelease(runner);
    }
    if (refusal.length > 0) {
      const message = `refused: ${refusal.length} rows name no stored reading; nothing was corrected`;
      return this.batches.refuse(load, read, { errorCount: refusal.length, errors: refusal.slice(0, MAX_ERRORS), message });
    }
    return this.batches.stored(load, changed.length, { way: 'correction', started, readMs: 0, checkMs: null });
  }

  /** Whether the reading is stored, and (for an owner) of one of their clinics. */
  private mayCorrect(reading: StoredReading | undefined, clinicScope: readonly string[] | undefined): boolean {
    if (reading === undefined) return false;
    return clinicScope === undefined || (reading.clinicKey !== null && clinicScope.includes(reading.clinicKey));
  }
}

/** The same words whether the reading is not stored or of another clinic: an owner learns nothing of other clinics. */
function notStoredError(line: number, clinicScope: readonly string[] | undefined): StoredIngestError {
  return {
    line,
    column: null,
    message: `no stored reading${clinicScope === undefined ? '' : ' of your clinics'} has this client_id, session, phase, measure, site and trial: a correction changes stored readings only; send new readings as an ordinary ingest`,
  };
}

function correctionMessage(changed: readonly CorrectionRow[], rowCount: number): string {
  const withdrawn = changed.filter(({ row }) => row.withdrawn === true).length;
  const unchanged = rowCount - changed.length;
  return `corrected ${changed.length - withdrawn} readings, withdrew ${withdrawn}${unchanged > 0 ? `; ${unchanged} already had the value given` : ''}`;
}
