import {
  choleskyFactor,
  choleskyInverse,
  choleskyLogDeterminant,
  choleskySolve,
  multiply,
  quadraticForm,
  symmetricEigen,
  symmetrize,
} from './small-matrix.js';

const SPD = [
  [4, 2, 0.6],
  [2, 5, 1],
  [0.6, 1, 3],
];

describe('small dense matrices', () => {
  it('factorises, solves, inverts and takes the log-determinant of a positive-definite matrix', () => {
    const l = choleskyFactor(SPD);
    if (l === null) throw new Error('not positive definite');
    expect(
      multiply(
        l,
        l.map((_, i) => l.map((row) => row[i])),
      ),
    ).toEqual(SPD.map((row) => row.map((value) => expect.closeTo(value, 12))));
    const x = choleskySolve(l, [1, 2, 3]);
    SPD.forEach((row, i) =>
      expect(row.reduce((sum, a, j) => sum + a * x[j], 0)).toBeCloseTo([1, 2, 3][i], 12),
    );
    const identity = multiply(SPD, choleskyInverse(l));
    identity.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(i === j ? 1 : 0, 12)));
    // det = 4(15 - 1) - 2(6 - 0.6) + 0.6(2 - 3) = 44.6
    expect(choleskyLogDeterminant(l)).toBeCloseTo(Math.log(44.6), 12);
    expect(quadraticForm([1, -1, 2], SPD)).toBeCloseTo(4 + 5 + 12 - 4 + 2.4 - 4, 12);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(
      choleskyFactor([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
    expect(choleskyFactor([[0]])).toBeNull();
  });

  it('decomposes a symmetric matrix into decreasing eigenvalues and orthonormal eigenvectors', () => {
    const a = [
      [2, -1, 0, 0.5],
      [-1, 2, -1, 0],
      [0, -1, 2, -1],
      [0.5, 0, -1, -3],
    ];
    const { values, vectors } = symmetricEigen(a);
    expect([...values].sort((x, y) => y - x)).toEqual(values);
    values.forEach((value, k) => {
      const av = a.map((row) => row.reduce((sum, aij, j) => sum + aij * vectors[k][j], 0));
      av.forEach((component, i) => expect(component).toBeCloseTo(value * vectors[k][i], 12));
      vectors.forEach((other, m) =>
        expect(other.reduce((sum, v, i) => sum + v * vectors[k][i], 0)).toBeCloseTo(m === k ? 1 : 0, 12),
      );
    });
    expect(values.reduce((sum, v) => sum + v, 0)).toBeCloseTo(3, 12); // the trace
  });

  it('gives a zero eigenvalue for a singular matrix and handles a 1 x 1 matrix', () => {
    expect(
      symmetricEigen([
        [1, 1],
        [1, 1],
      ]).values.map((v) => Math.round(v * 1e12) / 1e12),
    ).toEqual([2, 0]);
    expect(symmetricEigen([[-3]])).toEqual({ values: [-3], vectors: [[1]] });
  });

  it('symmetrises', () => {
    expect(
      symmetrize([
        [1, 2],
        [4, 3],
      ]),
    ).toEqual([
      [1, 3],
      [3, 3],
    ]);
  });
});
