/**
 * GET /api/therapists/adjusted (report-contract.md section 6; docs/api.md, "Adjusted comparison:
 * what owners and therapists see"): one case-mix adjusted, shrunken model over the whole network,
 * and the part of it the caller may see. An admin gets every entry by key; an owner their
 * therapists (or clinics) by key and the rest anonymous; a therapist themselves (`self: true`) and
 * the rest anonymous. Anonymous entries carry no observed or expected mean change.
 */

export type AdjustedBy = 'therapist' | 'clinic';
export type AdjustedSignal = 'above' | 'within' | 'below';

export interface AdjustedEntry {
  /** The key (therapist or clinic, by `by`); null on an anonymous entry. */
  key: string | null;
  anonymous: boolean;
  /** The signed-in therapist's own entry. */
  self: boolean;
  nClients: number;
  observedMeanChange: number | null;
  expectedMeanChange: number | null;
  /** The conditional mode (R's ranef) and its conditional SD. */
  effect: number;
  effectSd: number;
  ciLow: number;
  ciHigh: number;
  /** (Intercept) + effect: the expected change for an average client. */
  adjustedMeanChange: number;
  signal: AdjustedSignal;
}

export interface AdjustedFixedEffect {
  term: string;
  estimate: number;
  se: number;
  df: number | null;
  t: number | null;
  p: number | null;
}

export interface AdjustedComparison {
  measure: string;
  unit: string;
  by: AdjustedBy;
  mcid: number | null;
  /** Null when there is no comparison (or none the caller may see): `note` says why. */
  entries: AdjustedEntry[] | null;
  note: string | null;
  fixedEffects: AdjustedFixedEffect[];
  /** The variance between therapists (or clinics), and the residual variance. */
  unitVar: number | null;
  residualVar: number | null;
  icc: number | null;
  singular: boolean;
  nClients: number | null;
  withheld: { entries: number; clients: number };
}

/** The API's answer, read defensively: by therapist the list is `therapists`, by clinic `clinics`. */
export function readAdjusted(raw: Record<string, unknown>, by: AdjustedBy): AdjustedComparison {
  const list = raw[by === 'therapist' ? 'therapists' : 'clinics'];
  const numberOr = (value: unknown): number | null =>
    typeof value === 'number' && Number.isFinite(value) ? value : null;
  const entries = Array.isArray(list)
    ? (list as Record<string, unknown>[]).map((entry) => ({
        key: typeof entry[by] === 'string' ? (entry[by] as string) : null,
        anonymous: entry.anonymous === true,
        self: entry.self === true,
        nClients: Number(entry.nClients),
        observedMeanChange: numberOr(entry.observedMeanChange),
        expectedMeanChange: numberOr(entry.expectedMeanChange),
        effect: Number(entry.effect),
        effectSd: Number(entry.effectSd),
        ciLow: Number(entry.ciLow),
        ciHigh: Number(entry.ciHigh),
        adjustedMeanChange: Number(entry.adjustedMeanChange),
        signal: entry.signal as AdjustedSignal,
      }))
    : null;
  const withheld = raw.withheld as { entries?: number; clients?: number } | undefined;
  return {
    measure: String(raw.measure ?? ''),
    unit: String(raw.unit ?? ''),
    by,
    mcid: numberOr(raw.mcid),
    entries,
    note: typeof raw.note === 'string' ? raw.note : null,
    fixedEffects: Array.isArray(raw.fixedEffects) ? (raw.fixedEffects as AdjustedFixedEffect[]) : [],
    unitVar: numberOr(raw[by === 'therapist' ? 'therapistVar' : 'clinicVar']),
    residualVar: numberOr(raw.residualVar),
    icc: numberOr(raw.icc),
    singular: raw.singular === true,
    nClients: numberOr(raw.nClients),
    withheld: { entries: withheld?.entries ?? 0, clients: withheld?.clients ?? 0 },
  };
}
