/**
 * Minimisation of a smooth function of a few parameters (θ: 1 or 3 of them) by Newton's method.
 *
 * Why Newton: the gradient of the REML criterion is analytic and costs one O(patterns) pass, so a
 * Hessian by central differences of the gradient costs 2k more passes (k ≤ 3) and buys quadratic
 * convergence: a handful of iterations take θ to the optimum at the precision of the arithmetic,
 * well beyond lme4's derivative-free BOBYQA (which stops about 1e-6 away). Safeguards make it
 * globally convergent: negative or tiny Hessian eigenvalues are replaced by their absolute value
 * (floored), so every step goes downhill, and a backtracking (Armijo) line search halves steps that
 * do not decrease the function enough. Close to a minimum, the decrease a step brings falls below
 * the rounding of the deviance itself; there full Newton steps are judged by the gradient norm
 * instead, which stays accurate longer.
 */
import { type Matrix, symmetricEigen, symmetrize } from './small-matrix.js';

export interface ValueAndGradient {
  readonly value: number;
  readonly gradient: readonly number[];
  /** An estimate of the absolute rounding error in `value` (0 when negligible). */
  readonly rounding?: number;
}

/** The objective: value and gradient at x, or null where it is not defined. */
export type SmoothObjective = (x: readonly number[]) => ValueAndGradient | null;

export interface NewtonOptions {
  /** Maximum number of Newton steps. */
  readonly maxIterations: number;
  /**
   * Converged when the Newton decrement g'H⁻¹g (twice the decrease a full step would still bring)
   * is at most this. For a deviance, 1e-20 is far below any statistical meaning (a likelihood ratio of
   * 1 + 5e-21) and puts θ within about 1e-10 of the optimum, so that the reported numbers are limited
   * by the data's rounding, not by the optimiser.
   */
  readonly decrementTolerance: number;
  /**
   * When no step improves any more (the value and the gradient have reached their rounding), the
   * minimisation also counts as converged if the decrement is at most this, or within the value's
   * rounding: the arithmetic, not the method, is then the limit.
   */
  readonly stagnationTolerance: number;
}

export const DEFAULT_NEWTON_OPTIONS: NewtonOptions = {
  maxIterations: 200,
  decrementTolerance: 1e-20,
  stagnationTolerance: 1e-9,
};

export interface NewtonResult {
  readonly x: number[];
  readonly value: number;
  readonly gradient: number[];
  /** g'H⁻¹g at x (with the modified Hessian). */
  readonly newtonDecrement: number;
  readonly iterations: number;
  /** Objective evaluations, including those for the finite-difference Hessians. */
  readonly evaluations: number;
  readonly converged: boolean;
  readonly message: string;
}

/** Armijo's sufficient-decrease constant. */
const SUFFICIENT_DECREASE = 1e-4;
const MAX_STEP_HALVINGS = 40;
/** A predicted decrease within this many times the value's rounding cannot be seen in the value. */
const ROUNDING_MARGIN = 10;

export function minimizeByNewton(
  objective: SmoothObjective,
  start: readonly number[],
  options: NewtonOptions = DEFAULT_NEWTON_OPTIONS,
): NewtonResult {
  let evaluations = 0;
  const evaluate: Evaluate = (x) => {
    evaluations += 1;
    const result = objective(x);
    return result !== null && Number.isFinite(result.value) && result.gradient.every(Number.isFinite)
      ? result
      : null;
  };

  let x = [...start];
  const first = evaluate(x);
  if (first === null) {
    return {
      x,
      value: Number.NaN,
      gradient: [],
      newtonDecrement: Number.NaN,
      iterations: 0,
      evaluations,
      converged: false,
      message: 'objective not defined at the starting point',
    };
  }
  let current: ValueAndGradient = first;
  let iterations = 0;
  let decrement = Number.POSITIVE_INFINITY;
  let message = `stopped after ${options.maxIterations} iterations`;
  let converged = false;

  for (;;) {
    const hessian = finiteDifferenceHessian(evaluate, x);
    if (hessian === null) {
      message = 'objective not defined next to the current point';
      break;
    }
    const step = newtonStep(hessian, current.gradient);
    decrement = step.decrement;
    if (decrement <= options.decrementTolerance) {
      converged = true;
      message = 'Newton decrement below tolerance';
      break;
    }
    if (iterations >= options.maxIterations) break;

    // Close to a minimum (a positive-definite Hessian and a predicted decrease, decrement / 2, within
    // the rounding of the value) the value cannot judge a step, while the gradient, a sum of terms
    // that vanish together, still can.
    const rounding = current.rounding ?? 0;
    const nearMinimum = step.positiveDefinite && decrement / 2 <= ROUNDING_MARGIN * rounding;
    const next = nearMinimum
      ? fullStepIfGradientShrinks(evaluate, x, current, step.direction)
      : backtrackingLineSearch(evaluate, x, current, step.direction, -decrement);
    if (next === null) {
      converged = decrement <= Math.max(options.stagnationTolerance, 2 * ROUNDING_MARGIN * rounding);
      message = nearMinimum ? 'the gradient has reached its rounding' : 'the line search found no decrease';
      break;
    }
    x = next.x;
    current = next.at;
    iterations += 1;
  }

  return {
    x,
    value: current.value,
    gradient: [...current.gradient],
    newtonDecrement: decrement,
    iterations,
    evaluations,
    converged,
    message,
  };
}

type Evaluate = (x: readonly number[]) => ValueAndGradient | null;

interface AcceptedStep {
  readonly x: number[];
  readonly at: ValueAndGradient;
}

/** x + d if the gradient is smaller there, else null (it has reached its rounding). */
function fullStepIfGradientShrinks(
  evaluate: Evaluate,
  x: readonly number[],
  current: ValueAndGradient,
  direction: readonly number[],
): AcceptedStep | null {
  const candidate = x.map((xi, i) => xi + direction[i]);
  const at = evaluate(candidate);
  return at !== null && Math.hypot(...at.gradient) < Math.hypot(...current.gradient)
    ? { x: candidate, at }
    : null;
}

/**
 * x + α d for the first α = 1, 1/2, 1/4, ... that satisfies Armijo's condition
 * f(x + αd) <= f(x) + 1e-4 α g'd with a strict decrease (where α g'd is below the value's rounding,
 * Armijo alone would accept steps that leave the value unchanged); null if none does.
 */
function backtrackingLineSearch(
  evaluate: Evaluate,
  x: readonly number[],
  current: ValueAndGradient,
  direction: readonly number[],
  slope: number,
): AcceptedStep | null {
  for (let halving = 0, alpha = 1; halving <= MAX_STEP_HALVINGS; halving++, alpha /= 2) {
    const candidate = x.map((xi, i) => xi + alpha * direction[i]);
    const at = evaluate(candidate);
    if (
      at !== null &&
      at.value <= current.value + SUFFICIENT_DECREASE * alpha * slope &&
      at.value < current.value
    ) {
      return { x: candidate, at };
    }
  }
  return null;
}

/**
 * Hessian by central differences of the analytic gradient, H[:, j] = (g(x + h e_j) - g(x - h e_j)) / 2h,
 * symmetrised. h_j = 1e-4 max(|x_j|, 0.01): small enough for a truncation error ~1e-8 relative,
 * large enough that the rounding in g stays far below it. Null if g is undefined at a neighbour.
 */
function finiteDifferenceHessian(evaluate: Evaluate, x: readonly number[]): Matrix | null {
  const columns: number[][] = [];
  for (let j = 0; j < x.length; j++) {
    const h = 1e-4 * Math.max(Math.abs(x[j]), 0.01);
    const plus = evaluate(x.map((xi, i) => (i === j ? xi + h : xi)));
    const minus = evaluate(x.map((xi, i) => (i === j ? xi - h : xi)));
    if (plus === null || minus === null) return null;
    columns.push(plus.gradient.map((gi, i) => (gi - minus.gradient[i]) / (2 * h)));
  }
  // columns[j][i] = ∂g_i/∂x_j; transpose into rows.
  return symmetrize(x.map((_, i) => columns.map((column) => column[i])));
}

/**
 * The modified Newton step d = -H̃⁻¹ g, where H̃ has H's eigenvectors and eigenvalues
 * max(|λ|, 1e-10 max|λ|): a descent direction even where H is indefinite or singular (a
 * direction along which the objective is flat, as on a singular fit, gets a bounded step).
 */
function newtonStep(
  hessian: Matrix,
  gradient: readonly number[],
): { direction: number[]; decrement: number; positiveDefinite: boolean } {
  const { values, vectors } = symmetricEigen(hessian);
  const floor = Math.max(1e-10 * Math.max(...values.map(Math.abs)), 1e-300);
  const direction = new Array<number>(gradient.length).fill(0);
  let decrement = 0;
  values.forEach((value, k) => {
    const projection = vectors[k].reduce((sum, v, i) => sum + v * gradient[i], 0);
    const curvature = Math.max(Math.abs(value), floor);
    decrement += (projection * projection) / curvature;
    vectors[k].forEach((v, i) => {
      direction[i] -= (projection / curvature) * v;
    });
  });
  return { direction, decrement, positiveDefinite: values.every((value) => value > floor) };
}
