import { eventTimesOf, mergeEventTimes } from './event-times.js';
import { kaplanMeier } from './kaplan-meier.js';

describe('eventTimesOf', () => {
  it('counts events and censorings per distinct time, ascending', () => {
    const table = eventTimesOf([
      { t: 2, responded: true },
      { t: 1, responded: false },
      { t: 2, responded: false },
      { t: 2, responded: true },
      { t: 0, responded: false },
    ]);
    expect(table).toEqual([
      { t: 0, nEvent: 0, nCensor: 1 },
      { t: 1, nEvent: 0, nCensor: 1 },
      { t: 2, nEvent: 2, nCensor: 1 },
    ]);
  });

  it('refuses negative or non-finite times', () => {
    expect(() => eventTimesOf([{ t: -1, responded: true }])).toThrow(RangeError);
    expect(() => eventTimesOf([{ t: Number.NaN, responded: false }])).toThrow(RangeError);
  });
});

describe('mergeEventTimes', () => {
  it('adds tables time by time, as the table of all their clients', () => {
    const a = [
      { t: 1, responded: true },
      { t: 3, responded: false },
    ];
    const b = [
      { t: 1, responded: false },
      { t: 2, responded: true },
      { t: 3, responded: true },
    ];
    expect(mergeEventTimes(eventTimesOf(a), eventTimesOf(b))).toEqual(eventTimesOf([...a, ...b]));
  });
});

describe('kaplanMeier', () => {
  it('refuses times that are not distinct and ascending', () => {
    expect(() =>
      kaplanMeier([
        { t: 2, nEvent: 1, nCensor: 0 },
        { t: 1, nEvent: 1, nCensor: 0 },
      ]),
    ).toThrow(RangeError);
  });
});
