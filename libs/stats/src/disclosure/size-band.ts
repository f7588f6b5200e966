/**
 * The size of a suppressed group, told only as a band. Bands below the minimum say "fewer than the
 * minimum"; bands above it are wide enough that, with complementary suppression, a difference of
 * published counts never pins a suppressed one down.
 */
const BAND_EDGES = [20, 50, 100, 200, 500, 1000];

export function sizeBand(n: number, minimum: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`sizeBand: a count, got ${n}`);
  if (n === 0) return '0';
  if (n < minimum) return `1-${minimum - 1}`;
  let low = minimum;
  for (const edge of BAND_EDGES) {
    if (edge < low) continue;
    if (n <= edge) return `${low}-${edge}`;
    low = edge + 1;
  }
  return `${low}+`;
}
