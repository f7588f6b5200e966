/**
 * The cohort summary as marketing sees it (cohorts.controller.ts, blankSmallCounts): a count of
 * fewer clients than the minimum is blanked, and so is every published count it could be
 * recovered from by subtraction.
 */
import { blankSmallCounts, type BlankedSummary } from '../../cohorts/cohorts.controller.js';
import type { CohortSummaryDto } from '../../cohorts/dto/cohort-responses.dto.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { createUser, type SignedIn } from '../../testing/users.js';

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

  it("blanks a measure's count when the whole practice's clients less it are few: the clients without that measure", () => {
    const measures = [
      { code: 'ppt', unit: 'kPa', label: 'Pressure pain threshold', clients: 155, measurements: 9_700 },
      { code: 'nprs', unit: 'points', label: 'Pain rating', clients: 40, measurements: 300 },
    ];
    const blanked = blankSmallCounts(summary({ measures }), MINIMUM);
    // 160 - 155: five clients without a PPT reading.
    expect(blanked.measures[0]).toMatchObject({ clients: null, measurements: null });
    expect(blanked.measures[1]).toEqual(measures[1]);
    expect(blanked).toMatchObject({ clients: 160, sessions: null, measurements: null });
  });

  it("blanks a summary of one measure whose clients are nearly the whole practice's", () => {
    const ppt = summary({ clients: 155, measures: [{ code: 'ppt', unit: 'kPa', label: 'Pressure pain threshold', clients: 155, measurements: 9_700 }] });
    expect(blankSmallCounts(ppt, MINIMUM, 160)).toMatchObject({ clients: null, sessions: null, measurements: null, clinics: null });
    expect(blankSmallCounts(ppt, MINIMUM, 155)).toEqual(ppt);
    expect(blankSmallCounts(ppt, MINIMUM, 200)).toEqual(ppt);
  });

  it('does not blank zero clients (nothing to hide)', () => {
    const empty = summary({ clients: 0, sessions: 0, measurements: 0, clinics: 0, therapists: 0, measures: [], dateRange: { from: null, to: null } });
    expect(blankSmallCounts(empty, MINIMUM)).toEqual(empty);
  });
});

describe('the cohort summary for marketing, over HTTP', () => {
  let t: TestApp;
  let marketing: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    // Twelve clients with a PPT and a pain rating, one with a pain rating only.
    const lines = ['client_id,technique,session,phase,measure,value,unit'];
    for (let c = 1; c <= 12; c++) lines.push(`m${c},swedish,1,pre,ppt,${300 + c},kPa`, `m${c},swedish,1,pre,pain_nrs,5,score`);
    lines.push('m13,swedish,1,pre,pain_nrs,6,score');
    const response = await t.api('/api/ingest', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `${lines.join('\n')}\n` });
    expect(response.status).toBe(201);
    marketing = await createUser(t, { email: 'marketing@network.example', role: 'marketing' });
  }, 60_000);
  afterAll(() => t.close());

  it("never shows the PPT clients next to the whole practice's: 13 less 12 would be the one without", async () => {
    const whole = (await (await marketing.api('/api/cohorts/summary')).json()) as BlankedSummary;
    expect(whole.clients).toBe(13);
    expect(whole.measures.find((measure) => measure.code === 'ppt')?.clients).toBeNull();
    expect(whole.measures.find((measure) => measure.code === 'pain_nrs')?.clients).toBe(13);
    const ppt = (await (await marketing.api('/api/cohorts/summary?measure=ppt')).json()) as BlankedSummary;
    expect(ppt.clients).toBeNull();
    // An admin sees the counts.
    const admin = (await (await t.api('/api/cohorts/summary?measure=ppt')).json()) as BlankedSummary;
    expect(admin.clients).toBe(12);
  });
});
