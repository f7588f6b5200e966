/**
 * From sufficient statistics to report v1 (report-contract.md sections 2, 3 and 5): the inference
 * step, shared by the command line and the API whatever produced the ReportInputs.
 */
import { describeMoments } from '../descriptive/describe-sample.js';
import { hedgesG } from '../effect-size/hedges-g.js';
import { ancovaFromCrossProducts } from '../linear-model/ancova.js';
import type { CrossProducts } from '../linear-model/cross-products.js';
import type { MeasureDefinition } from '../measures/measures.js';
import { fitTrajectory } from '../mixed-model/fit-trajectory.js';
import { holmAdjust } from '../multiplicity/holm.js';
import { responderSummaryFromCount } from '../responders/responder-summary.js';
import { pairedTTest } from '../t-test/paired-t-test.js';
import { welchTTest } from '../t-test/welch-t-test.js';
import { EMPTY_MOMENTS } from '../descriptive/moments.js';
import { summarizeDurability } from '../survival/durability.js';
import { logRankTest } from '../survival/log-rank.js';
import { summarizeTimeToResponse } from '../survival/time-to-response.js';
import type { GroupInputs, ReportInputs } from './report-inputs.js';
import type {
  CourseChange,
  CumulativeChange,
  GroupComparison,
  GroupReport,
  OutcomesReport,
  TrajectoryReport,
  WithinSessionChange,
} from './report-types.js';

export interface ReportOptions {
  measure: MeasureDefinition;
  /** 'all' or one site's name. */
  site: string;
  /** The grouping column, e.g. technique. */
  by: string;
  /** In the measure's canonical unit. */
  mcid: number;
  /** The reference group; the first in code-point order when absent. */
  reference?: string;
}

export class UnknownReferenceGroupError extends Error {
  constructor(
    readonly reference: string,
    readonly groups: readonly string[],
  ) {
    super(
      groups.length === 0
        ? `reference group "${reference}" not found: the data have no groups`
        : `reference group "${reference}" not found: the groups are ${groups.join(', ')}`,
    );
    this.name = 'UnknownReferenceGroupError';
  }
}

export function buildReport(inputs: ReportInputs, options: ReportOptions): OutcomesReport {
  const names = inputs.groups.map((group) => group.name);
  if (options.reference !== undefined && !names.includes(options.reference)) {
    throw new UnknownReferenceGroupError(options.reference, names);
  }
  const reference = options.reference ?? names[0] ?? null;
  return {
    version: 1,
    measure: options.measure.code,
    unit: options.measure.canonicalUnit,
    site: options.site,
    by: options.by,
    mcid: options.mcid,
    reference,
    endpointSession: inputs.endpointSession,
    groups: inputs.groups.map((group) => groupReport(group, options.mcid)),
    comparisons: comparisons(inputs),
    responseComparison: logRankTest(inputs.groups.map((group) => group.timeToResponse)),
    trajectory: reference === null ? null : trajectory(inputs, reference),
  };
}

function groupReport(group: GroupInputs, mcid: number): GroupReport {
  return {
    name: group.name,
    nClients: group.nClients,
    sessions: group.sessions.map((cell) => ({
      session: cell.session,
      phase: cell.phase,
      ...describeMoments(cell.moments, cell.median),
    })),
    // Omitted when fewer than 2 pairs (contract section 2).
    withinSession: group.withinSession
      .filter((change) => change.moments.n >= 2)
      .map<WithinSessionChange>((change) => ({ session: change.session, ...pairedTTest(change.moments) })),
    cumulative: group.cumulative.map<CumulativeChange>((change) => {
      const { n, meanChange, sd, ciLow, ciHigh, t, df, p } = pairedTTest(change.moments);
      return { session: change.session, n, meanChange, sd, ciLow, ciHigh, t, df, p };
    }),
    courseChange: courseChange(group),
    responders: responderSummaryFromCount(group.responders.count, group.responders.n, mcid),
    timeToResponse: summarizeTimeToResponse(group.timeToResponse),
    durability: summarizeDurability(group.durability, mcid),
  };
}

function courseChange(group: GroupInputs): CourseChange {
  const { n, meanChange, sd, ciLow, ciHigh, t, df, p } = pairedTTest(group.courseChange);
  return { n, meanChange, sd, ciLow, ciHigh, t, df, p };
}

/** Every pair a < b in code-point order, on the cumulative change at the endpoint session. */
function comparisons(inputs: ReportInputs): GroupComparison[] {
  const endpoint = inputs.endpointSession;
  if (endpoint === null || endpoint < 2) return [];
  const changeAtEndpoint = (group: GroupInputs) =>
    group.cumulative.find((change) => change.session === endpoint)?.moments ?? EMPTY_MOMENTS;
  const crossProducts = new Map<string, CrossProducts>(inputs.groups.map((group) => [group.name, group.endpoint]));

  const pairs: Omit<GroupComparison, 'pHolm'>[] = [];
  for (let i = 0; i < inputs.groups.length; i++) {
    for (let j = i + 1; j < inputs.groups.length; j++) {
      const a = inputs.groups[i];
      const b = inputs.groups[j];
      const changesA = changeAtEndpoint(a);
      const changesB = changeAtEndpoint(b);
      const welch = welchTTest(changesA, changesB);
      const g = hedgesG(changesA, changesB);
      const ancova = ancovaFromCrossProducts(crossProducts, a.name, b.name);
      pairs.push({
        a: a.name,
        b: b.name,
        endpointSession: endpoint,
        nA: changesA.n,
        nB: changesB.n,
        ...welch,
        hedgesG: g.g,
        gCiLow: g.ciLow,
        gCiHigh: g.ciHigh,
        ancova: {
          diff: ancova.diff,
          se: ancova.se,
          df: ancova.df,
          ciLow: ancova.ciLow,
          ciHigh: ancova.ciHigh,
          p: ancova.p,
        },
      });
    }
  }
  const adjusted = holmAdjust(pairs.map((pair) => pair.p));
  return pairs.map((pair, index) => ({ ...pair, pHolm: adjusted[index] }));
}

function trajectory(inputs: ReportInputs, reference: string): TrajectoryReport | null {
  const groups = [reference, ...inputs.groups.map((group) => group.name).filter((name) => name !== reference)];
  const index = new Map(groups.map((name, i) => [name, i]));
  // The fit's index of each input group: the reference group is the fit's first.
  const fitGroupOf = inputs.groups.map((group) => index.get(group.name) ?? 0);
  const { groups: clientGroups, sums, origins } = inputs.trajectoryClients;
  const fitGroups = new Uint32Array(clientGroups.length);
  for (let i = 0; i < clientGroups.length; i++) fitGroups[i] = fitGroupOf[clientGroups[i]] ?? 0;
  const clients = { groups: fitGroups, sums, origins };
  const fit = fitTrajectory({ groups, clients, distinctTimes: inputs.distinctPreSessions });
  if (fit === null) return null;
  return {
    fixedEffects: fit.fixedEffects,
    randomEffects: fit.randomEffects,
    logLikREML: fit.logLikREML,
    nObs: fit.nObs,
    nClients: fit.nClients,
    singular: fit.singular,
    converged: fit.converged,
    iterations: fit.iterations,
    gradientNorm: fit.gradientNorm,
    warnings: fit.warnings,
  };
}
