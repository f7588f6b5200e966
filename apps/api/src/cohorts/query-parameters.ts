/**
 * Reading a route's query string strictly: an unknown parameter (a typo such as `?measur=ppt`)
 * is a 400 naming the parameters the route knows, rather than a filter silently ignored; a
 * parameter given twice where one value is expected is a 400 too. An empty value (`?site=`) counts
 * as absent, which is what a form with an empty control sends. Every value must be text the
 * database can store (common/storable-text.ts), whether or not the route reads it, and numbers
 * are read as strictly as numbers in files are (parseDecimal): `0x10`, ` 1` or `Infinity` are 400s.
 */
import { BadRequestException } from '@nestjs/common';
import { parseDecimal } from '@threshold/ingest';
import { assertStorableText } from '../common/storable-text.js';

/** What Express hands a controller for `@Query()`: strings, or arrays of them for repeated names. */
export type RawQuery = Record<string, unknown>;

export class QueryParameters {
  constructor(
    private readonly query: RawQuery,
    known: readonly string[],
  ) {
    const unknown = Object.keys(query).filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new BadRequestException(
        `unknown query parameter${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => `"${name}"`).join(', ')}: ` +
          (known.length === 0 ? 'this route takes none' : `this route takes ${known.join(', ')}`),
      );
    }
    for (const name of Object.keys(query)) {
      for (const value of this.values(name)) assertStorableText(value, name);
    }
  }

  /** For a route that takes no query parameters: a 400 for any. */
  static rejectAny(query: RawQuery): void {
    new QueryParameters(query, []);
  }

  /** One value, or undefined when absent or empty. */
  text(name: string): string | undefined {
    const value = this.single(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  /**
   * One number written in plain decimal (12, 0.5, 1e3: parseDecimal, as in files), at least `min`;
   * undefined when absent or empty. Not trimmed: `%201` is not a number.
   */
  decimal(name: string, { min }: { min: number }): number | undefined {
    const value = this.single(name);
    if (value === undefined || value === '') return undefined;
    const number = parseDecimal(value);
    if (!Number.isFinite(number) || number < min) {
      throw new BadRequestException(`${name} must be a number >= ${min}, got "${value}"`);
    }
    return number;
  }

  /**
   * One whole number written in decimal digits only (no sign, point, exponent or spaces), from
   * `min` to `max`; `fallback` when absent or empty.
   */
  integer(name: string, { min, max, fallback }: { min: number; max: number; fallback: number }): number {
    const value = this.single(name);
    if (value === undefined || value === '') return fallback;
    // At most 16 digits: anything longer is past Number.MAX_SAFE_INTEGER, so out of any range here.
    const number = /^[0-9]{1,16}$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isNaN(number) || number < min || number > max) {
      throw new BadRequestException(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    }
    return number;
  }

  /**
   * Several values, comma-separated and/or repeated (`?technique=a,b&technique=c`), trimmed, without
   * empties and duplicates, in code-unit order so that equal selections read the same (cache keys).
   */
  list(name: string): string[] {
    const values = this.values(name)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '');
    return [...new Set(values)].sort();
  }

  /** The one value of `name` as sent (untrimmed), or undefined when absent. */
  private single(name: string): string | undefined {
    const values = this.values(name);
    if (values.length > 1) throw new BadRequestException(`give ${name} once, not ${values.length} times`);
    return values[0];
  }

  private values(name: string): string[] {
    const value = this.query[name];
    if (value === undefined) return [];
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((item): item is string => typeof item === 'string')) {
      throw new BadRequestException(`${name} must be plain text (not ${name}[...]=)`);
    }
    return values;
  }
}
