/**
 * The cohort summary as marketing sees it (cohorts.controller.ts, blankSmallCounts): a count of
 * fewer clients than the minimum is blanked, and so is every published count it could be
 * recovered from by subtraction.
 */
import { blankSmallCounts } from '../../cohorts/cohorts.controller.js';
import type { CohortSummaryDto } from '../../cohorts/dto/cohort-responses.dto.js';

const MINIMUM = 11;

function summary(overrides: Partial<CohortSummaryDto> = {}): CohortSummaryDto {
  return {
    clients: 160,
    sessions: 900,
    measurements: 10_000,
    clinics: 3,
    therapists: 12,
    measures: [
      { code: 'ppt', unit: 'kPa', label: 'Pressure pain threshold', clients: 160, measurements: 9_700 },
      { code: 'nprs', unit: 'points', label: 'Pain rating', clients: 40, measurements: 300 },
    ],
    dateRange: { from: '2023-01-02', to: '2024-06-30' },
    dataVersion: 7,
    ...overrides,
  };
}

describe('blankSmallCounts (the cohort summary for marketing)', () => {
  it('leaves a summary without small counts as it is', () => {
    expect(blankSmallCounts(summary(), MINIMUM)).toEqual(summary());
  });

  it("blanks a small measure's clients and readings, and the total readings and sessions that would give them away", () => {
    const measures = [...summary().measures, { code: 'pgic', unit: 'points', label: 'Change', clients: 3, measurements: 12 }];
    const blanked = blankSmallCounts(summary({ measures, measurements: 10_012 }), MINIMUM);
    expect(blanked.measures.find((measure) => measure.code === 'pgic')).toMatchObject({ clients: null, measurements: null });
    // 10 012 - 9 700 - 300 would be pgic's 12 readings.
    expect(blanked.measurements).toBeNull();
    expect(blanked.sessions).toBeNull();
    // The measures with enough clients, and the client count (not a sum of the measures'), stay.
    expect(blanked.measures.filter((measure) => measure.code !== 'pgic')).toEqual(summary().measures);
    expect(blanked).toMatchObject({ clients: 160, clinics: 3, therapists: 12, dateRange: summary().dateRange });
  });

  it('blanks everything about too few clients in all (a measure= of few clients): sessions, readings, clinics, therapists, dates', () => {
    const few = summary({
      clients: 4,
      sessions: 17,
      measurements: 40,
      clinics: 2,
      therapists: 3,
      measures: [{ code: 'pgic', unit: 'points', label: 'Change', clients: 4, measurements: 40 }],
    });
    expect(blankSmallCounts(few, MINIMUM)).toEqual({
      ...few,
      clients: null,
      sessions: null,
      measurements: null,
      clinics: null,
      therapists: null,
      dateRange: { from: null, to: null },
      measures: [{ code: 'pgic', unit: 'points', label: 'Change', clients: null, measurements: null }],
    });
  });

  it('does not blank zero clients (nothing to hide)', () => {
    const empty = summary({ clients: 0, sessions: 0, measurements: 0, clinics: 0, therapists: 0, measures: [], dateRange: { from: null, to: null } });
    expect(blankSmallCounts(empty, MINIMUM)).toEqual(empty);
  });
});
