/**
 * Limits anonymous requests for public results cards per client address: at most `perMinute` in a
 * sliding minute; past that, 429 with when to retry. A card is cheap from the cache, but a page
 * embedded on a busy website must not let one address drive the reports. In memory: a restart
 * forgets, which is acceptable for a limit measured in a minute.
 */
export const CARD_WINDOW_MS = 60_000;
/** Addresses remembered at most; the oldest are forgotten first (a flood of addresses must not fill memory). */
const MAX_ADDRESSES = 10_000;

export class CardRateLimiter {
  private readonly requests = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** Counts a request and answers 0 when it is allowed, else the seconds until one is (not counted). */
  take(address: string, now = Date.now()): number {
    const recent = (this.requests.get(address) ?? []).filter((at) => at > now - CARD_WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.requests.set(address, recent);
      return Math.max(1, Math.ceil((recent[recent.length - this.perMinute] + CARD_WINDOW_MS - now) / 1000));
    }
    this.requests.delete(address); // re-inserted last: the map's order is the order of last use
    this.requests.set(address, [...recent, now]);
    if (this.requests.size > MAX_ADDRESSES) this.requests.delete(this.requests.keys().next().value as string);
    return 0;
  }
}
