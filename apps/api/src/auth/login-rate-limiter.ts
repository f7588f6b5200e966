/**
 * Slows password guessing: at most MAX_FAILURES_PER_ACCOUNT failed sign-ins per account and
 * MAX_FAILURES_PER_ADDRESS per client address in a sliding WINDOW_MS; past that, sign-in is
 * refused (429, with when to retry) without checking the password. In memory: a restart forgets,
 * which is acceptable for a limit measured in minutes.
 */
import { Injectable } from '@nestjs/common';

export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

@Injectable()
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfterSeconds(account: string, address: string, now = Date.now()): number {
    const wait = (key: string, max: number): number => {
      const recent = this.recent(key, now);
      return recent.length >= max ? Math.ceil((recent[recent.length - max] + WINDOW_MS - now) / 1000) : 0;
    };
    return Math.max(wait(`account:${account}`, MAX_FAILURES_PER_ACCOUNT), wait(`address:${address}`, MAX_FAILURES_PER_ADDRESS));
  }

  recordFailure(account: string, address: string, now = Date.now()): void {
    for (const key of [`account:${account}`, `address:${address}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  recordSuccess(account: string): void {
    this.failures.delete(`account:${account}`);
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((time) => now - time < WINDOW_MS);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }
}
