import {
  addGroupBlock,
  fullDesign,
  groupBlock,
  groupCoefficients,
  withoutAliasedColumns,
} from './fixed-effects-design.js';
import { zeroMatrix } from './small-matrix.js';

describe('fixed-effects design of value ~ time * group', () => {
  it("names and orders the terms as R's treatment coding", () => {
    const design = fullDesign(['ref', 'b', 'c']);
    expect(design.allTerms).toEqual([
      '(Intercept)',
      'time',
      'group[b]',
      'group[c]',
      'time:group[b]',
      'time:group[c]',
    ]);
    expect(design.interceptColumns).toEqual([[0], [0, 2], [0, 3]]);
    expect(design.slopeColumns).toEqual([[1], [1, 4], [1, 5]]);
    expect(fullDesign(['only']).allTerms).toEqual(['(Intercept)', 'time']);
  });

  it("places a group's 2 x 2 block by E_g and reads it back", () => {
    const design = fullDesign(['ref', 'b']);
    const target = zeroMatrix(4);
    addGroupBlock(target, design, 1, { m00: 1, m01: 2, m11: 3 });
    expect(target).toEqual([
      [1, 2, 1, 2],
      [2, 3, 2, 3],
      [1, 2, 1, 2],
      [2, 3, 2, 3],
    ]);
    expect(groupBlock(target, design, 0)).toEqual({ m00: 1, m01: 2, m11: 3 });
    expect(groupCoefficients([10, 1, 5, 0.5], design, 1)).toEqual([15, 1.5]);
  });

  it('drops time:group[B] when every client of B was measured at time 0 only, and both terms of an empty group', () => {
    const design = fullDesign(['ref', 'b', 'c', 'd']);
    const reduced = withoutAliasedColumns(design, [
      { m00: 40, m01: 120, m11: 560 },
      { m00: 10, m01: 0, m11: 0 },
      { m00: 30, m01: 45, m11: 100 },
      { m00: 0, m01: 0, m11: 0 },
    ]);
    expect(reduced.keptTerms.map((k) => design.allTerms[k])).toEqual([
      '(Intercept)',
      'time',
      'group[b]',
      'group[c]',
      'time:group[c]',
    ]);
    expect(reduced.p).toBe(5);
    expect(reduced.interceptColumns).toEqual([[0], [0, 2], [0, 3], [0]]);
    expect(reduced.slopeColumns).toEqual([[1], [1], [1, 4], [1]]);
  });
});
