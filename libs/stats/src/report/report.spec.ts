/**
 * The whole report pipeline of this library (observations -> cohort -> sufficient statistics ->
 * report) against R's reports on the shared reference fixtures, every field within the reference
 * README's tolerances, and against R's survival package on the course-of-treatment fixtures
 * (libs/stats/test-fixtures/survival/); and the invariances the definitions promise.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { MEASURES } from '../measures/measures.js';
import { expectReportMatches } from '../testing/expect-report-matches.js';
import { referenceFile } from '../testing/reference-data.js';
import { buildReport, UnknownReferenceGroupError } from './build-report.js';
import { CohortBuilder, dayNumber } from './cohort.js';
import type { Observation } from './observation.js';
import type { OutcomesReport } from './report-types.js';
import { summarizeCohort } from './summarize-cohort.js';

/** The reference CSVs have no quoted fields, so a split is enough here (the real reader is libs/ingest). */
function readObservations(file: string): Observation[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => {
    const fields = Object.fromEntries(line.split(',').map((value, i) => [columns[i], value]));
    return {
      clientId: fields.client_id,
      session: Number(fields.session),
      phase: fields.phase === 'post' || fields.phase === 'followup' ? fields.phase : 'pre',
      site: fields.site || null,
      value: Number(fields.value),
      group: fields.technique ?? 'all',
      sessionDate: fields.session_date || null,
    };
  });
}

function report(observations: readonly Observation[], mcid: number, reference?: string): OutcomesReport {
  const builder = new CohortBuilder('all');
  for (const observation of observations) builder.add(observation);
  const inputs = summarizeCohort(builder.build(), { mcid, direction: MEASURES.ppt.direction });
  return buildReport(inputs, { measure: MEASURES.ppt, site: 'all', by: 'technique', mcid, reference });
}

const expected = (name: string): unknown => JSON.parse(readFileSync(referenceFile(name), 'utf8'));

describe('report pipeline against R on the reference fixtures', () => {
  it('reproduces student_sleep.expected.json (paired within-session change, no trajectory)', () => {
    expectReportMatches(report(readObservations(referenceFile('student_sleep.csv')), 1), expected('student_sleep.expected.json'));
  });

  it('reproduces orthodont.expected.json, trajectory included', () => {
    expectReportMatches(report(readObservations(referenceFile('orthodont.csv')), 2), expected('orthodont.expected.json'));
  });
});

const SURVIVAL_FIXTURES = new URL('../../test-fixtures/survival/', import.meta.url);
const survivalCases = readdirSync(SURVIVAL_FIXTURES)
  .filter((file) => file.endsWith('.csv'))
  .sort()
  .map((file) => file.replace('.csv', ''));

describe.each(survivalCases)('course of treatment of %s.csv through the whole report, against R survival', (name) => {
  const expected = JSON.parse(readFileSync(new URL(`${name}.expected.json`, SURVIVAL_FIXTURES), 'utf8')) as {
    mcid: number;
    groups: { name: string; timeToResponse: unknown; durability: unknown }[];
    responseComparison: unknown;
  };
  const actual = report(readObservations(new URL(`${name}.csv`, SURVIVAL_FIXTURES).pathname), expected.mcid);

  it('timeToResponse and durability of every group, and responseComparison', () => {
    expect(actual.groups.map((group) => group.name)).toEqual(expected.groups.map((group) => group.name));
    expectReportMatches(
      {
        groups: actual.groups.map(({ name, timeToResponse, durability }) => ({ name, timeToResponse, durability })),
        responseComparison: actual.responseComparison,
      },
      {
        groups: expected.groups.map(({ name, timeToResponse, durability }) => ({ name, timeToResponse, durability })),
        responseComparison: expected.responseComparison,
      },
    );
  });
});

describe('report definitions', () => {
  const orthodont = readObservations(referenceFile('orthodont.csv'));

  it('leaves every change unchanged when all values are shifted', () => {
    const shifted = report(orthodont.map((o) => ({ ...o, value: o.value + 1000 })), 2);
    const original = report(orthodont, 2);
    for (let g = 0; g < original.groups.length; g++) {
      original.groups[g].cumulative.forEach((change, i) => {
        expect(shifted.groups[g].cumulative[i].meanChange).toBeCloseTo(change.meanChange ?? NaN, 9);
        expect(shifted.groups[g].cumulative[i].p).toBeCloseTo(change.p ?? NaN, 9);
      });
      expect(shifted.groups[g].responders).toEqual(original.groups[g].responders);
    }
    expect(shifted.comparisons[0].diff).toBeCloseTo(original.comparisons[0].diff ?? NaN, 9);
    expect(shifted.comparisons[0].ancova?.diff).toBeCloseTo(original.comparisons[0].ancova?.diff ?? NaN, 9);
    expect(shifted.trajectory?.fixedEffects[1].estimate).toBeCloseTo(original.trajectory?.fixedEffects[1].estimate ?? NaN, 6);
  });

  it('averages repeated trials within a site, then sites within a session', () => {
    const rows: Observation[] = [
      { clientId: 'a', session: 1, phase: 'pre', site: 'left', value: 100, group: 'x' },
      { clientId: 'a', session: 1, phase: 'pre', site: 'left', value: 110, group: 'x' },
      { clientId: 'a', session: 1, phase: 'pre', site: 'left', value: 120, group: 'x' },
      { clientId: 'a', session: 1, phase: 'pre', site: 'right', value: 200, group: 'x' },
    ];
    const builder = new CohortBuilder('all');
    rows.forEach((row) => builder.add(row));
    // left: mean of three trials = 110; right: 200; the session's value is the mean of the sites.
    expect(builder.build().clients[0].preValues).toEqual([155]);
    const onlyLeft = new CohortBuilder('left');
    rows.forEach((row) => onlyLeft.add(row));
    expect(onlyLeft.build().clients[0].preValues).toEqual([110]);
  });

  it('assigns a client to the group of their earliest session', () => {
    const builder = new CohortBuilder('all');
    builder.add({ clientId: 'a', session: 2, phase: 'pre', site: null, value: 1, group: 'later' });
    builder.add({ clientId: 'a', session: 1, phase: 'pre', site: null, value: 1, group: 'first' });
    expect(builder.build().clients[0].group).toBe('first');
  });

  it('names the groups when the reference group does not exist', () => {
    expect(() => report(orthodont, 2, 'Nobody')).toThrow(UnknownReferenceGroupError);
    expect(() => report(orthodont, 2, 'Nobody')).toThrow('the groups are Female, Male');
  });

  it('makes the named reference the baseline of the trajectory', () => {
    const byMale = report(orthodont, 2, 'Male');
    expect(byMale.reference).toBe('Male');
    expect(byMale.trajectory?.fixedEffects.map((effect) => effect.term)).toEqual([
      '(Intercept)',
      'time',
      'group[Female]',
      'time:group[Female]',
    ]);
  });

  it('numbers days as Date.UTC does, across leap years, centuries and before 1970', () => {
    for (const date of ['1970-01-01', '2024-02-29', '2024-03-01', '1900-03-01', '2000-02-29', '1969-12-31', '0001-01-01', '2147-12-31']) {
      const [year, month, day] = date.split('-').map(Number);
      const expected = new Date(0);
      expected.setUTCFullYear(year, month - 1, day);
      expect(dayNumber(date)).toBe(Math.round(expected.getTime() / 86_400_000));
    }
    expect(dayNumber(null)).toBeNull();
    expect(() => dayNumber('2024-13-01')).toThrow(RangeError);
    expect(() => dayNumber('2024-1-01')).toThrow(RangeError);
    expect(() => dayNumber('2024-0a-01')).toThrow(RangeError);
  });

  describe('course of treatment where the contract is silent (docs/report-notes.md)', () => {
    const row = (clientId: string, session: number, phase: Observation['phase'], value: number, sessionDate?: string): Observation => ({
      clientId,
      session,
      phase,
      site: null,
      value,
      group: 'x',
      sessionDate,
    });
    const course: Observation[] = [
      row('a', 1, 'pre', 300, '2025-01-06'),
      row('a', 2, 'pre', 330, '2025-01-13'),
      row('b', 1, 'pre', 300, '2025-01-06'),
      row('b', 2, 'pre', 305, '2025-01-13'),
      row('b', 3, 'pre', 310, '2025-01-20'),
    ];
    const followups: Observation[] = [row('a', 3, 'followup', 320, '2025-02-10'), row('b', 4, 'followup', 340, '2025-03-03')];

    it('leaves every field of contract 1.0 as it was: follow-ups enter only durability', () => {
      const without = report(course, 20.6);
      const withFollowups = report([...course, ...followups], 20.6);
      const { durability, ...rest } = withFollowups.groups[0];
      expect(durability?.n).toBe(2);
      const { durability: none, ...restWithout } = without.groups[0];
      expect(none).toBeNull();
      expect(rest).toEqual(restWithout);
      expect(withFollowups.endpointSession).toBe(without.endpointSession);
      expect(withFollowups.trajectory).toEqual(without.trajectory);
      expect(withFollowups.groups[0].sessions.every((cell) => cell.phase !== ('followup' as string))).toBe(true);
    });

    it('counts days from the end-of-course session to the first follow-up, a session dated by any of its rows', () => {
      const undatedSecondSite = { ...row('a', 2, 'pre', 332), site: 'right' };
      const result = report([...course, undatedSecondSite, ...followups, row('b', 5, 'followup', 300, '2025-06-02')], 20.6);
      // a: 2025-01-13 -> 2025-02-10 = 28 days; b: 2025-01-20 -> 2025-03-03 = 42 days (its second follow-up is not used).
      expect(result.groups[0].durability?.medianDaysToFollowup).toBe(35);
      expect(result.groups[0].durability?.sinceStart.meanChange).toBeCloseTo((20 + 40) / 2, 12);
    });

    it('gives no median of days when one follow-up is undated', () => {
      const result = report([...course, followups[0], row('b', 4, 'followup', 340)], 20.6);
      expect(result.groups[0].durability?.n).toBe(2);
      expect(result.groups[0].durability?.medianDaysToFollowup).toBeNull();
    });

    it('reports durability with n = 0 when follow-ups exist but none has an end-of-course value', () => {
      const result = report([row('c', 1, 'pre', 300), row('c', 2, 'followup', 330)], 20.6);
      expect(result.groups[0].durability).toMatchObject({ n: 0, respondersAtFollowup: { n: 0, rate: null } });
      expect(result.groups[0].timeToResponse).toMatchObject({ n: 1, events: 0, medianSessions: null });
    });

    it('compares nothing when nobody responded', () => {
      const other = course.filter((o) => o.clientId === 'b').map((o) => ({ ...o, clientId: 'd', group: 'y' }));
      const result = report([...course.filter((o) => o.clientId === 'b'), ...other], 20.6);
      expect(result.groups).toHaveLength(2);
      expect(result.responseComparison).toBeNull();
    });
  });
});
