import { readFile } from 'node:fs/promises';
import { testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import { DEMO_DATA } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { BatchView } from '../ingest/batches/batch-view.js';
import { DemoDataLoader } from './demo-data.loader.js';

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

  it('names every clinic and therapist of the demo data, so that no key shows without a name', async () => {
    const filters = (await (await t.api('/api/cohorts/filters')).json()) as {
      clinics: string[];
      therapists: string[];
      names: { clinics: Record<string, string>; therapists: Record<string, string> };
    };
    expect(filters.clinics.length).toBe(8);
    expect(filters.therapists.length).toBe(26);
    expect(filters.clinics.filter((key) => filters.names.clinics[key] === undefined)).toEqual([]);
    expect(filters.therapists.filter((key) => filters.names.therapists[key] === undefined)).toEqual([]);
    const invented = JSON.parse(await readFile(`${DEMO_DATA}names.json`, 'utf8')) as {
      clinics: Record<string, string>;
    };
    expect(filters.names.clinics[testPseudonymizer(t).key('clinic', 'k01')]).toBe(invented.clinics.k01);
  });

  it('keeps a name given since when the demo data is loaded again', async () => {
    const k01 = testPseudonymizer(t).key('clinic', 'k01');
    const renamed = await t.api('/api/directory', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'clinic', key: k01, name: 'Our Own Name' }),
    });
    expect(renamed.status).toBe(200);
    await t.app.get(DemoDataLoader).load();
    const { entries } = (await (await t.api('/api/directory')).json()) as {
      entries: { key: string; name: string }[];
    };
    expect(entries.find((entry) => entry.key === k01)?.name).toBe('Our Own Name');
    expect(entries.length).toBe(8 + 26);
  }, 120_000);
});
