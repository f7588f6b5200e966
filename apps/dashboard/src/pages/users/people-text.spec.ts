import type { ManagedUser } from '../../api/api-types.js';
import { readNames } from '../../format/display-names.js';
import { clinicsText, suggestPassword, therapistText } from './people-text.js';

const K01 = '0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a';
const K02 = '0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b';
const T01 = '0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c';
const user = (fields: Partial<ManagedUser>): ManagedUser => ({
  id: 1,
  email: 'someone@clinic.example',
  role: 'therapist',
  clinics: [K01, K02],
  therapist: T01,
  disabled: false,
  createdAt: '2026-12-07T05:00:00.000Z',
  names: readNames({ clinics: { [K01]: 'Harbour Street Clinic' }, therapists: {} }),
  ...fields,
});

describe('the People page in words', () => {
  it('names a user’s clinics and therapist, a key only where no name is known', () => {
    const known = readNames({ therapists: { [T01]: 'Dr. Amara Osei' } });
    expect(clinicsText(user({}), known)).toBe('Harbour Street Clinic, 0b0b0b0b…');
    expect(therapistText(user({}), known)).toBe('Dr. Amara Osei');
    expect(clinicsText(user({ role: 'admin', clinics: [], therapist: null }), known)).toBe('every clinic');
    expect(therapistText(user({ role: 'admin', clinics: [], therapist: null }), known)).toBe('');
  });

  it('suggests passwords of 16 unambiguous characters, evenly drawn', () => {
    const password = suggestPassword();
    expect(password).toMatch(/^[a-hjkmnp-zA-HJ-NP-Z2-9]{16}$/);
    expect(suggestPassword()).not.toBe(password);
    // Bytes of 220 and above are skipped (220 = 4 × 55 characters), so that no character is likelier.
    const bytes = [255, 220, 0, 55, 56, 219, ...new Array<number>(26).fill(1)];
    expect(suggestPassword((buffer) => (buffer.set(bytes), buffer)).slice(0, 5)).toBe('aab9b');
  });
});
