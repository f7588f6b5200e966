/**
 * Reading a route's query string strictly: an unknown parameter (a typo such as `?measur=ppt`)
 * is a 400 naming the parameters the route knows, rather than a filter silently ignored; a
 * parameter given twice where one value is expected is a 400 too. An empty value (`?site=`) counts
 * as absent, which is what a form with an empty control sends.
 */
import { BadRequestException } from '@nestjs/common';

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
  }

  /** For a route that takes no query parameters: a 400 for any. */
  static rejectAny(query: RawQuery): void {
    new QueryParameters(query, []);
  }

  /** One value, or undefined when absent or empty. */
  text(name: string): string | undefined {
    const values = this.values(name);
    if (values.length > 1) throw new BadRequestException(`give ${name} once, not ${values.length} times`);
    const value = values[0]?.trim();
    return value === undefined || value === '' ? undefined : value;
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
