import { MEASURES } from '@threshold/stats';
import { defaultClinicCount, generatePractice, practiceClinics, practiceDataSet, therapistCounts } from './practice.js';
import { CONDITIONS, TECHNIQUES } from './practice-catalogue.js';
import { PPT_UNITS } from './units.js';
import { rowsOf, type MeasurementRow } from './rows.js';
import { measurementKey } from './testing/collect.js';

/** Value in the measure's canonical unit, by the measures table. */
function canonical(row: MeasurementRow): number {
  const measure = MEASURES[row.measure];
  if (measure === undefined) throw new Error(`unknown measure ${row.measure}`);
  const factor = measure.units[row.unit];
  if (factor === undefined) throw new Error(`${row.measure} does not accept ${row.unit}`);
  return row.value * factor;
}

describe('practice data set', () => {
  const rows = [...generatePractice({ clients: 1500 })];
  const ppt = rows.filter((row) => row.measure === 'ppt');

  it('has clinics using each of the four algometer units, one unit per clinic', () => {
    expect(new Set(ppt.map((row) => row.unit))).toEqual(new Set(PPT_UNITS));
    const unitByClinic = new Map<string, Set<string>>();
    for (const row of ppt) {
      const units = unitByClinic.get(row.clinic_id ?? '') ?? new Set<string>();
      units.add(row.unit);
      unitByClinic.set(row.clinic_id ?? '', units);
    }
    for (const units of unitByClinic.values()) expect(units.size).toBe(1);
  });

  // Checks collect offending rows and assert once: an expect per row would make these slow.
  it('keeps every value inside the plausible range of the measures table, after conversion', () => {
    const outside = rows.filter((row) => {
      const measure = MEASURES[row.measure];
      if (measure === undefined || !Object.hasOwn(measure.units, row.unit)) return true;
      const value = canonical(row);
      return !Number.isFinite(value) || value < measure.plausibleMin || value > measure.plausibleMax;
    });
    expect(outside).toEqual([]);
    // And PPT is in a realistic band, not merely a legal one.
    const kPa = ppt.map(canonical);
    expect(Math.min(...kPa)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...kPa)).toBeLessThan(1200);
  });

  it('records pain as 0-10 integers, headache days for headache clients only, HDI as even scores', () => {
    const wrong = rows.filter((row) => {
      if (row.measure === 'pain_nrs') return !Number.isInteger(row.value);
      if (row.measure === 'headache_days')
        return row.condition !== 'tension_type_headache' || !Number.isInteger(row.value);
      if (row.measure === 'hdi') return row.condition !== 'tension_type_headache' || row.value % 2 !== 0;
      return false;
    });
    expect(wrong).toEqual([]);
    const measures = new Set(rows.map((row) => row.measure));
    expect(measures).toEqual(new Set(['ppt', 'pain_nrs', 'headache_days', 'hdi']));
  });

  it('uses only pseudonymous keys: c000123, t017, k03; nothing that looks like an identifier', () => {
    const badKeys = rows.filter(
      (row) =>
        !/^c\d{6}$/.test(row.client_id) ||
        !/^t\d{3}$/.test(row.therapist_id ?? '') ||
        !/^k\d{2}$/.test(row.clinic_id ?? ''),
    );
    expect(badKeys).toEqual([]);
    const identifierLike = rows.filter((row) =>
      Object.values(row).some((value) => {
        const text = String(value);
        return text.includes('@') /* email */ || /\d{10}/.test(text) /* phone or NHS number */;
      }),
    );
    expect(identifierLike).toEqual([]);
  });

  it('nests therapists in clinics', () => {
    const clinicsOf = new Map<string, Set<string>>();
    for (const row of rows) {
      const clinics = clinicsOf.get(row.therapist_id ?? '') ?? new Set<string>();
      clinics.add(row.clinic_id ?? '');
      clinicsOf.set(row.therapist_id ?? '', clinics);
    }
    expect([...clinicsOf.values()].filter((clinics) => clinics.size !== 1)).toEqual([]);
    expect(new Set(rows.map((row) => row.clinic_id)).size).toBe(defaultClinicCount(1500));
  });

  it('has no duplicate (client_id, session, phase, measure, site, trial)', () => {
    expect(new Set(rows.map(measurementKey)).size).toBe(rows.length);
  });

  it('has repeated readings (trial 1 to 3), post values, all techniques and conditions', () => {
    expect(new Set(ppt.map((row) => row.trial))).toEqual(new Set([1, 2, 3]));
    expect(rows.some((row) => row.phase === 'post')).toBe(true);
    expect(new Set(rows.map((row) => row.technique))).toEqual(new Set(TECHNIQUES));
    expect(new Set(rows.map((row) => row.condition))).toEqual(new Set(CONDITIONS));
  });

  it('is uneven: every client measured at session 1, later sessions only sometimes, courses of different lengths', () => {
    const sessionsByClient = new Map<string, Set<number>>();
    for (const row of rows) {
      if (row.phase === 'followup') continue;
      const sessions = sessionsByClient.get(row.client_id) ?? new Set<number>();
      sessions.add(row.session);
      sessionsByClient.set(row.client_id, sessions);
    }
    expect(sessionsByClient.size).toBe(1500);
    let withGaps = 0;
    let baselineOnly = 0;
    let reachedTwelve = 0;
    expect([...sessionsByClient.values()].filter((sessions) => !sessions.has(1))).toEqual([]);
    for (const sessions of sessionsByClient.values()) {
      const last = Math.max(...sessions);
      if (sessions.size < last) withGaps++;
      if (sessions.size === 1) baselineOnly++;
      if (last === 12) reachedTwelve++;
    }
    expect(withGaps).toBeGreaterThan(300);
    expect(baselineOnly).toBeGreaterThan(100);
    expect(reachedTwelve).toBeGreaterThan(30);
  });

  it('brings part of the clients back once after their last session, more of those who finished their course', () => {
    const byClient = new Map<string, MeasurementRow[]>();
    for (const row of rows) byClient.set(row.client_id, [...(byClient.get(row.client_id) ?? []), row]);
    let returned = 0;
    for (const clientRows of byClient.values()) {
      const followups = clientRows.filter((row) => row.phase === 'followup');
      if (followups.length === 0) continue;
      returned++;
      const treated = clientRows.filter((row) => row.phase !== 'followup');
      const lastTreated = Math.max(...treated.map((row) => row.session));
      const lastDay = Math.max(...treated.map((row) => Date.parse(row.session_date ?? '')));
      for (const row of followups) {
        // One visit, after the last session of the course (the last attended, measured or not).
        expect(row.session).toBe(followups[0].session);
        expect(row.session).toBeGreaterThan(lastTreated);
        expect(row.session_date).toBe(followups[0].session_date);
        expect((Date.parse(row.session_date ?? '') - lastDay) / 86_400_000).toBeGreaterThanOrEqual(28);
      }
      expect(new Set(followups.map((row) => row.measure))).toEqual(new Set(['pain_nrs', 'ppt']));
    }
    expect(returned / byClient.size).toBeGreaterThan(0.15);
    expect(returned / byClient.size).toBeLessThan(0.4);
  });

  it('shows the technique effects: trigger-point release gains more PPT across sessions than Swedish massage', () => {
    const large = [...generatePractice({ clients: 6000, seed: 3 })].filter(
      (row) => row.measure === 'ppt' && row.phase === 'pre',
    );
    const byClientSession = new Map<
      string,
      { technique: string; session: number; client: string; values: number[] }
    >();
    for (const row of large) {
      const key = `${row.client_id}|${row.session}`;
      const entry = byClientSession.get(key) ?? {
        technique: row.technique ?? '',
        session: row.session,
        client: row.client_id,
        values: [],
      };
      entry.values.push(canonical(row));
      byClientSession.set(key, entry);
    }
    const baseline = new Map<string, number>();
    for (const entry of byClientSession.values()) {
      if (entry.session === 1)
        baseline.set(entry.client, entry.values.reduce((a, b) => a + b, 0) / entry.values.length);
    }
    const slopes: Record<string, number[]> = {};
    for (const entry of byClientSession.values()) {
      if (entry.session < 6) continue;
      const mean = entry.values.reduce((a, b) => a + b, 0) / entry.values.length;
      (slopes[entry.technique] ??= []).push(
        (mean - (baseline.get(entry.client) ?? mean)) / (entry.session - 1),
      );
    }
    const average = (xs: number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0) / (xs ?? [1]).length;
    expect(average(slopes['trigger_point_release'])).toBeGreaterThan(average(slopes['swedish']) + 1);
    expect(average(slopes['trigger_point_release'])).toBeGreaterThan(2);
  });

  it('is deterministic, and a client does not depend on how many clients follow it', () => {
    const small = [...generatePractice({ clients: 40, clinics: 6, seed: 9 })];
    expect([...generatePractice({ clients: 40, clinics: 6, seed: 9 })]).toEqual(small);
    expect([...generatePractice({ clients: 40, clinics: 6, seed: 10 })]).not.toEqual(small);
    const larger = [...generatePractice({ clients: 120, clinics: 6, seed: 9 })];
    expect(larger.slice(0, small.length)).toEqual(small);
  });

  it('makes rows lazily, so any size streams', () => {
    const dataSet = practiceDataSet({ clients: 50_000_000 });
    expect(dataSet.clientCount).toBe(50_000_000);
    let count = 0;
    for (const row of rowsOf(dataSet)) {
      if (row.client_id === '' || ++count === 1000) break;
    }
    expect(count).toBe(1000);
  });

  it('builds a clinic structure with 2 to 8 therapists each and globally numbered therapist keys', () => {
    const clinics = practiceClinics(1, 12);
    expect(clinics).toHaveLength(12);
    const therapistIds = clinics.flatMap((clinic) => clinic.therapists.map((therapist) => therapist.id));
    expect(new Set(therapistIds).size).toBe(therapistIds.length);
    for (const clinic of clinics) {
      expect(clinic.therapists.length).toBeGreaterThanOrEqual(2);
      expect(clinic.therapists.length).toBeLessThanOrEqual(8);
    }
    expect(defaultClinicCount(1)).toBe(3);
    expect(defaultClinicCount(2000)).toBe(8);
    expect(defaultClinicCount(100_000)).toBe(53);
  });

  it('refuses sizes that are not positive integers', () => {
    expect(() => practiceDataSet({ clients: 0 })).toThrow(RangeError);
    expect(() => practiceDataSet({ clinics: -1 })).toThrow(RangeError);
  });
});

describe('practice data set with a number of therapists', () => {
  it('shares the therapists out among the clinics, at least one each, and the total changes nothing else of a clinic', () => {
    const clinics = practiceClinics(4, 10, undefined, 80);
    expect(clinics.reduce((sum, clinic) => sum + clinic.therapists.length, 0)).toBe(80);
    expect(Math.min(...clinics.map((clinic) => clinic.therapists.length))).toBeGreaterThanOrEqual(1);
    expect(new Set(clinics.flatMap((clinic) => clinic.therapists.map((t) => t.id))).size).toBe(80);
    const more = practiceClinics(4, 10, undefined, 120);
    expect(more.reduce((sum, clinic) => sum + clinic.therapists.length, 0)).toBe(120);
    const rest = (clinic: (typeof clinics)[number]) => ({ ...clinic, therapists: null, therapistWeights: null });
    expect(clinics.map(rest)).toEqual(more.map(rest));
  });

  it('gives the rows of that many therapists, the same for the same seed', () => {
    const rows = [...generatePractice({ clients: 3000, clinics: 5, therapists: 40, seed: 2 })];
    expect(new Set(rows.map((row) => row.therapist_id)).size).toBe(40);
    expect(new Set(rows.map((row) => row.clinic_id)).size).toBe(5);
    expect([...generatePractice({ clients: 3000, clinics: 5, therapists: 40, seed: 2 })]).toEqual(rows);
  });

  it('refuses fewer therapists than clinics', () => {
    expect(() => therapistCounts(1, 10, 9)).toThrow(/at least one per clinic \(10\), got 9/);
  });
});
