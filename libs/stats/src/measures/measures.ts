/**
 * The measures table of report-contract.md section 1: each measure's canonical unit, the units
 * accepted on input (with the factor that converts them to the canonical unit), the direction in
 * which a change is an improvement, the plausible range (in the canonical unit) and the default
 * minimal clinically important difference.
 */

export type Direction = 'higher-is-better' | 'lower-is-better';

/** +1 when higher is better, -1 when lower is better: a change times it is an improvement (negation is exact). */
export function improvementSign(direction: Direction): 1 | -1 {
  return direction === 'higher-is-better' ? 1 : -1;
}

export interface MeasureDefinition {
  readonly code: string;
  readonly label: string;
  readonly canonicalUnit: string;
  /** Multiply a value in this unit by the factor to get the canonical unit. */
  readonly units: Readonly<Record<string, number>>;
  readonly direction: Direction;
  readonly plausibleMin: number;
  readonly plausibleMax: number;
  /** Default MCID in the canonical unit; null when the report must be given one (`--mcid`). */
  readonly defaultMcid: number | null;
  readonly mcidSource: string | null;
}

/** 1 kg/cm2 = 98.0665 kPa (standard gravity); 1 N/cm2 = 10 kPa; 1 lbf/in2 = 6.894757 kPa. */
export const KPA_PER_KG_CM2 = 98.0665;
export const KPA_PER_N_CM2 = 10;
export const KPA_PER_LBF_IN2 = 6.894757;

export const MEASURES: Readonly<Record<string, MeasureDefinition>> = {
  ppt: {
    code: 'ppt',
    label: 'Pressure-pain threshold',
    canonicalUnit: 'kPa',
    units: { kPa: 1, 'kg/cm2': KPA_PER_KG_CM2, 'N/cm2': KPA_PER_N_CM2, 'lbf/in2': KPA_PER_LBF_IN2 },
    direction: 'higher-is-better',
    plausibleMin: 0,
    plausibleMax: 2000,
    defaultMcid: 20.6,
    mcidSource: '0.21 kg/cm2 at upper-trapezius trigger points (Somphithak et al., PeerJ 2025)',
  },
  pain_nrs: {
    code: 'pain_nrs',
    label: 'Pain, numeric rating scale',
    canonicalUnit: 'score',
    units: { score: 1 },
    direction: 'lower-is-better',
    plausibleMin: 0,
    plausibleMax: 10,
    defaultMcid: 2,
    mcidSource: 'Farrar et al., Pain 2001',
  },
  headache_days: {
    code: 'headache_days',
    label: 'Headache days per 4 weeks',
    canonicalUnit: 'days',
    units: { days: 1 },
    direction: 'lower-is-better',
    plausibleMin: 0,
    plausibleMax: 28,
    defaultMcid: null,
    mcidSource: null,
  },
  hdi: {
    code: 'hdi',
    label: 'Headache Disability Inventory',
    canonicalUnit: 'score',
    units: { score: 1 },
    direction: 'lower-is-better',
    plausibleMin: 0,
    plausibleMax: 100,
    defaultMcid: 29,
    mcidSource: 'Jacobson et al., Neurology 1994',
  },
};

export function findMeasure(code: string): MeasureDefinition | undefined {
  return Object.hasOwn(MEASURES, code) ? MEASURES[code] : undefined;
}

/** Converts a value recorded in `unit` to the measure's canonical unit; undefined if the unit is not accepted. */
export function toCanonical(measure: MeasureDefinition, value: number, unit: string): number | undefined {
  if (!Object.hasOwn(measure.units, unit)) return undefined;
  const factor = measure.units[unit];
  return factor === 1 ? value : value * factor;
}
