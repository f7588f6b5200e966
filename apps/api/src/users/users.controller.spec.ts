/**
 * /api/users refuses what it cannot store or look up with a 4xx that says why, over real HTTP on a
 * real database (embedded, or the PostgreSQL server when DATABASE_URL is set): never a 500.
 */
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { TEST_PASSWORD } from '../testing/users.js';

interface UserError {
  statusCode: number;
  message: string;
  errors?: string[];
}

describe('/api/users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const send = (method: string, path: string, body?: unknown) =>
    t.api(path, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const createUser = (fields: Record<string, unknown>) =>
    send('POST', '/api/users', { email: 'someone@clinic.example', password: TEST_PASSWORD, role: 'marketing', ...fields });

  describe('POST', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['a NUL in the email', { email: 'a\u0000b@x.com' }, 'email: must not contain a NUL character (U+0000)'],
      [
        'a lone surrogate in the email',
        { email: 'a\ud800b@x.com' },
        'email: must not contain an unpaired UTF-16 surrogate (not valid Unicode)',
      ],
      ['a NUL in the password', { password: `${TEST_PASSWORD}\u0000` }, 'password: must not contain a NUL character (U+0000)'],
      [
        'a lone surrogate in the password',
        { password: `${TEST_PASSWORD}\udc00` },
        'password: must not contain an unpaired UTF-16 surrogate (not valid Unicode)',
      ],
      ['a NUL in a clinic id', { role: 'owner', clinics: ['k01', 'k\u000002'] }, 'clinics: must not contain a NUL character (U+0000)'],
      [
        'a lone surrogate in the therapist id',
        { role: 'therapist', clinics: ['k01'], therapist: 't\ud800' },
        'therapist: must not contain an unpaired UTF-16 surrogate (not valid Unicode)',
      ],
    ])('refuses %s with a 400 naming the field', async (_label, fields, problem) => {
      const response = await createUser(fields);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ statusCode: 400, message: 'the user is not valid', errors: [problem] });
    });

    it('creates the user once the text is storable', async () => {
      expect((await createUser({ email: 'ångström@clinic.example' })).status).toBe(201);
    });
  });

  describe('PATCH /:id and POST /:id/revoke-tokens', () => {
    let id: number;
    beforeAll(async () => {
      const created = await createUser({ email: 'leaver@clinic.example' });
      ({ id } = (await created.json()) as { id: number });
    });

    it.each(['2147483648', '99999999999999999999', '0', '-1', 'abc', '1.0', '0x10', '%00'])(
      'refuses the malformed user id %s with a 400',
      async (badId) => {
        const refusal = { statusCode: 400, error: 'Bad Request', message: 'a user id is a whole number from 1 to 2147483647' };
        const patched = await send('PATCH', `/api/users/${badId}`, { disabled: true });
        expect(patched.status).toBe(400);
        expect(await patched.json()).toEqual(refusal);
        const revoked = await send('POST', `/api/users/${badId}/revoke-tokens`);
        expect(revoked.status).toBe(400);
        expect(await revoked.json()).toEqual(refusal);
      },
    );

    it('answers 404 for a user who does not exist, on both routes', async () => {
      for (const missing of ['999999', '2147483647']) {
        const patched = await send('PATCH', `/api/users/${missing}`, { disabled: true });
        expect(patched.status).toBe(404);
        expect(((await patched.json()) as UserError).message).toBe(`no user ${missing}`);
        const revoked = await send('POST', `/api/users/${missing}/revoke-tokens`);
        expect(revoked.status).toBe(404);
        expect(((await revoked.json()) as UserError).message).toBe(`no user ${missing}`);
      }
      const { entries } = (await (await t.api('/api/audit?limit=1000')).json()) as { entries: { action: string }[] };
      expect(entries.filter((entry) => entry.action === 'user.revoke-tokens')).toEqual([]);
    });

    it('revokes and disables a user who exists', async () => {
      const revoked = await send('POST', `/api/users/${id}/revoke-tokens`);
      expect(revoked.status).toBe(200);
      expect(await revoked.json()).toEqual({ revoked: 0 });
      const patched = await send('PATCH', `/api/users/${id}`, { disabled: true });
      expect(patched.status).toBe(200);
      expect(((await patched.json()) as { disabled: boolean }).disabled).toBe(true);
    });
  });
});
