/**
 * Conditional modes (BLUPs) of each client's random effects and their conditional covariances, as
 * lme4's `ranef(fit, condVar = TRUE)`: for a client with Z_i'Z_i = S_i and Z_i'y_i = b_i in group g,
 *   b̃_i = K_i Z_i'(y_i - X_i β̂) = K_i (b_i - S_i β_g),   Var(b_i | y_i) = σ² K_i,
 * with K_i = Λ M_i⁻¹ Λ' (client-woodbury.ts) and β_g = E_g β̂ the group's own intercept and slope.
 * They are deviations from the group's fixed trajectory, shrunk towards 0 the fewer and noisier the
 * client's measurements: the basis for shrunken per-therapist estimates.
 */
import type { ClientCrossProducts } from './cross-products.js';
import { type FixedEffectsDesign, groupCoefficients } from './fixed-effects-design.js';
import { conditionalCovarianceFactor, ztzCholesky } from './client-woodbury.js';
import type { RandomStructure, RelativeCovarianceFactor } from './relative-covariance.js';

export interface ConditionalMode {
  /** The client's intercept deviation from its group's intercept. */
  readonly intercept: number;
  /** The client's slope deviation from its group's slope; null for `(1 | client)`. */
  readonly slope: number | null;
  readonly interceptVar: number;
  readonly slopeVar: number | null;
  readonly interceptSlopeCov: number | null;
}

export interface ConditionalModeInputs {
  readonly structure: RandomStructure;
  readonly design: FixedEffectsDesign;
  readonly factor: RelativeCovarianceFactor;
  readonly beta: readonly number[];
  /** σ², the residual variance. */
  readonly residualVar: number;
  /** The origin of the values `beta` was fitted to (patterns.ts); default 0. */
  readonly fitOrigin?: number;
}

/** One conditional mode per client, aligned with `clients`. */
export function conditionalModes(
  clients: readonly ClientCrossProducts[],
  fit: ConditionalModeInputs,
): ConditionalMode[] {
  return clients.map((client) => {
    const k = conditionalCovarianceFactor(ztzCholesky(client.n, client.st, client.stt), fit.factor);
    const [intercept, slope] = groupCoefficients(fit.beta, fit.design, client.group);
    const shift = (client.origin ?? 0) - (fit.fitOrigin ?? 0);
    const residual0 = client.sy + client.n * shift - (client.n * intercept + client.st * slope);
    const residual1 = client.sty + client.st * shift - (client.st * intercept + client.stt * slope);
    const withSlope = fit.structure === 'intercept+slope';
    return {
      intercept: k.m00 * residual0 + k.m01 * residual1,
      slope: withSlope ? k.m01 * residual0 + k.m11 * residual1 : null,
      interceptVar: fit.residualVar * k.m00,
      slopeVar: withSlope ? fit.residualVar * k.m11 : null,
      interceptSlopeCov: withSlope ? fit.residualVar * k.m01 : null,
    };
  });
}
