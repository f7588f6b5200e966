/**
 * The adjusted comparison's entries as the page shows them: who each is (a name, "you", or nobody:
 * an anonymous entry of another clinic), in name order (never ranked by value), and what its
 * signal means in words. Pure functions only.
 */
import type {
  AdjustedBy,
  AdjustedComparison,
  AdjustedEntry,
  AdjustedSignal,
} from '../../api/adjusted-types.js';
import { keyLabel, type DisplayNames } from '../../format/display-names.js';
import { isTooFew } from '../../format/small-numbers.js';

export interface AdjustedRow extends AdjustedEntry {
  /** Unique within the chart (the key, or "anonymous-3"): what the chart places rows by. */
  id: string;
  /** A name (else the short key); "" for an anonymous entry. */
  label: string;
  /** Fewer than FEW_CLIENTS clients: muted, never a headline. */
  few: boolean;
}

/**
 * Named (keyed) entries first, in the order of their names; then the anonymous ones in the API's
 * order (key order, which says nothing about their values).
 */
export function adjustedRows(comparison: AdjustedComparison, names: DisplayNames): AdjustedRow[] {
  const kind = comparison.by;
  const rows = (comparison.entries ?? []).map((entry, index) => ({
    ...entry,
    id: entry.key ?? `anonymous-${index + 1}`,
    label: entry.key === null ? '' : keyLabel(names, kind, entry.key),
    few: isTooFew(entry.nClients),
  }));
  const keyed = rows.filter((row) => !row.anonymous).sort((a, b) => a.label.localeCompare(b.label, 'en'));
  return [...keyed, ...rows.filter((row) => row.anonymous)];
}

/** How the row is named on the chart: "you" for one's own entry. */
export function chartLabel(row: AdjustedRow): string {
  return row.self ? 'you' : row.label;
}

/** How the row is named in tables and sentences: "Ana Silva (you)". */
export function tableLabel(row: AdjustedRow, by: AdjustedBy): string {
  if (row.anonymous) return by === 'therapist' ? 'Another therapist' : 'Another clinic';
  return row.self ? `${row.label} (you)` : row.label;
}

export const SIGNAL_TEXT: Record<AdjustedSignal, string> = {
  above: 'above expected',
  within: 'within expected',
  below: 'below expected',
};

/** Better or worse, given the measure's direction ("above" is a larger change). */
export function signalVerdict(signal: AdjustedSignal, lowerIsBetter: boolean): 'better' | 'worse' | 'within' {
  if (signal === 'within') return 'within';
  return (signal === 'above') !== lowerIsBetter ? 'better' : 'worse';
}
