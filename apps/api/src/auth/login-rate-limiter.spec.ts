import { LoginRateLimiter, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, WINDOW_MS } from './login-rate-limiter.js';

describe('LoginRateLimiter', () => {
  it('refuses an account after its failures, until the oldest leaves the window', () => {
    const limiter = new LoginRateLimiter();
    const start = 1_000_000;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) limiter.recordFailure('a@x.org', '10.0.0.1', start + i * 1000);
    expect(limiter.retryAfterSeconds('a@x.org', '10.0.0.2', start + 5000)).toBe((WINDOW_MS - 5000) / 1000);
    expect(limiter.retryAfterSeconds('b@x.org', '10.0.0.1', start + 5000)).toBe(0);
    expect(limiter.retryAfterSeconds('a@x.org', '10.0.0.2', start + WINDOW_MS)).toBe(0);
  });

  it('refuses an address that tries many accounts', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) limiter.recordFailure(`user${i}@x.org`, '10.0.0.9', 0);
    expect(limiter.retryAfterSeconds('new@x.org', '10.0.0.9', 1)).toBeGreaterThan(0);
  });

  it('forgets an account\'s failures after a success', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) limiter.recordFailure('a@x.org', 'h', 0);
    limiter.recordSuccess('a@x.org');
    expect(limiter.retryAfterSeconds('a@x.org', 'other', 1)).toBe(0);
  });
});
