/**
 * Small-cell suppression as marketing meets it, on a small practice data set with small groups:
 * every published number rests on at least the minimum of clients, and no suppressed count can be
 * recovered by subtracting published ones, across every view marketing may ask for.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { practiceDataSet, writeCsvFile } from '@threshold/data';
import { ingestFile } from '../../cohorts/testing/outcome-files.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { createUser, type SignedIn } from '../../testing/users.js';

const MINIMUM = 11;

interface ViewGroup {
  name: string;
  nClients: number | null;
  suppressed?: boolean;
  sizeBand?: string;
  sessions: { n: number | null; mean: number | null; suppressed?: boolean }[];
  cumulative: { n: number | null; meanChange: number | null; suppressed?: boolean }[];
}
interface View {
  groups: ViewGroup[];
  comparisons: { a: string; b: string; nA: number; nB: number }[];
  suppression: { minimum: number; groups: string[] };
}

describe('small-cell suppression for marketing', () => {
  let t: TestApp;
  let directory: string;
  let marketing: SignedIn;
  const views = new Map<string, View>();
  let techniques: string[];
  let conditions: string[];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'threshold-suppression-'));
    const file = join(directory, 'small-practice.csv');
    await writeCsvFile(practiceDataSet({ seed: 5, clients: 160, clinics: 3 }), file);
    t = await startTestApp();
    await ingestFile(t, file);
    marketing = await createUser(t, { email: 'marketing@network.example', role: 'marketing' });
    const options = (await (await marketing.api('/api/cohorts/filters')).json()) as { techniques: string[]; conditions: string[] };
    techniques = options.techniques;
    conditions = options.conditions;
    const paths = [
      '/api/reports?by=technique',
      '/api/reports?by=condition',
      ...conditions.map((c) => `/api/reports?by=technique&condition=${c}`),
      ...techniques.map((technique) => `/api/reports?by=condition&technique=${technique}`),
    ];
    for (const path of paths) {
      const response = await marketing.api(path);
      expect(response.status).toBe(200);
      views.set(path, (await response.json()) as View);
    }
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('suppresses some groups of this small data set (the test is not vacuous)', () => {
    const suppressed = [...views.values()].flatMap((view) => view.suppression.groups);
    expect(suppressed.length).toBeGreaterThan(0);
  });

  it('publishes numbers only for groups and cells of at least the minimum', () => {
    for (const [path, view] of views) {
      expect(view.suppression.minimum).toBe(MINIMUM);
      for (const group of view.groups) {
        if (group.suppressed) {
          expect({ path, group: group.name, nClients: group.nClients, sessions: group.sessions }).toEqual({ path, group: group.name, nClients: null, sessions: [] });
          expect(group.sizeBand).toMatch(/^\d+(-\d+|\+)$/);
          continue;
        }
        expect(group.nClients).toBeGreaterThanOrEqual(MINIMUM);
        for (const cell of [...group.sessions, ...group.cumulative]) {
          if (cell.suppressed) expect(cell.n).toBeNull();
          else expect(cell.n).toBeGreaterThanOrEqual(MINIMUM);
        }
      }
      for (const comparison of view.comparisons) {
        expect(Math.min(comparison.nA, comparison.nB)).toBeGreaterThanOrEqual(MINIMUM);
        expect(view.suppression.groups).not.toContain(comparison.a);
        expect(view.suppression.groups).not.toContain(comparison.b);
      }
    }
  });

  it('leaves no suppressed count recoverable from the published ones, whatever views are combined', async () => {
    // What an adversary knows: the client count of every cell and margin published in any view;
    // a cell absent from a view has no clients (it is known to be zero).
    const known = new Map<string, number | 'unknown'>();
    const learn = (key: string, group: ViewGroup | undefined) =>
      known.set(key, group === undefined ? 0 : group.suppressed ? 'unknown' : (group.nClients as number));
    const find = (path: string, name: string) => views.get(path)?.groups.find((group) => group.name === name);
    for (const technique of techniques) learn(`row ${technique}`, find('/api/reports?by=technique', technique));
    for (const condition of conditions) learn(`column ${condition}`, find('/api/reports?by=condition', condition));
    for (const technique of techniques) {
      for (const condition of conditions) {
        const fromRow = find(`/api/reports?by=technique&condition=${condition}`, technique);
        const fromColumn = find(`/api/reports?by=condition&technique=${technique}`, condition);
        // Both views show the same cell: they must agree on whether it is published.
        expect(Boolean(fromRow?.suppressed)).toBe(Boolean(fromColumn?.suppressed));
        learn(`cell ${technique} ${condition}`, fromRow);
      }
    }
    const summary = (await (await marketing.api('/api/cohorts/summary?measure=ppt')).json()) as { clients: number | null };
    known.set('total', summary.clients ?? 'unknown');

    const relations = [
      ...techniques.map((technique) => [`row ${technique}`, ...conditions.map((c) => `cell ${technique} ${c}`)]),
      ...conditions.map((condition) => [`column ${condition}`, ...techniques.map((technique) => `cell ${technique} ${condition}`)]),
      ['total', ...techniques.map((technique) => `row ${technique}`)],
      ['total', ...conditions.map((condition) => `column ${condition}`)],
    ];
    for (const relation of relations) {
      const unknowns = relation.filter((key) => known.get(key) === 'unknown');
      expect({ relation, unknowns: unknowns.length === 1 ? unknowns : [] }).toEqual({ relation, unknowns: [] });
    }
  });

  it('refuses views that would cut other tables: clinics, therapists, dates, several values', async () => {
    for (const query of ['by=therapist_id', 'clinic=k01', 'from=2024-01-01', 'technique=a,b', 'condition=a,b']) {
      expect((await marketing.api(`/api/reports?${query}`)).status).toBe(400);
    }
  });

  it('shows the admin the same groups with every number', async () => {
    const admin = (await (await t.api('/api/reports?by=technique')).json()) as View;
    const marketingView = views.get('/api/reports?by=technique') as View;
    expect(admin.groups.map((group) => group.name)).toEqual(marketingView.groups.map((group) => group.name));
    expect(admin.groups.every((group) => typeof group.nClients === 'number')).toBe(true);
  });
});
