/**
 * The real API (apps/api, on a fresh database: PostgreSQL when DATABASE_URL is set, else the
 * embedded PGlite) serving the built dashboard, and the demo files loaded through the real ingest.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../../apps/api/src/testing/test-app.js';

export { TEST_ADMIN_TOKEN };

export const DASHBOARD_DIST = fileURLToPath(new URL('../../../apps/dashboard/dist/', import.meta.url));
export const DEMO_DIR = fileURLToPath(new URL('../../../data/demo/', import.meta.url));

export async function startDashboardApp(): Promise<TestApp> {
  if (!existsSync(`${DASHBOARD_DIST}index.html`)) {
    throw new Error(
      `the dashboard is not built (${DASHBOARD_DIST}): run npx nx run @threshold/dashboard:build (nx runs it before this project's tests)`,
    );
  }
  return startTestApp({ dashboardDir: DASHBOARD_DIST });
}

/** POST /api/ingest with a file, streamed, as a clinic's upload would be; returns the batch. */
export async function ingestFile(
  app: TestApp,
  path: string,
  contentType = 'text/csv',
): Promise<{ status: string; inserted: number; duplicates: number }> {
  const name = path.split('/').pop() ?? 'upload';
  const response = await app.api(`/api/ingest?filename=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'content-length': String(statSync(path).size) },
    body: Readable.toWeb(createReadStream(path)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const body = (await response.json()) as {
    batch?: { status: string; inserted: number; duplicates: number };
    errors?: unknown;
  };
  if (response.status !== 201 || body.batch === undefined)
    throw new Error(`ingest of ${name} answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return body.batch;
}
