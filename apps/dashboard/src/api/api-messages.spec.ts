import { messageFor, retryAfterOf, tooManyAttemptsText } from './api-client.js';

describe('what the dashboard says when the API refuses', () => {
  it('a wrong password, on signing in', () => {
    expect(messageFor(401, { message: 'wrong email or password' }, '/api/auth/login')).toBe(
      'Wrong email or password. Check both and try again.',
    );
    expect(messageFor(401, { message: 'wrong email or password' }, '/api/auth/session')).toBe(
      'Wrong email or password. Check both and try again.',
    );
  });

  it('a change refused for want of the session’s CSRF token', () => {
    const body = { message: 'a change made with the session cookie needs the X-CSRF-Token header (from GET /api/auth/me): refused as a possible cross-site request' };
    expect(messageFor(403, body, '/api/users', 'admin')).toMatch(/^This change was refused .* Reload the page and try again\.$/);
  });

  it('a session that ended, anywhere else', () => {
    expect(messageFor(401, {}, '/api/reports?by=technique')).toMatch(/^Your session has ended/);
  });

  it('a role that may not see something, naming the role', () => {
    expect(
      messageFor(403, { message: 'the marketing role may not use this route' }, '/api/export', 'marketing'),
    ).toBe('Your role (marketing) may not see this.');
    expect(messageFor(403, {}, '/api/export')).toBe('Your role may not see this.');
  });

  it('why a change of people or names was refused, in the API’s words', () => {
    expect(
      messageFor(
        403,
        {
          message:
            'this therapist is not one of your clinics’ therapists: an owner names the therapists of their own clinics',
        },
        '/api/directory',
        'owner',
      ),
    ).toBe(
      'This therapist is not one of your clinics’ therapists: an owner names the therapists of their own clinics.',
    );
    expect(
      messageFor(403, { message: 'the therapist role may not use this route' }, '/api/users', 'therapist'),
    ).toBe('Your role (therapist) may not see this.');
    expect(
      messageFor(
        400,
        { message: 'the name is not valid', errors: ['name: must not be empty'] },
        '/api/directory',
      ),
    ).toBe('the name is not valid: name: must not be empty');
  });

  it('too many attempts, with the seconds to wait from retryAfter', () => {
    const body = {
      statusCode: 429,
      message: 'too many failed sign-ins: try again in 873 s',
      retryAfter: 873,
    };
    expect(retryAfterOf(body)).toBe(873);
    expect(messageFor(429, body, '/api/auth/login')).toBe('Too many attempts: try again in 873 s.');
    expect(retryAfterOf({ retryAfter: '12.2' })).toBe(13);
    expect(retryAfterOf({ retryAfter: -1 })).toBeUndefined();
    expect(tooManyAttemptsText(undefined)).toBe('Too many attempts: wait a few minutes, then try again.');
  });
});
