/**
 * The Kaplan-Meier estimate of S(t) with Greenwood's variance and log-log confidence intervals,
 * as R's `survfit(Surv(t, status) ~ 1, conf.type = "log-log")` (package survival 3.x):
 *   S(t) = Π_{tᵢ <= t} (1 - dᵢ/nᵢ),   se(t) = √(Σ_{tᵢ <= t} dᵢ / (nᵢ (nᵢ - dᵢ)))   (the se of log S),
 *   bounds = exp(-exp(log(-log S) ∓ z·se / log S)),  z = qnorm((1 + level)/2).
 * One step per distinct time with an event or a censoring, as survfit lists them. Where S is 0 or 1
 * the log-log interval is undefined and R gives NA; here those bounds are null.
 */
import { DEFAULT_CONFIDENCE_LEVEL, twoSidedUpperProbability } from '../distributions/confidence-level.js';
import { normalQuantile } from '../distributions/normal.js';
import type { EventTime } from './event-times.js';

export interface KaplanMeierStep {
  t: number;
  /** Clients still at risk just before t (their time is t or later). */
  nRisk: number;
  nEvent: number;
  nCensor: number;
  /** S(t), the share not yet responded. */
  survival: number;
  /** Log-log confidence bounds of S(t); null where S is 0 or 1. */
  lower: number | null;
  upper: number | null;
}

/** @param times distinct times ascending, as eventTimesOf gives them. */
export function kaplanMeier(
  times: readonly EventTime[],
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): KaplanMeierStep[] {
  const z = normalQuantile(twoSidedUpperProbability(level));
  let nRisk = times.reduce((sum, row) => sum + row.nEvent + row.nCensor, 0);
  let survival = 1;
  let greenwood = 0;
  const steps: KaplanMeierStep[] = [];
  for (let i = 0; i < times.length; i++) {
    const { t, nEvent, nCensor } = times[i];
    if (i > 0 && !(t > times[i - 1].t))
      throw new RangeError('kaplanMeier: times must be distinct and ascending');
    if (nEvent > 0) {
      survival *= (nRisk - nEvent) / nRisk;
      // When everyone at risk responds, S drops to 0 and the term is infinite: R's se is Inf there,
      // and its interval NA, as here.
      greenwood += nRisk > nEvent ? nEvent / (nRisk * (nRisk - nEvent)) : Number.POSITIVE_INFINITY;
    }
    const { lower, upper } = logLogBounds(survival, Math.sqrt(greenwood), z);
    steps.push({ t, nRisk, nEvent, nCensor, survival, lower, upper });
    nRisk -= nEvent + nCensor;
  }
  return steps;
}

/** R's survfit_confint for conf.type = "log-log" (se on the log scale). */
function logLogBounds(
  survival: number,
  se: number,
  z: number | null,
): { lower: number | null; upper: number | null } {
  if (z === null || survival <= 0 || survival >= 1 || !Number.isFinite(se))
    return { lower: null, upper: null };
  const logS = Math.log(survival);
  const spread = (z * se) / logS;
  const center = Math.log(-logS);
  return { lower: Math.exp(-Math.exp(center - spread)), upper: Math.exp(-Math.exp(center + spread)) };
}
