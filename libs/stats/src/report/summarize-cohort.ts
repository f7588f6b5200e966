/**
 * The in-memory producer of ReportInputs: from one series per client (cohort.ts) to the sufficient
 * statistics of every section of the report. The definitions are those of report-contract.md
 * sections 2 and 5; the SQL producer in the API computes the same quantities with GROUP BY.
 */
import { momentsOf } from '../descriptive/moments.js';
import { medianOf } from '../descriptive/median.js';
import { EMPTY_CROSS_PRODUCTS, crossProductsOf } from '../linear-model/cross-products.js';
import type { Direction } from '../measures/measures.js';
import { accumulateClient, clientColumnsOf } from '../mixed-model/cross-products.js';
import { compareCodePoints } from '../ordering/compare-code-points.js';
import { isResponder } from '../responders/responder.js';
import { durabilityInputsOf, type DurabilityClient } from '../survival/durability.js';
import { eventTimesOf, type TimeToEvent } from '../survival/event-times.js';
import { timeToResponseOf } from '../survival/time-to-response.js';
import type { ClientSeries, Cohort } from './cohort.js';
import type { ChangeInputs, GroupInputs, ReportInputs, SessionCellInputs } from './report-inputs.js';

export interface SummarizeOptions {
  /** Minimal clinically important difference, in the measure's canonical unit. */
  mcid: number;
  direction: Direction;
}

export function summarizeCohort(cohort: Cohort, options: SummarizeOptions): ReportInputs {
  let endpointSession: number | null = null;
  const preSessions = new Set<number>();
  for (const client of cohort.clients) {
    for (const session of client.preSessions) preSessions.add(session);
    const last = client.preSessions.at(-1);
    if (last !== undefined && (endpointSession === null || last > endpointSession)) endpointSession = last;
  }

  const byGroup = new Map<string, ClientSeries[]>();
  for (const client of cohort.clients) {
    const members = byGroup.get(client.group);
    if (members === undefined) byGroup.set(client.group, [client]);
    else members.push(client);
  }
  const groups = [...byGroup.keys()]
    .sort(compareCodePoints)
    .map((name) => summarizeGroup(name, byGroup.get(name) ?? [], endpointSession, options));

  const groupIndex = new Map(groups.map((group, index) => [group.name, index]));
  const trajectoryClients = clientColumnsOf(
    cohort.clients
      .filter((client) => client.preSessions.length > 0)
      .map((client) =>
        accumulateClient(
          groupIndex.get(client.group) ?? 0,
          client.preSessions.map((session) => session - 1),
          client.preValues,
        ),
      ),
  );
  return { groups, endpointSession, trajectoryClients, distinctPreSessions: preSessions.size };
}

function summarizeGroup(
  name: string,
  clients: readonly ClientSeries[],
  endpointSession: number | null,
  options: SummarizeOptions,
): GroupInputs {
  const sessionValues = new Map<string, { session: number; phase: 'pre' | 'post'; values: number[] }>();
  const within = new Map<number, number[]>();
  const cumulative = new Map<number, number[]>();
  const baselines: number[] = [];
  const endpoints: number[] = [];
  let responderCount = 0;
  let responderN = 0;
  const courseChanges: number[] = [];
  const timesToResponse: TimeToEvent[] = [];
  const durabilityClients: DurabilityClient[] = [];
  let clientsWithFollowup = 0;

  const collect = (session: number, phase: 'pre' | 'post', value: number): void => {
    const key = `${session}:${phase}`;
    const cell = sessionValues.get(key);
    if (cell === undefined) sessionValues.set(key, { session, phase, values: [value] });
    else cell.values.push(value);
  };
  const addChange = (target: Map<number, number[]>, session: number, change: number): void => {
    const changes = target.get(session);
    if (changes === undefined) target.set(session, [change]);
    else changes.push(change);
  };

  for (const client of clients) {
    client.preSessions.forEach((session, i) => collect(session, 'pre', client.preValues[i]));
    client.postSessions.forEach((session, i) => collect(session, 'post', client.postValues[i]));

    // Within a session: post - pre for the sessions with both (both arrays are sorted).
    let p = 0;
    for (let i = 0; i < client.postSessions.length; i++) {
      const session = client.postSessions[i];
      while (p < client.preSessions.length && client.preSessions[p] < session) p++;
      if (client.preSessions[p] === session) addChange(within, session, client.postValues[i] - client.preValues[p]);
    }

    if (client.followupSessions.length > 0) clientsWithFollowup++;

    // Across sessions: pre_k - pre_1 for clients with a session-1 pre value.
    if (client.preSessions[0] !== 1) continue;
    const time = timeToResponseOf(client.preSessions, client.preValues, options.mcid, options.direction);
    if (time !== null) timesToResponse.push(time);
    const held = durabilityClientOf(client);
    if (held !== null) durabilityClients.push(held);
    const baseline = client.preValues[0];
    for (let k = 1; k < client.preSessions.length; k++) {
      addChange(cumulative, client.preSessions[k], client.preValues[k] - baseline);
    }
    if (client.preSessions.length > 1) {
      responderN++;
      const courseChange = client.preValues[client.preValues.length - 1] - baseline;
      courseChanges.push(courseChange);
      if (isResponder(courseChange, options.mcid, options.direction)) {
        responderCount++;
      }
    }
    if (endpointSession !== null && endpointSession > 1 && client.preSessions.at(-1) === endpointSession) {
      baselines.push(baseline);
      endpoints.push(client.preValues[client.preValues.length - 1]);
    }
  }

  const sessions: SessionCellInputs[] = [...sessionValues.values()]
    .sort((a, b) => a.session - b.session || (a.phase === b.phase ? 0 : a.phase === 'pre' ? -1 : 1))
    .map(({ session, phase, values }) => ({
      session,
      phase,
      moments: momentsOf(values),
      median: medianOf(values),
    }));
  return {
    name,
    nClients: clients.length,
    sessions,
    withinSession: sortedChanges(within),
    cumulative: sortedChanges(cumulative),
    responders: { n: responderN, count: responderCount },
    courseChange: momentsOf(courseChanges),
    endpoint: baselines.length > 0 ? crossProductsOf(baselines, endpoints) : EMPTY_CROSS_PRODUCTS,
    timeToResponse: eventTimesOf(timesToResponse),
    durability: durabilityInputsOf(durabilityClients, clientsWithFollowup, options.mcid, options.direction),
  };
}

/**
 * The client's values for durability (contract section 5), given a session-1 pre value: the pre
 * value at their last treated session k > 1 and their first follow-up after it; null without both.
 */
function durabilityClientOf(client: ClientSeries): DurabilityClient | null {
  const last = client.preSessions.length - 1;
  if (last < 1) return null;
  const endSession = client.preSessions[last];
  const f = client.followupSessions.findIndex((session) => session > endSession);
  if (f < 0) return null;
  const endDay = client.preDays[last] ?? null; // preDays is empty when the client has no dated session
  const followupDay = client.followupDays[f];
  return {
    baseline: client.preValues[0],
    endOfCourse: client.preValues[last],
    followup: client.followupValues[f],
    daysToFollowup: endDay === null || followupDay === null ? null : followupDay - endDay,
  };
}

function sortedChanges(changes: Map<number, number[]>): ChangeInputs[] {
  return [...changes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([session, values]) => ({ session, moments: momentsOf(values) }));
}
