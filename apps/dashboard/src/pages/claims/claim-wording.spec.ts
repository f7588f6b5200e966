import { benefitText, pairLabel } from '../../format/claim-text.js';
import { clientsText, periodText, plainReason, refusalHeadline } from './claim-wording.js';

describe('claims in words', () => {
  it('names the comparison and the benefit with its interval', () => {
    expect(pairLabel('trigger_point_release', 'waitlist')).toBe('Trigger point release vs Waitlist');
    expect(benefitText({ benefit: 28.37, ciLow: 10.8, ciHigh: 46.02 }, 'kPa')).toBe(
      '+28 kPa (95% CI 11 to 46)',
    );
    expect(
      clientsText({ treatment: 'trigger_point_release', control: 'waitlist', nTreatment: 45, nControl: 41 }),
    ).toBe('45 clients with trigger point release, 41 with waitlist');
  });

  it('gives the period of the data, or says what is unknown', () => {
    expect(periodText({ from: '2013-01-09', to: '2014-04-03' })).toBe('9 Jan 2013 to 3 Apr 2014');
    expect(periodText({ from: null, to: null })).toBe('dates not recorded');
    expect(periodText({ from: '2013-01-09', to: null })).toBe('from 9 Jan 2013');
    expect(periodText(undefined)).toBe('dates not recorded');
  });

  it('heads a refusal with what may not be said', () => {
    expect(refusalHeadline({ treatment: 'swedish', control: 'waitlist', missing: [] })).toBe(
      'We may not claim that swedish works better than waitlist',
    );
    expect(refusalHeadline({ treatment: null, control: null, missing: [] })).toBe(
      'No claim can be made from this data',
    );
  });
});

describe('the API’s reasons, for a marketing reader', () => {
  // The sentences of apps/api/src/claims/claim-evaluator.ts.
  it.each([
    [
      'no controlled comparison: the data have no sham or wait-list group (groups: deep_tissue, swedish); a claim that a technique works needs clients who did not receive it, measured the same way',
      /^There is no comparison group\. To claim that a technique works, the data must include clients who did not receive it/,
    ],
    [
      'too few clients: 12 with swedish at session 12, at least 30 needed',
      /^Too few clients: only 12 clients in the swedish group had a result at session 12; a claim needs at least 30 in each group\.$/,
    ],
    [
      'too few clients: fewer than 11 in myofascial_release, whose numbers are not published',
      /^Withheld by small-cell suppression: the myofascial release group has fewer than 11 clients, so none of its results may be published/,
    ],
    [
      'too few clients: 1 in waitlist at session 12, at least 30 needed',
      /^Too few clients: only 1 client in the waitlist group/,
    ],
    [
      'not significant after adjusting for 3 comparisons: Holm-adjusted p = 0.210, below 0.05 needed',
      /^The difference could be down to chance: 3 comparisons were made at once.*adjusted p = 0\.210; it must be below 0\.05\)\.$/,
    ],
    ['the 95% interval of the difference includes zero (-3.10 to 12.0 kPa)', /^The result is too uncertain/],
    [
      'sham_ultrasound did worse than waitlist: no favourable claim can be made',
      /^Sham ultrasound did worse than waitlist/,
    ],
    [
      'no comparison at an endpoint: clients need a value at session 1 and at a later session (endpoint none)',
      /^Not enough follow-up/,
    ],
    [
      'the difference cannot be tested (too few clients with a change, or no variation)',
      /^The difference cannot be tested/,
    ],
    ['no treated group: every group is a control', /^Every group is a comparison group/],
  ])('%s', (missing, plain) => {
    expect(plainReason(missing)).toMatch(plain);
  });

  it('keeps a reason it does not know, as the API wrote it', () => {
    expect(plainReason('the data are older than two years')).toBe('The data are older than two years.');
  });

  it('heads an observational refusal with the result that may not be stated', () => {
    expect(refusalHeadline({ kind: 'observational', treatment: 'all', control: null, missing: [] })).toBe(
      'We may not state a result for all clients',
    );
    expect(refusalHeadline({ kind: 'observational', treatment: 'swedish', control: null, missing: [] })).toBe(
      'We may not state the results of swedish',
    );
  });

  it('names small-cell suppression when it is the cause, not a lack of follow-up', () => {
    expect(
      plainReason(
        'suppressed: fewer than 11 clients of myofascial_release have a change at session 12, so small-cell suppression withholds the comparison',
      ),
    ).toBe(
      'Withheld by small-cell suppression: fewer than 11 clients of the myofascial release group had a result at session 12, so the comparison is not published.',
    );
    expect(
      plainReason(
        'suppressed: swedish is withheld by small-cell suppression (fewer than 11 clients, or withheld so that a smaller group cannot be worked out by subtraction), so no claim can rest on it',
      ),
    ).toMatch(/^Withheld by small-cell suppression: the swedish group has fewer than 11 clients/);
    expect(
      plainReason(
        "suppressed: the figure for all clients is not offered while small-cell suppression withholds swedish, trigger_point_release (all clients minus the published groups would give the withheld groups' numbers by subtraction)",
      ),
    ).toBe(
      'Withheld by small-cell suppression: a figure for all clients would let the hidden results (swedish, trigger point release) be worked out by subtraction, so it is not offered.',
    );
    expect(
      plainReason(
        'too few clients: 25 in deep_tissue with a change from their first to their last session, at least 30 needed',
      ),
    ).toBe(
      'Too few clients: only 25 clients of the deep tissue group had a result at their first and a later session; a claim needs at least 30.',
    );
  });
});
