/**
 * Symmetric 2 × 2 matrices [[m00, m01], [m01, m11]] indexed by the random-effect coordinates
 * (0 = intercept, 1 = slope on time). Every per-client matrix of the model has this shape.
 */
export interface Symmetric2 {
  readonly m00: number;
  readonly m01: number;
  readonly m11: number;
}

export const ZERO2: Symmetric2 = { m00: 0, m01: 0, m11: 0 };

/** tr(A B) for symmetric A and B: the derivative pairing d tr(G Σ) = tr(G dΣ) used for gradients. */
export function traceOfProduct(a: Symmetric2, b: Symmetric2): number {
  return a.m00 * b.m00 + 2 * a.m01 * b.m01 + a.m11 * b.m11;
}

/** A + c B. */
export function addScaled(a: Symmetric2, c: number, b: Symmetric2): Symmetric2 {
  return { m00: a.m00 + c * b.m00, m01: a.m01 + c * b.m01, m11: a.m11 + c * b.m11 };
}

/** A B A (symmetric when A and B are). */
export function sandwich(a: Symmetric2, b: Symmetric2): Symmetric2 {
  // (A B) then (A B) A.
  const ab00 = a.m00 * b.m00 + a.m01 * b.m01;
  const ab01 = a.m00 * b.m01 + a.m01 * b.m11;
  const ab10 = a.m01 * b.m00 + a.m11 * b.m01;
  const ab11 = a.m01 * b.m01 + a.m11 * b.m11;
  return {
    m00: ab00 * a.m00 + ab01 * a.m01,
    m01: ab00 * a.m01 + ab01 * a.m11,
    m11: ab10 * a.m01 + ab11 * a.m11,
  };
}
