/**
 * The scheduled job computes the common reports (each measure present, by technique and by all, no filters)
 * when the data version changes, so that they answer from the cache; when it has not changed it
 * does nothing.
 */
import { referenceFile } from '@threshold/stats/testing';
import { ingestFile } from '../cohorts/testing/outcome-files.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { ReportRefreshJob } from './report-refresh.job.js';

async function cacheOf(t: TestApp, query: string): Promise<string | null> {
  const response = await t.api(`/api/reports?${query}`);
  expect(response.status).toBe(200);
  return response.headers.get('x-cache');
}

describe('the common-reports job, run by hand', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ reportCron: '0 0 1 1 *' });
    await ingestFile(t, `${DEMO_DATA}practice.csv`);
  }, 120_000);
  afterAll(() => t.close());

  it('computes the report of each measure with a default MCID once per data version', async () => {
    const job = t.app.get(ReportRefreshJob);
    // headache_days has no default MCID: its reports need mcid=, so there is no common one.
    expect(await job.run()).toEqual({ dataVersion: 1, computed: ['hdi', 'pain_nrs', 'ppt'] });
    for (const measure of ['ppt', 'pain_nrs', 'hdi'])
      expect(await cacheOf(t, `measure=${measure}`)).toBe('hit');
    expect(await job.run()).toBeNull();

    await ingestFile(t, referenceFile('orthodont.csv'));
    expect(await job.run()).toEqual({ dataVersion: 2, computed: ['hdi', 'pain_nrs', 'ppt'] });
    expect(await cacheOf(t, '')).toBe('hit');
  });

  it('does not run twice at once', async () => {
    const job = t.app.get(ReportRefreshJob);
    const [a, b] = [job.run(), job.run()];
    expect(a).toBe(b);
    await a;
  });
});

describe('the common-reports job, on its schedule', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ reportCron: '* * * * * *' }); // every second
    await ingestFile(t, `${DEMO_DATA}trial.csv`);
  }, 120_000);
  afterAll(() => t.close());

  it('warms the common report after an ingest without anyone asking for it', async () => {
    const job = t.app.get(ReportRefreshJob);
    const deadline = Date.now() + 20_000;
    while (job.refreshedVersion !== 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(job.refreshedVersion).toBe(1);
    expect(await cacheOf(t, '')).toBe('hit');
    // The overview's figure for all clients is kept warm too: its first visit waits for nothing.
    expect(await cacheOf(t, 'by=all')).toBe('hit');
  }, 30_000);
});
