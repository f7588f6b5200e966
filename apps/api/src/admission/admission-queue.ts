/**
 * Admission control for uncached work (docs/scaling.md, "Admission control"): a computation that
 * the caches do not hold (a report, the adjusted comparison, a cohort question) runs only when one
 * of `concurrency` places is free; the others wait in one first-in, first-out line, so that 200
 * different questions asked at once are answered one after the other at the speed of the machine
 * instead of all at once, each with a share of the cores, the connections and the memory, and all
 * late. The line is bounded: past `maxQueued` waiting computations a new one is refused at once
 * (QueueFullError: the API answers 503 with Retry-After) rather than waiting minutes.
 *
 * Identical questions are not queued twice: the caches (versioned-cache.ts) share one computation
 * between identical requests before it reaches this line.
 */

export interface AdmissionLimits {
  /** Computations running at once (at least 1). */
  concurrency: number;
  /** Computations waiting at most; one more is refused (0: none wait). */
  maxQueued: number;
}

export interface AdmissionState extends AdmissionLimits {
  running: number;
  queued: number;
  /** The most that ever ran at once, and the longest the line ever was, since the start. */
  peakRunning: number;
  peakQueued: number;
  /** Computations ended (answered or failed) and refused since the start. */
  completed: number;
  rejected: number;
  /** Mean wall time of the latest computations, in milliseconds (null before the first). */
  recentMeanMs: number | null;
}

/** Refused: the line is full. `retryAfterSeconds` is when a place is likely to be free. */
export class QueueFullError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly queued: number,
  ) {
    super(`the server is busy: ${queued} computations are waiting; try again in ${retryAfterSeconds} s`);
    this.name = 'QueueFullError';
  }
}

/** How many latest durations the Retry-After estimate averages. */
const RECENT_DURATIONS = 20;
/** Retry-After stays within these bounds (seconds): at least one, and never so long that a client gives up. */
const RETRY_AFTER_MIN = 1;
const RETRY_AFTER_MAX = 120;

export class AdmissionQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly recent: number[] = [];
  private peakRunning = 0;
  private peakQueued = 0;
  private completed = 0;
  private rejected = 0;

  constructor(readonly limits: AdmissionLimits) {
    if (!Number.isInteger(limits.concurrency) || limits.concurrency < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${limits.concurrency}`);
    if (!Number.isInteger(limits.maxQueued) || limits.maxQueued < 0)
      throw new RangeError(`maxQueued must be a non-negative integer, got ${limits.maxQueued}`);
  }

  /**
   * Runs `work` when a place is free, in the order of arrival; throws QueueFullError at once when
   * `maxQueued` computations already wait.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.maxQueued) {
        this.rejected++;
        throw new QueueFullError(this.retryAfterSeconds(), this.waiting.length);
      }
      // The place is handed over by the computation that ends (release), so `running` never dips
      // below the limit while anyone waits and a newcomer cannot overtake the line.
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.peakQueued = Math.max(this.peakQueued, this.waiting.length);
      });
    } else {
      this.running++;
    }
    this.peakRunning = Math.max(this.peakRunning, this.running);
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.remember(performance.now() - started);
      this.completed++;
      this.release();
    }
  }

  state(): AdmissionState {
    return {
      ...this.limits,
      running: this.running,
      queued: this.waiting.length,
      peakRunning: this.peakRunning,
      peakQueued: this.peakQueued,
      completed: this.completed,
      rejected: this.rejected,
      recentMeanMs: this.recentMean() === null ? null : Math.round(this.recentMean()!),
    };
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running--;
    else next(); // the place passes to the first in line: `running` stays as it is
  }

  private remember(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > RECENT_DURATIONS) this.recent.shift();
  }

  private recentMean(): number | null {
    return this.recent.length === 0 ? null : this.recent.reduce((sum, ms) => sum + ms, 0) / this.recent.length;
  }

  /** The time for the line ahead to drain: (waiting + 1) computations of the recent mean, `concurrency` at a time. */
  private retryAfterSeconds(): number {
    const mean = this.recentMean() ?? 1000;
    const seconds = Math.ceil(((this.waiting.length + 1) * mean) / this.limits.concurrency / 1000);
    return Math.min(RETRY_AFTER_MAX, Math.max(RETRY_AFTER_MIN, seconds));
  }
}
