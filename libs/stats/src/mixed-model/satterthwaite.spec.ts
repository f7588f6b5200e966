import { varparCovarianceFromHessian } from './satterthwaite.js';

describe("the variance parameters' covariance from the Hessian, as lmerTest", () => {
  it('is twice the inverse of a positive-definite Hessian, without warnings', () => {
    const { covariance, warnings } = varparCovarianceFromHessian([
      [4, 1],
      [1, 2],
    ]);
    // 2 [[4, 1], [1, 2]]⁻¹ = 2 / 7 [[2, -1], [-1, 4]]
    const expected = [
      [4 / 7, -2 / 7],
      [-2 / 7, 8 / 7],
    ];
    covariance.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(expected[i][j], 12)));
    expect(warnings).toEqual([]);
  });

  it('drops negative and near-zero eigenvalues from the inverse and warns in lmerTest words', () => {
    const { covariance, eigenvalues, warnings } = varparCovarianceFromHessian([
      [2, 0, 0],
      [0, -0.5, 0],
      [0, 0, 1e-10],
    ]);
    expect(eigenvalues).toEqual([2, 1e-10, -0.5]);
    expect(covariance).toEqual([
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(warnings).toEqual([
      'Model failed to converge with 1 negative eigenvalue: -5.0e-1',
      'Model may not have converged with 1 eigenvalue close to zero: 1.0e-10',
    ]);
  });
});
