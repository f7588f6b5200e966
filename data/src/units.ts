/**
 * Recording a pressure-pain threshold as an algometer would: in the clinic's unit, at the
 * resolution its display shows. Conversion factors come from the measures table of
 * `@threshold/stats`, the one definition of every unit in the project.
 */
import { MEASURES } from '@threshold/stats';
import { clamp, roundTo } from './numeric.js';

export type PptUnit = 'kPa' | 'kg/cm2' | 'N/cm2' | 'lbf/in2';

export const PPT_UNITS: readonly PptUnit[] = ['kPa', 'kg/cm2', 'N/cm2', 'lbf/in2'];

/**
 * Decimals shown by typical algometers in each unit: kPa devices (e.g. Somedic Algometer) show
 * whole kPa, kgf devices (e.g. Wagner FPX) 0.01 kg/cm2, N and lbf devices one decimal.
 */
const DISPLAY_DECIMALS: Readonly<Record<PptUnit, number>> = { kPa: 0, 'kg/cm2': 2, 'N/cm2': 1, 'lbf/in2': 1 };

const ppt = MEASURES['ppt'];
for (const unit of PPT_UNITS) {
  if (!Object.hasOwn(ppt.units, unit)) throw new Error(`the measures table does not accept ${unit} for ppt`);
}

/** kPa per one of `unit`. */
export function kPaPer(unit: PptUnit): number {
  return ppt.units[unit];
}

/**
 * The reading an algometer in `unit` shows for a true threshold of `kPa`. The true value is first
 * kept inside the measure's plausible range (with a margin, so rounding cannot push it outside).
 */
export function pptReading(kPa: number, unit: PptUnit): number {
  const safe = clamp(kPa, ppt.plausibleMin + 20, ppt.plausibleMax - 20);
  return roundTo(safe / kPaPer(unit), DISPLAY_DECIMALS[unit]);
}

/** The measures table's plausible range of a measure, for keeping scores and counts inside it. */
export function plausibleRange(measure: 'pain_nrs' | 'headache_days' | 'hdi'): { min: number; max: number } {
  const definition = MEASURES[measure];
  return { min: definition.plausibleMin, max: definition.plausibleMax };
}
