/**
 * GET /api/audit reads its query as strictly as reports, cohorts and export do: limit and offset
 * are whole numbers in decimal digits within range, and an unknown parameter is a 400, never
 * ignored; over real HTTP on a real database.
 */
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createUser } from '../testing/users.js';

interface AuditAnswer {
  entries: { id: string; action: string }[];
  total: number;
}

describe('GET /api/audit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // Three entries at least: a user created, and their sign-in.
    await createUser(t, { email: 'first@clinic.example', role: 'marketing' });
    await createUser(t, { email: 'second@clinic.example', role: 'marketing' });
  }, 60_000);
  afterAll(() => t.close());

  it('pages the log newest first with limit and offset', async () => {
    const all = (await (await t.api('/api/audit')).json()) as AuditAnswer;
    expect(all.total).toBeGreaterThanOrEqual(3);
    const page = (await (await t.api('/api/audit?limit=2&offset=1')).json()) as AuditAnswer;
    expect(page.entries.map((entry) => entry.id)).toEqual(all.entries.slice(1, 3).map((entry) => entry.id));
    // An empty value is the same as leaving the parameter out, as on the other routes.
    expect(((await (await t.api('/api/audit?limit=&offset=')).json()) as AuditAnswer).entries).toEqual(all.entries);
  });

  it.each([
    ['offset=1e20', 'offset must be a whole number from 0 to 9007199254740991, got "1e20"'],
    ['offset=9007199254740992', 'offset must be a whole number from 0 to 9007199254740991, got "9007199254740992"'],
    ['offset=99999999999999999999', 'offset must be a whole number from 0 to 9007199254740991, got "99999999999999999999"'],
    ['offset=-1', 'offset must be a whole number from 0 to 9007199254740991, got "-1"'],
    ['limit=0x10', 'limit must be a whole number from 1 to 1000, got "0x10"'],
    ['limit=%2010', 'limit must be a whole number from 1 to 1000, got " 10"'],
    ['limit=1.0', 'limit must be a whole number from 1 to 1000, got "1.0"'],
    ['limit=0', 'limit must be a whole number from 1 to 1000, got "0"'],
    ['limit=1001', 'limit must be a whole number from 1 to 1000, got "1001"'],
    ['limit=1&limit=2', 'give limit once, not 2 times'],
    ['limit=%00', 'limit must not contain a NUL character (U+0000)'],
    ['action=login', 'unknown query parameter "action": this route takes limit, offset'],
  ])('refuses ?%s with a 400 that says why', async (query, message) => {
    const response = await t.api(`/api/audit?${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ statusCode: 400, error: 'Bad Request', message });
  });
});
