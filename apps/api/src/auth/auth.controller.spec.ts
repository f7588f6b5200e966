/**
 * Signing in and the life of a token, over real HTTP on a real database: wrong passwords, rate
 * limiting, expired, revoked, forged and disabled-user tokens all fail; the audit log records it.
 */
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser, TEST_PASSWORD } from '../testing/users.js';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from './login-rate-limiter.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const login = (email: string, password: string) =>
    fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  it('signs a user in and says who they are; the token works until logout', async () => {
    const owner = await createUser(t, { email: 'owner@clinic.example', role: 'owner', clinics: ['k01'] });
    const me = (await (await owner.api('/api/auth/me')).json()) as { role: string; clinics: string[] };
    expect(me.role).toBe('owner');
    expect(me.clinics).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
    expect((await owner.api('/api/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await owner.api('/api/auth/me')).status).toBe(401);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    await createUser(t, { email: 'marketing@clinic.example', role: 'marketing' });
    const wrong = await login('marketing@clinic.example', 'not the password at all');
    const unknown = await login('nobody@clinic.example', TEST_PASSWORD);
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const message = async (response: Response) => ((await response.json()) as { message: string }).message;
    expect(await message(wrong)).toBe(await message(unknown));
  });

  it('rate-limits repeated failures on one account, even with the right password after', async () => {
    await createUser(t, { email: 'target@clinic.example', role: 'marketing' });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) expect((await login('target@clinic.example', `guess ${i} wrong`)).status).toBe(401);
    const limited = await login('target@clinic.example', TEST_PASSWORD);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { message: string }).message).toMatch(/try again in \d+ s/);
  });

  it('refuses a malformed sign-in with a 400 before looking anyone up: neither counted nor audited', async () => {
    await createUser(t, { email: 'careful@clinic.example', role: 'marketing' });
    const auditEntries = async () => ((await (await t.api('/api/audit?limit=1')).json()) as { total: number }).total;
    const before = await auditEntries();
    const post = (body: unknown) =>
      fetch(`${t.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refusal = (message: string) => ({ statusCode: 400, error: 'Bad Request', message });
    // As many as would rate-limit this address, were they counted as failures.
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      const response = await login('a\u0000b@x.com', 'xxxxxxxxxxxxx');
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(refusal('email must not contain a NUL character (U+0000)'));
    }
    const surrogate = await login('careful@clinic.example\ud800', TEST_PASSWORD);
    expect(await surrogate.json()).toEqual(refusal('email must not contain an unpaired UTF-16 surrogate (not valid Unicode)'));
    const notText = await post({ email: ['careful@clinic.example'], password: TEST_PASSWORD });
    expect(await notText.json()).toEqual(refusal('send {"email": "...", "password": "..."}'));
    const tooLong = await post({ email: 'careful@clinic.example', password: 'x'.repeat(1025) });
    expect(await tooLong.json()).toEqual(refusal('password must be at most 1024 characters'));
    expect(await auditEntries()).toBe(before);
    expect((await login('careful@clinic.example', TEST_PASSWORD)).status).toBe(200);
  });

  it('refuses forged and revoked tokens, and the tokens of a disabled user', async () => {
    expect((await fetch(`${t.baseUrl}/api/auth/me`, { headers: { authorization: 'Bearer thr_forged' } })).status).toBe(401);

    const fresh = await createUser(t, { email: 'revoked@clinic.example', role: 'therapist', clinics: ['k01'], therapist: 't001' });
    const [{ id }] = await t.app.get(DataSource).query(`SELECT id FROM users WHERE email = $1`, [fresh.email]);
    expect((await t.api(`/api/users/${id}/revoke-tokens`, { method: 'POST' })).status).toBe(200);
    expect((await fresh.api('/api/auth/me')).status).toBe(401);

    const disabled = await createUser(t, { email: 'leaver@clinic.example', role: 'owner', clinics: ['k02'] });
    const [{ id: leaverId }] = await t.app.get(DataSource).query(`SELECT id FROM users WHERE email = $1`, [disabled.email]);
    const patched = await t.api(`/api/users/${leaverId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(patched.status).toBe(200);
    expect((await disabled.api('/api/auth/me')).status).toBe(401);
    expect((await login(disabled.email, TEST_PASSWORD)).status).toBe(401);
  });

  it('refuses an expired token once it is checked again', async () => {
    const user = await createUser(t, { email: 'late@clinic.example', role: 'marketing' });
    await t.app.get(DataSource).query(`UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [user.email]);
    // Never used before, so not remembered: checked against the database at once.
    expect((await user.api('/api/auth/me')).status).toBe(401);
  });

  it('validates new users, and only admins create them', async () => {
    const bad = await t.api('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x', password: 'short', role: 'owner', extra: 1 }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: string[] }).errors).toEqual(expect.arrayContaining([expect.stringMatching(/^email/), expect.stringMatching(/^password/), expect.stringMatching(/^clinics/), expect.stringMatching(/^unknown field/)]));
    const owner = await createUser(t, { email: 'owner2@clinic.example', role: 'owner', clinics: ['k03'] });
    const denied = await owner.api('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'new@clinic.example', password: TEST_PASSWORD, role: 'admin' }),
    });
    expect(denied.status).toBe(403);
    const duplicate = await t.api('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'OWNER2@clinic.example', password: TEST_PASSWORD, role: 'marketing' }),
    });
    expect(duplicate.status).toBe(409);
  });

  it('records sign-ins, failures and user changes in the audit log, for admins only', async () => {
    const { entries } = (await (await t.api('/api/audit?limit=1000')).json()) as { entries: { action: string; actor: string }[] };
    const actions = new Set(entries.map((entry) => entry.action));
    for (const action of ['user.create', 'login', 'login.failed', 'login.refused', 'logout', 'user.revoke-tokens', 'user.disable']) {
      expect(actions).toContain(action);
    }
    const marketing = await createUser(t, { email: 'reader@clinic.example', role: 'marketing' });
    expect((await marketing.api('/api/audit')).status).toBe(403);
  });
});

describe('auth: sign-ins sent all at once', () => {
  // A fresh app for each test: each fills the rate limit of the one address all tests send from.
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  }, 60_000);
  afterEach(() => t.close());

  const login = (email: string, password: string) =>
    fetch(`${t.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const addUser = async (email: string) => {
    const created = await t.api('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: TEST_PASSWORD, role: 'marketing' }),
    });
    expect(created.status).toBe(201);
  };
  const countStatuses = (responses: Response[]) => ({
    401: responses.filter((response) => response.status === 401).length,
    429: responses.filter((response) => response.status === 429).length,
  });

  it('checks no more passwords of one account than its limit, and then refuses the right one', async () => {
    await addUser('parallel@clinic.example');
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => login('parallel@clinic.example', `guess ${i} wrong`)));
    expect(countStatuses(responses)).toEqual({ 401: MAX_FAILURES_PER_ACCOUNT, 429: 30 - MAX_FAILURES_PER_ACCOUNT });
    const limited = await login('parallel@clinic.example', TEST_PASSWORD);
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as { message: string; retryAfter: number };
    expect(body.message).toMatch(/try again in \d+ s/);
    expect(body.retryAfter).toBeGreaterThan(0);
  });

  it('checks no more passwords from one address than its limit, over many accounts', async () => {
    await addUser('bystander@clinic.example');
    // 3 attempts on each of 10 accounts: under each account's limit, over the address's.
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`user${i % 10}@clinic.example`, `guess ${i} wrong`)));
    expect(countStatuses(responses)).toEqual({ 401: MAX_FAILURES_PER_ADDRESS, 429: 30 - MAX_FAILURES_PER_ADDRESS });
    const limited = await login('bystander@clinic.example', TEST_PASSWORD);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
  });
});
