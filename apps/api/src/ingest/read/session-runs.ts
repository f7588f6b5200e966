/**
 * Follows the readings as they are staged, to spare the database work that a file's order makes
 * needless. Most files list each client's sessions together and in order. While a file does
 * (every reading's client and session at or after the previous reading's), the readings of a
 * session form one run, and two checks need nothing but the run:
 * - a session described in two ways: every reading is compared with its run's first;
 * - the same reading twice (same phase, measure, site and trial), which can only be in one run.
 * The run's first reading is also marked, and the store takes the marked readings as the sessions'
 * rows without sorting. Memory stays that of one run, where the reader's whole-file index of
 * duplicate keys would hold every row (about 25 bytes a row). Once a reading breaks the order, both
 * checks and the sessions are left to the database, which sorts the staged rows.
 */
import { duplicateRowMessage } from '@threshold/ingest';
import type { StoredIngestError } from '../../database/entities/ingest-batch.entity.js';
import { conflictMessage, SESSION_ATTRIBUTE_COLUMNS, type SessionAttributeColumn } from '../store/conflicts.js';
import type { StagedReading } from '../stage/staged-row.js';

/**
 * Readings of a run compared one by one before they are indexed by key: most sessions have a
 * handful, for which building a key string per reading and a map per session cost more than the
 * comparisons (about a tenth of the reading path's time for a clinic file, in a CPU profile).
 */
const RUN_COMPARED_ONE_BY_ONE = 16;

export class SessionRuns {
  private ordered = true;
  private first: StagedReading | null = null;
  /** The run's readings, while there are at most RUN_COMPARED_ONE_BY_ONE. */
  private run: StagedReading[] = [];
  /** The run's readings by key (phase, measure, site, trial) -> line, once it has more. */
  private runKeys: Map<string, number> | null = null;
  private errorCount = 0;
  private readonly errors: StoredIngestError[] = [];

  constructor(private readonly maxErrors: number) {}

  /** Whether the readings so far came in client and session order. */
  get inOrder(): boolean {
    return this.ordered;
  }

  /**
   * Sessions described in two ways (every row that differs from its session's first line) and
   * readings given twice, all of them while the file is in order. Empty once it is not: the
   * database's check finds them then.
   */
  get withinFileErrors(): { count: number; errors: StoredIngestError[] } {
    return this.ordered ? { count: this.errorCount, errors: this.errors } : { count: 0, errors: [] };
  }

  /** Whether the reading (the next in the file) is the first of its session's run. */
  next(reading: StagedReading): boolean {
    const first = this.first;
    if (first !== null && first.clientOrdinal === reading.clientOrdinal && first.row.session === reading.row.session) {
      if (this.ordered) this.check(first, reading);
      return false;
    }
    if (first !== null && (reading.clientOrdinal < first.clientOrdinal || (reading.clientOrdinal === first.clientOrdinal && reading.row.session < first.row.session))) {
      this.ordered = false;
    }
    this.first = reading;
    this.run = [reading];
    this.runKeys = null;
    return true;
  }

  private check(first: StagedReading, reading: StagedReading): void {
    const earlierLine = this.earlierLineOf(reading);
    if (earlierLine !== undefined) {
      this.addError({ line: reading.row.line, column: null, message: duplicateRowMessage(earlierLine) });
      return;
    }
    const column = differingAttribute(first, reading);
    if (column !== null) {
      this.addError({ line: reading.row.line, column, message: conflictMessage('within', column, String(first.row.line)) });
    }
  }

  /** The line of the same reading earlier in the run, if any; remembers this one otherwise. */
  private earlierLineOf(reading: StagedReading): number | undefined {
    if (this.runKeys === null) {
      for (const earlier of this.run) if (sameReading(earlier, reading)) return earlier.row.line;
      this.run.push(reading);
      if (this.run.length > RUN_COMPARED_ONE_BY_ONE) {
        this.runKeys = new Map(this.run.map((earlier) => [readingKey(earlier), earlier.row.line]));
        this.run = [];
      }
      return undefined;
    }
    const key = readingKey(reading);
    const earlierLine = this.runKeys.get(key);
    if (earlierLine === undefined) this.runKeys.set(key, reading.row.line);
    return earlierLine;
  }

  private addError(error: StoredIngestError): void {
    this.errorCount++;
    if (this.errors.length < this.maxErrors) this.errors.push(error);
  }
}

/**
 * A reading's key within its session, told apart as the reader's duplicate index tells them: no
 * site differs from an empty one, no trial number is trial 0 (trials are positive). The site, free
 * text, comes last behind a marker, so no site can make two keys equal.
 */
function readingKey({ row }: StagedReading): string {
  return `${row.phase}\t${row.measure}\t${row.trial ?? 0}\t${row.site === null ? 'none' : `site ${row.site}`}`;
}

/** Whether two readings have the same key, as readingKey tells them apart. */
function sameReading({ row: a }: StagedReading, { row: b }: StagedReading): boolean {
  return a.phase === b.phase && a.measure === b.measure && (a.trial ?? 0) === (b.trial ?? 0) && a.site === b.site;
}

/** Each attribute a session has once, as a staged reading carries it. */
const ATTRIBUTE_OF: Record<SessionAttributeColumn, (reading: StagedReading) => string | null> = {
  technique: (reading) => reading.row.technique,
  condition: (reading) => reading.row.condition,
  therapist_id: (reading) => reading.therapistKey,
  clinic_id: (reading) => reading.clinicKey,
  session_date: (reading) => reading.row.sessionDate,
};

/** The first attribute, in SESSION_ATTRIBUTE_COLUMNS' order (the database's check names the same), in which two readings differ. */
function differingAttribute(a: StagedReading, b: StagedReading): SessionAttributeColumn | null {
  return SESSION_ATTRIBUTE_COLUMNS.find((column) => ATTRIBUTE_OF[column](a) !== ATTRIBUTE_OF[column](b)) ?? null;
}
