/**
 * The clients of the adjusted comparison (report-contract.md section 6), from observations: a client
 * enters with a session-1 pre value, a pre value at a later session, and a therapist (or clinic, for
 * `by = clinic`) on their session-1 reading. Values are site-averaged as everywhere else (section 2,
 * CohortBuilder), and change = the responders' change: the pre value at the client's last session
 * with one minus the session-1 pre value.
 */
import { compareCodePoints } from '../ordering/compare-code-points.js';
import { CohortBuilder } from '../report/cohort.js';
import { UNSPECIFIED_GROUP, type Observation } from '../report/observation.js';

/** One measurement with the columns the adjusted comparison reads besides the value. */
export interface ProviderObservation extends Omit<Observation, 'group'> {
  therapist: string | null;
  clinic: string | null;
  condition: string | null;
}

/** One client as the model sees them. */
export interface ModelClient {
  clientId: string;
  /** Therapist and clinic of the session-1 pre reading; null when it names none. */
  therapist: string | null;
  clinic: string | null;
  /** Condition of the session-1 pre reading, `unspecified` when it names none. */
  condition: string;
  /** The session-1 pre value (site-averaged). */
  baseline: number;
  /** The last session with a pre value (> 1). */
  lastSession: number;
  /** Pre value at lastSession - baseline. */
  change: number;
}

interface SessionOneColumns {
  therapist: string | null;
  clinic: string | null;
  condition: string | null;
}

/**
 * The first of two values in code-point order, a null counting as absent: when a client's session-1
 * readings (several sites) name different therapists, the choice does not depend on row order.
 */
function firstPresent(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareCodePoints(a, b) <= 0 ? a : b;
}

export class ModelClientsBuilder {
  private readonly cohort: CohortBuilder;
  private readonly sessionOne = new Map<string, SessionOneColumns>();

  /** @param site 'all' to average every site, or one site's name to use only that site. */
  constructor(private readonly site: string) {
    this.cohort = new CohortBuilder(site);
  }

  add(observation: ProviderObservation): void {
    if (this.site !== 'all' && observation.site !== this.site) return;
    this.cohort.add({
      clientId: observation.clientId,
      session: observation.session,
      phase: observation.phase,
      site: observation.site,
      value: observation.value,
      group: null,
    });
    if (observation.session !== 1 || observation.phase !== 'pre') return;
    const seen = this.sessionOne.get(observation.clientId);
    if (seen === undefined) {
      this.sessionOne.set(observation.clientId, {
        therapist: observation.therapist,
        clinic: observation.clinic,
        condition: observation.condition,
      });
    } else {
      seen.therapist = firstPresent(seen.therapist, observation.therapist);
      seen.clinic = firstPresent(seen.clinic, observation.clinic);
      seen.condition = firstPresent(seen.condition, observation.condition);
    }
  }

  /** The clients with a session-1 and a later pre value, in the order first seen. */
  build(): ModelClient[] {
    const clients: ModelClient[] = [];
    for (const series of this.cohort.build().clients) {
      const count = series.preSessions.length;
      if (count < 2 || series.preSessions[0] !== 1) continue;
      const columns = this.sessionOne.get(series.clientId);
      if (columns === undefined) continue;
      const baseline = series.preValues[0];
      clients.push({
        clientId: series.clientId,
        therapist: columns.therapist,
        clinic: columns.clinic,
        condition: columns.condition ?? UNSPECIFIED_GROUP,
        baseline,
        lastSession: series.preSessions[count - 1],
        change: series.preValues[count - 1] - baseline,
      });
    }
    return clients;
  }
}
