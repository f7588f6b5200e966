import { keyLabel, mergeNames, nameOf, readNames } from './display-names.js';
import { groupLabel } from './labels.js';

const CLINIC = '871de41f0123456789abcdef01234567';
const THERAPIST = '3f2a91c0aaaabbbbccccddddeeeeffff';
const names = readNames({
  clinics: { [CLINIC]: 'Harbour Street Clinic' },
  therapists: { [THERAPIST]: 'Dr. Amara Osei' },
});

describe('display names', () => {
  it('shows a name where there is one, and the short key only where there is none', () => {
    expect(keyLabel(names, 'clinic', CLINIC)).toBe('Harbour Street Clinic');
    expect(keyLabel(names, 'therapist', THERAPIST)).toBe('Dr. Amara Osei');
    expect(keyLabel(names, 'therapist', CLINIC)).toBe('871de41f…');
    expect(groupLabel(THERAPIST, 'therapist_id', names)).toBe('Dr. Amara Osei');
    expect(groupLabel(CLINIC, 'therapist_id', names)).toBe('Therapist 871de41f…');
    expect(groupLabel(CLINIC, 'clinic_id', names)).toBe('Harbour Street Clinic');
  });

  it('reads what an older API or a malformed answer sends as no names', () => {
    expect(readNames(undefined)).toEqual({ clinics: {}, therapists: {} });
    expect(readNames({ clinics: { a: 1, b: 'B' }, therapists: 'x' })).toEqual({
      clinics: { b: 'B' },
      therapists: {},
    });
    expect(nameOf(readNames({ clinics: { [CLINIC]: '' } }), 'clinic', CLINIC)).toBeUndefined();
  });

  it('merges sets of names, the later winning', () => {
    const renamed = mergeNames(names, readNames({ clinics: { [CLINIC]: 'Harbour St.' } }));
    expect(renamed.clinics[CLINIC]).toBe('Harbour St.');
    expect(renamed.therapists[THERAPIST]).toBe('Dr. Amara Osei');
  });
});
