/**
 * Where every format reader sends its rows: validation, the duplicate check, the error cap and
 * delivery of valid rows in batches. Keeping this in one place is what makes CSV, JSON and Arrow
 * input behave identically once they have been split into fields.
 */
import type { FieldValues } from './columns.js';
import { DuplicateKeyIndex } from './duplicates.js';
import { FollowupOrderCheck } from './followup-order.js';
import type { IngestError, MeasurementRow } from './types.js';
import { RowValidator, type IngestErrorSink } from './validate-row.js';

export type BatchHandler = (rows: MeasurementRow[]) => void | Promise<void>;

/**
 * For formats that name places in their own terms (see IngestError.location): where a column of
 * the row being added is in the input (null: the row as a whole).
 */
export type LocateColumn = (column: string | null) => string | undefined;

export interface RecordSinkOptions {
  readonly batchSize: number;
  readonly maxErrors: number;
  readonly onBatch: BatchHandler | undefined;
  /** Whether to look for rows with the same key across the whole input (see ReadOutcomesOptions.findDuplicates). */
  readonly findDuplicates: boolean;
  /** Whether a row of empty value and unit is a withdrawal (see ReadOutcomesOptions.withdrawals). */
  readonly withdrawals?: boolean;
}

/** The error of a row whose key an earlier row has: the same words wherever duplicates are found. */
export function duplicateRowMessage(earlierLine: number): string {
  return `duplicate of line ${earlierLine}: same client_id, session, phase, measure, site and trial; keep one row, or number repeat readings in trial`;
}

export class RecordSink implements IngestErrorSink {
  /** Data rows read, valid or not (not the header, not empty lines). */
  rowCount = 0;
  errorCount = 0;
  /** The first `maxErrors` errors. */
  readonly errors: IngestError[] = [];

  private readonly validator: RowValidator;
  private readonly duplicates: DuplicateKeyIndex | null;
  private readonly followupOrder = new FollowupOrderCheck();
  private batch: MeasurementRow[] = [];
  private fullBatches: MeasurementRow[][] = [];
  /** The locator of the row being added, while it is validated. */
  private locate: LocateColumn | undefined;

  constructor(private readonly options: RecordSinkOptions) {
    this.duplicates = options.findDuplicates ? new DuplicateKeyIndex() : null;
    this.validator = new RowValidator(this, options.withdrawals ?? false);
  }

  /**
   * Validates one data row; valid rows are queued for delivery as long as the input has no error.
   * `locate` gives the row's errors a location (FHIR, spreadsheets).
   */
  addRow(values: FieldValues, line: number, locate?: LocateColumn): void {
    this.rowCount++;
    this.locate = locate;
    try {
      this.addValidRow(values, line);
    } finally {
      this.locate = undefined;
    }
  }

  private addValidRow(values: FieldValues, line: number): void {
    const row = this.validator.validate(values, line);
    if (row === null) return;
    const earlierLine = this.duplicates?.lineOfEarlierRow(row) ?? 0;
    if (earlierLine !== 0) {
      this.addError({ line, column: null, message: duplicateRowMessage(earlierLine) });
      return;
    }
    this.followupOrder.add(row);
    // The input will be refused whole once it has an error, so rows after that are not delivered.
    if (this.errorCount > 0 || this.options.onBatch === undefined) return;
    this.batch.push(row);
    if (this.batch.length >= this.options.batchSize) {
      this.fullBatches.push(this.batch);
      this.batch = [];
    }
  }

  /**
   * A data row that could not be split into the format's columns (a CSV row with too many fields,
   * a JSON object with an unknown key): counted, its errors recorded, not validated further.
   */
  addUnreadableRow(...errors: IngestError[]): void {
    this.rowCount++;
    for (const error of errors) this.addError(error);
  }

  addError(error: IngestError): void {
    const location = error.location === undefined ? this.locate?.(error.column) : undefined;
    if (location !== undefined) error = { ...error, location };
    if (this.errorCount === 0) {
      this.batch = [];
      this.fullBatches = [];
    }
    this.errorCount++;
    if (this.errors.length < this.options.maxErrors) this.errors.push(error);
  }

  get hasFullBatch(): boolean {
    return this.fullBatches.length > 0;
  }

  /** Hands full batches to onBatch, one at a time, awaiting each: that is the back-pressure on the reader. */
  async deliverFullBatches(): Promise<void> {
    const { onBatch } = this.options;
    const batches = this.fullBatches;
    this.fullBatches = [];
    if (onBatch !== undefined) for (const batch of batches) await onBatch(batch);
  }

  /** At the end of the input: checks what needs the whole input, then delivers the last, partial batch. */
  async finish(): Promise<void> {
    for (const error of this.followupOrder.errors()) this.addError(error);
    if (this.batch.length > 0 && this.errorCount === 0) {
      this.fullBatches.push(this.batch);
      this.batch = [];
    }
    await this.deliverFullBatches();
  }
}
