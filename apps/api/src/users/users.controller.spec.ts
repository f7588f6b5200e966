/**
 * /api/users refuses what it cannot store or look up with a 4xx that says why, over real HTTP on a
 * real database (embedded, or the PostgreSQL server when DATABASE_URL is set): never a 500.
 */
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser as signInNewUser, TEST_PASSWORD } from '../testing/users.js';

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

    it('resets a password: the old one no longer signs in, the new one does, and old tokens end', async () => {
      const signedIn = await signInNewUser(t, { email: 'forgetful@clinic.example', role: 'marketing' });
      const users = (await (await t.api('/api/users')).json()) as { id: number; email: string }[];
      const userId = users.find((user) => user.email === 'forgetful@clinic.example')?.id;
      expect(userId).toBeDefined();
      const short = await send('POST', `/api/users/${userId}/password`, { password: 'short' });
      expect(short.status).toBe(400);
      expect(((await short.json()) as UserError).errors).toEqual(['password: at least 12 characters']);
      const reset = await send('POST', `/api/users/${userId}/password`, { password: 'a brand new password' });
      expect(reset.status).toBe(200);
      expect(await reset.json()).toEqual({ revoked: 1 });
      expect((await signedIn.api('/api/auth/me')).status).toBe(401);
      const signIn = (password: string) =>
        fetch(`${t.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'forgetful@clinic.example', password }),
        });
      expect((await signIn(TEST_PASSWORD)).status).toBe(401);
      expect((await signIn('a brand new password')).status).toBe(200);
      const { entries } = (await (await t.api('/api/audit?limit=5')).json()) as { entries: { action: string; target: string }[] };
      expect(entries.find((entry) => entry.action === 'user.reset-password')?.target).toBe('forgetful@clinic.example');
      expect((await send('POST', '/api/users/999999/password', { password: 'a brand new password' })).status).toBe(404);
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

  describe('an owner', () => {
    it('creates therapist users of their own clinics only, and manages no one else', async () => {
      const owner = await signInNewUser(t, { email: 'owner@k01.example', role: 'owner', clinics: ['k01'] });
      const ownerCreates = (fields: Record<string, unknown>) =>
        owner.api('/api/users', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ password: TEST_PASSWORD, ...fields }),
        });
      expect((await ownerCreates({ email: 'peer@k01.example', role: 'owner', clinics: ['k01'] })).status).toBe(403);
      expect((await ownerCreates({ email: 'mk@k01.example', role: 'marketing' })).status).toBe(403);
      const elsewhere = await ownerCreates({ email: 'x@k02.example', role: 'therapist', clinics: ['k01', 'k02'], therapist: 't006' });
      expect(elsewhere.status).toBe(403);
      expect(((await elsewhere.json()) as UserError).message).toMatch(/of their own clinics only/);
      const mine = await ownerCreates({ email: 'mine@k01.example', role: 'therapist', clinics: ['k01'], therapist: 't001' });
      expect(mine.status).toBe(201);
      const { id: mineId } = (await mine.json()) as { id: number };
      const other = await signInNewUser(t, { email: 'other@k02.example', role: 'therapist', clinics: ['k02'], therapist: 't006' });
      const users = (await (await t.api('/api/users')).json()) as { id: number; email: string }[];
      const otherId = users.find((user) => user.email === other.email)?.id;
      const ownerSends = (method: string, path: string, body?: unknown) =>
        owner.api(path, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      // Another clinic's therapist is a user that does not exist, on every route.
      expect((await ownerSends('PATCH', `/api/users/${otherId}`, { disabled: true })).status).toBe(404);
      expect((await ownerSends('POST', `/api/users/${otherId}/revoke-tokens`)).status).toBe(404);
      expect((await ownerSends('POST', `/api/users/${otherId}/password`, { password: 'taken over now!' })).status).toBe(404);
      expect((await other.api('/api/auth/me')).status).toBe(200);
      const listed = (await (await owner.api('/api/users')).json()) as { email: string }[];
      expect(listed.map((user) => user.email)).toEqual(['mine@k01.example']);
      // Their own clinic's therapist: every route.
      expect((await ownerSends('POST', `/api/users/${mineId}/password`, { password: 'a brand new password' })).status).toBe(200);
      expect((await ownerSends('POST', `/api/users/${mineId}/revoke-tokens`)).status).toBe(200);
      expect((await ownerSends('PATCH', `/api/users/${mineId}`, { disabled: true })).status).toBe(200);
    });
  });
});
