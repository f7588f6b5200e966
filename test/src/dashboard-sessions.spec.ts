/**
 * The dashboard's session in Chromium, on the real API with the demo practice data: after signing
 * in, no page script can read a session token (it is an HttpOnly, SameSite=Strict cookie; nothing
 * in localStorage or sessionStorage); a change made from the page works, and the same change
 * without the session's CSRF token is refused. The Content-Security-Policy runs no inline script
 * and the pages break none of it (Plot's chart stylesheet is allowed by its hash).
 */
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../apps/api/src/testing/test-app.js';
import { screenshot } from './support/artefacts.js';
import { launchChromium } from './support/chromium.js';
import { DEMO_DIR, ingestFile, startDashboardApp } from './support/dashboard-app.js';
import { watchPage, type PageProblems } from './support/page-watch.js';
import { addUser, signInWithForm, TEST_PASSWORD, type TestUser } from './support/users.js';

let app: TestApp;
let browser: Browser;
let admin: TestUser;
let context: BrowserContext;
let page: Page;
let problems: PageProblems;

/** The Content-Security-Policy violations a page reported, gathered from its first script on. */
function recordViolations(): void {
  const seen: string[] = [];
  (window as unknown as { cspViolations: string[] }).cspViolations = seen;
  document.addEventListener('securitypolicyviolation', (event) =>
    seen.push(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'} (${event.sample})`),
  );
}
const violations = (on: Page): Promise<string[]> =>
  on.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

beforeAll(async () => {
  app = await startDashboardApp();
  const batch = await ingestFile(app, `${DEMO_DIR}practice.csv`);
  expect(batch.status).toBe('stored');
  admin = await addUser(app, { email: 'admin@harbour.example', role: 'admin' });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(recordViolations);
  page = await context.newPage();
  // The CSRF refusals below answer 403 on purpose (fetched by the test, not by the dashboard).
  problems = watchPage(page, [/HTTP 403 POST .*\/api\/users$/, /status of 403/]);
  await signInWithForm(page, app.baseUrl, admin.email, '/users/');
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
});

const userEmails = async (): Promise<string[]> =>
  ((await (await app.api('/api/users')).json()) as { email: string }[]).map((user) => user.email);

describe('a signed-in page', () => {
  it('holds no session token a script could read: the session is an HttpOnly, SameSite=Strict cookie for /api', async () => {
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === 'threshold_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api', secure: false });
    expect(session?.value).toMatch(/^thr_[\w-]{40,}$/);
    // What a page script can see: the readable hint and nothing else; no storage at all.
    const readable = await page.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
    }));
    expect(readable).toEqual({ cookie: 'threshold_signed_in=1', local: '{}', session: '{}' });
    expect(JSON.stringify(readable)).not.toContain(session?.value);
    expect(JSON.stringify(readable)).not.toContain(TEST_PASSWORD);
    // The cookie goes to the API only, with the page's requests: /api/auth/me answers who this is.
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me).toMatchObject({ name: admin.email, role: 'admin', csrfToken: expect.any(String) });
    expect(me.csrfToken).not.toBe(session?.value);
  });

  it('makes a change from the page (a new user, through the People form)', async () => {
    await page.waitForSelector('table.users-table');
    await page.fill('#new-user-email', 'made-from-the-page@harbour.example');
    await page.selectOption('#new-user-role', 'marketing');
    await page.fill('#new-user-password', 'a first password for marketing');
    await page.click('form.people-form button[type=submit]');
    await page.locator('tr[data-user="made-from-the-page@harbour.example"]').waitFor();
    expect(await userEmails()).toContain('made-from-the-page@harbour.example');
    await screenshot(page, 'sessions-change-made');
    expect(problems.list()).toEqual([]);
  });

  it('refuses the same change without the CSRF token, or with a wrong one (403), and stores nothing', async () => {
    const answers = await page.evaluate(async () => {
      const post = (email: string, headers: Record<string, string>) =>
        fetch('/api/users', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ email, password: 'a password long enough', role: 'marketing' }),
        });
      const without = await post('no-csrf@harbour.example', {});
      const wrong = await post('wrong-csrf@harbour.example', { 'x-csrf-token': 'not-the-token-of-this-session' });
      return {
        without: { status: without.status, body: (await without.json()) as { message: string } },
        wrong: wrong.status,
      };
    });
    expect(answers.without.status).toBe(403);
    expect(answers.without.body.message).toMatch(/X-CSRF-Token/);
    expect(answers.wrong).toBe(403);
    const emails = await userEmails();
    expect(emails).not.toContain('no-csrf@harbour.example');
    expect(emails).not.toContain('wrong-csrf@harbour.example');
  });

  it('runs no inline script, and draws its charts without breaking its Content-Security-Policy', async () => {
    await page.goto(`${app.baseUrl}/`);
    await page.waitForSelector('.chart-frame[data-chart="overview-trajectory"][data-rendered] svg', { timeout: 60_000 });
    // Every <style> element the page holds (Plot writes one per chart) is allowed by its hash.
    const response = await page.request.get(`${app.baseUrl}/`);
    const policy = response.headers()['content-security-policy'];
    const styles = await page.locator('style').evaluateAll((all) => all.map((style) => style.textContent ?? ''));
    expect(styles.length).toBeGreaterThan(0);
    for (const text of new Set(styles)) {
      const hash = `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      // A new Plot writing another stylesheet: add its hash to PLOT_STYLE_HASHES (apps/api/src/http/security-headers.ts).
      expect({ hash, allowed: policy.includes(hash) }).toEqual({ hash, allowed: true });
    }
    expect(await violations(page)).toEqual([]);
    expect(problems.list()).toEqual([]);

    // What an injected inline script would do: refused, and reported.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.body.append(script);
      return (window as unknown as { injectedRan?: boolean }).injectedRan ?? false;
    });
    expect(ran).toBe(false);
    await page.waitForFunction(() => (window as unknown as { cspViolations: string[] }).cspViolations.length > 0);
    expect(await violations(page)).toEqual([expect.stringMatching(/^script-src-elem refused inline/)]);
  });

  it('signs out: the cookie is cleared and the session revoked, so a copy of it no longer works', async () => {
    const session = (await context.cookies()).find((cookie) => cookie.name === 'threshold_session')?.value;
    await page.goto(`${app.baseUrl}/users/`);
    await page.waitForSelector('table.users-table');
    await page.click('button[data-action="sign-out"]');
    await page.waitForSelector('.sign-in[data-reason="signed-out"]');
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual([]);
    const copy = await fetch(`${app.baseUrl}/api/auth/me`, { headers: { cookie: `threshold_session=${session}` } });
    expect(copy.status).toBe(401);
  });
});
