/**
 * From observations to one series per client (report-contract.md section 2, first paragraph):
 * repeated trials at a site are averaged, then the sites of a client's session and phase are
 * averaged (the mean of the sites present), so that every client has at most one pre and one post
 * value per session.
 *
 * A client belongs to one group: the grouping value on the rows of their earliest session (ties
 * broken by code point). This is the baseline assignment of an intention-to-treat analysis: a
 * client who later changes technique or therapist stays with the group they started in, and each
 * client is counted once.
 */
import { UNSPECIFIED_GROUP, type Observation, type Phase } from './observation.js';

export interface ClientSeries {
  clientId: string;
  group: string;
  /** Sessions with a pre value, ascending, and those values. */
  preSessions: number[];
  preValues: number[];
  /** Sessions with a post value, ascending, and those values. */
  postSessions: number[];
  postValues: number[];
}

export interface Cohort {
  /** Clients in the order they were first seen. */
  clients: ClientSeries[];
}

/** Per-client accumulator of (session, phase, site) cells: parallel arrays keep 100,000s of clients small. */
interface ClientCells {
  clientId: string;
  group: string;
  groupSession: number;
  cellKeys: number[];
  sums: number[];
  counts: number[];
}

const SITES_PER_KEY = 65536;

function cellKey(session: number, phase: Phase, siteIndex: number): number {
  return (session * 2 + (phase === 'post' ? 1 : 0)) * SITES_PER_KEY + siteIndex;
}

export class CohortBuilder {
  private readonly clients = new Map<string, ClientCells>();
  private readonly siteIndex = new Map<string | null, number>();

  /** @param site 'all' to average every site, or one site's name to use only that site. */
  constructor(private readonly site: string) {}

  add(observation: Observation): void {
    if (this.site !== 'all' && observation.site !== this.site) return;
    const group = observation.group ?? UNSPECIFIED_GROUP;
    let client = this.clients.get(observation.clientId);
    if (client === undefined) {
      client = {
        clientId: observation.clientId,
        group,
        groupSession: observation.session,
        cellKeys: [],
        sums: [],
        counts: [],
      };
      this.clients.set(observation.clientId, client);
    } else if (
      observation.session < client.groupSession ||
      (observation.session === client.groupSession && group < client.group)
    ) {
      client.group = group;
      client.groupSession = observation.session;
    }
    const key = cellKey(observation.session, observation.phase, this.indexOfSite(observation.site));
    // Rows of a client usually arrive together and in order, so search from the most recent cell.
    const keys = client.cellKeys;
    let i = keys.length - 1;
    while (i >= 0 && keys[i] !== key) i--;
    if (i < 0) {
      keys.push(key);
      client.sums.push(observation.value);
      client.counts.push(1);
    } else {
      client.sums[i] += observation.value;
      client.counts[i] += 1;
    }
  }

  build(): Cohort {
    const clients: ClientSeries[] = [];
    for (const cells of this.clients.values()) clients.push(toSeries(cells));
    return { clients };
  }

  private indexOfSite(site: string | null): number {
    let index = this.siteIndex.get(site);
    if (index === undefined) {
      index = this.siteIndex.size;
      if (index >= SITES_PER_KEY) throw new RangeError(`more than ${SITES_PER_KEY} distinct sites`);
      this.siteIndex.set(site, index);
    }
    return index;
  }
}

function toSeries(cells: ClientCells): ClientSeries {
  // Average trials within each site, then sites within each (session, phase).
  const order = cells.cellKeys.map((_, i) => i).sort((a, b) => cells.cellKeys[a] - cells.cellKeys[b]);
  const series: ClientSeries = {
    clientId: cells.clientId,
    group: cells.group,
    preSessions: [],
    preValues: [],
    postSessions: [],
    postValues: [],
  };
  let current = -1;
  let siteMeanSum = 0;
  let siteCount = 0;
  const flush = (): void => {
    if (siteCount === 0) return;
    const session = Math.floor(current / 2);
    const mean = siteMeanSum / siteCount;
    if (current % 2 === 0) {
      series.preSessions.push(session);
      series.preValues.push(mean);
    } else {
      series.postSessions.push(session);
      series.postValues.push(mean);
    }
  };
  for (const i of order) {
    const sessionPhase = Math.floor(cells.cellKeys[i] / SITES_PER_KEY);
    if (sessionPhase !== current) {
      flush();
      current = sessionPhase;
      siteMeanSum = 0;
      siteCount = 0;
    }
    siteMeanSum += cells.sums[i] / cells.counts[i];
    siteCount += 1;
  }
  flush();
  return series;
}
