/**
 * A claim's comparison and effect in words, the same on the claims page and in its chart:
 * "Trigger point release vs Waitlist", "+28 kPa (95% CI 11 to 46)".
 */
import type { Claim } from '../api/api-types.js';
import { humanize } from './labels.js';
import { decimalsForInterval, formatChange, formatInterval } from './number-format.js';

/** "Trigger point release vs Waitlist". */
export function pairLabel(treatment: string | null, control: string | null): string {
  if (treatment === null && control === null) return 'All techniques';
  return `${treatment === null ? 'Any technique' : humanize(treatment)} vs ${control === null ? 'a control group' : humanize(control)}`;
}

/** "+28 kPa (95% CI 11 to 46)": the benefit over the control, with its interval. */
export function benefitText(claim: Pick<Claim, 'benefit' | 'ciLow' | 'ciHigh'>, unit: string): string {
  const digits = decimalsForInterval(claim.ciLow, claim.ciHigh);
  return `${formatChange(claim.benefit, digits)}${unit === '' ? '' : ` ${unit}`} (${formatInterval(claim.ciLow, claim.ciHigh, digits)})`;
}
