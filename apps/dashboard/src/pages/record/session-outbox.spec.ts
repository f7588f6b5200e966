/**
 * The outbox of the session form: sessions kept per user until the API stores them, each with the
 * one Idempotency-Key of all its sends; sending stops at the first send not answered (the rest
 * wait), a refused session stays until the user edits or discards it.
 */
import type { SessionPayload } from '../../api/api-types.js';
import { OUTBOX_PREFIX, SessionOutbox, type OutboxEntry, type SendOutcome } from './session-outbox.js';

/** localStorage's interface over a Map (Node has no localStorage). */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const session = (clientId: string): SessionPayload => ({
  clientId,
  session: 1,
  date: '2026-12-07',
  technique: 'trigger_point_release',
  condition: null,
  clinic: null,
  therapist: null,
  unit: 'kg/cm2',
  sites: [{ site: 'upper_trapezius_left', pre: [3.1], post: [3.6] }],
  painNrs: { pre: null, post: null },
  headacheDays: null,
});

describe('the session outbox', () => {
  let storage: MemoryStorage;
  let keys: number;
  const outboxOf = (owner: string) => new SessionOutbox(storage, owner, () => `key-${++keys}`);

  beforeEach(() => {
    storage = new MemoryStorage();
    keys = 0;
  });

  it('keeps each user’s sessions apart, under one key per session', () => {
    outboxOf('a@example.org').add(session('c1'));
    outboxOf('b@example.org').add(session('c2'));
    expect(
      outboxOf('a@example.org')
        .entries()
        .map((entry) => [entry.key, entry.session.clientId]),
    ).toEqual([['key-1', 'c1']]);
    expect(outboxOf('b@example.org').waiting).toBe(1);
    expect(storage.getItem(`${OUTBOX_PREFIX}a@example.org`)).not.toBeNull();
  });

  it('sends in the order typed, removes what is stored, and leaves nothing on the device once all are', async () => {
    const outbox = outboxOf('a@example.org');
    outbox.add(session('c1'));
    outbox.add(session('c2'));
    const sent: string[] = [];
    const report = await outbox.flush(async (entry) => {
      sent.push(`${entry.session.clientId}:${entry.key}`);
      return { kind: 'stored', inserted: 2, replayed: false };
    });
    expect(sent).toEqual(['c1:key-1', 'c2:key-2']);
    expect(report.stored.map(({ entry }) => entry.session.clientId)).toEqual(['c1', 'c2']);
    expect(outbox.entries()).toEqual([]);
    expect(storage.length).toBe(0);
  });

  it('stops at a send not answered, and sends the same session with the same key next time', async () => {
    const outbox = outboxOf('a@example.org');
    outbox.add(session('c1'));
    outbox.add(session('c2'));
    const keysSent: string[] = [];
    const offline = await outbox.flush(async (entry) => {
      keysSent.push(entry.key);
      return { kind: 'retry', message: 'Could not reach the Threshold API.' };
    });
    expect(offline).toEqual({ stored: [], refused: [], stopped: 'Could not reach the Threshold API.' });
    expect(outbox.waiting).toBe(2);
    await outbox.flush(async (entry) => {
      keysSent.push(entry.key);
      return { kind: 'stored', inserted: 2, replayed: entry.key === 'key-1' };
    });
    expect(keysSent).toEqual(['key-1', 'key-1', 'key-2']);
    expect(outbox.waiting).toBe(0);
  });

  it('keeps a refused session, with its errors, until it is edited or discarded', async () => {
    const outbox = outboxOf('a@example.org');
    const entry = outbox.add(session('c1'));
    const errors = [
      { line: 2, column: 'value', message: 'outside the plausible range', field: 'sites[0].post[0]' },
    ];
    const report = await outbox.flush(
      async (): Promise<SendOutcome> => ({ kind: 'refused', message: 'refused', errors }),
    );
    expect(report.refused).toEqual([
      { ...entry, state: 'refused', message: 'refused', errors } satisfies OutboxEntry,
    ]);
    expect(outbox.waiting).toBe(0);
    expect(outbox.entries()).toHaveLength(1);
    // Not sent again by itself.
    const again = await outbox.flush(async () => {
      throw new Error('a refused session is not sent again');
    });
    expect(again).toEqual({ stored: [], refused: [] });
    outbox.remove(entry.key);
    expect(storage.length).toBe(0);
  });

  it('shares one send between calls made while it is under way (the online event and a tap)', async () => {
    const outbox = outboxOf('a@example.org');
    outbox.add(session('c1'));
    let sends = 0;
    const send = async (): Promise<SendOutcome> => {
      sends++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { kind: 'stored', inserted: 2, replayed: false };
    };
    const [first, second] = await Promise.all([outbox.flush(send), outbox.flush(send)]);
    expect(sends).toBe(1);
    expect(second).toBe(first);
  });

  it('reads a damaged store as empty rather than failing', () => {
    storage.setItem(`${OUTBOX_PREFIX}a@example.org`, '{not json');
    expect(outboxOf('a@example.org').entries()).toEqual([]);
  });
});
