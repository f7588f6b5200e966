import { isAdminToken, isRole, parseCurrentUser } from './current-user.js';

describe('who is signed in (GET /api/auth/me)', () => {
  it('reads the answer', () => {
    expect(
      parseCurrentUser({
        name: 'owner@clinic.example',
        role: 'owner',
        clinics: ['0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a'],
        therapist: null,
      }),
    ).toEqual({
      name: 'owner@clinic.example',
      role: 'owner',
      clinics: ['0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a'],
      therapist: null,
    });
  });

  it('tolerates missing lists and drops what is not a key', () => {
    expect(parseCurrentUser({ name: 'admin', role: 'admin' })).toEqual({
      name: 'admin',
      role: 'admin',
      clinics: [],
      therapist: null,
    });
    expect(parseCurrentUser({ name: 'x', role: 'owner', clinics: ['k', 3, null] }).clinics).toEqual(['k']);
  });

  it('refuses an answer that is not one (an HTML page from a proxy, an old server)', () => {
    expect(() => parseCurrentUser('<html>')).toThrow(TypeError);
    expect(() => parseCurrentUser({ role: 'admin' })).toThrow(/name and a role/);
  });

  it('knows the deployment’s admin token from a person with the admin role', () => {
    expect(isAdminToken({ name: 'admin', role: 'admin', clinics: [], therapist: null })).toBe(true);
    expect(isAdminToken({ name: 'boss@clinic.example', role: 'admin', clinics: [], therapist: null })).toBe(
      false,
    );
    expect(isRole('marketing')).toBe(true);
    expect(isRole('auditor')).toBe(false);
  });
});
