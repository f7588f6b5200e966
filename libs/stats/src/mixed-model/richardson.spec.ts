import { richardsonJacobian } from './richardson.js';

describe('richardsonJacobian', () => {
  it('differentiates a smooth vector function to near machine precision', () => {
    const f = (x: readonly number[]): number[] => [Math.exp(x[0]) * Math.sin(x[1]), x[0] * x[0] * x[1] ** 3];
    const [a, b] = [0.7, -1.3];
    const jacobian = richardsonJacobian(f, [a, b]);
    const exact = [
      [Math.exp(a) * Math.sin(b), Math.exp(a) * Math.cos(b)],
      [2 * a * b ** 3, 3 * a * a * b * b],
    ];
    jacobian.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(exact[i][j], 10)));
  });

  it('steps away from 0 by an absolute amount at a zero coordinate, as numDeriv', () => {
    const jacobian = richardsonJacobian((x) => [Math.cos(x[0]) + x[0]], [0]);
    expect(jacobian[0][0]).toBeCloseTo(1, 10);
  });
});
