import { expectAllClose, expectClose } from '../testing/expect-close.js';
import { qrLeastSquares } from './householder-qr.js';

describe('qrLeastSquares', () => {
  it('recovers an exact line', () => {
    const solution = qrLeastSquares(
      [
        [1, 0],
        [1, 1],
        [1, 2],
      ],
      [1, 3, 5],
    );
    expectAllClose(solution?.coefficients ?? [], [1, 2], 1e-14);
  });

  it('gives R⁻¹ with R⁻¹R⁻ᵀ = (XᵀX)⁻¹', () => {
    // XᵀX = [[3, 3], [3, 5]], whose inverse is [[5, -3], [-3, 3]] / 6.
    const solution = qrLeastSquares(
      [
        [1, 0],
        [1, 1],
        [1, 2],
      ],
      [0, 0, 0],
    );
    const rInverse = solution?.rInverse ?? [];
    const product = (i: number, k: number): number =>
      rInverse[i].reduce((sum, v, j) => sum + v * rInverse[k][j], 0);
    expectClose(product(0, 0), 5 / 6, 1e-14);
    expectClose(product(0, 1), -3 / 6, 1e-14);
    expectClose(product(1, 1), 3 / 6, 1e-14);
    expect(Math.abs(rInverse[1][0])).toBe(0); // upper triangular
  });

  it('solves a square system exactly', () => {
    const solution = qrLeastSquares(
      [
        [2, 1],
        [1, 3],
      ],
      [3, 5],
    );
    expectAllClose(solution?.coefficients ?? [], [0.8, 1.4], 1e-14);
  });

  it('returns null for a design without full column rank', () => {
    const duplicate = [
      [1, 2, 2],
      [1, 3, 3],
      [1, 5, 5],
      [1, 7, 7],
    ];
    expect(qrLeastSquares(duplicate, [1, 2, 3, 4])).toBeNull();
    const zeroColumn = [
      [1, 0],
      [1, 0],
    ];
    expect(qrLeastSquares(zeroColumn, [1, 2])).toBeNull();
  });
});
