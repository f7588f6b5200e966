/** Creates users through the real API and signs them in, for tests of roles. */
import type { Role } from '../database/entities/user.entity.js';
import type { TestApp } from './test-app.js';

export const TEST_PASSWORD = 'a long enough password';

export interface SignedIn {
  email: string;
  token: string;
  api(path: string, init?: RequestInit): Promise<Response>;
}

export async function createUser(
  t: TestApp,
  user: { email: string; role: Role; clinics?: string[]; therapist?: string },
): Promise<SignedIn> {
  const created = await t.api('/api/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: TEST_PASSWORD, ...user }),
  });
  if (created.status !== 201) throw new Error(`creating ${user.email}: ${created.status} ${await created.text()}`);
  const login = await fetch(`${t.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`signing in ${user.email}: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return {
    email: user.email,
    token,
    api: (path, init = {}) =>
      fetch(`${t.baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
      }),
  };
}
