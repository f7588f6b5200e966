/**
 * Orders strings by Unicode code point, the order report-contract.md section 2 uses for groups
 * ("sorted by code point; the first is the reference"). JavaScript's `<` and the default
 * `Array.prototype.sort` compare UTF-16 code units instead, which puts characters above U+FFFF
 * (stored as surrogate pairs, 0xD800-0xDFFF) before U+E000-U+FFFF; this comparison does not.
 * It is also R's `sort(method = "radix")` order for UTF-8 strings, and PostgreSQL's `COLLATE "C"`
 * order for UTF-8 databases.
 */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return (x.done ? 0 : 1) - (y.done ? 0 : 1);
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
}
