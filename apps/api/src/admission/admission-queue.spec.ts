/**
 * The line of uncached work on its own: real promises, with computations that the test holds and
 * releases, counting how many run at once.
 */
import { AdmissionQueue, QueueFullError } from './admission-queue.js';
import { admissionLimits } from './admission-limits.js';

/** A computation the test ends when it chooses. */
function held<T>(value: T) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { release, work: async () => (await gate, value) };
}

/** Lets every promise callback that is ready run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AdmissionQueue', () => {
  it('runs at most `concurrency` computations at once and the others in the order they came', async () => {
    const queue = new AdmissionQueue({ concurrency: 2, maxQueued: 10 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const holds = Array.from({ length: 6 }, (_, i) => held(i));
    const answers = holds.map((h, i) =>
      queue.run(async () => {
        running++;
        most = Math.max(most, running);
        order.push(i);
        try {
          return await h.work();
        } finally {
          running--;
        }
      }),
    );
    await settle();
    expect(queue.state()).toMatchObject({ running: 2, queued: 4 });
    expect(order).toEqual([0, 1]);
    // Ending the second lets the third in, not a later one: first in, first out.
    holds[1].release();
    await settle();
    expect(order).toEqual([0, 1, 2]);
    for (const h of holds) h.release();
    expect(await Promise.all(answers)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(queue.state()).toMatchObject({ running: 0, queued: 0, peakRunning: 2, peakQueued: 4, completed: 6, rejected: 0 });
  });

  it('refuses a computation at once when the line is full, with a Retry-After of at least a second', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueued: 2 });
    const holds = Array.from({ length: 3 }, (_, i) => held(i));
    const admitted = holds.map((h) => queue.run(h.work));
    await settle();
    const refused = await queue.run(async () => 'never').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QueueFullError);
    expect((refused as QueueFullError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((refused as QueueFullError).queued).toBe(2);
    for (const h of holds) h.release();
    expect(await Promise.all(admitted)).toEqual([0, 1, 2]);
    expect(queue.state()).toMatchObject({ completed: 3, rejected: 1, running: 0, queued: 0 });
  });

  it('frees the place of a computation that fails, and hands the failure to its caller', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueued: 1 });
    const failing = queue.run(async () => {
      throw new Error('the database went away');
    });
    const next = queue.run(async () => 'answered');
    await expect(failing).rejects.toThrow('the database went away');
    await expect(next).resolves.toBe('answered');
    expect(queue.state()).toMatchObject({ running: 0, completed: 2 });
  });

  it('estimates Retry-After from the recent computations and the line ahead', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueued: 3 });
    // Three computations of about 400 ms each, measured by the queue itself.
    for (let i = 0; i < 3; i++) await queue.run(() => new Promise((resolve) => setTimeout(resolve, 400)));
    const holds = Array.from({ length: 4 }, (_, i) => held(i));
    const admitted = holds.map((h) => queue.run(h.work));
    await settle();
    const refused = (await queue.run(async () => 0).catch((error: unknown) => error)) as QueueFullError;
    // Four ahead (three waiting and the one refused) of about 0.4 s each, one at a time: about 2 s.
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(2);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(10);
    for (const h of holds) h.release();
    await Promise.all(admitted);
  });

  it('rejects limits that could never run anything', () => {
    expect(() => new AdmissionQueue({ concurrency: 0, maxQueued: 1 })).toThrow(RangeError);
    expect(() => new AdmissionQueue({ concurrency: 1, maxQueued: -1 })).toThrow(RangeError);
  });
});

describe('admissionLimits', () => {
  const config = { reportConcurrency: undefined, reportQueue: 1000, reportParts: 2 };
  it('runs one at a time on the embedded database, which has one connection', () => {
    expect(admissionLimits(config, 'embedded', 8)).toEqual({ concurrency: 1, maxQueued: 1000 });
  });
  it('runs one per core on a server, within the connections a report in parts leaves', () => {
    expect(admissionLimits(config, 'postgres', 2).concurrency).toBe(2);
    expect(admissionLimits(config, 'postgres', 64).concurrency).toBe(8);
  });
  it('takes THRESHOLD_REPORT_CONCURRENCY as it is', () => {
    expect(admissionLimits({ ...config, reportConcurrency: 5 }, 'embedded', 2).concurrency).toBe(5);
  });
});
