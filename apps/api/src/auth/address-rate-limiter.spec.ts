import { AddressRateLimiter } from './address-rate-limiter.js';

describe('the per-address rate limit of anonymous routes', () => {
  it('allows perMinute requests per address in a sliding minute, then says when to retry', () => {
    const limiter = new AddressRateLimiter(3);
    const start = 1_000_000;
    expect([0, 10_000, 20_000].map((offset) => limiter.take('10.0.0.1', start + offset))).toEqual([0, 0, 0]);
    // The fourth within the minute waits until the first leaves the window (at start + 60 s).
    expect(limiter.take('10.0.0.1', start + 30_000)).toBe(30);
    expect(limiter.take('10.0.0.2', start + 30_000)).toBe(0);
    expect(limiter.take('10.0.0.1', start + 60_001)).toBe(0);
  });
});
