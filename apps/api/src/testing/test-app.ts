/**
 * The whole API on a fresh database, listening on a free port, for tests that speak real HTTP.
 */
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../app.factory.js';
import { loadConfig, type ThresholdConfig } from '../config/configuration.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  config: ThresholdConfig;
  database: TestDatabase;
  /** fetch against the API with the admin token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestApp(overrides: Partial<ThresholdConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: ThresholdConfig = {
    ...loadConfig({}, []),
    databaseUrl: database.databaseUrl,
    dataDir: database.dataDir,
    adminToken: TEST_ADMIN_TOKEN,
    pseudonymKey: 'test-pseudonym-key-0123456789',
    port: 0,
    inbox: undefined,
    demo: false,
    demoOnNewEmbedded: false,
    ...overrides,
  };
  let app: INestApplication;
  try {
    app = await createApp(config, { logger: false, abortOnError: false });
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await database.drop();
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    baseUrl,
    config,
    database,
    api: (path, init = {}) =>
      fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(init.headers as Record<string, string> | undefined) },
      }),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
