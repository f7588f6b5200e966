/**
 * Small-cell suppression as marketing meets it, on a small practice data set with small groups:
 * every published number rests on at least the minimum of clients, every view marketing may ask
 * for (by technique, by condition) is a margin of the one technique-by-condition table of clients
 * by their first session, and no suppressed count can be recovered by subtracting published ones.
 * The filters that made other tables (site, technique, condition; clinic, therapist, dates) are
 * refused: see marketing-view.ts for the differencing attacks they allowed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { practiceDataSet, rowsOf, writeCsvFile } from '@threshold/data';
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

const dataSet = practiceDataSet({ seed: 5, clients: 60, clinics: 3 });
const VIEWS = ['/api/reports?by=technique', '/api/reports?by=condition'];

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
    await writeCsvFile(dataSet, file);
    t = await startTestApp();
    await ingestFile(t, file);
    marketing = await createUser(t, { email: 'marketing@network.example', role: 'marketing' });
    const options = (await (await marketing.api('/api/cohorts/filters')).json()) as { techniques: string[]; conditions: string[] };
    techniques = options.techniques;
    conditions = options.conditions;
    const paths = VIEWS;
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
    // What an adversary knows: the client count of every margin published in any view (a group
    // absent from a view has no clients), and the total from the summary.
    const known = new Map<string, number | 'unknown'>();
    const learn = (key: string, group: ViewGroup | undefined) =>
      known.set(key, group === undefined ? 0 : group.suppressed ? 'unknown' : (group.nClients as number));
    const find = (path: string, name: string) => views.get(path)?.groups.find((group) => group.name === name);
    for (const technique of techniques) learn(`row ${technique}`, find('/api/reports?by=technique', technique));
    for (const condition of conditions) learn(`column ${condition}`, find('/api/reports?by=condition', condition));
    const summary = (await (await marketing.api('/api/cohorts/summary?measure=ppt')).json()) as { clients: number | null };
    known.set('total', summary.clients ?? 'unknown');

    const relations = [
      ['total', ...techniques.map((technique) => `row ${technique}`)],
      ['total', ...conditions.map((condition) => `column ${condition}`)],
    ];
    for (const relation of relations) {
      const unknowns = relation.filter((key) => known.get(key) === 'unknown');
      expect({ relation, unknowns: unknowns.length === 1 ? unknowns : [] }).toEqual({ relation, unknowns: [] });
    }
  });

  it("answers by=technique and by=condition with the table's margins: clients by their first session's technique or condition", () => {
    // The table, from the data set itself: each client at their first session with a ppt reading.
    const first = new Map<string, { session: number; technique: string; condition: string }>();
    for (const row of rowsOf(dataSet)) {
      if (row.measure !== 'ppt') continue;
      const seen = first.get(row.client_id);
      if (seen === undefined || row.session < seen.session) {
        first.set(row.client_id, { session: row.session, technique: row.technique ?? '', condition: row.condition ?? 'unspecified' });
      }
    }
    const margin = (key: 'technique' | 'condition') => {
      const counts = new Map<string, number>();
      for (const client of first.values()) counts.set(client[key], (counts.get(client[key]) ?? 0) + 1);
      return counts;
    };
    for (const [path, key] of [['/api/reports?by=technique', 'technique'], ['/api/reports?by=condition', 'condition']] as const) {
      const view = views.get(path) as View;
      const expected = margin(key);
      expect(view.groups.map((group) => group.name).sort()).toEqual([...expected.keys()].sort());
      for (const group of view.groups) {
        if (!group.suppressed) expect({ path, group: group.name, clients: group.nClients }).toEqual({ path, group: group.name, clients: expected.get(group.name) });
      }
    }
  });

  it('still answers by=technique and by=condition with site=all, measure= and mcid=', async () => {
    for (const query of ['by=technique&site=all', 'by=condition&site=all', 'by=technique&measure=ppt&mcid=50', 'measure=ppt']) {
      expect({ query, status: (await marketing.api(`/api/reports?${query}`)).status }).toEqual({ query, status: 200 });
    }
  });

  it('refuses views that would cut other tables: clinics, therapists, dates, several values', async () => {
    for (const query of ['by=therapist_id', 'clinic=k01', 'from=2024-01-01', 'technique=a,b', 'condition=a,b']) {
      expect((await marketing.api(`/api/reports?${query}`)).status).toBe(400);
    }
  });

  /** The 400 of a query marketing may not ask, with a message that says what it may ask for. */
  async function expectRefused(query: string, names: RegExp): Promise<void> {
    const response = await marketing.api(`/api/reports?${query}`);
    const body = (await response.json()) as { statusCode: number; message: string };
    expect({ query, status: response.status }).toEqual({ query, status: 400 });
    expect(body.message).toMatch(/take only measure=, mcid=, ref= and by=technique or by=condition/);
    expect(body.message).toMatch(names);
  }

  it('refuses site= (attack 1: each site is a table of its own, and the all-sites report less the per-site ones gives a client measured at another site)', async () => {
    for (const site of ['upper_trapezius_left', 'upper_trapezius_right', 'infraspinatus_left']) {
      await expectRefused(`site=${site}`, new RegExp(`remove site=${site}`));
      await expectRefused(`by=condition&site=${site}`, /remove site=/);
    }
    // The audit's requests: every one of them is refused now, the all-sites one for its filters.
    await expectRefused('technique=swedish&condition=neck_pain&site=all', /remove technique, condition$/);
    await expectRefused('technique=swedish&condition=neck_pain&site=upper_trapezius_left', /remove site=upper_trapezius_left \(only site=all\), technique, condition$/);
    await expectRefused('technique=swedish&condition=neck_pain&site=upper_trapezius_right', /site=upper_trapezius_right/);
  });

  it('refuses technique= and condition= (attack 2: a client who changed technique or condition is in another group once filtered)', async () => {
    await expectRefused('by=technique&condition=low_back_pain', /remove condition$/);
    await expectRefused('by=technique&condition=low_back_pain&technique=swedish', /remove technique, condition$/);
    await expectRefused('by=condition&technique=swedish', /remove technique$/);
    await expectRefused('by=condition&technique=swedish&condition=neck_pain', /remove technique, condition$/);
  });

  it('withholds the course-of-treatment fields, which small-cell suppression does not cover yet', async () => {
    const admin = (await (await t.api('/api/reports?by=technique')).json()) as Record<string, unknown> & View;
    expect(admin.responseComparison).not.toBeNull();
    expect(admin.groups.some((group) => (group as unknown as Record<string, unknown>).timeToResponse !== null)).toBe(true);
    for (const view of views.values()) {
      expect((view as unknown as Record<string, unknown>).responseComparison).toBeNull();
      for (const group of view.groups) {
        expect(group).toMatchObject({ timeToResponse: null, durability: null });
      }
    }
  });

  it('shows the admin the same groups with every number', async () => {
    const admin = (await (await t.api('/api/reports?by=technique')).json()) as View;
    const marketingView = views.get('/api/reports?by=technique') as View;
    expect(admin.groups.map((group) => group.name)).toEqual(marketingView.groups.map((group) => group.name));
    expect(admin.groups.every((group) => typeof group.nClients === 'number')).toBe(true);
  });
});
