/**
 * Time to response, the log-rank test and durability against R 4.2.2 and survival 3.5-3 on the
 * fixtures of libs/stats/test-fixtures/survival/ (cases-to-csv.R writes the CSVs,
 * expected-survival.R the NAME.expected.json beside each). Each function is fed what R derived per
 * client, so that these specs pin the statistics alone; report.spec.ts runs the CSVs through the
 * whole report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expectClose } from '../testing/expect-close.js';
import type { DurabilitySummary } from './durability.js';
import { durabilityInputsOf, summarizeDurability } from './durability.js';
import { eventTimesOf, type TimeToEvent } from './event-times.js';
import { logRankTest, type LogRankResult } from './log-rank.js';
import { summarizeTimeToResponse, type TimeToResponseSummary } from './time-to-response.js';

const FIXTURES = new URL('../../test-fixtures/survival/', import.meta.url);
/** Relative tolerance of closed-form statistics against R (R printed 15 significant digits). */
const TOLERANCE = 1e-9;

interface SurvivalFixture {
  source: string;
  mcid: number;
  groups: {
    name: string;
    clientsWithFollowup: number;
    clients: (TimeToEvent & { id: string })[];
    durabilityClients: {
      id: string;
      baseline: number;
      endOfCourse: number;
      followup: number;
      daysToFollowup: number | null;
    }[];
    timeToResponse: TimeToResponseSummary | null;
    durability: DurabilitySummary | null;
  }[];
  responseComparison: LogRankResult | null;
}

function readSurvivalFixtures(): { name: string; csv: URL; expected: SurvivalFixture }[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.expected.json'))
    .sort()
    .map((file) => ({
      name: file.replace('.expected.json', ''),
      csv: new URL(file.replace('.expected.json', '.csv'), FIXTURES),
      expected: JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as SurvivalFixture,
    }));
}

/** Asserts every number of a timeToResponse field against R's. */
function expectTimeToResponse(
  actual: TimeToResponseSummary | null,
  expected: TimeToResponseSummary | null,
  label: string,
): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  if (actual === null) throw new Error(`${label}: expected a timeToResponse, got null`);
  expect({ n: actual.n, events: actual.events, steps: actual.steps.length }).toEqual({
    n: expected.n,
    events: expected.events,
    steps: expected.steps.length,
  });
  expected.steps.forEach((step, i) => {
    const got = actual.steps[i];
    expect([got.t, got.nRisk, got.nEvent, got.nCensor]).toEqual([
      step.t,
      step.nRisk,
      step.nEvent,
      step.nCensor,
    ]);
    expectClose(got.responded, step.responded, TOLERANCE, `${label} step ${i} responded`);
    expectClose(got.ciLow, step.ciLow, TOLERANCE, `${label} step ${i} ciLow`);
    expectClose(got.ciHigh, step.ciHigh, TOLERANCE, `${label} step ${i} ciHigh`);
  });
  expectClose(actual.medianSessions, expected.medianSessions, TOLERANCE, `${label} medianSessions`);
  expectClose(actual.ciLow, expected.ciLow, TOLERANCE, `${label} median ciLow`);
  expectClose(actual.ciHigh, expected.ciHigh, TOLERANCE, `${label} median ciHigh`);
}

/** Asserts every number of a durability field against R's. */
function expectDurability(
  actual: DurabilitySummary | null,
  expected: DurabilitySummary | null,
  label: string,
): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  if (actual === null) throw new Error(`${label}: expected durability, got null`);
  expect(actual.n).toBe(expected.n);
  for (const part of ['sinceStart', 'sinceEndOfCourse'] as const) {
    expect(actual[part].n).toBe(expected[part].n);
    for (const key of ['meanChange', 'sd', 'ciLow', 'ciHigh', 't', 'df', 'p'] as const) {
      expectClose(actual[part][key], expected[part][key], TOLERANCE, `${label} ${part}.${key}`);
    }
  }
  for (const part of ['respondersAtFollowup', 'heldByResponders'] as const) {
    expect([actual[part].n, actual[part].count]).toEqual([expected[part].n, expected[part].count]);
    for (const key of ['rate', 'ciLow', 'ciHigh'] as const) {
      expectClose(actual[part][key], expected[part][key], TOLERANCE, `${label} ${part}.${key}`);
    }
  }
  expect(actual.respondersAtFollowup.threshold).toBe(expected.respondersAtFollowup.threshold);
  expectClose(
    actual.medianDaysToFollowup,
    expected.medianDaysToFollowup,
    TOLERANCE,
    `${label} medianDaysToFollowup`,
  );
}

/**
 * p from 1 - cdf (df >= 2) is exact to about 1e-16 absolute, so a tiny p is held to that rather
 * than to 1e-9 relative.
 */
function expectResponseComparison(actual: LogRankResult | null, expected: LogRankResult | null): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  if (actual === null) throw new Error('expected a responseComparison, got null');
  expect(actual.df).toBe(expected.df);
  expectClose(actual.chisq, expected.chisq, TOLERANCE, 'chisq');
  const p = expected.p ?? 0;
  expectClose(actual.p, expected.p, Math.max(TOLERANCE, 1e-15 / p), 'p');
}

describe.each(readSurvivalFixtures())('course of treatment on $name against R survival', ({ expected }) => {
  it.each(expected.groups.map((group) => [group.name, group] as const))(
    'timeToResponse of %s: survfit(conf.type = "log-log") and quantile(fit, 0.5)',
    (name, group) => {
      expectTimeToResponse(summarizeTimeToResponse(eventTimesOf(group.clients)), group.timeToResponse, name);
    },
  );

  it.each(expected.groups.map((group) => [group.name, group] as const))(
    'durability of %s: t.test and prop.test(correct = FALSE)',
    (name, group) => {
      const inputs = durabilityInputsOf(
        group.durabilityClients,
        group.clientsWithFollowup,
        expected.mcid,
        'higher-is-better',
      );
      expectDurability(summarizeDurability(inputs, expected.mcid), group.durability, name);
    },
  );

  it('responseComparison: survdiff', () => {
    expectResponseComparison(
      logRankTest(expected.groups.map((group) => eventTimesOf(group.clients))),
      expected.responseComparison,
    );
  });
});
