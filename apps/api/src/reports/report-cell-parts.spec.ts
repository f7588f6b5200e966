/**
 * Cells of a report computed in parts (each part a range of clients) merge into the cells of the
 * whole: checked against the statistics of all the values at once, computed by libs/stats.
 */
import { crossProductsOf, medianOf, momentsOf } from '@threshold/stats';
import { clientIdRanges, mergeReportCellParts, type ReportCellPart } from './report-cell-parts.js';

/** A part's cell from its raw values, as the report statement computes it (var_samp is null below 2 values). */
function cellOf(
  group: string,
  session: number,
  values: { pre: number[]; post: number[]; baseline: number[] },
): ReportCellPart {
  const describe = (xs: number[]) => {
    const m = momentsOf(xs);
    return { n: m.n, mean: m.n === 0 ? null : m.mean, variance: m.n < 2 ? null : m.m2 / (m.n - 1) };
  };
  const pre = describe(values.pre);
  const post = describe(values.post);
  const within = describe(values.post.map((x, i) => x - values.pre[i]));
  const cumulative = describe(values.pre.map((x, i) => x - values.baseline[i]));
  const endpoint = crossProductsOf(values.baseline, values.pre);
  const responded = values.pre.filter((x, i) => x - values.baseline[i] >= 20);
  const sinceStart = describe(values.post.map((x, i) => x - values.baseline[i]));
  const sinceEnd = describe(values.post.map((x, i) => x - values.pre[i]));
  const some = endpoint.n > 0;
  return {
    group,
    session,
    clients: values.pre.length,
    preN: pre.n,
    preMean: pre.mean,
    preVariance: pre.variance,
    preValues: Float64Array.from(values.pre),
    postN: post.n,
    postMean: post.mean,
    postVariance: post.variance,
    postValues: Float64Array.from(values.post),
    withinN: within.n,
    withinMean: within.mean,
    withinVariance: within.variance,
    cumulativeN: cumulative.n,
    cumulativeMean: cumulative.mean,
    cumulativeVariance: cumulative.variance,
    respondersN: values.pre.length,
    respondersCount: values.pre.filter((x, i) => x - values.baseline[i] >= 20).length,
    courseMean: cumulative.mean,
    courseVariance: cumulative.variance,
    endpointN: endpoint.n,
    endpointMeanX: some ? endpoint.meanX : null,
    endpointMeanY: some ? endpoint.meanY : null,
    endpointSxx: some ? endpoint.sxx : null,
    endpointSxy: some ? endpoint.sxy : null,
    endpointSyy: some ? endpoint.syy : null,
    trajectoryClients: values.pre.length === 0 ? null : Float64Array.from(values.pre.flatMap((y) => [1, 0, 0, y, 0, y * y])),
    // Course of treatment: post stands for the follow-up and pre for the end of the course here.
    responseEvents: responded.length,
    responseCensored: values.pre.length - responded.length,
    followupClients: values.post.length,
    durabilityN: sinceStart.n,
    sinceStartMean: sinceStart.mean,
    sinceStartVariance: sinceStart.variance,
    sinceEndMean: sinceEnd.mean,
    sinceEndVariance: sinceEnd.variance,
    followupResponders: values.post.filter((x, i) => x - values.baseline[i] >= 20).length,
    endResponders: responded.length,
    heldResponders: values.post.filter(
      (x, i) => x - values.baseline[i] >= 20 && values.pre[i] - values.baseline[i] >= 20,
    ).length,
    daysToFollowup: values.post.map((x) => Math.round(x) % 60),
    undatedFollowups: 0,
  };
}

const PRE = [301.5, 288, 342.25, 275, 310, 356.5, 299, 320.75, 281, 333];
const POST = [322, 301.5, 350, 290.25, 331, 360, 305.5, 338, 300, 341];
const BASELINE = [290, 280, 330, 270, 300, 340, 295, 310, 279, 325];

function slice(from: number, to: number) {
  return { pre: PRE.slice(from, to), post: POST.slice(from, to), baseline: BASELINE.slice(from, to) };
}

describe('mergeReportCellParts', () => {
  it('gives the cell of all the values from cells of parts of them (uneven parts, one of a single client)', () => {
    const whole = cellOf('massage', 4, slice(0, 10));
    const [merged] = mergeReportCellParts([
      cellOf('massage', 4, slice(0, 6)),
      cellOf('massage', 4, slice(6, 7)),
      cellOf('massage', 4, slice(7, 10)),
    ]);
    const { preValues, postValues, ...rest } = whole;
    expect(merged.preMedian).toBe(medianOf(Array.from(preValues)));
    expect(merged.postMedian).toBe(medianOf(Array.from(postValues)));
    for (const [key, value] of Object.entries(rest)) {
      const actual = merged[key as keyof typeof merged];
      if (typeof value === 'number' && !Number.isInteger(value)) expect(actual).toBeCloseTo(value, 9);
      else expect(actual).toEqual(value);
    }
  });

  it('keeps a cell that only one part has, and cells of different groups and sessions apart', () => {
    const merged = mergeReportCellParts([
      // The first part's cells, then the second's.
      cellOf('massage', 1, slice(0, 3)),
      cellOf('sham', 1, slice(3, 5)),
      cellOf('massage', 1, slice(5, 8)),
      cellOf('massage', 12, slice(8, 10)),
    ]);
    const keys = merged.map((cell) => `${cell.group}/${cell.session}`).sort();
    expect(keys).toEqual(['massage/1', 'massage/12', 'sham/1']);
    const massage1 = merged.find((cell) => cell.group === 'massage' && cell.session === 1);
    expect(massage1).toMatchObject({
      clients: 6,
      preN: 6,
      preMedian: medianOf([...PRE.slice(0, 3), ...PRE.slice(5, 8)]),
    });
    // Six clients, six sums each, part after part.
    expect(massage1?.trajectoryClients).toHaveLength(36);
    expect(merged.find((cell) => cell.group === 'sham')).toMatchObject({ clients: 2, preN: 2 });
  });

  it('leaves statistics of no values null and of one value without a variance, as the single statement does', () => {
    const [merged] = mergeReportCellParts([
      cellOf('sham', 2, { pre: [300], post: [], baseline: [290] }),
      cellOf('sham', 2, { pre: [], post: [], baseline: [] }),
    ]);
    expect(merged).toMatchObject({
      preN: 1,
      preMean: 300,
      preVariance: null,
      preMedian: 300,
      postN: 0,
      postMean: null,
      postVariance: null,
      postMedian: null,
      withinN: 0,
      withinMean: null,
      endpointN: 1,
      endpointSxx: 0,
    });
  });
});

describe('clientIdRanges', () => {
  it('cuts [low, high] into contiguous ranges that cover every id once', () => {
    expect(clientIdRanges(1n, 100000n, 2)).toEqual([
      { fromClientId: '1', toClientId: '50000' },
      { fromClientId: '50001', toClientId: '100000' },
    ]);
    const ranges = clientIdRanges(7n, 17n, 3);
    expect(ranges[0].fromClientId).toBe('7');
    expect(ranges.at(-1)?.toClientId).toBe('17');
    for (let i = 1; i < ranges.length; i++)
      expect(BigInt(ranges[i].fromClientId)).toBe(BigInt(ranges[i - 1].toClientId) + 1n);
  });

  it('makes no more ranges than there are ids', () => {
    expect(clientIdRanges(5n, 5n, 4)).toEqual([{ fromClientId: '5', toClientId: '5' }]);
    expect(clientIdRanges(5n, 6n, 4)).toHaveLength(2);
  });
});
