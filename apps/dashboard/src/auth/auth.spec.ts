import { createAuthSession, isPlausibleToken, parseHashToken } from './auth.js';

describe('admin token from the location hash', () => {
  it('reads #token= and leaves nothing behind', () => {
    expect(parseHashToken('#token=abc123def456')).toEqual({ token: 'abc123def456', remainingHash: '' });
  });

  it('keeps other hash parameters', () => {
    expect(parseHashToken('#section=2&token=abc123def456')).toEqual({
      token: 'abc123def456',
      remainingHash: '#section=2',
    });
  });

  it('finds no token in an empty or unrelated hash', () => {
    expect(parseHashToken('')).toEqual({ token: undefined, remainingHash: '' });
    expect(parseHashToken('#main')).toEqual({ token: undefined, remainingHash: '#main' });
  });

  it('refuses values that cannot be a token (too short, spaces)', () => {
    expect(parseHashToken('#token=abc').token).toBeUndefined();
    expect(parseHashToken('#token=abc%20def%20ghi').token).toBeUndefined();
    expect(isPlausibleToken('  test-admin-token-0123456789 ')).toBe(true);
    expect(isPlausibleToken('short')).toBe(false);
  });
});

describe('the session of a page', () => {
  /** The parts of a window the session uses, recording what it does to them. */
  function fakeWindow(hash: string, stored: Record<string, string>) {
    const storage = new Map(Object.entries(stored));
    const replaced: string[] = [];
    const win = {
      location: { pathname: '/data/', search: '?measure=nprs', hash },
      history: { state: null, replaceState: (_state: unknown, _title: string, url: string) => void replaced.push(url) },
      localStorage: { removeItem: (key: string) => void storage.delete(key) },
      document: { cookie: '' },
    } as unknown as Window;
    return { win, storage, replaced };
  }

  it('takes the start-up link’s token once, and removes it from the address bar and this history entry', () => {
    const { win, replaced } = fakeWindow('#token=test-admin-token-0123456789', {});
    const session = createAuthSession(win);
    expect(replaced).toEqual(['/data/?measure=nprs']);
    expect(session.takeLinkToken()).toBe('test-admin-token-0123456789');
    expect(session.takeLinkToken()).toBeUndefined();
  });

  it('removes a token= that is not a token too, and leaves other hashes alone', () => {
    const bad = fakeWindow('#token=abc', {});
    expect(createAuthSession(bad.win).takeLinkToken()).toBeUndefined();
    expect(bad.replaced).toEqual(['/data/?measure=nprs']);
    const skip = fakeWindow('#main', {});
    createAuthSession(skip.win);
    expect(skip.replaced).toEqual([]);
  });

  it('deletes the tokens older versions kept in localStorage, and keeps only the CSRF token, in memory', () => {
    const { win, storage } = fakeWindow('', { 'threshold.token': 'thr_old', 'threshold.adminToken': 'old-admin', other: 'kept' });
    const session = createAuthSession(win);
    expect([...storage.keys()]).toEqual(['other']);
    expect(session.csrfToken()).toBeUndefined();
    session.setCsrfToken('csrf-value');
    expect(session.csrfToken()).toBe('csrf-value');
  });

  it('takes the API’s readable hint cookie as a session that may exist (only the API can say)', () => {
    const { win } = fakeWindow('', {});
    const session = createAuthSession(win);
    expect(session.maybeSignedIn()).toBe(false);
    win.document.cookie = 'other=1; threshold_signed_in=1';
    expect(session.maybeSignedIn()).toBe(true);
    win.document.cookie = 'threshold_signed_in=10';
    expect(session.maybeSignedIn()).toBe(false);
  });
});
