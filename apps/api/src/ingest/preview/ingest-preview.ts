/**
 * A dry run of the ingest (POST /api/ingest/preview): the file read, validated and checked by the
 * very stages an upload goes through (receive: its format and a copy on disk; read: libs/ingest's
 * reader with the mapping, FileChecks for the sender's clinics, erased clients and sessions given
 * twice, pseudonymisation), but with no batch recorded and nothing staged or stored. It answers
 * the sheets of the workbook and their headers (what a mapping can name), the first readings as
 * they would be stored, and every error with its place (`Sheet1!D7`, line and field).
 *
 * What a dry run cannot know is whether a reading conflicts with one stored already: that is found
 * by the store's own check when the file is sent, which still stores all of it or nothing.
 */
import { Injectable } from '@nestjs/common';
import { readSheetColumns, type MeasurementRow, type OutcomesFormat, type SheetColumns, type SpreadsheetMapping } from '@threshold/ingest';
import type { StoredIngestError } from '../../database/entities/ingest-batch.entity.js';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import type { IngestProgress } from '../batches/ingest-progress.js';
import { IngestRepository } from '../ingest.repository.js';
import { FileChecks } from '../read/file-checks.js';
import { readFailure } from '../read/read-failures.js';
import { readFile } from '../read/read-file.js';
import { formatOf } from '../receive/request-format.js';
import { SpooledSource } from '../receive/spooled-source.js';

/** Readings shown as they would be stored. */
export const PREVIEW_ROWS = 20;

export interface PreviewRequest {
  filename: string | null;
  contentType: string | null;
  stream: AsyncIterable<Uint8Array>;
  bytesTotal: number | null;
  /** See BatchRequest. */
  clinicScope?: readonly string[];
  confirmErased?: boolean;
  mapping?: SpreadsheetMapping;
}

/** One reading as it would be stored (the client id as sent: the server stores its key). */
export interface PreviewReading {
  line: number;
  client_id: string;
  session: number;
  phase: string;
  measure: string;
  site: string | null;
  trial: number | null;
  /** In the measure's canonical unit (kPa for ppt). */
  value: number;
  raw_value: number;
  raw_unit: string;
  technique: string;
  condition: string | null;
  clinic_id: string | null;
  therapist_id: string | null;
  session_date: string | null;
}

export interface IngestPreviewView {
  format: OutcomesFormat;
  /** The sheets of a CSV or .xlsx, their headers and row counts; [] for other formats, or a file not read as a spreadsheet. */
  sheets: SheetColumns[];
  /** Readings read (a wide row gives several), valid or not. */
  rowsRead: number;
  errorCount: number;
  /** The first errors by line, each with its place and field. */
  errors: StoredIngestError[];
  /** The first readings as they would be stored (before the first error). */
  readings: PreviewReading[];
  /** Whether sending the file would store it (unless a reading conflicts with a stored one). */
  storable: boolean;
}

@Injectable()
export class IngestPreview {
  constructor(
    private readonly repository: IngestRepository,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  async preview(request: PreviewRequest): Promise<IngestPreviewView> {
    const format = formatOf(request.filename, request.contentType);
    const erased = request.confirmErased === true ? new Set<string>() : await this.repository.erasedClientKeys();
    const checks = new FileChecks(request.clinicScope, this.pseudonyms, erased);
    const progress: IngestProgress = { bytesRead: 0, bytesTotal: request.bytesTotal, rowsRead: 0, phase: 'reading' };
    const readings: PreviewReading[] = [];
    const spool = await SpooledSource.create(request.stream);
    try {
      let result;
      try {
        result = await readFile({ format, progress, mapping: request.mapping }, spool, checks, this.pseudonyms, async (staged) => {
          for (const { row } of staged) if (readings.length < PREVIEW_ROWS) readings.push(previewReading(row));
        });
      } catch (error) {
        throw readFailure(error);
      }
      const sheets = await this.sheetsOf(spool, format);
      return {
        format,
        sheets,
        rowsRead: result.rowCount,
        errorCount: checks.errorCount(result),
        // The first MAX_STORED_ERRORS (100), as a refused batch keeps them.
        errors: checks.errors(result),
        readings,
        storable: !checks.refused(result),
      };
    } finally {
      await spool.dispose();
    }
  }

  /**
   * The sheets and headers, read again from the upload's copy; [] when it is not a readable
   * spreadsheet: the read above has already answered why, in the errors.
   */
  private async sheetsOf(spool: SpooledSource, format: OutcomesFormat): Promise<SheetColumns[]> {
    try {
      return await readSheetColumns(await spool.replay(), format);
    } catch {
      return [];
    }
  }
}

function previewReading(row: MeasurementRow): PreviewReading {
  return {
    line: row.line,
    client_id: row.clientId,
    session: row.session,
    phase: row.phase,
    measure: row.measure,
    site: row.site,
    trial: row.trial,
    value: row.value,
    raw_value: row.rawValue,
    raw_unit: row.rawUnit,
    technique: row.technique,
    condition: row.condition,
    clinic_id: row.clinicId,
    therapist_id: row.therapistId,
    session_date: row.sessionDate,
  };
}
