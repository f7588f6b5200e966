/**
 * Strict readers for the numbers and dates of the format. JavaScript's Number() is too lenient for
 * input validation (it accepts '', ' 12 ', '0x1F' and 'Infinity'), so text must match the plain
 * decimal grammar below before it is converted.
 */

/** 12,5: a decimal comma, as some spreadsheets write numbers. */
const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;

/**
 * The number written in `text`, or NaN when it is not a plain decimal number: optional sign, digits
 * with an optional decimal point, optional exponent (12, -0.5, .5, 1e3), nothing else.
 *
 * Number() does the parsing; what it accepts beyond that grammar is then refused: surrounding
 * whitespace (the first or last character is not part of a number), Infinity (ends in a letter)
 * and 0x/0o/0b prefixes (a letter after a leading 0). The specification tests this against the
 * grammar written as a regular expression, which was twice as slow on the hot path.
 */
export function parseDecimal(text: string): number {
  const number = Number(text);
  if (Number.isNaN(number) || text.length === 0) return Number.NaN;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  const startsLikeNumber =
    isDigit(first) || first === 43 /* + */ || first === 45 /* - */ || first === 46; /* . */
  const endsLikeNumber = isDigit(last) || last === 46; /* . */
  const second = text.charCodeAt(1) | 0x20; // lower case
  const radixPrefix =
    first === 48 /* 0 */ && (second === 0x78 /* x */ || second === 0x6f /* o */ || second === 0x62); /* b */
  return startsLikeNumber && endsLikeNumber && !radixPrefix ? number : Number.NaN;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function looksLikeDecimalComma(text: string): boolean {
  return DECIMAL_COMMA.test(text);
}

export function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1;
}

/** Extended (2024-03-07) and basic (20240307) ISO 8601 calendar dates. */
const ISO_CALENDAR_DATE = /^(\d{4})-?(\d{2})-?(\d{2})$/;

/**
 * The ISO 8601 calendar date in `text`, written yyyy-mm-dd, or null when `text` is not one or names
 * a day that does not exist (2023-02-29). Times and week or ordinal dates are not accepted.
 */
export function parseIsoDate(text: string): string | null {
  const match = ISO_CALENDAR_DATE.exec(text);
  if (match === null) return null;
  // Mixed forms (2024-0307) pass the regular expression; only the two pure forms are ISO.
  if (text.length !== 8 && text.length !== 10) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Year 0000 is ISO 8601's 1 BC by agreement only; PostgreSQL's dates have no year 0 and refuse it.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
