/** The values the session form asks about before sending: outside the contract's plausible ranges, in the algometer's unit. */
import type { SessionPayload } from '../../api/api-types.js';
import { humanize } from '../../format/labels.js';
import { implausibleValues } from './plausible-values.js';

const session = (changes: Partial<SessionPayload>): SessionPayload => ({
  clientId: 'c1',
  session: 1,
  date: null,
  technique: null,
  condition: null,
  clinic: null,
  therapist: null,
  unit: 'kg/cm2',
  sites: [],
  painNrs: { pre: null, post: null },
  headacheDays: null,
  ...changes,
});

describe('plausible values', () => {
  it('asks about a PPT reading above 2000 kPa in the unit typed (a kPa value typed as kg/cm2)', () => {
    const typed = session({
      sites: [{ site: 'upper_trapezius_left', pre: [3.1, null, 20.39], post: [310] }],
    });
    expect(implausibleValues(typed, humanize)).toEqual([
      {
        field: 'sites[0].post[0]',
        message:
          'Upper trapezius left, after, trial 1: 310 kg/cm2 is outside the plausible range (0 to 20.39 kg/cm2). Is the unit right?',
      },
    ]);
    // The same 310 in kPa is plausible; in lbf/in2 it is 2137 kPa, not.
    expect(implausibleValues({ ...typed, unit: 'kPa' }, humanize)).toEqual([]);
    expect(implausibleValues({ ...typed, unit: 'lbf/in2' }, humanize).map((found) => found.field)).toEqual([
      'sites[0].post[0]',
    ]);
  });

  it('asks about a negative reading, a pain rating outside 0 to 10 and headache days outside 0 to 28', () => {
    const typed = session({
      sites: [{ site: 'suboccipital_right', pre: [-1], post: [] }],
      painNrs: { pre: 11, post: 10 },
      headacheDays: 29,
    });
    expect(implausibleValues(typed, humanize).map((found) => found.field)).toEqual([
      'sites[0].pre[0]',
      'painNrs.pre',
      'headacheDays',
    ]);
  });
});
