/**
 * The rules of a claim about the median sessions to a meaningful change, scenario by scenario, on
 * curves computed from clients' times (the Kaplan-Meier numbers themselves are pinned to R in
 * libs/stats). The figure for all clients, pooled from the groups' counts, is checked here against
 * the curve of the clients' times put together, and in claims-demo.spec.ts against the report
 * by=all (the same clients grouped by SQL).
 */
import { eventTimesOf, MEASURES, summarizeTimeToResponse, type TimeToEvent, type TimeToResponseSummary } from '@threshold/stats';
import type { ClaimEntity } from '../database/entities/claim.entity.js';
import type { ScopeEvaluation } from './claim-evaluation.js';
import { failedCriteria } from './claim-life.service.js';
import { timeToResponseStatement } from './claim-statement.js';
import { forbiddenWords } from './forbidden-wording.js';
import { evaluateTimeToResponse, followedAt, type TimeToResponseGroup } from './time-to-response-claims.js';

/**
 * n clients: `responders` of them respond after 1, 2, 3, … sessions in turn (cycling through
 * `spread` values), the rest are censored after `censoredAt` sessions.
 */
function clients(n: number, responders: number, spread: number, censoredAt: number): TimeToEvent[] {
  return Array.from({ length: n }, (_, index) =>
    index < responders ? { t: 1 + (index % spread), responded: true } : { t: censoredAt, responded: false },
  );
}

function curveOf(times: TimeToEvent[]): TimeToResponseSummary {
  return summarizeTimeToResponse(eventTimesOf(times)) as TimeToResponseSummary;
}

function group(name: string, times: TimeToEvent[], suppressed = false): TimeToResponseGroup {
  return { name, suppressed, timeToResponse: curveOf(times) };
}

const rules = { suppressedGroups: [] as string[], suppressionMinimum: 11, minClients: 30 };

describe('claims about the median sessions to a meaningful change', () => {
  it('supports each technique whose median and interval are reached with enough clients followed, and all clients pooled exactly', () => {
    const a = clients(60, 45, 6, 10);
    const b = clients(50, 35, 8, 12);
    const result = evaluateTimeToResponse({ ...rules, groups: [group('deep_tissue', a), group('swedish', b)] });
    expect(result.refusals).toEqual([]);
    expect(result.supported.map((claim) => claim.group)).toEqual(['all', 'deep_tissue', 'swedish']);
    const pooled = curveOf([...a, ...b]);
    const all = result.supported[0];
    expect(all).toMatchObject({
      n: 110,
      events: 80,
      medianSessions: pooled.medianSessions,
      ciLow: pooled.ciLow,
      ciHigh: pooled.ciHigh,
    });
    for (const claim of result.supported) {
      expect(claim.followedAtUpperEnd).toBeGreaterThanOrEqual(11);
      expect(claim.followedAtMedian).toBeGreaterThanOrEqual(claim.followedAtUpperEnd);
    }
    // Clients still followed after t sessions, counted from the clients directly.
    const swedish = result.supported[2];
    expect(swedish.followedAtMedian).toBe(b.filter((client) => client.t >= swedish.medianSessions).length);
  });

  it('refuses too few clients and a median not reached, naming the group', () => {
    const result = evaluateTimeToResponse({
      ...rules,
      groups: [group('deep_tissue', clients(20, 15, 4, 6)), group('swedish', clients(60, 10, 4, 8))],
    });
    expect(result.refusals.find((refusal) => refusal.treatment === 'deep_tissue')?.missing).toEqual([
      'too few clients: 20 in deep_tissue with a value at session 1, at least 30 needed',
      // and so, here, too few still followed at the interval's upper end
      expect.stringMatching(/^suppressed: \d clients of deep_tissue are still followed after \d sessions/),
    ]);
    expect(result.refusals.find((refusal) => refusal.treatment === 'swedish')?.missing).toEqual([
      'fewer than half of swedish reached a meaningful change while followed: the median is not reached',
    ]);
  });

  it('refuses a median whose interval ends where fewer clients than the suppression minimum are still followed', () => {
    // 40 clients, most stop after 2 sessions; 8 stay and respond late: the median and its upper
    // end rest on those few.
    const times: TimeToEvent[] = [
      ...Array.from({ length: 14 }, () => ({ t: 1, responded: true })),
      ...Array.from({ length: 18 }, () => ({ t: 2, responded: false })),
      ...Array.from({ length: 8 }, (_, index) => ({ t: 3 + index, responded: true })),
    ];
    const curve = curveOf(times);
    expect(curve.medianSessions).not.toBeNull();
    const result = evaluateTimeToResponse({ ...rules, groups: [group('swedish', times)] });
    const refusal = result.refusals.find((candidate) => candidate.treatment === 'swedish');
    expect(refusal?.missing).toEqual([
      expect.stringMatching(/^suppressed: \d clients of swedish are still followed after \d+ sessions \(the upper end of the median's interval\), fewer than the suppression minimum of 11$/),
    ]);
    expect(followedAt(curve, curve.ciHigh ?? curve.medianSessions!)).toBeLessThan(11);
  });

  it('refuses a withheld group, and all clients while any group is withheld', () => {
    const result = evaluateTimeToResponse({
      ...rules,
      suppressedGroups: ['myofascial_release'],
      groups: [
        group('deep_tissue', clients(60, 45, 6, 10)),
        { name: 'myofascial_release', suppressed: true, timeToResponse: null },
      ],
    });
    expect(result.supported.map((claim) => claim.group)).toEqual(['deep_tissue']);
    expect(result.refusals.map((refusal) => [refusal.treatment, refusal.missing[0]])).toEqual([
      ['all', expect.stringMatching(/^suppressed: the figure for all clients is not offered while small-cell suppression withholds myofascial_release/)],
      ['myofascial_release', expect.stringMatching(/^suppressed: myofascial_release is withheld by small-cell suppression/)],
    ]);
  });

  it('words the claim as the issue gives it, after K sessions with its interval, with no forbidden word', () => {
    const [claim] = evaluateTimeToResponse({ ...rules, groups: [group('trigger_point_release', clients(60, 45, 6, 10))] }).supported.slice(1);
    const statement = timeToResponseStatement(claim, MEASURES.ppt, { from: '2024-01-02', to: '2025-03-04' }, 20.6);
    expect(statement).toBe(
      `Half of our clients treated with trigger-point release between 2024-01-02 and 2025-03-04 reached a clinically meaningful improvement (at least 20.6 kPa in pressure-pain threshold since their first session) after ${claim.medianSessions} sessions (95% CI ${claim.ciLow} to ${claim.ciHigh}; 60 clients, those who stopped earlier counted for the sessions they had). This is the change in our own clients over their treatment, not a comparison with clients who were not treated.`,
    );
    expect(forbiddenWords(statement)).toEqual([]);
    const custom = timeToResponseStatement(claim, MEASURES.ppt, { from: null, to: null }, 30);
    expect(custom).toContain(
      `Half of our clients treated with trigger-point release reached an improvement of the size chosen for this claim (at least 30.0 kPa in pressure-pain threshold since their first session) after ${claim.medianSessions} sessions (95% CI ${claim.ciLow} to ${claim.ciHigh}; 60 clients`,
    );
  });

  it('is re-checked by its own rules at a new data version, apart from the change claim of the same group', () => {
    const stored = { kind: 'observational', treatment: 'swedish', criteria: { about: 'time-to-response' } } as unknown as ClaimEntity;
    const changeClaim = { kind: 'observational', treatment: 'swedish', criteria: {} } as unknown as ClaimEntity;
    const now = (times: TimeToEvent[]) =>
      ({
        observational: { supported: [{ group: 'swedish' }], refusals: [] },
        timeToResponse: evaluateTimeToResponse({ ...rules, groups: [group('swedish', times)] }),
      }) as unknown as ScopeEvaluation;
    expect(failedCriteria(stored, now(clients(60, 45, 6, 10)))).toEqual([]);
    // Fewer than half respond now: the median claim fails, the change claim is judged apart.
    expect(failedCriteria(stored, now(clients(60, 10, 6, 10)))).toEqual([
      'fewer than half of swedish reached a meaningful change while followed: the median is not reached',
    ]);
    expect(failedCriteria(changeClaim, now(clients(60, 10, 6, 10)))).toEqual([]);
  });
});
