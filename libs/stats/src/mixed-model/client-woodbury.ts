/**
 * The per-client 2 × 2 algebra that replaces every n_i × n_i operation of the likelihood.
 *
 * Write the client's random-effects design as Z_i = Q_i R_i with Q_i'Q_i = I and R_i upper
 * triangular (R_i'R_i = Z_i'Z_i = [[n, Σt], [Σt, Σt²]], known from the sums), and q_i = Q_i'y_i =
 * R_i'⁻¹ Z_i'y_i (the client's values in the orthonormal basis of its columns [1, t]). With
 * Σ = ΛΛ', V_i = I + Z_i Σ Z_i' and B = R Σ R' = C C' for C = R Λ:
 *   Z_i'V_i⁻¹Z_i = R' J R,  Z_i'V_i⁻¹y_i = R' J q_i,  y_i'V_i⁻¹y_i = e_i + q_i' J q_i,
 * where J = (I + B)⁻¹ and e_i = y_i'y_i - q_i'q_i is the client's residual sum of squares about its
 * own least-squares line (because Q'(I + QBQ')⁻¹Q = (I + B)⁻¹ and (I - QQ')y is untouched by V).
 * det V_i = det(I + B) = 1 + tr B + (det C)² with det C = r00 r11 l00 l11 (Sylvester's identity, and
 * det(I + A) = 1 + tr A + det A for 2 × 2 matrices).
 *
 * Why this form: I + B has eigenvalues >= 1, so J = adj(I + B) / det(I + B) is computed from sums of
 * non-negative terms, and R' J R from products of them, without the cancellation of the textbook
 * Woodbury form Z'V⁻¹Z = S - S Λ M⁻¹ Λ' S, which loses log10(θ² n) digits when the between-client
 * variance is large, and more when Σ is also nearly singular (a large intercept variance with a
 * slope perfectly correlated with it): those digits would be missing from the deviance and gradient.
 */
import type { RelativeCovarianceFactor } from './relative-covariance.js';
import type { Symmetric2 } from './symmetric2.js';

/** R = [[r00, r01], [0, r11]] with R'R = Z_i'Z_i. */
export interface UpperTriangular2 {
  readonly r00: number;
  readonly r01: number;
  readonly r11: number;
}

/**
 * Cholesky factor of [[n, st], [st, stt]]. r11 = sqrt((n stt - st²) / n) is 0 when the client was
 * measured at one time only (or once), and the second row of R is then 0: the identities above still
 * hold with the one-column factorisation Z_i = Q_i [r00, r01].
 */
export function ztzCholesky(n: number, st: number, stt: number): UpperTriangular2 {
  if (n === 0) return { r00: 0, r01: 0, r11: 0 };
  const r00 = Math.sqrt(n);
  // n Σt² - (Σt)² is exact for integer times; below rounding of n Σt², the times are all equal.
  const centred = n * stt - st * st;
  return { r00, r01: st / r00, r11: centred > 1e-12 * n * stt ? Math.sqrt(centred / n) : 0 };
}

export interface ClientWoodbury {
  /** det(I + RΣR') = det M with M = I + Λ'Z_i'Z_iΛ: log det V_i. */
  readonly detM: number;
  /** H = R' J = [[h00, h01], [h10, h11]] (not symmetric): Z_i'V_i⁻¹y_i = H q_i. */
  readonly h00: number;
  readonly h01: number;
  readonly h10: number;
  readonly h11: number;
  /** W = R' J R = H R = Z_i'V_i⁻¹Z_i. */
  readonly w: Symmetric2;
  /** J = (I + RΣR')⁻¹: y_i'V_i⁻¹y_i = e_i + q_i' J q_i. */
  readonly j: Symmetric2;
}

/** C = R Λ (upper triangular times lower triangular). */
function rTimesLambda(r: UpperTriangular2, factor: RelativeCovarianceFactor) {
  const { l00, l10, l11 } = factor;
  return { c00: r.r00 * l00 + r.r01 * l10, c01: r.r01 * l11, c10: r.r11 * l10, c11: r.r11 * l11 };
}

export function clientWoodbury(r: UpperTriangular2, factor: RelativeCovarianceFactor): ClientWoodbury {
  const { c00, c01, c10, c11 } = rTimesLambda(r, factor);
  // B = C C'.
  const b00 = c00 * c00 + c01 * c01;
  const b01 = c00 * c10 + c01 * c11;
  const b11 = c10 * c10 + c11 * c11;
  const detC = r.r00 * r.r11 * factor.l00 * factor.l11;
  const detM = 1 + b00 + b11 + detC * detC;
  const j: Symmetric2 = { m00: (1 + b11) / detM, m01: -b01 / detM, m11: (1 + b00) / detM };
  const h00 = r.r00 * j.m00;
  const h01 = r.r00 * j.m01;
  const h10 = r.r01 * j.m00 + r.r11 * j.m01;
  const h11 = r.r01 * j.m01 + r.r11 * j.m11;
  const w: Symmetric2 = { m00: h00 * r.r00, m01: h00 * r.r01 + h01 * r.r11, m11: h10 * r.r01 + h11 * r.r11 };
  return { detM, h00, h01, h10, h11, w, j };
}

/**
 * K = Λ M⁻¹ Λ' with M = I + C'C: σ²K is the conditional covariance of the client's random effects
 * given its values, and K Z_i'(y_i - X_iβ) their conditional mode. M⁻¹ = adj(M) / det M is again
 * free of cancellation, and K is a product of it with Λ.
 */
export function conditionalCovarianceFactor(
  r: UpperTriangular2,
  factor: RelativeCovarianceFactor,
): Symmetric2 {
  const { l00, l10, l11 } = factor;
  const { c00, c01, c10, c11 } = rTimesLambda(r, factor);
  // C'C = Λ'Z'ZΛ; M = I + C'C.
  const a00 = c00 * c00 + c10 * c10;
  const a01 = c00 * c01 + c10 * c11;
  const a11 = c01 * c01 + c11 * c11;
  const detC = r.r00 * r.r11 * l00 * l11;
  const detM = 1 + a00 + a11 + detC * detC;
  const i00 = (1 + a11) / detM;
  const i01 = -a01 / detM;
  const i11 = (1 + a00) / detM;
  return {
    m00: l00 * i00 * l00,
    m01: l00 * (i00 * l10 + i01 * l11),
    m11: (l10 * i00 + l11 * i01) * l10 + (l10 * i01 + l11 * i11) * l11,
  };
}
