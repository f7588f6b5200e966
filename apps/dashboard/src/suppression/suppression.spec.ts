import type { OutcomesReport } from '../api/report-types.js';
import { marketingReport, SECRET } from './marketing-report.fixture.js';
import {
  hasWithheld,
  notShownText,
  readCell,
  readReport,
  sizeBandText,
  withheldGroupRows,
  withheldNotes,
} from './suppression.js';

describe('reading a suppressed report', () => {
  const report = readReport(marketingReport());

  it('sets groups withheld whole apart, with their size band, and keeps the minimum', () => {
    expect(report.groups.map((group) => group.name)).toEqual(['deep_tissue', 'swedish']);
    expect(report.suppressedGroups).toEqual([{ name: 'myofascial_release', sizeBand: '1-10' }]);
    expect(report.suppressionMinimum).toBe(11);
  });

  it('keeps a withheld cell’s session and phase, and nulls every number, even one the API should not have sent', () => {
    const withheld = report.groups[0].sessions.find((cell) => cell.session === 12)!;
    expect(withheld).toEqual({
      session: 12,
      phase: 'pre',
      n: null,
      mean: null,
      sd: null,
      ciLow: null,
      ciHigh: null,
      median: null,
      suppressed: true,
      sizeBand: '1-10',
    });
    expect(JSON.stringify(report)).not.toContain(String(SECRET));
  });

  it('marks published cells as such, numbers untouched', () => {
    expect(report.groups[0].sessions[0]).toMatchObject({
      session: 1,
      n: 120,
      mean: 300,
      suppressed: false,
      sizeBand: null,
    });
    expect(report.groups[0].responders).toMatchObject({ n: 60, count: 24, rate: 0.4, suppressed: false });
  });

  it('keeps the MCID of withheld responders', () => {
    expect(report.groups[1].responders).toEqual({
      threshold: 20.6,
      n: null,
      count: null,
      rate: null,
      ciLow: null,
      ciHigh: null,
      suppressed: true,
      sizeBand: '1-10',
    });
  });

  it('drops any comparison with a withheld group', () => {
    expect(report.comparisons.map((comparison) => `${comparison.a}/${comparison.b}`)).toEqual([
      'deep_tissue/swedish',
    ]);
  });

  it('treats a cell without a count as withheld even when it is not marked', () => {
    expect(
      readCell({ session: 3, phase: 'pre', n: null, mean: 4, sd: 1, ciLow: 3, ciHigh: 5, median: 4 }),
    ).toMatchObject({
      suppressed: true,
      mean: null,
      ciLow: null,
    });
  });

  it('reads a report nobody suppressed (admin, owner) as fully published', () => {
    const plain = readReport({
      ...marketingReport(),
      suppression: undefined,
      groups: [marketingReport().groups[2]],
    });
    expect(plain.suppressionMinimum).toBeNull();
    expect(plain.suppressedGroups).toEqual([]);
    expect(plain.groups[0].sessions.every((cell) => !cell.suppressed)).toBe(true);
    // Its responders were withheld in the fixture, so the report does have something withheld.
    expect(hasWithheld(plain)).toBe(true);
    const none: OutcomesReport = {
      ...plain,
      groups: [{ ...plain.groups[0], responders: { ...report.groups[0].responders } }],
    };
    expect(hasWithheld(none)).toBe(false);
  });
});

describe('words for what is withheld', () => {
  it('uses the report’s minimum', () => {
    expect(notShownText(11)).toBe('fewer than 11 clients: not shown');
    expect(notShownText(8)).toBe('fewer than 8 clients: not shown');
    expect(notShownText(null)).toBe('too few clients: not shown');
  });

  it('writes size bands with an en dash', () => {
    expect(sizeBandText('1-10')).toBe('1–10 clients');
    expect(sizeBandText(null)).toBe('a few clients');
  });

  it('names the withheld groups and counts the withheld values of a chart', () => {
    const report = readReport(marketingReport());
    expect(withheldNotes(report, 2, (name) => name.toUpperCase())).toEqual([
      'Groups with fewer than 11 clients are not shown: MYOFASCIAL_RELEASE (1–10 clients).',
      '2 values are based on fewer than 11 clients and are not drawn; the table marks them “fewer than 11 clients: not shown”.',
    ]);
    expect(withheldNotes({ ...report, suppressedGroups: [] }, 0, String)).toEqual([]);
  });

  it('gives a row per withheld group, with no numbers', () => {
    const report = readReport(marketingReport());
    expect(withheldGroupRows(report, { session: null, n: null, mean: null })).toEqual([
      { group: 'myofascial_release', session: null, n: null, mean: null, suppressed: true, sizeBand: '1-10' },
    ]);
  });
});
