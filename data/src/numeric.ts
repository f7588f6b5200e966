/** Small numeric helpers shared by the generators. */

export function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}

/** x rounded to `decimals` places (half away from zero for positive x, as an instrument display does). */
export function roundTo(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}
