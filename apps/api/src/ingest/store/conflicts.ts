/**
 * What makes a batch contradict itself or the stored data, and how that is worded for the sender.
 * Shared by the database's conflict check (ingest.repository.ts) and the check made while an
 * ordered file is read (read/session-runs.ts), so both name the same column and say the same thing;
 * a reading given twice is worded as the reader words it.
 */
import { duplicateRowMessage } from '@threshold/ingest';

/** The attributes a session has once, in the order in which a difference is named. */
export const SESSION_ATTRIBUTE_COLUMNS = ['technique', 'condition', 'therapist_id', 'clinic_id', 'session_date'] as const;
export type SessionAttributeColumn = (typeof SESSION_ATTRIBUTE_COLUMNS)[number];

export type ConflictKind = 'within' | 'duplicate' | 'session' | 'reading';

/**
 * `other` is the line of the session's first row ('within') or of the reading's first row
 * ('duplicate'), or the batch that stored the session or reading ('session', 'reading').
 */
export function conflictMessage(kind: ConflictKind, column: string, other: string): string {
  switch (kind) {
    case 'within':
      return `this session of this client is described differently on line ${other} (${column}): a session has one technique, condition, therapist, clinic and date`;
    case 'duplicate':
      return duplicateRowMessage(Number(other));
    case 'session':
      return `this session of this client is stored (batch ${other}) with another ${column}: stored data are never overwritten; correct the file or the stored batch`;
    case 'reading':
      return `this reading is stored (batch ${other}) with another value: stored data are never overwritten; send the same value, or number a new reading in trial`;
  }
}
