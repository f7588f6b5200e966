/**
 * The observational claim rules, scenario by scenario, on groups shaped as the marketing report
 * gives them. The figure for all clients, pooled from the groups' summaries, is checked here
 * against the t-test of the raw changes put together, and in claims-demo.spec.ts against the
 * report by=all (the same clients grouped by SQL).
 */
import { MEASURES, momentsOf, pairedTTest, summariseResponders } from '@threshold/stats';
import { evaluateObservational, type ReportGroup } from './observational-claims.js';

function group(name: string, changes: number[], mcid = 20.6): ReportGroup {
  const test = pairedTTest(momentsOf(changes));
  return { name, courseChange: test, responders: summariseResponders(changes, mcid, 'higher-is-better') };
}

/** n changes around `mean` (a fixed spread, so the interval is known to exclude zero or not). */
function changes(n: number, mean: number, spread: number): number[] {
  return Array.from({ length: n }, (_, index) => mean + spread * (((index * 7) % 11) - 5) / 5);
}

const inputs = { suppressedGroups: [] as string[], suppressionMinimum: 11, minClients: 30, mcid: 20.6 };

describe('observational claims', () => {
  it('supports each technique with enough clients and an interval above zero, and all clients pooled exactly', () => {
    const a = changes(40, 15, 20);
    const b = changes(35, 10, 20);
    const result = evaluateObservational({ ...inputs, groups: [group('deep_tissue', a), group('swedish', b)] }, MEASURES.ppt);
    expect(result.refusals).toEqual([]);
    expect(result.supported.map((claim) => claim.group)).toEqual(['all', 'deep_tissue', 'swedish']);
    const pooled = pairedTTest(momentsOf([...a, ...b]));
    const all = result.supported[0];
    expect(all.n).toBe(75);
    expect(all.meanChange).toBeCloseTo(pooled.meanChange as number, 12);
    expect(all.sd).toBeCloseTo(pooled.sd as number, 12);
    expect(all.ciLow).toBeCloseTo(pooled.ciLow as number, 12);
    expect(all.ciHigh).toBeCloseTo(pooled.ciHigh as number, 12);
    expect(all.responders).toMatchObject(summariseResponders([...a, ...b], 20.6, 'higher-is-better'));
  });

  it('refuses too few clients, naming the group and its size, and an interval that includes zero', () => {
    const result = evaluateObservational({ ...inputs, groups: [group('deep_tissue', changes(20, 1, 20)), group('swedish', changes(40, 15, 20))] }, MEASURES.ppt);
    const refusal = result.refusals.find((candidate) => candidate.treatment === 'deep_tissue');
    expect(refusal).toEqual({
      kind: 'observational',
      treatment: 'deep_tissue',
      control: null,
      missing: [
        'too few clients: 20 in deep_tissue with a change from their first to their last session, at least 30 needed',
        expect.stringMatching(/^the 95% interval of the mean change includes zero \(-[\d.]+ to [\d.]+ kPa\)$/),
      ],
    });
  });

  it('refuses a group that got worse', () => {
    const result = evaluateObservational({ ...inputs, groups: [group('swedish', changes(40, -15, 5))] }, MEASURES.ppt);
    expect(result.supported).toEqual([]);
    expect(result.refusals.map((refusal) => refusal.missing[0])).toEqual([
      expect.stringMatching(/^all clients got worse on average/),
      expect.stringMatching(/^swedish got worse on average/),
    ]);
  });

  it('reads a fall as improvement when lower is better (pain)', () => {
    const pain = changes(40, -2, 1);
    const result = evaluateObservational(
      { ...inputs, mcid: 2, groups: [{ name: 'swedish', courseChange: pairedTTest(momentsOf(pain)), responders: summariseResponders(pain, 2, 'lower-is-better') }] },
      MEASURES.pain_nrs,
    );
    expect(result.refusals).toEqual([]);
    expect(result.supported[1]).toMatchObject({ group: 'swedish', n: 40 });
  });

  it('names suppression as the reason, and withholds all clients while any group is suppressed', () => {
    const result = evaluateObservational(
      {
        ...inputs,
        suppressedGroups: ['myofascial_release'],
        groups: [group('deep_tissue', changes(40, 15, 20)), { name: 'myofascial_release', suppressed: true, courseChange: null, responders: null }],
      },
      MEASURES.ppt,
    );
    expect(result.supported.map((claim) => claim.group)).toEqual(['deep_tissue']);
    expect(result.refusals.map((refusal) => [refusal.treatment, refusal.missing[0]])).toEqual([
      ['all', expect.stringMatching(/^suppressed: the figure for all clients is not offered while small-cell suppression withholds myofascial_release/)],
      ['myofascial_release', expect.stringMatching(/^suppressed: myofascial_release is withheld by small-cell suppression/)],
    ]);
  });

  it('names suppression when only the change of a published group is withheld', () => {
    const result = evaluateObservational(
      {
        ...inputs,
        groups: [
          group('deep_tissue', changes(40, 15, 20)),
          { name: 'swedish', courseChange: { n: undefined, meanChange: null, suppressed: true }, responders: { suppressed: true } },
        ],
      },
      MEASURES.ppt,
    );
    expect(result.refusals.map((refusal) => [refusal.treatment, refusal.missing[0]])).toEqual([
      ['all', expect.stringMatching(/^suppressed: the figure for all clients is not offered while small-cell suppression withholds the change of swedish/)],
      ['swedish', expect.stringMatching(/^suppressed: fewer than 11 clients of swedish have a change/)],
    ]);
  });
});
