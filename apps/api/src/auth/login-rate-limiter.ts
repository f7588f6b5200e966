/**
 * Slows password guessing: at most MAX_FAILURES_PER_ACCOUNT failed sign-ins per account and
 * MAX_FAILURES_PER_ADDRESS per client address in a sliding WINDOW_MS; past that, sign-in is
 * refused (429, with when to retry) without checking the password. In memory: a restart forgets,
 * which is acceptable for a limit measured in minutes.
 *
 * An attempt reserves its place before its password is checked (reserve), and the reservation
 * counts against both limits until the attempt ends: as a failure (recordFailure), a success
 * (recordSuccess) or an error (release). Checking a password is slow, so without reservations
 * attempts sent all at once would all pass the limit before the first failure was recorded, and
 * every password sent would be checked.
 */
import { Injectable } from '@nestjs/common';

export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

@Injectable()
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  /** Attempts reserved and not yet ended, by key. */
  private readonly inFlight = new Map<string, number>();

  /**
   * Seconds until another attempt is allowed, or 0 when it is allowed now. Attempts in flight count
   * as failures now, since that is what they may become.
   */
  retryAfterSeconds(account: string, address: string, now = Date.now()): number {
    const wait = (key: string, max: number): number => {
      const attempts = [...this.recent(key, now), ...Array<number>(this.inFlight.get(key) ?? 0).fill(now)];
      return attempts.length >= max ? Math.ceil((attempts[attempts.length - max] + WINDOW_MS - now) / 1000) : 0;
    };
    return Math.max(wait(accountKey(account), MAX_FAILURES_PER_ACCOUNT), wait(addressKey(address), MAX_FAILURES_PER_ADDRESS));
  }

  /**
   * Reserves a place for an attempt and answers 0 when it is allowed now; otherwise answers the
   * seconds until one is, and reserves nothing. An attempt allowed must end with recordFailure,
   * recordSuccess or release.
   */
  reserve(account: string, address: string, now = Date.now()): number {
    const retryAfter = this.retryAfterSeconds(account, address, now);
    if (retryAfter === 0) for (const key of keys(account, address)) this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    return retryAfter;
  }

  /** Ends a reserved attempt that failed: its reservation becomes a failure. */
  recordFailure(account: string, address: string, now = Date.now()): void {
    this.release(account, address);
    for (const key of keys(account, address)) this.failures.set(key, [...this.recent(key, now), now]);
  }

  /** Ends a reserved attempt that succeeded, and forgets the account's failures (not the address's). */
  recordSuccess(account: string, address: string): void {
    this.release(account, address);
    this.failures.delete(accountKey(account));
  }

  /** Ends a reserved attempt that neither failed nor succeeded (an error while checking). */
  release(account: string, address: string): void {
    for (const key of keys(account, address)) {
      const count = (this.inFlight.get(key) ?? 0) - 1;
      if (count > 0) this.inFlight.set(key, count);
      else this.inFlight.delete(key);
    }
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((time) => now - time < WINDOW_MS);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }
}

const accountKey = (account: string): string => `account:${account}`;
const addressKey = (address: string): string => `address:${address}`;
const keys = (account: string, address: string): string[] => [accountKey(account), addressKey(address)];
