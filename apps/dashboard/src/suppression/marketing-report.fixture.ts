/**
 * A report as the API sends it to marketing (apps/api/src/reports/suppression/marketing-view.ts):
 * one group withheld whole, and withheld cells inside the published groups. The withheld cells
 * carry planted numbers (SECRET) that the API would never send: the dashboard must drop them all
 * the same, so tests can check that no chart, table or CSV ever shows one. For unit tests only.
 */
import type { ApiReport } from '../api/report-types.js';

/** A value no published number equals: if it shows up anywhere, a withheld number leaked. */
export const SECRET = 987.654321;

const cell = (session: number, phase: 'pre' | 'post', n: number, mean: number) => ({
  session,
  phase,
  n,
  mean,
  sd: 50,
  ciLow: mean - 20,
  ciHigh: mean + 20,
  median: mean,
});

const withheldCell = (session: number, phase: 'pre' | 'post') => ({
  session,
  phase,
  suppressed: true,
  sizeBand: '1-10',
  n: null,
  mean: SECRET,
  sd: null,
  ciLow: SECRET,
  ciHigh: null,
  median: null,
});

const change = (session: number, n: number, meanChange: number) => ({
  session,
  n,
  meanChange,
  sd: 30,
  ciLow: meanChange - 10,
  ciHigh: meanChange + 10,
  t: 3,
  df: n - 1,
  p: 0.01,
});

const withheldChange = (session: number) => ({
  session,
  suppressed: true,
  sizeBand: '1-10',
  n: null,
  meanChange: SECRET,
  sd: null,
  ciLow: null,
  ciHigh: SECRET,
  t: null,
  df: null,
  p: null,
});

export function marketingReport(): ApiReport {
  return {
    version: 1,
    measure: 'ppt',
    unit: 'kPa',
    site: 'all',
    by: 'technique',
    mcid: 20.6,
    reference: 'deep_tissue',
    endpointSession: 12,
    suppression: { minimum: 11, groups: ['myofascial_release'] },
    groups: [
      {
        name: 'deep_tissue',
        nClients: 120,
        sessions: [
          cell(1, 'pre', 120, 300),
          cell(1, 'post', 110, 312),
          cell(6, 'pre', 60, 318),
          withheldCell(12, 'pre'),
        ],
        withinSession: [
          { ...change(1, 110, 12), dz: 0.4 },
          { ...withheldChange(12), dz: null },
        ],
        cumulative: [change(6, 60, 18), withheldChange(12)],
        responders: { threshold: 20.6, n: 60, count: 24, rate: 0.4, ciLow: 0.28, ciHigh: 0.53 },
      },
      {
        name: 'myofascial_release',
        suppressed: true,
        sizeBand: '1-10',
        nClients: null,
        sessions: [],
        withinSession: [],
        cumulative: [],
        responders: null,
      },
      {
        name: 'swedish',
        nClients: 200,
        sessions: [
          cell(1, 'pre', 200, 290),
          cell(1, 'post', 190, 301),
          cell(6, 'pre', 90, 305),
          cell(12, 'pre', 30, 310),
        ],
        withinSession: [{ ...change(1, 190, 11), dz: 0.35 }],
        cumulative: [change(6, 90, 15), change(12, 30, 20)],
        // Too few responders' clients to publish: numbers withheld, the threshold kept.
        responders: {
          threshold: 20.6,
          suppressed: true,
          sizeBand: '1-10',
          n: null,
          count: null,
          rate: SECRET,
          ciLow: null,
          ciHigh: null,
        },
      },
    ],
    comparisons: [
      {
        a: 'deep_tissue',
        b: 'swedish',
        endpointSession: 6,
        nA: 60,
        nB: 90,
        diff: -3,
        ciLow: -12,
        ciHigh: 6,
        t: -0.6,
        df: 140,
        p: 0.5,
        pHolm: 0.5,
        hedgesG: -0.1,
        gCiLow: -0.4,
        gCiHigh: 0.2,
        ancova: null,
      },
      // The API leaves such a pair out; if one slipped through, the dashboard drops it.
      {
        a: 'myofascial_release',
        b: 'swedish',
        endpointSession: 6,
        nA: 5,
        nB: 90,
        diff: SECRET,
        ciLow: 1,
        ciHigh: 2,
        t: 1,
        df: 10,
        p: 0.3,
        pHolm: 0.6,
        hedgesG: 0.1,
        gCiLow: 0,
        gCiHigh: 0.2,
        ancova: null,
      },
    ],
    responseComparison: null,
  trajectory: null,
  };
}
