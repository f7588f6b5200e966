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
 *
 * Dates (for the days to follow-up): a treated session's date is the earliest date on the client's
 * pre and post rows of that session, a follow-up visit's the earliest on its rows; a session is
 * undated only when none of its rows has a date (a reading recorded without its date does not undate
 * the session the other readings date). Only the rows the report reads (its measure and site) count.
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
  /** Follow-up visits (contract 1.1), ascending, and their values. */
  followupSessions: number[];
  followupValues: number[];
  /**
   * Day number (days since 1970-01-01) of each pre session, parallel to preSessions, null when
   * undated; empty when none of the client's sessions is dated (most files of a million rows).
   */
  preDays: (number | null)[];
  /** Day number of each follow-up visit, parallel to followupSessions; null when undated. */
  followupDays: (number | null)[];
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
  /** Earliest date of each dated session (dateKey) as a day number, in parallel arrays; null until the first. */
  dateKeys: number[] | null;
  days: number[] | null;
}

const SITES_PER_KEY = 65536;
const PHASE_INDEX: Readonly<Record<Phase, number>> = { pre: 0, post: 1, followup: 2 };
const PHASES: readonly Phase[] = ['pre', 'post', 'followup'];

function cellKey(session: number, phase: Phase, siteIndex: number): number {
  return (session * 3 + PHASE_INDEX[phase]) * SITES_PER_KEY + siteIndex;
}

/** The key of a session's date: a treated session (pre and post rows) or a follow-up visit. */
function dateKey(session: number, phase: Phase): number {
  return session * 2 + (phase === 'followup' ? 1 : 0);
}

/**
 * Days since 1970-01-01 of a `yyyy-mm-dd` date (the readers write every date so); null when absent.
 * Computed from the digits by the days-from-civil algorithm of the proleptic Gregorian calendar
 * (H. Hinnant, "chrono-compatible low-level date algorithms"): a file of a million sessions has a
 * million dates, and this is four times faster than Date.parse or a regular expression.
 */
export function dayNumber(date: string | null | undefined): number | null {
  if (date === null || date === undefined || date === '') return null;
  // 45 is '-'.
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return notADate(date);
  const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  if (month < 1 || month > 12 || day < 1 || day > 31) return notADate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function digit(date: string, index: number): number {
  const value = date.charCodeAt(index) - 48;
  if (!(value >= 0 && value <= 9)) notADate(date);
  return value;
}

function notADate(date: string): never {
  throw new RangeError(`not an ISO 8601 date (yyyy-mm-dd): ${date}`);
}

export class CohortBuilder {
  private readonly clients = new Map<string, ClientCells>();
  private readonly siteIndex = new Map<string | null, number>();
  /** The last date parsed: the rows of a session come together and carry the same date. */
  private lastDate: string | null = null;
  private lastDay: number | null = null;

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
        dateKeys: null,
        days: null,
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
    const day = this.dayOf(observation.sessionDate);
    if (day !== null) {
      const dated = dateKey(observation.session, observation.phase);
      const dateKeys = (client.dateKeys ??= []);
      const days = (client.days ??= []);
      let d = dateKeys.length - 1;
      while (d >= 0 && dateKeys[d] !== dated) d--;
      if (d < 0) {
        dateKeys.push(dated);
        days.push(day);
      } else if (day < days[d]) {
        days[d] = day;
      }
    }
  }

  build(): Cohort {
    const clients: ClientSeries[] = [];
    for (const cells of this.clients.values()) clients.push(toSeries(cells));
    return { clients };
  }

  private dayOf(date: string | null | undefined): number | null {
    if (date === null || date === undefined) return null;
    if (date !== this.lastDate) {
      this.lastDay = dayNumber(date);
      this.lastDate = date;
    }
    return this.lastDay;
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
    followupSessions: [],
    followupValues: [],
    preDays: [],
    followupDays: [],
  };
  const { dateKeys, days } = cells;
  const dayOf = (session: number, phase: Phase): number | null => {
    const index = dateKeys === null ? -1 : dateKeys.indexOf(dateKey(session, phase));
    return index < 0 || days === null ? null : days[index];
  };
  let current = -1;
  let siteMeanSum = 0;
  let siteCount = 0;
  const flush = (): void => {
    if (siteCount === 0) return;
    const session = Math.floor(current / 3);
    const phase = PHASES[current % 3];
    const mean = siteMeanSum / siteCount;
    if (phase === 'pre') {
      series.preSessions.push(session);
      series.preValues.push(mean);
      if (dateKeys !== null) series.preDays.push(dayOf(session, phase));
    } else if (phase === 'post') {
      series.postSessions.push(session);
      series.postValues.push(mean);
    } else {
      series.followupSessions.push(session);
      series.followupValues.push(mean);
      series.followupDays.push(dayOf(session, phase));
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
