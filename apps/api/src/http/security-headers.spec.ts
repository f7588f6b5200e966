/**
 * Security headers, CORS and the per-address limit of anonymous routes, over real HTTP on a real
 * database, with a dashboard folder served at / as in production.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../testing/test-app.js';

const EVIL = 'https://evil.example';
const CLINIC_TOOL = 'https://tools.clinic.example';

describe('security headers', () => {
  let t: TestApp;
  let dashboardDir: string;
  beforeAll(async () => {
    dashboardDir = await mkdtemp(join(tmpdir(), 'threshold-dashboard-'));
    await writeFile(join(dashboardDir, 'index.html'), '<!doctype html><title>Threshold</title><script type="module" src="/assets/x.js"></script>');
    t = await startTestApp({ dashboardDir });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await rm(dashboardDir, { recursive: true, force: true });
  });

  const expectCommonHeaders = (response: Response) => {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  };
  /** The policy's directives, by name. */
  const directives = (response: Response): Map<string, string[]> =>
    new Map(
      (response.headers.get('content-security-policy') ?? '')
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .filter((words) => words[0] !== '')
        .map(([name, ...values]) => [name, values]),
    );

  it('sends them with the dashboard: only its own scripts, no inline script, no framing', async () => {
    const page = await fetch(`${t.baseUrl}/`);
    expect(page.status).toBe(200);
    expectCommonHeaders(page);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const csp = directives(page);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    // Styles: files, and Plot's chart stylesheet by its hash; never any inline style element.
    expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('style-src')?.[0]).toBe("'self'");
  });

  it('sends them with API answers, errors and refusals too', async () => {
    for (const response of [
      await fetch(`${t.baseUrl}/api/health`),
      await t.api('/api/auth/me'),
      await fetch(`${t.baseUrl}/api/auth/me`),
      await fetch(`${t.baseUrl}/api/no-such-route`),
    ]) {
      expectCommonHeaders(response);
      expect(directives(response).get('frame-ancestors')).toEqual(["'none'"]);
    }
  });

  it('lets the OpenAPI page use its inline styles but run only script files', async () => {
    const docs = await fetch(`${t.baseUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expectCommonHeaders(docs);
    expect(directives(docs).get('script-src')).toEqual(["'self'"]);
  });

  it('keeps the public card page framable by any site, with its own strict policy', async () => {
    const card = await fetch(`${t.baseUrl}/cards/no-such-card`);
    expect(card.status).toBe(404);
    expectCommonHeaders(card);
    expect(card.headers.get('x-frame-options')).toBeNull();
    const csp = directives(card);
    expect(csp.get('frame-ancestors')).toEqual(['*']);
    expect(csp.get('default-src')).toEqual(["'none'"]);
  });

  it('closes CORS by default: no other origin may read an answer, nor send a preflighted request', async () => {
    const read = await fetch(`${t.baseUrl}/api/auth/me`, { headers: { origin: EVIL, authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.baseUrl}/api/users`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('CORS for the origins THRESHOLD_CORS_ORIGINS lists', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ corsOrigins: [CLINIC_TOOL] });
  }, 60_000);
  afterAll(() => t.close());

  it('lets a listed origin call the API with a Bearer token, without credentials; others not', async () => {
    const preflight = await fetch(`${t.baseUrl}/api/users`, {
      method: 'OPTIONS',
      headers: { origin: CLINIC_TOOL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(CLINIC_TOOL);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const read = await fetch(`${t.baseUrl}/api/auth/me`, { headers: { origin: CLINIC_TOOL, authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(CLINIC_TOOL);

    const other = await fetch(`${t.baseUrl}/api/auth/me`, { headers: { origin: EVIL, authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the per-address limit of anonymous routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ anonymousRequestsPerMinute: 3, publicCardRequestsPerMinute: 2 });
  }, 60_000);
  afterAll(() => t.close());

  const signIn = () =>
    fetch(`${t.baseUrl}/api/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'a wrong token' }) });

  it('answers 429 with Retry-After past the limit, on every public route but health; signed-in requests are not counted', async () => {
    expect([(await signIn()).status, (await signIn()).status]).toEqual([401, 401]);
    const third = await fetch(`${t.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(third.status).toBe(400);
    const limited = await signIn();
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ statusCode: 429, retryAfter, message: expect.stringMatching(/try again in \d+ s/) });
    expect((await fetch(`${t.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(429);

    // Health is polled by monitoring: never limited.
    for (let i = 0; i < 5; i++) expect((await fetch(`${t.baseUrl}/api/health`)).status).toBe(200);
    // A token is not anonymous.
    for (let i = 0; i < 5; i++) expect((await t.api('/api/auth/me')).status).toBe(200);

    // The public cards count against their own limit (THRESHOLD_PUBLIC_CARD_RATE), page and JSON together.
    expect((await fetch(`${t.baseUrl}/cards/no-such-card`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/api/public/cards/no-such-card`)).status).toBe(404);
    const card = await fetch(`${t.baseUrl}/cards/no-such-card`);
    expect(card.status).toBe(429);
    expect(Number(card.headers.get('retry-after'))).toBeGreaterThan(0);
    // Still the card's own policy: the iframe on the clinic's website shows the refusal.
    expect(card.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
  });
});
