/**
 * The retention cutoff: sessions dated before the same calendar day `years` years ago (UTC) are
 * past a clinic's retention period. 29 February counts back to 1 March in a year without one.
 */
export function retentionCutoff(now: Date, years: number): string {
  const cutoff = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate()));
  return cutoff.toISOString().slice(0, 10);
}
