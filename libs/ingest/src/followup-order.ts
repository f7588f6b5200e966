/**
 * A follow-up visit comes after the course (report-contract.md section 5): a `followup` row whose
 * session is at or before the client's last treated session (their largest session with a pre or
 * post row, of any measure) is an error on the follow-up's line, column `session`.
 *
 * Rows may come in any order, so the check is made once the whole input has been read. It keeps,
 * per client, the last treated session and the client's follow-up rows (session and line): a few
 * numbers a client.
 */
import type { IngestError, MeasurementRow } from './types.js';

interface ClientCourse {
  lastTreated: number;
  lastTreatedLine: number;
  /** Session and line of each follow-up row, flattened in pairs; null until the first. */
  followups: number[] | null;
}

export class FollowupOrderCheck {
  private readonly clients = new Map<string, ClientCourse>();
  /** A client's rows mostly come together: the last one looked up is kept at hand. */
  private lastClientId: string | null = null;
  private lastCourse: ClientCourse | null = null;

  add(row: MeasurementRow): void {
    const course =
      row.clientId === this.lastClientId && this.lastCourse !== null
        ? this.lastCourse
        : this.courseOf(row.clientId);
    if (row.phase === 'followup') {
      if (course.followups === null) course.followups = [];
      course.followups.push(row.session, row.line);
    } else if (row.session > course.lastTreated) {
      course.lastTreated = row.session;
      course.lastTreatedLine = row.line;
    }
  }

  private courseOf(clientId: string): ClientCourse {
    let course = this.clients.get(clientId);
    if (course === undefined) {
      course = { lastTreated: 0, lastTreatedLine: 0, followups: null };
      this.clients.set(clientId, course);
    }
    this.lastClientId = clientId;
    this.lastCourse = course;
    return course;
  }

  /** The errors of the whole input, by line. */
  errors(): IngestError[] {
    const errors: IngestError[] = [];
    for (const course of this.clients.values()) {
      const { followups } = course;
      if (followups === null) continue;
      for (let i = 0; i < followups.length; i += 2) {
        const session = followups[i];
        if (session > course.lastTreated) continue;
        errors.push({
          line: followups[i + 1],
          column: 'session',
          message: `a follow-up at session ${session} is not after the client's last treated session, ${course.lastTreated} (line ${course.lastTreatedLine}): number follow-up visits after the course, or make the row pre or post`,
        });
      }
    }
    return errors.sort((a, b) => a.line - b.line);
  }
}
