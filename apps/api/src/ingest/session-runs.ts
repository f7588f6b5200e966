/**
 * Follows the readings as they are staged, to spare the store two sorts of every staged row where
 * the file allows it. Most files list each client's sessions together and in order. While a file
 * does (every reading's client and session at or after the previous reading's), the readings of a
 * session form one run: its first reading is marked, and the store takes the marked readings as
 * the sessions' rows without sorting; and every reading is compared here with its run's first,
 * so that a session described in two ways is found without a pass over the staged rows. Once a
 * reading breaks the order, both are left to the database, which sorts.
 */
import type { StoredIngestError } from '../database/entities/ingest-batch.entity.js';
import { conflictMessage, type SessionAttributeColumn } from './conflicts.js';
import type { StagedReading } from './staged-row.js';

export class SessionRuns {
  private ordered = true;
  private first: StagedReading | null = null;
  private conflictCount = 0;
  private readonly conflicts: StoredIngestError[] = [];

  constructor(private readonly maxConflicts: number) {}

  /** Whether the readings so far came in client and session order. */
  get inOrder(): boolean {
    return this.ordered;
  }

  /**
   * Sessions described in two ways (every row that differs from its session's first line), all
   * of them while the file is in order. Empty once it is not: the database's check finds them then.
   */
  get withinFileConflicts(): { count: number; errors: StoredIngestError[] } {
    return this.ordered ? { count: this.conflictCount, errors: this.conflicts } : { count: 0, errors: [] };
  }

  /** Whether the reading (the next in the file) is the first of its session's run. */
  next(reading: StagedReading): boolean {
    const first = this.first;
    if (first !== null && first.clientOrdinal === reading.clientOrdinal && first.row.session === reading.row.session) {
      if (this.ordered) this.compare(first, reading);
      return false;
    }
    if (first !== null && (reading.clientOrdinal < first.clientOrdinal || (reading.clientOrdinal === first.clientOrdinal && reading.row.session < first.row.session))) {
      this.ordered = false;
    }
    this.first = reading;
    return true;
  }

  private compare(first: StagedReading, reading: StagedReading): void {
    const column = differingAttribute(first, reading);
    if (column === null) return;
    this.conflictCount++;
    if (this.conflicts.length < this.maxConflicts) {
      this.conflicts.push({ line: reading.row.line, column, message: conflictMessage('within', column, String(first.row.line)) });
    }
  }
}

/** The first attribute, in SESSION_ATTRIBUTE_COLUMNS' order, in which two readings of one session differ. */
function differingAttribute(a: StagedReading, b: StagedReading): SessionAttributeColumn | null {
  if (a.row.technique !== b.row.technique) return 'technique';
  if (a.row.condition !== b.row.condition) return 'condition';
  if (a.therapistKey !== b.therapistKey) return 'therapist_id';
  if (a.clinicKey !== b.clinicKey) return 'clinic_id';
  if (a.row.sessionDate !== b.row.sessionDate) return 'session_date';
  return null;
}
