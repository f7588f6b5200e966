/**
 * Display names of clinics and therapists (the API's `names`: docs/api.md, "Names"). A clinic or
 * therapist is shown by its name where it has one, and by its shortened key (`3f2a91c0…`) only
 * where it has none; a therapist's own point is "you". Pure functions only.
 */
import { shortKey } from './labels.js';

export interface DisplayNames {
  clinics: Readonly<Record<string, string>>;
  therapists: Readonly<Record<string, string>>;
}

export const NO_NAMES: DisplayNames = { clinics: {}, therapists: {} };

export type NamedKind = 'clinic' | 'therapist';

/** The `names` object of an answer, read defensively (an older API sends none). */
export function readNames(raw: unknown): DisplayNames {
  if (typeof raw !== 'object' || raw === null) return NO_NAMES;
  const { clinics, therapists } = raw as { clinics?: unknown; therapists?: unknown };
  const textValues = (value: unknown): Record<string, string> =>
    typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        )
      : {};
  return { clinics: textValues(clinics), therapists: textValues(therapists) };
}

/** Both sets of names in one, the later winning (a report's names are as fresh as the filter values'). */
export function mergeNames(...sets: readonly DisplayNames[]): DisplayNames {
  return {
    clinics: Object.assign({}, ...sets.map((names) => names.clinics)),
    therapists: Object.assign({}, ...sets.map((names) => names.therapists)),
  };
}

/** The display name of a key, or undefined when it has none. */
export function nameOf(names: DisplayNames, kind: NamedKind, key: string): string | undefined {
  const found = (kind === 'clinic' ? names.clinics : names.therapists)[key];
  return found === undefined || found === '' ? undefined : found;
}

/** A clinic or therapist as the page shows it: its name, else its shortened key. */
export function keyLabel(names: DisplayNames, kind: NamedKind, key: string): string {
  return nameOf(names, kind, key) ?? shortKey(key);
}
