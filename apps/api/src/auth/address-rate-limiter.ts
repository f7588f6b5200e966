/**
 * Limits anonymous requests per client address: at most `perMinute` in a sliding minute; past
 * that, 429 with when to retry (anonymous-rate-limit.ts applies it to every public route but
 * health). A public card is cheap from the cache and signing in is slowed further by
 * login-rate-limiter.ts, but one address must not be able to drive the reports or the password
 * hashing. In memory: a restart forgets, which is acceptable for a limit measured in a minute.
 */
export const ADDRESS_WINDOW_MS = 60_000;
/** Addresses remembered at most; the oldest are forgotten first (a flood of addresses must not fill memory). */
const MAX_ADDRESSES = 10_000;

export class AddressRateLimiter {
  private readonly requests = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** Counts a request and answers 0 when it is allowed, else the seconds until one is (not counted). */
  take(address: string, now = Date.now()): number {
    const recent = (this.requests.get(address) ?? []).filter((at) => at > now - ADDRESS_WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.requests.set(address, recent);
      return Math.max(1, Math.ceil((recent[recent.length - this.perMinute] + ADDRESS_WINDOW_MS - now) / 1000));
    }
    this.requests.delete(address); // re-inserted last: the map's order is the order of last use
    this.requests.set(address, [...recent, now]);
    if (this.requests.size > MAX_ADDRESSES) this.requests.delete(this.requests.keys().next().value as string);
    return 0;
  }
}
