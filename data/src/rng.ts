/**
 * Seeded pseudo-random numbers that are byte-identical on every machine.
 *
 * Generator: sfc32 ("small fast chaotic", Chris Doty-Humphrey, from the PractRand suite): 128 bits
 * of state, passes PractRand and BigCrush, and needs only 32-bit integer arithmetic, which
 * JavaScript does exactly (`| 0`, `>>>`, `Math.imul`).
 *
 * Seed procedure (the whole of it, so another implementation can reproduce a stream):
 *   1. Form the text `${seed}/${stream}`, e.g. `1/practice/client/17` (seed is an unsigned 32-bit
 *      integer, stream a label that names what the numbers are for).
 *   2. Hash it with cyrb128 (bryc's 128-bit string hash, below) into four 32-bit words a, b, c, d.
 *   3. Start sfc32 with state (a, b, c, d) and throw away its first 12 outputs, as PractRand's
 *      author recommends, so that similar seeds have diverged before any number is used.
 *
 * Named streams make every part of a data set independent of every other: client 17 of a practice
 * set gets the same numbers whether 100 or 100,000 clients are generated, and adding a new draw for
 * one measure does not shift the draws of all later clients.
 *
 * Why no `Math.log`/`Math.cos`: ECMAScript lets engines approximate transcendental functions, so
 * Box-Muller with `Math.log` could differ in the last bit between engines or versions. Normal draws
 * here use the Marsaglia polar method with a logarithm computed by basic arithmetic (which IEEE 754
 * fixes exactly) and `Math.sqrt` (which IEEE 754 requires to be correctly rounded).
 */

/** The largest seed; seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffff_ffff;

/** cyrb128 (github.com/bryc/code, public domain): a fast 128-bit hash of a string, used only to seed. */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const LN2 = 0.6931471805599453;

/**
 * Natural logarithm of x in (0, 1], by exact halving into [0.5, 1] and the series
 * ln m = 2 atanh(z), z = (m - 1) / (m + 1), |z| <= 1/3; 20 terms reach double precision.
 * Only +, -, *, / are used, so the result is the same on every IEEE 754 machine.
 */
export function portableLog(x: number): number {
  if (!(x > 0 && x <= 1)) throw new RangeError(`portableLog needs 0 < x <= 1, got ${x}`);
  let m = x;
  let halvings = 0;
  while (m < 0.5) {
    m *= 2; // exact: multiplying by a power of two only changes the exponent
    halvings++;
  }
  const z = (m - 1) / (m + 1);
  const z2 = z * z;
  let power = z;
  let sum = z;
  for (let n = 3; n <= 41; n += 2) {
    power *= z2;
    sum += power / n;
  }
  return 2 * sum - halvings * LN2;
}

/** A seeded random source with the draws the generators need. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The polar method makes normals in pairs; the second is kept for the next call. */
  private spareNormal: number | undefined;

  constructor(seed: number, stream = '') {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(`seed must be an integer from 0 to ${MAX_SEED}, got ${seed}`);
    }
    [this.a, this.b, this.c, this.d] = cyrb128(`${seed}/${stream}`);
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next raw sfc32 output, an unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1), in steps of 2^-32. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform on [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** An integer from min to max, both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Normal draw (Marsaglia polar method). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * portableLog(s)) / s);
    this.spareNormal = v * factor;
    return mean + sd * u * factor;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.uniform() * items.length)];
  }

  /** One element, with probability proportional to its weight. */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('weightedPick needs one weight per item');
    }
    let total = 0;
    for (const w of weights) total += w;
    let target = this.uniform() * total;
    for (let i = 0; i < items.length; i++) {
      target -= weights[i];
      if (target < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

/** The random source for one named stream of a seed (see the seed procedure above). */
export function createRng(seed: number, stream = ''): Rng {
  return new Rng(seed, stream);
}
