/**
 * The data of a Kaplan-Meier curve in mergeable form: for each distinct time, how many clients
 * responded (an event) and how many were censored then. SQL fills it with one GROUP BY; counts
 * from several sources add up time by time.
 */

/** One client's time to response (report-contract.md section 5): t sessions, and whether they responded. */
export interface TimeToEvent {
  t: number;
  responded: boolean;
}

export interface EventTime {
  t: number;
  nEvent: number;
  nCensor: number;
}

/** Tabulates clients' times, ascending by t. */
export function eventTimesOf(clients: readonly TimeToEvent[]): EventTime[] {
  const byTime = new Map<number, EventTime>();
  for (const { t, responded } of clients) {
    if (!(t >= 0) || !Number.isFinite(t))
      throw new RangeError(`a time to response must be a finite number >= 0, got ${t}`);
    let row = byTime.get(t);
    if (row === undefined) {
      row = { t, nEvent: 0, nCensor: 0 };
      byTime.set(t, row);
    }
    if (responded) row.nEvent++;
    else row.nCensor++;
  }
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/** Adds tables of event counts (e.g. one per clinic) into one, ascending by t. */
export function mergeEventTimes(...tables: readonly (readonly EventTime[])[]): EventTime[] {
  const byTime = new Map<number, EventTime>();
  for (const table of tables) {
    for (const { t, nEvent, nCensor } of table) {
      const row = byTime.get(t);
      if (row === undefined) byTime.set(t, { t, nEvent, nCensor });
      else {
        row.nEvent += nEvent;
        row.nCensor += nCensor;
      }
    }
  }
  return [...byTime.values()].filter((row) => row.nEvent + row.nCensor > 0).sort((a, b) => a.t - b.t);
}
