import type { Claim } from '../api/api-types.js';
import { toCsv } from '../export/csv.js';
import { claimsForestPlot } from './claims-forest-plot.js';

const claim: Claim = {
  id: 7,
  treatment: 'trigger_point_release',
  control: 'waitlist',
  statement:
    'Clients treated with trigger point release had higher pressure-pain thresholds than clients on a waiting list.',
  benefit: 28.4,
  ciLow: 10.8,
  ciHigh: 46,
  nTreatment: 45,
  nControl: 41,
  pHolm: 0.004,
  hedgesG: 0.62,
  endpointSession: 12,
  limits: ['not randomised'],
  evidenceUrl: '/api/claims/7/evidence',
};

describe('the claims’ forest plot', () => {
  it('has a row per claim, described in words with its interval and n', () => {
    const spec = claimsForestPlot([claim], 'kPa');
    expect(spec.id).toBe('claims-forest-plot');
    expect(spec.summary).toBe(
      'Benefit of each treatment over its control: Trigger point release vs Waitlist +28 kPa (95% CI 11 to 46), 45 and 41 clients, adjusted p 0.004.',
    );
    expect(toCsv(spec.rows, spec.columns).split('\r\n').slice(0, 2)).toEqual([
      'treatment,control,endpoint_session,n_treatment,n_control,benefit,ci_low,ci_high,p_holm,hedges_g',
      'trigger_point_release,waitlist,12,45,41,28.4,10.8,46,0.004,0.62',
    ]);
  });

  it('says so when no claim is supported', () => {
    expect(claimsForestPlot([], 'kPa').summary).toBe('No claim is supported.');
  });
});
