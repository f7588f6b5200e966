/**
 * The session of this browser. The dashboard never keeps a token: signing in (POST
 * /api/auth/session, with email and password or with a token) makes the API set a session cookie
 * that page scripts cannot read (HttpOnly, SameSite=Strict), and every request the page makes
 * carries it. Signing out asks the API to revoke the session and clear the cookie.
 *
 * What the page keeps, in memory only, is the session's CSRF token: the API answers it when a
 * session starts and at GET /api/auth/me (every page start), and a change (POST, PUT, PATCH,
 * DELETE) must send it back in X-CSRF-Token; another site's page cannot learn it.
 *
 * Beside the session cookie the API sets `threshold_signed_in=1`, readable, with no secret in it:
 * without it the page shows the sign-in form at once rather than ask the API who is signed in.
 *
 * The start-up link `http://host:port/#token=<admin token>` carries the deployment's admin token
 * once in the location hash: it is removed from the address bar and from the history entry at
 * once, and exchanged for a session cookie before anything else (page-shell.ts).
 */

/** Where versions before the session cookie kept a token in localStorage: removed at every start. */
const OLD_STORAGE_KEYS = ['threshold.token', 'threshold.adminToken'];

/** A token the API could accept: printable, no spaces (it goes in an Authorization header). */
const TOKEN_PATTERN = /^[\x21-\x7e]{8,512}$/;

export interface HashToken {
  /** The token found in the hash, if any. */
  token: string | undefined;
  /** The hash without the token parameter ("" when nothing else was in it). */
  remainingHash: string;
}

/** Reads `token=` from a location hash such as "#token=abc" or "#token=abc&x=1". */
export function parseHashToken(hash: string): HashToken {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  // A hash without token= (such as the skip link's #main) is left exactly as it is.
  if (!params.has('token')) return { token: undefined, remainingHash: hash };
  const raw = params.get('token')?.trim();
  params.delete('token');
  const rest = params.toString();
  return {
    token: raw !== undefined && TOKEN_PATTERN.test(raw) ? raw : undefined,
    remainingHash: rest === '' ? '' : `#${rest}`,
  };
}

export function isPlausibleToken(token: string): boolean {
  return TOKEN_PATTERN.test(token.trim());
}

const SIGNED_IN_HINT = /(?:^|;\s*)threshold_signed_in=1(?:;|$)/;

export interface AuthSession {
  /** Whether a session may exist (the API's readable hint cookie); only the API can say for sure. */
  maybeSignedIn(): boolean;
  /** The CSRF token of the current session, once the API has said it. */
  csrfToken(): string | undefined;
  setCsrfToken(token: string | undefined): void;
  /**
   * The token of a start-up link (`#token=`), to exchange for a session cookie; given once (the
   * second call answers undefined), so that it does not stay in the page's memory.
   */
  takeLinkToken(): string | undefined;
}

/** Deletes tokens that versions before the session cookie left in localStorage. */
function forgetStoredTokens(win: Window): void {
  try {
    for (const key of OLD_STORAGE_KEYS) win.localStorage.removeItem(key);
  } catch {
    // Storage unavailable (a private window, disabled storage): nothing could have been kept.
  }
}

/**
 * The session of this page: takes a token from the location hash (once, at page start, then strips
 * it from the URL and from this history entry).
 */
export function createAuthSession(win: Window = window): AuthSession {
  forgetStoredTokens(win);
  let linkToken: string | undefined;
  const fromHash = parseHashToken(win.location.hash);
  if (fromHash.remainingHash !== win.location.hash) {
    linkToken = fromHash.token;
    const url = `${win.location.pathname}${win.location.search}${fromHash.remainingHash}`;
    win.history.replaceState(win.history.state, '', url);
  }
  let csrf: string | undefined;
  return {
    maybeSignedIn: () => SIGNED_IN_HINT.test(win.document.cookie),
    csrfToken: () => csrf,
    setCsrfToken(token) {
      csrf = token;
    },
    takeLinkToken() {
      const token = linkToken;
      linkToken = undefined;
      return token;
    },
  };
}
