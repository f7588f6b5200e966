import { DEFAULT_NEWTON_OPTIONS, minimizeByNewton, type SmoothObjective } from './newton-optimizer.js';

/** Rosenbrock's banana valley: non-convex, with a curved valley to the minimum at (1, 1). */
const rosenbrock: SmoothObjective = ([x, y]) => ({
  value: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  gradient: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
});

describe('minimizeByNewton', () => {
  it('finds the minimum of a non-convex function from a point where the Hessian is indefinite', () => {
    const result = minimizeByNewton(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 9);
    expect(result.x[1]).toBeCloseTo(1, 9);
    expect(result.newtonDecrement).toBeLessThanOrEqual(DEFAULT_NEWTON_OPTIONS.decrementTolerance);
  });

  it('converges on a function that is flat along one direction (a circle of minima)', () => {
    // f depends on x only through x0² + x1²: every point of the unit circle is a minimum.
    const circle: SmoothObjective = ([x0, x1]) => {
      const r = x0 * x0 + x1 * x1 - 1;
      return { value: r * r, gradient: [4 * r * x0, 4 * r * x1] };
    };
    const result = minimizeByNewton(circle, [0.3, 2]);
    expect(result.converged).toBe(true);
    expect(Math.hypot(result.x[0], result.x[1])).toBeCloseTo(1, 9);
  });

  it('reports non-convergence when it runs out of iterations', () => {
    const result = minimizeByNewton(rosenbrock, [-1.2, 1], { ...DEFAULT_NEWTON_OPTIONS, maxIterations: 3 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
    expect(result.message).toBe('stopped after 3 iterations');
  });

  it('reports an objective that is not defined at the start', () => {
    const result = minimizeByNewton(() => null, [1]);
    expect(result.converged).toBe(false);
    expect(result.message).toBe('objective not defined at the starting point');
  });
});
