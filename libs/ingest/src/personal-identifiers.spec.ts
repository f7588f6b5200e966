import { hasValidNhsCheckDigit, personalIdentifierIn } from './personal-identifiers.js';

describe('personalIdentifierIn', () => {
  it.each([
    ['jane.doe@example.com', 'an email address'],
    ['Jane <jane@clinic.co.uk>', 'an email address'],
    ['943 476 5919', 'an NHS number'],
    ['943-476-5919', 'an NHS number'],
    ['9434765919', 'an NHS number'],
    ['943 476 5918', 'a phone number'], // ten digits with a wrong check digit: still refused
    ['07700 900123', 'a phone number'],
    ['+44 (0)7700 900123', 'a phone number'],
    ['(020) 7946.0958', 'a phone number'],
    ['123456789', 'a phone number'],
    ['1985-03-14', 'a date'],
    ['14/03/1985', 'a date'],
    ['14.03.85', 'a date'],
  ])('finds that %j looks like %s', (key, kind) => {
    expect(personalIdentifierIn(key)).toBe(kind);
  });

  it.each([
    'c001',
    'P-12345',
    '12345678',
    'client_7f3a9c',
    'M01',
    'clinic-a',
    't-01',
    'a@b',
    '4f1c2e9a-0d1b-4c55-9a7e-2f8b6d1e3c40',
  ])('accepts the pseudonymous key %j', (key) => {
    expect(personalIdentifierIn(key)).toBeNull();
  });
});

describe('hasValidNhsCheckDigit', () => {
  it('checks the modulus 11 check digit', () => {
    expect(hasValidNhsCheckDigit('9434765919')).toBe(true);
    expect(hasValidNhsCheckDigit('9434765918')).toBe(false);
    expect(hasValidNhsCheckDigit('4010232137')).toBe(true);
  });
});
