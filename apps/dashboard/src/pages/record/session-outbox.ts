/**
 * The sessions typed on this device and not yet stored (docs/privacy.md, "On the device"): kept in
 * localStorage, per signed-in user, until the API has answered them, so that a session typed
 * without a connection (or whose answer was lost) is sent when the connection is back, and a page
 * reload or a closed tab loses nothing. Each keeps the Idempotency-Key it was first sent with, so
 * that a retry of a send that did arrive stores nothing twice.
 *
 * An entry leaves the outbox when the API stores it, or when the user edits or discards a refused
 * one; nothing else is kept.
 */
import type { IngestError, SessionPayload } from '../../api/api-types.js';

export interface OutboxEntry {
  /** The Idempotency-Key of every send of this session. */
  key: string;
  session: SessionPayload;
  savedAt: string;
  /** waiting: to be sent (again); refused: the API named problems, the user must edit it. */
  state: 'waiting' | 'refused';
  message?: string;
  errors?: IngestError[];
}

/** What one send came to. */
export type SendOutcome =
  | { kind: 'stored'; inserted: number; replayed: boolean }
  | { kind: 'refused'; message: string; errors: IngestError[] }
  /** Not answered (offline, the server away, signed out, busy): kept to send again. */
  | { kind: 'retry'; message: string };

export interface FlushReport {
  stored: { entry: OutboxEntry; inserted: number }[];
  refused: OutboxEntry[];
  /** Why sending stopped with entries still waiting (none when every one was answered). */
  stopped?: string;
}

export const OUTBOX_PREFIX = 'threshold.sessionOutbox:';

export class SessionOutbox {
  private flushing: Promise<FlushReport> | null = null;

  constructor(
    private readonly storage: Storage,
    /** Who is signed in: each user's outbox is their own. */
    owner: string,
    private readonly newKey: () => string = () => crypto.randomUUID(),
  ) {
    this.storageKey = `${OUTBOX_PREFIX}${owner}`;
  }

  private readonly storageKey: string;

  entries(): OutboxEntry[] {
    try {
      const raw = JSON.parse(this.storage.getItem(this.storageKey) ?? '[]') as unknown;
      return Array.isArray(raw) ? (raw as OutboxEntry[]) : [];
    } catch {
      return [];
    }
  }

  get waiting(): number {
    return this.entries().filter((entry) => entry.state === 'waiting').length;
  }

  /** Keeps a session to send, under a new Idempotency-Key. */
  add(session: SessionPayload, now = new Date()): OutboxEntry {
    const entry: OutboxEntry = { key: this.newKey(), session, savedAt: now.toISOString(), state: 'waiting' };
    this.write([...this.entries(), entry]);
    return entry;
  }

  remove(key: string): void {
    this.write(this.entries().filter((entry) => entry.key !== key));
  }

  /**
   * Sends every waiting session in the order typed, one at a time, until one is not answered (then
   * the rest wait for the next try). A call while sending shares the send under way.
   */
  flush(send: (entry: OutboxEntry) => Promise<SendOutcome>): Promise<FlushReport> {
    this.flushing ??= this.sendAll(send).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async sendAll(send: (entry: OutboxEntry) => Promise<SendOutcome>): Promise<FlushReport> {
    const report: FlushReport = { stored: [], refused: [] };
    for (const entry of this.entries().filter((candidate) => candidate.state === 'waiting')) {
      const outcome = await send(entry);
      if (outcome.kind === 'retry') {
        report.stopped = outcome.message;
        break;
      }
      if (outcome.kind === 'stored') {
        this.remove(entry.key);
        report.stored.push({ entry, inserted: outcome.inserted });
      } else {
        const refused: OutboxEntry = {
          ...entry,
          state: 'refused',
          message: outcome.message,
          errors: outcome.errors,
        };
        this.write(this.entries().map((candidate) => (candidate.key === entry.key ? refused : candidate)));
        report.refused.push(refused);
      }
    }
    return report;
  }

  private write(entries: OutboxEntry[]): void {
    if (entries.length === 0) this.storage.removeItem(this.storageKey);
    else this.storage.setItem(this.storageKey, JSON.stringify(entries));
  }
}
