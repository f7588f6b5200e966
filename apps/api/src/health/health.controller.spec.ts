import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { HealthStatus } from './health.controller.js';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('answers without a token, naming the database', async () => {
    const response = await fetch(`${t.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as HealthStatus;
    expect(body.status).toBe('ok');
    expect(body.database.kind).toBe(t.database.kind);
    expect(body.database.connected).toBe(true);
  });

  it('serves the OpenAPI document', async () => {
    const response = await fetch(`${t.baseUrl}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(document.paths['/api/health']).toBeDefined();
  });
});
