/**
 * The claim rules, scenario by scenario, on reports shaped as the report builder makes them (only
 * the fields the rules read are filled in). End-to-end claims from real data are in claims.controller.spec.ts.
 */
import { MEASURES, type GroupComparison, type OutcomesReport } from '@threshold/stats';
import { evaluateClaims, isControlGroup } from './claim-evaluator.js';

function comparison(a: string, b: string, fields: Partial<GroupComparison>): GroupComparison {
  return {
    a, b, endpointSession: 12, nA: 40, nB: 40, diff: 30, ciLow: 20, ciHigh: 40, t: 6, df: 70, p: 1e-6, pHolm: 2e-6,
    hedgesG: 1.2, gCiLow: 0.7, gCiHigh: 1.7, ancova: null, ...fields,
  };
}

function report(groups: string[], comparisons: GroupComparison[], measure = 'ppt'): OutcomesReport {
  return {
    version: 1, measure, unit: MEASURES[measure].canonicalUnit, site: 'all', by: 'technique', mcid: 20.6,
    reference: groups[0], endpointSession: 12,
    groups: groups.map((name) => ({ name, nClients: 40, sessions: [], withinSession: [], cumulative: [], courseChange: { n: 0, meanChange: null, sd: null, ciLow: null, ciHigh: null, t: null, df: null, p: null }, responders: { threshold: 20.6, n: 0, count: 0, rate: null, ciLow: null, ciHigh: null }, timeToResponse: null, durability: null })),
    comparisons, responseComparison: null, trajectory: null,
  };
}

describe('claims', () => {
  it('recognises sham and wait-list groups as controls', () => {
    expect(['sham_ultrasound', 'waitlist', 'wait_list', 'Sham massage', 'placebo'].every(isControlGroup)).toBe(true);
    expect(['trigger_point_release', 'deep_tissue', 'shampoo_massage'].some(isControlGroup)).toBe(false);
  });

  it('supports a large, significant benefit over a wait-list, oriented treatment minus control', () => {
    // b - a = waitlist - trigger_point_release = -30: the treatment is 30 kPa better.
    const result = evaluateClaims(
      report(['trigger_point_release', 'waitlist'], [comparison('trigger_point_release', 'waitlist', { diff: -30, ciLow: -40, ciHigh: -20, nA: 35, nB: 31 })]),
      MEASURES.ppt,
    );
    expect(result.refusals).toEqual([]);
    expect(result.supported).toEqual([
      expect.objectContaining({ treatment: 'trigger_point_release', control: 'waitlist', benefit: 30, ciLow: 20, ciHigh: 40, nTreatment: 35, nControl: 31 }),
    ]);
  });

  it('refuses without a control group, saying so', () => {
    const result = evaluateClaims(report(['deep_tissue', 'trigger_point_release'], [comparison('deep_tissue', 'trigger_point_release', {})]), MEASURES.ppt);
    expect(result.supported).toEqual([]);
    expect(result.refusals[0].missing[0]).toMatch(/no controlled comparison/);
  });

  it('refuses small groups, naming the group and its size', () => {
    const result = evaluateClaims(report(['massage', 'sham'], [comparison('massage', 'sham', { nA: 21, nB: 19, diff: -30, ciLow: -40, ciHigh: -20 })]), MEASURES.ppt);
    expect(result.refusals[0].missing).toEqual([
      'too few clients: 21 with massage at session 12, at least 30 needed',
      'too few clients: 19 in sham at session 12, at least 30 needed',
    ]);
  });

  it('refuses when Holm-adjusted p is not below 0.05, or the interval includes zero', () => {
    const result = evaluateClaims(
      report(['massage', 'sham'], [comparison('massage', 'sham', { diff: -5, ciLow: -11, ciHigh: 1, p: 0.09, pHolm: 0.09 })]),
      MEASURES.ppt,
    );
    expect(result.refusals[0].missing).toEqual([
      expect.stringMatching(/Holm-adjusted p = 0.090/),
      expect.stringMatching(/interval of the difference includes zero/),
    ]);
  });

  it('refuses a treatment that did worse than its control', () => {
    const result = evaluateClaims(report(['massage', 'sham'], [comparison('massage', 'sham', { diff: 12, ciLow: 5, ciHigh: 19 })]), MEASURES.ppt);
    expect(result.refusals[0].missing).toEqual(['massage did worse than sham: no favourable claim can be made']);
  });

  it('reads a fall as the benefit when lower is better (pain)', () => {
    // b - a = waitlist - massage = +2 points of pain: massage is 2 points better.
    const result = evaluateClaims(
      report(['massage', 'waitlist'], [comparison('massage', 'waitlist', { diff: 2, ciLow: 1, ciHigh: 3 })], 'pain_nrs'),
      MEASURES.pain_nrs,
    );
    expect(result.supported[0]).toMatchObject({ benefit: 2, ciLow: 1, ciHigh: 3 });
  });
});
