/**
 * Test helper: asserts that a computed statistic matches an independent reference value (R's) to a
 * relative tolerance, |actual - expected| <= relTol * |expected|. When the expected value is 0 the
 * tolerance is absolute (relTol itself), since no relative error is defined. An expected `null` (a
 * value the contract says cannot be computed) requires exactly `null`.
 *
 * It throws a plain Error rather than calling Jest's `expect`, so that it has no dependency on the
 * test runner and type-checks with the library.
 */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null,
  relTol = 1e-9,
  label = 'value',
): void {
  if (expected === null) {
    if (actual !== null) throw new Error(`${label}: expected null, got ${String(actual)}`);
    return;
  }
  if (typeof actual !== 'number' || !Number.isFinite(actual)) {
    throw new Error(`${label}: expected ${expected}, got ${String(actual)}`);
  }
  const error = Math.abs(actual - expected);
  const allowed = expected === 0 ? relTol : relTol * Math.abs(expected);
  if (!(error <= allowed)) {
    const relative = expected === 0 ? error : error / Math.abs(expected);
    throw new Error(
      `${label}: expected ${expected} within ${relTol} relative, got ${actual} (relative error ${relative.toExponential(2)})`,
    );
  }
}

/** {@link expectClose} element by element, for vectors of equal length. */
export function expectAllClose(
  actual: readonly (number | null)[],
  expected: readonly (number | null)[],
  relTol = 1e-9,
  label = 'vector',
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: expected length ${expected.length}, got ${actual.length}`);
  }
  expected.forEach((value, i) => expectClose(actual[i], value, relTol, `${label}[${i}]`));
}
