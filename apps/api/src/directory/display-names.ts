/**
 * The shape in which every answer that shows clinic or therapist keys adds their names: a `names`
 * object, `{clinics: {key: name}, therapists: {key: name}}`, holding only the keys that have a
 * name and that the caller may see (docs/api.md, "Names"). Keys stay where they were, so a client
 * that does not read `names` sees the answer it always did.
 */
export interface DisplayNames {
  clinics: Record<string, string>;
  therapists: Record<string, string>;
}

export const NO_NAMES: DisplayNames = { clinics: {}, therapists: {} };

/** The keys to look names up for. */
export interface KeysToName {
  clinics: readonly string[];
  therapists: readonly string[];
}
