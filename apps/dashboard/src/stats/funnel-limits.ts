/**
 * Funnel plot of therapists' mean change (Spiegelhalter DJ, Funnel plots for comparing
 * institutional performance, Stat Med 2005;24:1185-1202), instead of a league table: each
 * therapist's mean change against the number of their clients, with control limits around the
 * overall mean that narrow as n grows,
 *
 *   limit(n) = target ± z · σ / √n,   z = 1.96 (95%) and 3.09 (99.8%),
 *
 * where the target is the mean change over all the therapists' clients and σ is the pooled
 * within-therapist SD of the changes, √(Σ (nᵢ - 1) sᵢ² / Σ (nᵢ - 1)). A therapist outside the 99.8%
 * limits differs by more than chance would plausibly produce (about 1 in 500 under the null);
 * between 95% and 99.8% is a prompt to look, not a verdict.
 */
import type { CumulativeChange } from '../api/report-types.js';

/** Two-sided normal quantiles, qnorm(0.975) and qnorm(0.999), as R prints them. */
export const Z_95 = 1.959963984540054;
export const Z_998 = 3.090232306167813;

export interface FunnelUnit {
  /** The therapist (or clinic) key. */
  name: string;
  n: number;
  meanChange: number;
  /** SD of the unit's changes; null for n < 2. */
  sd: number | null;
}

export type FunnelPosition = 'above-99.8' | 'above-95' | 'within' | 'below-95' | 'below-99.8';

export interface FunnelLimitPoint {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface Funnel {
  target: number;
  /** Pooled within-unit SD; null when no unit has two or more clients. */
  sigma: number | null;
  /** The limits at each whole n from 1 to the largest n (drawn as curves). */
  limits: FunnelLimitPoint[];
  units: (FunnelUnit & { position: FunnelPosition | null })[];
}

/** √(Σ (nᵢ - 1) sᵢ² / Σ (nᵢ - 1)) over units with n ≥ 2. */
export function pooledWithinSd(units: readonly FunnelUnit[]): number | null {
  let sumSquares = 0;
  let df = 0;
  for (const unit of units) {
    if (unit.n < 2 || unit.sd === null) continue;
    sumSquares += (unit.n - 1) * unit.sd * unit.sd;
    df += unit.n - 1;
  }
  return df > 0 ? Math.sqrt(sumSquares / df) : null;
}

/** The client-weighted mean: the mean change over all clients of all units. */
export function overallMean(units: readonly FunnelUnit[]): number | null {
  let total = 0;
  let n = 0;
  for (const unit of units) {
    total += unit.n * unit.meanChange;
    n += unit.n;
  }
  return n > 0 ? total / n : null;
}

export function limitsAt(target: number, sigma: number, n: number): FunnelLimitPoint {
  const se = sigma / Math.sqrt(n);
  return {
    n,
    lower95: target - Z_95 * se,
    upper95: target + Z_95 * se,
    lower998: target - Z_998 * se,
    upper998: target + Z_998 * se,
  };
}

export function positionOf(unit: FunnelUnit, target: number, sigma: number): FunnelPosition {
  const limits = limitsAt(target, sigma, unit.n);
  if (unit.meanChange > limits.upper998) return 'above-99.8';
  if (unit.meanChange > limits.upper95) return 'above-95';
  if (unit.meanChange < limits.lower998) return 'below-99.8';
  if (unit.meanChange < limits.lower95) return 'below-95';
  return 'within';
}

/** The funnel for units with at least one client; null when there are none. */
export function buildFunnel(units: readonly FunnelUnit[]): Funnel | null {
  const present = units.filter((unit) => unit.n > 0 && Number.isFinite(unit.meanChange));
  const target = overallMean(present);
  if (target === null) return null;
  const sigma = pooledWithinSd(present);
  const maxN = Math.max(...present.map((unit) => unit.n));
  const limits: FunnelLimitPoint[] = [];
  if (sigma !== null) {
    // One point per client count, so the curves are smooth where they bend most (small n).
    for (let n = 1; n <= Math.max(maxN, 2); n += 1) limits.push(limitsAt(target, sigma, n));
  }
  return {
    target,
    sigma,
    limits,
    units: present.map((unit) => ({
      ...unit,
      position: sigma === null ? null : positionOf(unit, target, sigma),
    })),
  };
}

/**
 * The units of a report grouped by therapist: each group's cumulative change at `session` (the
 * report's endpoint session unless another is chosen). Groups without clients there are left out.
 */
export function funnelUnitsAt(
  groups: readonly { name: string; cumulative: readonly CumulativeChange[] }[],
  session: number,
): FunnelUnit[] {
  const units: FunnelUnit[] = [];
  for (const group of groups) {
    const change = group.cumulative.find((row) => row.session === session);
    // A withheld cell (small-cell suppression) has no numbers, and is no unit of the funnel.
    if (
      change === undefined ||
      change.suppressed ||
      change.n === null ||
      change.n < 1 ||
      change.meanChange === null
    )
      continue;
    units.push({ name: group.name, n: change.n, meanChange: change.meanChange, sd: change.sd });
  }
  return units;
}
