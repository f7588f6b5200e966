/**
 * The whole report pipeline of this library (observations -> cohort -> sufficient statistics ->
 * report) against R's reports on the shared reference fixtures, every field within the reference
 * README's tolerances; and the invariances the definitions promise.
 */
import { readFileSync } from 'node:fs';
import { MEASURES } from '../measures/measures.js';
import { expectReportMatches } from '../testing/expect-report-matches.js';
import { referenceFile } from '../testing/reference-data.js';
import { buildReport, UnknownReferenceGroupError } from './build-report.js';
import { CohortBuilder } from './cohort.js';
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
      phase: fields.phase === 'post' ? 'post' : 'pre',
      site: fields.site ?? null,
      value: Number(fields.value),
      group: fields.technique ?? 'all',
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
});
