/**
 * The migrations are the schema; the entities must describe exactly what they create, or TypeORM
 * would read and write columns that do not exist. TypeORM's schema builder lists what it would
 * change to make the database match the entities: after the migrations it must list nothing.
 */
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app.js';

describe('schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('is what the entities describe, after the migrations', async () => {
    const dataSource = t.app.get(DataSource);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('has every migration applied', async () => {
    const dataSource = t.app.get(DataSource);
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
