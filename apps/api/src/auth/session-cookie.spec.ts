/**
 * The dashboard's cookie session over real HTTP on a real database: signing in with a password or
 * a token sets an HttpOnly, SameSite=Strict cookie and answers no token; writes made with the
 * cookie need the session's X-CSRF-Token (a missing or wrong one is refused with 403 and changes
 * nothing); Bearer tokens keep working without one; signing out revokes the session and clears
 * the cookie.
 */
import { DataSource } from 'typeorm';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../testing/test-app.js';
import { createUser, TEST_PASSWORD } from '../testing/users.js';

interface SessionAnswer {
  expiresAt: string;
  user: { name: string; role: string; clinics: string[]; therapist: string | null; csrfToken: string };
}

/** The session cookie of a Set-Cookie answer: its value and its attributes. */
function sessionCookieOf(response: Response): { value: string; attributes: string[] } {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('threshold_session='));
  if (cookie === undefined) throw new Error(`no session cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  const [pair, ...attributes] = cookie.split(';').map((part) => part.trim());
  return { value: decodeURIComponent(pair.slice('threshold_session='.length)), attributes };
}

describe('the session cookie', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const startSession = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}/api/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  /** A request made as the browser would with the cookie (and the CSRF token when given). */
  const withCookie = (cookie: string, path: string, init: RequestInit & { csrf?: string } = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      ...init,
      headers: {
        cookie: `threshold_session=${encodeURIComponent(cookie)}`,
        ...(init.csrf === undefined ? {} : { 'x-csrf-token': init.csrf }),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  const newUser = (email: string) => JSON.stringify({ email, password: TEST_PASSWORD, role: 'marketing' });
  const emails = async () => ((await (await t.api('/api/users')).json()) as { email: string }[]).map((user) => user.email);

  it('signs in with email and password: an HttpOnly, SameSite=Strict cookie for /api, and no token in the answer', async () => {
    await createUser(t, { email: 'owner@clinic.example', role: 'owner', clinics: ['k01'] });
    const response = await startSession({ email: 'owner@clinic.example', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    const cookie = sessionCookieOf(response);
    expect(cookie.value).toMatch(/^thr_/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['Path=/api', 'HttpOnly', 'SameSite=Strict']));
    // Served over plain HTTP here: a Secure cookie would not come back.
    expect(cookie.attributes).not.toContain('Secure');
    // Beside it, a hint the page may read that a session may exist: no secret in it.
    expect(response.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^threshold_signed_in=1; Path=\/; Max-Age=\d+; SameSite=Strict$/));
    const maxAge = Number(cookie.attributes.find((attribute) => attribute.startsWith('Max-Age='))?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(11 * 3600);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
    const text = await response.text();
    expect(text).not.toContain(cookie.value);
    const answer = JSON.parse(text) as SessionAnswer;
    expect(answer.user).toMatchObject({ name: 'owner@clinic.example', role: 'owner', clinics: [expect.stringMatching(/^[0-9a-f]{32}$/)] });
    expect(answer.user.csrfToken).toMatch(/^[\w-]{43}$/);

    // The cookie alone reads; GET /api/auth/me gives the same CSRF token (the page asks it at each start).
    const me = await withCookie(cookie.value, '/api/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { csrfToken: string }).csrfToken).toBe(answer.user.csrfToken);
  });

  it('refuses a write made with the cookie without the CSRF token, or with a wrong one (403), and changes nothing', async () => {
    const session = await startSession({ token: TEST_ADMIN_TOKEN });
    expect(session.status).toBe(200);
    const { value } = sessionCookieOf(session);
    const { user } = (await session.json()) as SessionAnswer;
    expect(user).toMatchObject({ name: 'admin', role: 'admin' });
    const post = (email: string, csrf?: string) =>
      withCookie(value, '/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: newUser(email), csrf });

    const missing = await post('missing-csrf@clinic.example');
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { message: string }).message).toMatch(/X-CSRF-Token/);
    // The last character changed for another: always another ('A' was the same token once in 64 runs).
    const lastChanged = `${user.csrfToken.slice(0, -1)}${user.csrfToken.endsWith('A') ? 'B' : 'A'}`;
    expect(lastChanged).not.toBe(user.csrfToken);
    const wrong = await post('wrong-csrf@clinic.example', lastChanged);
    expect(wrong.status).toBe(403);
    // Another session's token is as wrong as a made-up one.
    const other = (await (await startSession({ token: TEST_ADMIN_TOKEN })).json()) as SessionAnswer;
    expect((await post('other-csrf@clinic.example', other.user.csrfToken)).status).toBe(403);
    const emailsAfterRefusals = await emails();
    for (const email of ['missing-csrf@clinic.example', 'wrong-csrf@clinic.example', 'other-csrf@clinic.example']) {
      expect(emailsAfterRefusals).not.toContain(email);
    }

    const right = await post('made-with-cookie@clinic.example', user.csrfToken);
    expect(right.status).toBe(201);
    expect(await emails()).toContain('made-with-cookie@clinic.example');
    // Reading needs no CSRF token.
    expect((await withCookie(value, '/api/users')).status).toBe(200);
  });

  it('keeps Bearer tokens working without a CSRF token, and gives them none', async () => {
    const login = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@clinic.example', password: TEST_PASSWORD }),
    });
    expect(login.headers.getSetCookie()).toEqual([]);
    const { token } = (await login.json()) as { token: string };
    const me = await fetch(`${t.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).not.toHaveProperty('csrfToken');
    const created = await t.api('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: newUser('made-with-bearer@clinic.example') });
    expect(created.status).toBe(201);
  });

  it('exchanges a token for a session of its own: signing out of it leaves the token working', async () => {
    const owner = await createUser(t, { email: 'exchanger@clinic.example', role: 'owner', clinics: ['k02'] });
    const session = await startSession({ token: owner.token });
    expect(session.status).toBe(200);
    const { value } = sessionCookieOf(session);
    expect(value).not.toBe(owner.token);
    const { user } = (await session.json()) as SessionAnswer;
    expect((await withCookie(value, '/api/auth/logout', { method: 'POST', csrf: user.csrfToken })).status).toBe(204);
    expect((await owner.api('/api/auth/me')).status).toBe(200);
  });

  it('refuses a wrong token or password, and a malformed body', async () => {
    expect((await startSession({ token: 'thr_not-a-session-at-all' })).status).toBe(401);
    expect((await startSession({ token: 'not-the-admin-token' })).status).toBe(401);
    expect((await startSession({ email: 'owner@clinic.example', password: 'not the password' })).status).toBe(401);
    const malformed = await startSession({ token: 42 });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.getSetCookie()).toEqual([]);
  });

  it('signs out: the session is revoked and the cookie cleared; the old cookie then answers 401 and is cleared again', async () => {
    const session = await startSession({ token: TEST_ADMIN_TOKEN });
    const { value } = sessionCookieOf(session);
    const { user } = (await session.json()) as SessionAnswer;
    // Signing out is a write: without the CSRF token another site could sign the user out.
    expect((await withCookie(value, '/api/auth/logout', { method: 'POST' })).status).toBe(403);
    const logout = await withCookie(value, '/api/auth/logout', { method: 'POST', csrf: user.csrfToken });
    expect(logout.status).toBe(204);
    const cleared = sessionCookieOf(logout);
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toContain('Max-Age=0');
    expect(logout.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^threshold_signed_in=; Path=\/; Max-Age=0;/));

    const after = await withCookie(value, '/api/auth/me');
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ session: 'ended' });
    expect(sessionCookieOf(after).attributes).toContain('Max-Age=0');
    // The admin token's dashboard session is a token of its own, stored as a hash, revoked now.
    const rows: { user_id: number | null; revoked: boolean }[] = await t.app
      .get(DataSource)
      .query(`SELECT user_id, revoked_at IS NOT NULL AS revoked FROM auth_tokens WHERE admin_token_hash IS NOT NULL`);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((row) => row.user_id === null)).toBe(true);
    expect(rows.some((row) => row.revoked)).toBe(true);
  });

  it('answers 401 without any credential, and ends sessions of a disabled user', async () => {
    expect((await fetch(`${t.baseUrl}/api/auth/me`)).status).toBe(401);
    await createUser(t, { email: 'leaving@clinic.example', role: 'marketing' });
    const session = await startSession({ email: 'leaving@clinic.example', password: TEST_PASSWORD });
    const { value } = sessionCookieOf(session);
    const [{ id }] = await t.app.get(DataSource).query(`SELECT id FROM users WHERE email = $1`, ['leaving@clinic.example']);
    const disabled = await t.api(`/api/users/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect(disabled.status).toBe(200);
    expect((await withCookie(value, '/api/auth/me')).status).toBe(401);
  });
});

describe('the session cookie behind a proxy that ends TLS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ trustProxy: 'loopback' });
  }, 60_000);
  afterAll(() => t.close());

  it('is Secure when the browser reached the API over HTTPS, and HSTS is sent', async () => {
    const response = await fetch(`${t.baseUrl}/api/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ token: TEST_ADMIN_TOKEN }),
    });
    expect(response.status).toBe(200);
    expect(sessionCookieOf(response).attributes).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict']));
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    const plain = await fetch(`${t.baseUrl}/api/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TEST_ADMIN_TOKEN }),
    });
    expect(sessionCookieOf(plain).attributes).not.toContain('Secure');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
