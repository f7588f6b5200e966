/**
 * People who sign in: created through the real API with the admin token (POST /api/users, as
 * apps/api/src/testing/users.ts does), and signed in in Chromium the way a person does, with the
 * email and password form.
 */
import type { Page } from 'playwright-core';
import type { TestApp } from '../../../apps/api/src/testing/test-app.js';
import { createUser, TEST_PASSWORD, type SignedIn } from '../../../apps/api/src/testing/users.js';

export { TEST_PASSWORD };

export type Role = 'admin' | 'owner' | 'therapist' | 'marketing';

export interface TestUser extends SignedIn {
  id: number;
  role: Role;
}

/** Creates a user (and signs them in over HTTP, which gives a token for API checks). */
export async function addUser(
  app: TestApp,
  user: { email: string; role: Role; clinics?: string[]; therapist?: string },
): Promise<TestUser> {
  const signedIn = await createUser(app, user);
  const list = (await (await app.api('/api/users')).json()) as { id: number; email: string }[];
  const id = list.find((entry) => entry.email === user.email)?.id;
  if (id === undefined) throw new Error(`user ${user.email} is not in GET /api/users`);
  return { ...signedIn, id, role: user.role };
}

/** Opens `path`, signs in with the form, and waits for the page to start again as that user. */
export async function signInWithForm(
  page: Page,
  baseUrl: string,
  email: string,
  path = '/',
  password = TEST_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForSelector('form.sign-in-password');
  await page.fill('#sign-in-email', email);
  await page.fill('#sign-in-password', password);
  await page.press('#sign-in-password', 'Enter');
  await page.waitForSelector('.user-menu .user-name', { timeout: 30_000 });
}

/** The pages in the navigation, in order (their data-page ids). */
export async function navigationOf(page: Page): Promise<string[]> {
  return page
    .locator('.site-nav a')
    .evaluateAll((links) => links.map((link) => (link as HTMLElement).dataset.page ?? ''));
}
