/**
 * Recognises personal identifiers that arrive by mistake in a key column (client_id,
 * therapist_id, clinic_id). They are refused, never cleaned: a cleaned key would still be derived
 * from the identifier, and the clinic must replace it with its pseudonymous key.
 */

export type PersonalIdentifierKind = 'an email address' | 'an NHS number' | 'a phone number' | 'a date';

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** Ten digits, or 3-3-4 separated by spaces or by dashes. */
const NHS_NUMBER = /^(?:\d{10}|\d{3} \d{3} \d{4}|\d{3}-\d{3}-\d{4})$/;
/** What phone numbers are written with besides digits: spaces, dashes, dots, parentheses. */
const PHONE_PUNCTUATION = /[\s\-.()]/g;
const NINE_OR_MORE_DIGITS = /^\d{9,}$/;
/** 1985-03-14, 14/03/1985, 14.03.85 and the like: a key should never be a date (of birth). */
const DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/;

/** What personal identifier `key` looks like, or null if it looks like none. */
export function personalIdentifierIn(key: string): PersonalIdentifierKind | null {
  if (key.includes('@') && EMAIL.test(key)) return 'an email address';
  if (NHS_NUMBER.test(key) && hasValidNhsCheckDigit(key.replace(/\D/g, ''))) return 'an NHS number';
  if (isPhoneNumber(key)) return 'a phone number';
  if (DATE.test(key)) return 'a date';
  return null;
}

/** Nine or more digits once spaces, dashes, dots, parentheses and a leading + are removed. */
function isPhoneNumber(key: string): boolean {
  const digits = key.replace(PHONE_PUNCTUATION, '');
  return NINE_OR_MORE_DIGITS.test(digits.startsWith('+') ? digits.slice(1) : digits);
}

/**
 * The NHS modulus 11 check: weights 10 down to 2 on the first nine digits; the check digit is
 * 11 minus the remainder of the weighted sum by 11 (11 becomes 0; 10 makes the number invalid).
 */
export function hasValidNhsCheckDigit(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (tenDigits.charCodeAt(i) - 48) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === tenDigits.charCodeAt(9) - 48;
}
