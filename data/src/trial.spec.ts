import { createHash } from 'node:crypto';
import { generateTrial, trialDataSet, trialSessionDay, TRIAL_ARMS, TRIAL_SITES } from './trial.js';
import { rowsOf, type MeasurementRow } from './rows.js';
import { csvHeader, csvLine } from './writers/csv.js';
import { measurementKey } from './testing/collect.js';
import { KPA_PER_KG_CM2 } from '@threshold/stats';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

/** Per client: arm and mean PPT over the four sites at each session and phase, e.g. `1pre`. */
function siteMeans(
  rows: readonly MeasurementRow[],
): Map<string, { arm: string; values: Record<string, number> }> {
  const sums = new Map<string, { arm: string; sums: Record<string, number[]> }>();
  for (const row of rows) {
    if (row.measure !== 'ppt') continue;
    const entry = sums.get(row.client_id) ?? { arm: row.technique ?? '', sums: {} };
    (entry.sums[`${row.session}${row.phase}`] ??= []).push(row.value);
    sums.set(row.client_id, entry);
  }
  const result = new Map<string, { arm: string; values: Record<string, number> }>();
  for (const [client, entry] of sums) {
    const values: Record<string, number> = {};
    for (const [key, list] of Object.entries(entry.sums)) values[key] = mean(list);
    result.set(client, { arm: entry.arm, values });
  }
  return result;
}

function clientsByArm(rows: readonly MeasurementRow[]): Map<string, Set<string>> {
  const byArm = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = byArm.get(row.technique ?? '') ?? new Set<string>();
    set.add(row.client_id);
    byArm.set(row.technique ?? '', set);
  }
  return byArm;
}

describe('trial data set (Moraska et al. 2017 shape)', () => {
  const rows = [...generateTrial()];

  it('has the 62 participants in three arms of 21, 21 and 20', () => {
    const byArm = clientsByArm(rows);
    expect([...byArm.keys()].sort()).toEqual([...TRIAL_ARMS].sort());
    expect(byArm.get('trigger_point_release')?.size).toBe(21);
    expect(byArm.get('sham_ultrasound')?.size).toBe(21);
    expect(byArm.get('waitlist')?.size).toBe(20);
    expect(trialDataSet().clientCount).toBe(62);
  });

  it('measures PPT at the four trigger points before and after sessions 1 and 12 (wait-list: before only)', () => {
    const ppt = rows.filter((row) => row.measure === 'ppt' && row.phase !== 'followup');
    expect(new Set(ppt.map((row) => row.site))).toEqual(new Set(TRIAL_SITES));
    expect(new Set(ppt.map((row) => row.session))).toEqual(new Set([1, 12]));
    for (const row of ppt) {
      expect(row.unit).toBe('kPa');
      if (row.technique === 'waitlist') expect(row.phase).toBe('pre');
    }
    const treatedAtSession1 = ppt.filter(
      (row) => row.technique === 'trigger_point_release' && row.session === 1,
    );
    expect(new Set(treatedAtSession1.map((row) => row.phase))).toEqual(new Set(['pre', 'post']));
    // Every client has the four sites at session 1 pre.
    const session1Pre = ppt.filter((row) => row.session === 1 && row.phase === 'pre');
    expect(session1Pre).toHaveLength(62 * 4);
  });

  it('records headache days per 4 weeks at baseline and end, within 0 to 28', () => {
    const headache = rows.filter((row) => row.measure === 'headache_days');
    expect(new Set(headache.map((row) => row.session))).toEqual(new Set([1, 12]));
    for (const row of headache) {
      expect(Number.isInteger(row.value) && row.value >= 0 && row.value <= 28).toBe(true);
      expect(row.site).toBeUndefined();
    }
  });

  it('has some dropouts, who have no session 12', () => {
    const completers = new Set(rows.filter((row) => row.session === 12).map((row) => row.client_id));
    const dropouts = 62 - completers.size;
    expect(dropouts).toBeGreaterThanOrEqual(1);
    expect(dropouts).toBeLessThanOrEqual(15);
  });

  it('dates sessions twice a week: session 12 is 38 days after session 1', () => {
    expect(trialSessionDay(1)).toBe(0);
    expect(trialSessionDay(2)).toBe(3);
    expect(trialSessionDay(12)).toBe(38);
    const client = rows.find((row) => row.session === 12)?.client_id;
    const dates = rows
      .filter((row) => row.client_id === client && row.phase !== 'followup')
      .map((row) => Date.parse(row.session_date ?? ''));
    expect((Math.max(...dates) - Math.min(...dates)) / 86_400_000).toBe(38);
  });

  it('uses pseudonymous client keys and no duplicate measurement keys', () => {
    for (const row of rows) expect(row.client_id).toMatch(/^p\d{3}$/);
    expect(new Set(rows.map(measurementKey)).size).toBe(rows.length);
  });

  it('is deterministic: same seed, same rows; another seed, other rows', () => {
    expect([...generateTrial({ seed: 1 })]).toEqual(rows);
    expect([...generateTrial({ seed: 2 })]).not.toEqual(rows);
  });

  // Byte-identical output on every machine: these are the exact bytes of `npm run -s data -- trial`.
  // Change the pin only when the model is changed on purpose.
  it('reproduces the pinned bytes of the default CSV', () => {
    const dataSet = trialDataSet();
    let text = csvHeader(dataSet.columns);
    for (const row of rowsOf(dataSet)) text += csvLine(row, dataSet.columns);
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      'f17bc13f2dbe22e93c9af3c55d0f33574ddfbdcae149238c01e341dd054dd111',
    );
  });

  it('leaves every row but the follow-ups as it was before follow-ups were added (their pin)', () => {
    const dataSet = trialDataSet();
    let text = csvHeader(dataSet.columns);
    for (const row of rowsOf(dataSet)) if (row.phase !== 'followup') text += csvLine(row, dataSet.columns);
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      '6cc3830e46082e2e18fcf64ed776baeb722c4f24ce776682bab599999ef7a29a',
    );
  });

  it('brings most clients who reached session 12 back once, 4 to 6 weeks later, for PPT at the four sites', () => {
    const followups = rows.filter((row) => row.phase === 'followup');
    const completers = new Set(rows.filter((row) => row.session === 12).map((row) => row.client_id));
    const returned = new Set(followups.map((row) => row.client_id));
    for (const client of returned) expect(completers.has(client)).toBe(true);
    expect(returned.size / completers.size).toBeGreaterThan(0.6);
    expect(returned.size).toBeLessThan(completers.size);
    for (const row of followups) {
      expect(row).toMatchObject({ session: 13, measure: 'ppt', unit: 'kPa' });
      const session12 = rows.find((other) => other.client_id === row.client_id && other.session === 12);
      const days = (Date.parse(row.session_date ?? '') - Date.parse(session12?.session_date ?? '')) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(28);
      expect(days).toBeLessThanOrEqual(42);
    }
    expect(followups).toHaveLength(returned.size * TRIAL_SITES.length);
  });

  it('makes N clients per arm with perArm', () => {
    const byArm = clientsByArm([...generateTrial({ perArm: 30 })]);
    for (const arm of TRIAL_ARMS) expect(byArm.get(arm)?.size).toBe(30);
  });

  it('refuses a perArm that is not a positive integer', () => {
    expect(() => trialDataSet({ perArm: 0 })).toThrow(RangeError);
    expect(() => trialDataSet({ perArm: 2.5 })).toThrow(RangeError);
  });

  it('can read in kg/cm2, as a Wagner-type algometer does, with the same thresholds', () => {
    const kg = [...generateTrial({ unit: 'kg/cm2' })].filter((row) => row.measure === 'ppt');
    const kPa = rows.filter((row) => row.measure === 'ppt');
    expect(kg).toHaveLength(kPa.length);
    for (const row of kg) {
      expect(row.unit).toBe('kg/cm2');
      expect(Math.round(row.value * 100)).toBeCloseTo(row.value * 100, 6);
    }
    for (let i = 0; i < kg.length; i++)
      expect(Math.abs(kg[i].value * KPA_PER_KG_CM2 - kPa[i].value)).toBeLessThan(1.5);
  });

  describe('effect sizes (large trial-shaped set, 200 per arm)', () => {
    const clients = siteMeans([...generateTrial({ perArm: 200 })]);
    const arm = (name: string) =>
      [...clients.values()].filter((client) => client.arm === name).map((client) => client.values);

    it('has baseline PPT around 250-350 kPa with between-person SD about 70', () => {
      const baseline = [...clients.values()].map((client) => client.values['1pre']);
      expect(mean(baseline)).toBeGreaterThan(250);
      expect(mean(baseline)).toBeLessThan(350);
      expect(sd(baseline)).toBeGreaterThan(55);
      expect(sd(baseline)).toBeLessThan(90);
    });

    it('rises within session 1 by ~15-25 kPa for massage and little for sham', () => {
      const change = (values: Record<string, number>[]) => mean(values.map((v) => v['1post'] - v['1pre']));
      expect(change(arm('trigger_point_release'))).toBeGreaterThan(15);
      expect(change(arm('trigger_point_release'))).toBeLessThan(25);
      expect(change(arm('sham_ultrasound'))).toBeLessThan(10);
    });

    it('accumulates ~30-40 kPa by session 12 for massage, less for sham, ~0 for wait-list', () => {
      const cumulative = (values: Record<string, number>[]) =>
        mean(values.filter((v) => v['12pre'] !== undefined).map((v) => v['12pre'] - v['1pre']));
      const massage = cumulative(arm('trigger_point_release'));
      const sham = cumulative(arm('sham_ultrasound'));
      const waitlist = cumulative(arm('waitlist'));
      expect(massage).toBeGreaterThan(30);
      expect(massage).toBeLessThan(45);
      expect(sham).toBeLessThan(massage - 15);
      expect(Math.abs(waitlist)).toBeLessThan(8);
    });
  });
});
