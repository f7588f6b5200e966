import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { BatchView } from '../ingest/batches/batch-view.js';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  }, 120_000);
  afterAll(() => t.close());

  it('loads the trial and practice demo files through the ingest pipeline', async () => {
    const { batches } = (await (await t.api('/api/ingest/batches')).json()) as { batches: BatchView[] };
    const demo = batches.filter((batch) => batch.source === 'demo');
    expect(demo.map((batch) => [batch.filename, batch.status])).toEqual([
      ['trial.csv', 'stored'],
      ['practice.csv', 'stored'],
    ]);
    for (const batch of demo) expect(batch.inserted).toBeGreaterThan(500);
  });
});
