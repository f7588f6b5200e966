/**
 * How numbers are written on every page, in every table and in every chart label, so that a
 * reader sees the same number the same way everywhere. The rules:
 *
 * - an estimate is shown with as many decimals as its interval justifies (two significant figures
 *   of the interval's width), never with the full floating-point noise;
 * - a number the report could not compute (null: an SD of one value, a CI of one client) is shown
 *   as an en dash, and the tables say why;
 * - p-values below 0.001 are written "< 0.001" (more digits would claim a precision the model
 *   does not have).
 *
 * English number punctuation is fixed (not the browser's locale) so that screenshots, exported CSV
 * labels and tests read the same on every machine.
 */

export const MISSING = '–';

const LOCALE = 'en-GB';

const formatters = new Map<number, Intl.NumberFormat>();

function formatterFor(decimals: number): Intl.NumberFormat {
  let formatter = formatters.get(decimals);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(LOCALE, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formatters.set(decimals, formatter);
  }
  return formatter;
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A number with a fixed number of decimals; the en dash when there is no number. */
export function formatNumber(value: number | null | undefined, decimals = 1): string {
  if (!isNumber(value)) return MISSING;
  // -0.0 reads as a sign error to a clinician: print 0.
  const text = formatterFor(decimals).format(value);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text.replace('-', '−');
}

/** A count: thousands separated, no decimals. */
export function formatCount(value: number | null | undefined): string {
  return formatNumber(value, 0);
}

/**
 * Decimals for numbers whose uncertainty has this width: enough for two significant figures of
 * the width (width 62 kPa: 0 decimals; width 1.4 points: 1; width 0.31: 2), between 0 and 3.
 */
export function decimalsForWidth(width: number | null | undefined): number {
  if (!isNumber(width) || width <= 0) return 1;
  return Math.min(3, Math.max(0, 1 - Math.floor(Math.log10(width))));
}

/** Decimals to show an estimate and its interval with. */
export function decimalsForInterval(low: number | null | undefined, high: number | null | undefined): number {
  return isNumber(low) && isNumber(high) ? decimalsForWidth(high - low) : 1;
}

export interface Estimate {
  value: number | null | undefined;
  ciLow: number | null | undefined;
  ciHigh: number | null | undefined;
}

/** "14 (95% CI 3 to 25)", with the unit after the estimate when given: "14 kPa (95% CI 3 to 25)". */
export function formatEstimate(estimate: Estimate, unit?: string, decimals?: number): string {
  const digits = decimals ?? decimalsForInterval(estimate.ciLow, estimate.ciHigh);
  const value = `${formatNumber(estimate.value, digits)}${unit !== undefined && isNumber(estimate.value) ? ` ${unit}` : ''}`;
  return `${value} (${formatInterval(estimate.ciLow, estimate.ciHigh, digits)})`;
}

/** "95% CI 3 to 25", or "95% CI not computable" when the interval has no bounds. */
export function formatInterval(
  low: number | null | undefined,
  high: number | null | undefined,
  decimals?: number,
): string {
  if (!isNumber(low) || !isNumber(high)) return '95% CI not computable';
  const digits = decimals ?? decimalsForInterval(low, high);
  return `95% CI ${formatNumber(low, digits)} to ${formatNumber(high, digits)}`;
}

/** A signed change: "+14.1", "−3.8", "0". */
export function formatChange(value: number | null | undefined, decimals = 1): string {
  if (!isNumber(value)) return MISSING;
  const text = formatNumber(value, decimals);
  return value > 0 && text !== formatNumber(0, decimals) ? `+${text}` : text;
}

/** A two-sided p-value: "< 0.001", "0.004", "0.03", "0.47". */
export function formatP(p: number | null | undefined): string {
  if (!isNumber(p)) return MISSING;
  if (p < 0.001) return '< 0.001';
  if (p < 0.01) return formatNumber(p, 3);
  if (p > 0.99) return '> 0.99';
  return formatNumber(p, 2);
}

/** A proportion as a percentage: 0.389 → "39%". */
export function formatPercent(rate: number | null | undefined, decimals = 0): string {
  if (!isNumber(rate)) return MISSING;
  return `${formatNumber(rate * 100, decimals)}%`;
}

/** "39% (95% CI 20% to 61%)". */
export function formatRate(
  rate: number | null | undefined,
  ciLow: number | null | undefined,
  ciHigh: number | null | undefined,
): string {
  const interval =
    isNumber(ciLow) && isNumber(ciHigh)
      ? `95% CI ${formatPercent(ciLow)} to ${formatPercent(ciHigh)}`
      : '95% CI not computable';
  return `${formatPercent(rate)} (${interval})`;
}

/** "n = 1,234". */
export function formatN(n: number | null | undefined): string {
  return `n = ${formatCount(n)}`;
}

/** Bytes for people: "812 B", "3.6 MB", "1.2 GB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isNumber(bytes)) return MISSING;
  if (bytes < 1000) return `${formatCount(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(value, value < 10 ? 1 : 0)} ${units[unit]}`;
}
