import { LoginRateLimiter, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, WINDOW_MS } from './login-rate-limiter.js';

describe('LoginRateLimiter', () => {
  /** An attempt that reserves its place and fails, as the controller makes it. */
  const fail = (limiter: LoginRateLimiter, account: string, address: string, now: number) => {
    expect(limiter.reserve(account, address, now)).toBe(0);
    limiter.recordFailure(account, address, now);
  };

  it('refuses an account after its failures, until the oldest leaves the window', () => {
    const limiter = new LoginRateLimiter();
    const start = 1_000_000;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) fail(limiter, 'a@x.org', '10.0.0.1', start + i * 1000);
    expect(limiter.retryAfterSeconds('a@x.org', '10.0.0.2', start + 5000)).toBe((WINDOW_MS - 5000) / 1000);
    expect(limiter.reserve('a@x.org', '10.0.0.2', start + 5000)).toBe((WINDOW_MS - 5000) / 1000);
    expect(limiter.retryAfterSeconds('b@x.org', '10.0.0.1', start + 5000)).toBe(0);
    expect(limiter.retryAfterSeconds('a@x.org', '10.0.0.2', start + WINDOW_MS)).toBe(0);
  });

  it('refuses an address that tries many accounts', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) fail(limiter, `user${i}@x.org`, '10.0.0.9', 0);
    expect(limiter.retryAfterSeconds('new@x.org', '10.0.0.9', 1)).toBeGreaterThan(0);
  });

  it('forgets an account\'s failures after a success', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) fail(limiter, 'a@x.org', 'h', 0);
    limiter.recordSuccess('a@x.org', 'h');
    expect(limiter.retryAfterSeconds('a@x.org', 'other', 1)).toBe(0);
  });

  it('counts attempts in flight against the account and the address, until they end', () => {
    const limiter = new LoginRateLimiter();
    const now = 1_000_000;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) expect(limiter.reserve('a@x.org', '10.0.0.1', now)).toBe(0);
    // Refused as if those in flight had just failed; nothing more reserved.
    expect(limiter.reserve('a@x.org', '10.0.0.2', now)).toBe(WINDOW_MS / 1000);
    expect(limiter.reserve('b@x.org', '10.0.0.1', now)).toBe(0);
    limiter.release('b@x.org', '10.0.0.1');

    // One succeeds (its place is free again), one errs (freed too), the others fail (their places stay, as failures).
    limiter.recordSuccess('a@x.org', '10.0.0.1');
    limiter.release('a@x.org', '10.0.0.1');
    for (let i = 2; i < MAX_FAILURES_PER_ACCOUNT; i++) limiter.recordFailure('a@x.org', '10.0.0.1', now);
    expect(limiter.reserve('a@x.org', '10.0.0.1', now + 1)).toBe(0);
    expect(limiter.reserve('a@x.org', '10.0.0.1', now + 1)).toBe(0);
    expect(limiter.reserve('a@x.org', '10.0.0.1', now + 1)).toBeGreaterThan(0);
  });

  it('counts attempts in flight from one address over many accounts', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) expect(limiter.reserve(`user${i}@x.org`, '10.0.0.9', 0)).toBe(0);
    expect(limiter.reserve('new@x.org', '10.0.0.9', 0)).toBe(WINDOW_MS / 1000);
    expect(limiter.reserve('new@x.org', '10.0.0.8', 0)).toBe(0);
  });
});
