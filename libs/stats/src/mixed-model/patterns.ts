/**
 * Clients that share (group, n, Σt, Σt²) share every matrix of the REML likelihood: Z_i'Z_i fixes
 * R_i and hence Z_i'V_i⁻¹Z_i (client-woodbury.ts), and the group fixes E_g. Their values enter only
 * through q_i = Q_i'y_i, linearly or as q_i q_i', and through their residual sums of squares e_i, so
 * summing those over the clients of a pattern lets one deviance evaluation cost O(patterns) instead of
 * O(clients). Clinic schedules repeat (sessions 1..12, or 1 and 12), so patterns are few.
 *
 * The values enter about one origin common to the fit (fitOrigin: the fit's intercept moves by it and
 * nothing else does), and each client's e_i comes from the client's own sums, about its own origin
 * (cross-products.ts): e_i does not depend on the origin (the constant is in the span of Z_i), and
 * taken about the client's own level it keeps every digit of the spread.
 */
import { type UpperTriangular2, ztzCholesky } from './client-woodbury.js';
import { CLIENT_SUMS, type ClientColumns } from './cross-products.js';

export interface CrossProductPattern {
  readonly group: number;
  /** Number of clients with this pattern. */
  readonly count: number;
  /** Each client's R, with R'R = Z_i'Z_i = [[n, Σt], [Σt, Σt²]]. */
  readonly r: UpperTriangular2;
  /** Σ over the pattern's clients of q_i = R'⁻¹ Z_i'y_i. */
  readonly sumQ0: number;
  readonly sumQ1: number;
  /** Σ over the pattern's clients of q_i q_i'. */
  readonly sumQ0Q0: number;
  readonly sumQ0Q1: number;
  readonly sumQ1Q1: number;
  /** Σ over the pattern's clients of e_i = y_i'y_i - q_i'q_i. */
  readonly sumResidualSS: number;
}

type MutablePattern = { -readonly [K in keyof CrossProductPattern]: CrossProductPattern[K] };

/**
 * Groups the clients with at least one measurement into patterns (in order of first appearance), with
 * their values taken about `fitOrigin`.
 */
export function groupIntoPatterns(clients: ClientColumns, fitOrigin = 0): CrossProductPattern[] {
  const byKey = new Map<string, MutablePattern>();
  const { groups, sums, origins } = clients;
  // Clients come in runs of one pattern (a clinic's schedule): the last client's pattern is tried
  // before a key is made, which for a million clients was a million strings of garbage.
  let last = -1;
  let lastPattern: MutablePattern | undefined;
  for (let i = 0, at = 0; i < groups.length; i++, at += CLIENT_SUMS) {
    const n = sums[at];
    if (n === 0) continue;
    const group = groups[i];
    const st = sums[at + 1];
    const stt = sums[at + 2];
    let pattern =
      last >= 0 && groups[last] === group && sums[last * CLIENT_SUMS] === n && sums[last * CLIENT_SUMS + 1] === st && sums[last * CLIENT_SUMS + 2] === stt
        ? lastPattern
        : undefined;
    if (pattern === undefined) {
      const key = `${group},${n},${st},${stt}`;
      pattern = byKey.get(key);
      if (pattern === undefined) {
        pattern = emptyPattern(group, n, st, stt);
        byKey.set(key, pattern);
      }
    }
    last = i;
    lastPattern = pattern;
    // q = R'⁻¹ (Σy, Σty) by forward substitution; with r11 = 0 the second coordinate does not exist.
    // About the client's own origin first (ownQ0); moving the origin to fitOrigin adds
    // (origin - fitOrigin) R e₁ = (origin - fitOrigin) (r00, 0) to q.
    const { r00, r01, r11 } = pattern.r;
    const sy = sums[at + 3];
    const sty = sums[at + 4];
    const syy = sums[at + 5];
    const ownQ0 = sy / r00;
    const q1 = r11 > 0 ? (sty - r01 * ownQ0) / r11 : 0;
    const q0 = ownQ0 + ((origins === null ? 0 : origins[i]) - fitOrigin) * r00;
    pattern.count += 1;
    pattern.sumQ0 += q0;
    pattern.sumQ1 += q1;
    pattern.sumQ0Q0 += q0 * q0;
    pattern.sumQ0Q1 += q0 * q1;
    pattern.sumQ1Q1 += q1 * q1;
    pattern.sumResidualSS += syy - ownQ0 * ownQ0 - q1 * q1;
  }
  return [...byKey.values()];
}

function emptyPattern(group: number, n: number, st: number, stt: number): MutablePattern {
  return {
    group,
    count: 0,
    r: ztzCholesky(n, st, stt),
    sumQ0: 0,
    sumQ1: 0,
    sumQ0Q0: 0,
    sumQ0Q1: 0,
    sumQ1Q1: 0,
    sumResidualSS: 0,
  };
}
