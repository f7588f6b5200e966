/**
 * The cells a report statement returns (report-inputs.sql.ts), of every part when it was computed
 * in parts over ranges of clients (a ClientIdRange each), become one set of report cells here.
 * Every client lies in exactly one part, so each (group, session) cell of the whole is the merge
 * of that cell in every part: counts add, moments and cross-products merge exactly (Chan et al.'s
 * pairwise updates, mergeMoments and mergeCrossProducts of libs/stats), trajectory clients are
 * listed part after part, and the medians, which do not merge, are taken from the parts' values
 * put together. The same merge puts a report's groups together into one (inOneGroup).
 */
import {
  EMPTY_CROSS_PRODUCTS,
  EMPTY_MOMENTS,
  medianOf,
  mergeCrossProducts,
  mergeMoments,
  type CrossProducts,
  type Moments,
} from '@threshold/stats';
import { concatFloats } from './packed-floats.js';
import { crossProducts, moments, type ReportCell } from './report-inputs.from-cells.js';
import type { ClientIdRange } from './report-inputs.sql.js';

/** A (group, session) cell of one part: its pre and post values in place of their medians. */
export type ReportCellPart = Omit<ReportCell, 'preMedian' | 'postMedian'> & {
  preValues: Float64Array;
  postValues: Float64Array;
};

interface CellInProgress {
  group: string;
  session: number;
  clients: number;
  pre: Moments;
  post: Moments;
  within: Moments;
  cumulative: Moments;
  respondersN: number;
  respondersCount: number;
  course: Moments;
  endpoint: CrossProducts;
  preValues: Float64Array[];
  postValues: Float64Array[];
  trajectoryClients: Float64Array[];
  responseEvents: number;
  responseCensored: number;
  followupClients: number;
  sinceStart: Moments;
  sinceEnd: Moments;
  followupResponders: number;
  endResponders: number;
  heldResponders: number;
  daysToFollowup: number[];
  undatedFollowups: number;
}

/**
 * The cells as one group named `name`. Every client is in exactly one group of a report and no
 * statistic of a cell depends on the group but its name, so the cells of a report by technique,
 * put together per session by mergeReportCellParts, are those of the report by all on the same
 * question (the overview asks for both at once: reports.service.ts reads the data once for them).
 */
export function inOneGroup(cells: readonly ReportCellPart[], name: string): ReportCellPart[] {
  return cells.map((cell) => ({ ...cell, group: name }));
}

/** One cell per (group, session) from the cells of every part, in any order. */
export function mergeReportCellParts(parts: readonly ReportCellPart[]): ReportCell[] {
  const cells = new Map<string, CellInProgress>();
  for (const cell of parts) {
    const key = JSON.stringify([cell.group, cell.session]);
    const sofar = cells.get(key);
    if (sofar === undefined) cells.set(key, begin(cell));
    else add(sofar, cell);
  }
  return [...cells.values()].map(finish);
}

function begin(cell: ReportCellPart): CellInProgress {
  const started: CellInProgress = {
    group: cell.group,
    session: cell.session,
    clients: 0,
    pre: EMPTY_MOMENTS,
    post: EMPTY_MOMENTS,
    within: EMPTY_MOMENTS,
    cumulative: EMPTY_MOMENTS,
    respondersN: 0,
    respondersCount: 0,
    course: EMPTY_MOMENTS,
    endpoint: EMPTY_CROSS_PRODUCTS,
    preValues: [],
    postValues: [],
    trajectoryClients: [],
    responseEvents: 0,
    responseCensored: 0,
    followupClients: 0,
    sinceStart: EMPTY_MOMENTS,
    sinceEnd: EMPTY_MOMENTS,
    followupResponders: 0,
    endResponders: 0,
    heldResponders: 0,
    daysToFollowup: [],
    undatedFollowups: 0,
  };
  add(started, cell);
  return started;
}

function add(sofar: CellInProgress, cell: ReportCellPart): void {
  sofar.clients += cell.clients;
  sofar.pre = mergeMoments(sofar.pre, moments(cell.preN, cell.preMean, cell.preVariance));
  sofar.post = mergeMoments(sofar.post, moments(cell.postN, cell.postMean, cell.postVariance));
  sofar.within = mergeMoments(sofar.within, moments(cell.withinN, cell.withinMean, cell.withinVariance));
  sofar.cumulative = mergeMoments(
    sofar.cumulative,
    moments(cell.cumulativeN, cell.cumulativeMean, cell.cumulativeVariance),
  );
  sofar.respondersN += cell.respondersN;
  sofar.respondersCount += cell.respondersCount;
  sofar.course = mergeMoments(sofar.course, moments(cell.respondersN, cell.courseMean, cell.courseVariance));
  sofar.endpoint = mergeCrossProducts(sofar.endpoint, crossProducts(cell));
  sofar.preValues.push(cell.preValues);
  sofar.postValues.push(cell.postValues);
  if (cell.trajectoryClients !== null) sofar.trajectoryClients.push(cell.trajectoryClients);
  sofar.responseEvents += cell.responseEvents;
  sofar.responseCensored += cell.responseCensored;
  sofar.followupClients += cell.followupClients;
  sofar.sinceStart = mergeMoments(
    sofar.sinceStart,
    moments(cell.durabilityN, cell.sinceStartMean, cell.sinceStartVariance),
  );
  sofar.sinceEnd = mergeMoments(
    sofar.sinceEnd,
    moments(cell.durabilityN, cell.sinceEndMean, cell.sinceEndVariance),
  );
  sofar.followupResponders += cell.followupResponders;
  sofar.endResponders += cell.endResponders;
  sofar.heldResponders += cell.heldResponders;
  for (const days of cell.daysToFollowup) sofar.daysToFollowup.push(days);
  sofar.undatedFollowups += cell.undatedFollowups;
}

function finish(cell: CellInProgress): ReportCell {
  const endpoint = cell.endpoint;
  return {
    group: cell.group,
    session: cell.session,
    clients: cell.clients,
    preN: cell.pre.n,
    preMean: meanOf(cell.pre),
    preVariance: varianceOf(cell.pre),
    preMedian: medianOf(concatFloats(cell.preValues)),
    postN: cell.post.n,
    postMean: meanOf(cell.post),
    postVariance: varianceOf(cell.post),
    postMedian: medianOf(concatFloats(cell.postValues)),
    withinN: cell.within.n,
    withinMean: meanOf(cell.within),
    withinVariance: varianceOf(cell.within),
    cumulativeN: cell.cumulative.n,
    cumulativeMean: meanOf(cell.cumulative),
    cumulativeVariance: varianceOf(cell.cumulative),
    respondersN: cell.respondersN,
    respondersCount: cell.respondersCount,
    courseMean: meanOf(cell.course),
    courseVariance: varianceOf(cell.course),
    endpointN: endpoint.n,
    endpointMeanX: endpoint.n === 0 ? null : endpoint.meanX,
    endpointMeanY: endpoint.n === 0 ? null : endpoint.meanY,
    endpointSxx: endpoint.n === 0 ? null : endpoint.sxx,
    endpointSxy: endpoint.n === 0 ? null : endpoint.sxy,
    endpointSyy: endpoint.n === 0 ? null : endpoint.syy,
    trajectoryClients: cell.trajectoryClients.length === 0 ? null : concatFloats(cell.trajectoryClients),
    responseEvents: cell.responseEvents,
    responseCensored: cell.responseCensored,
    followupClients: cell.followupClients,
    durabilityN: cell.sinceStart.n,
    sinceStartMean: meanOf(cell.sinceStart),
    sinceStartVariance: varianceOf(cell.sinceStart),
    sinceEndMean: meanOf(cell.sinceEnd),
    sinceEndVariance: varianceOf(cell.sinceEnd),
    followupResponders: cell.followupResponders,
    endResponders: cell.endResponders,
    heldResponders: cell.heldResponders,
    daysToFollowup: cell.daysToFollowup,
    undatedFollowups: cell.undatedFollowups,
  };
}

function meanOf(moments: Moments): number | null {
  return moments.n === 0 ? null : moments.mean;
}

function varianceOf(moments: Moments): number | null {
  return moments.n < 2 ? null : moments.m2 / (moments.n - 1);
}

/** [low, high] cut into `parts` contiguous ranges of (nearly) equal width; fewer when there are fewer ids. */
export function clientIdRanges(low: bigint, high: bigint, parts: number): ClientIdRange[] {
  const width = high - low + 1n;
  const count = BigInt(parts) < width ? BigInt(parts) : width;
  const ranges: ClientIdRange[] = [];
  for (let i = 0n; i < count; i++) {
    const from = low + (width * i) / count;
    const to = low + (width * (i + 1n)) / count - 1n;
    ranges.push({ fromClientId: from.toString(), toClientId: to.toString() });
  }
  return ranges;
}
