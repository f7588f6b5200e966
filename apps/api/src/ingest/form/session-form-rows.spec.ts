/**
 * A session from the form as the contract's rows: one row per reading (trial i + 1 of each phase
 * at each site, pain, headache days), each carrying the session's own columns; each line's errors
 * named back by the form's field; the same session, however its JSON is written, with one checksum.
 */
import { fieldOf, formRows, parseSessionForm, requestChecksum, SessionFormProblems } from './session-form.js';

const CLINIC = 'a'.repeat(32);
const THERAPIST = 'b'.repeat(32);

const body = {
  clientId: ' C-104 ',
  session: 3,
  date: '2026-11-16',
  technique: 'trigger_point_release',
  unit: 'kg/cm2',
  sites: [
    { site: 'upper_trapezius_left', pre: [2.8, null, 3.0], post: [3.3] },
    { site: 'suboccipital_right', pre: [], post: [2.5] },
  ],
  painNrs: { pre: 6 },
  headacheDays: 11,
};

describe('a session as the contract’s rows', () => {
  it('is one JSON row per reading, trials numbered by their place, with the session’s columns on each', () => {
    const rows = formRows(parseSessionForm(body), { clinicKey: CLINIC, therapistKey: THERAPIST });
    const lines = rows.ndjson.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.measure, line.phase, line.site ?? null, line.trial ?? null, line.value, line.unit])).toEqual([
      ['ppt', 'pre', 'upper_trapezius_left', 1, 2.8, 'kg/cm2'],
      ['ppt', 'pre', 'upper_trapezius_left', 3, 3.0, 'kg/cm2'],
      ['ppt', 'post', 'upper_trapezius_left', 1, 3.3, 'kg/cm2'],
      ['ppt', 'post', 'suboccipital_right', 1, 2.5, 'kg/cm2'],
      ['pain_nrs', 'pre', null, null, 6, 'score'],
      ['headache_days', 'pre', null, null, 11, 'days'],
    ]);
    expect(lines[0]).toMatchObject({ client_id: 'C-104', session: 3, session_date: '2026-11-16', technique: 'trigger_point_release', clinic_id: CLINIC, therapist_id: THERAPIST });
    expect(lines[0]).not.toHaveProperty('condition');
    expect(rows.valueFields).toEqual(['sites[0].pre[0]', 'sites[0].pre[2]', 'sites[0].post[0]', 'sites[1].post[0]', 'painNrs.pre', 'headacheDays']);
  });

  it('names each line’s error by the form’s field', () => {
    const rows = formRows(parseSessionForm(body), { clinicKey: CLINIC, therapistKey: null });
    expect(fieldOf(rows, 2, 'value')).toBe('sites[0].pre[2]');
    expect(fieldOf(rows, 4, 'site')).toBe('sites[1].site');
    expect(fieldOf(rows, 4, 'unit')).toBe('unit');
    expect(fieldOf(rows, 5, 'unit')).toBe('painNrs.pre');
    expect(fieldOf(rows, 1, 'session_date')).toBe('date');
    expect(fieldOf(rows, 1, 'session')).toBe('session');
    expect(fieldOf(rows, 6, 'clinic_id')).toBe('clinic');
    expect(fieldOf(rows, 3, null)).toBe('sites[0].post[0]');
    expect(fieldOf(rows, 0, null)).toBe('(session)');
  });

  it('has one checksum whatever the JSON’s key order or spacing, and another for another session', () => {
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries([...Object.entries({ ...body, clientId: 'C-104' })].reverse()))) as unknown;
    expect(requestChecksum(parseSessionForm(reordered))).toBe(requestChecksum(parseSessionForm(body)));
    expect(requestChecksum(parseSessionForm({ ...body, headacheDays: 12 }))).not.toBe(requestChecksum(parseSessionForm(body)));
  });

  it('refuses a body that is not a session, naming every field', () => {
    const problems = (value: unknown) => {
      try {
        parseSessionForm(value);
        return [];
      } catch (error) {
        return (error as SessionFormProblems).problems.map((problem) => problem.field);
      }
    };
    expect(problems([])).toEqual(['(body)']);
    expect(problems({ session: 1 })).toEqual(['clientId']);
    expect(problems({ clientId: 'c', session: 1 })).toEqual(['sites']);
    expect(problems({ ...body, sites: [{ site: 'x', pre: [1, 2, 3, 4] }, { site: 'x' }], painNrs: { during: 5 }, headacheDays: '3' })).toEqual([
      'sites[0].pre',
      'sites[1].site',
      'painNrs',
      'headacheDays',
    ]);
  });
});
