/**
 * Codes as people read them. Data codes (technique, condition, site) are snake_case in the files;
 * pages show "Trigger point release". Pseudonymous keys (32 hex digits) are shortened to their
 * first 8 digits, which is how the team refers to a therapist or clinic in conversation; tables
 * and CSV keep the full key.
 */

const WORDS: Readonly<Record<string, string>> = {
  ppt: 'PPT',
  nrs: 'NRS',
  hdi: 'HDI',
};

/** "trigger_point_release" → "Trigger point release"; "pain_nrs" → "Pain NRS". */
export function humanize(code: string): string {
  if (code === '') return code;
  const words = code.split(/[_\s]+/).filter((word) => word !== '');
  return words
    .map((word, index) => WORDS[word] ?? (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word))
    .join(' ');
}

const STORED_KEY = /^[0-9a-f]{32}$/;

/** A stored pseudonymous key, shortened for charts: "3f2a91c0…". Other ids are shown as given. */
export function shortKey(key: string): string {
  return STORED_KEY.test(key) ? `${key.slice(0, 8)}…` : key;
}

/**
 * What a report group is called on the page, given what the report is grouped by: a therapist or
 * clinic by its display name when `names` (format/display-names.ts) has one, else by its short key.
 */
export function groupLabel(
  name: string,
  by: string,
  names?: { clinics: Readonly<Record<string, string>>; therapists: Readonly<Record<string, string>> },
): string {
  if (by === 'therapist_id') return names?.therapists[name] ?? `Therapist ${shortKey(name)}`;
  if (by === 'clinic_id') return names?.clinics[name] ?? `Clinic ${shortKey(name)}`;
  return humanize(name);
}

/** "all" sites, or one site: "Upper trapezius left". */
export function siteLabel(site: string | undefined | null): string {
  return site === undefined || site === null || site === '' || site === 'all'
    ? 'all sites (averaged)'
    : humanize(site);
}
