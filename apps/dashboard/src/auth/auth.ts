/**
 * The token this browser signs its requests with. Two kinds, kept the same way:
 *
 * - a user's token, from signing in with email and password (POST /api/auth/login, sign-in-form.ts);
 *   it expires and can be revoked, and signing out revokes it (POST /api/auth/logout);
 * - the deployment's admin token, for automation and the first start: the API prints
 *   `http://host:port/#token=<token>`, and the token arrives once in the location hash.
 *
 * Either is kept in localStorage (so a reload or a new tab stays signed in) and a token in the hash
 * is removed from the address bar at once, so that it is not bookmarked, shared with a view or
 * left in the browser history. Who the token belongs to is asked of the API (current-user.ts).
 */

const STORAGE_KEY = 'threshold.token';
/** Where versions before sign-in with email kept the admin token: moved to STORAGE_KEY once. */
const OLD_STORAGE_KEY = 'threshold.adminToken';

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

export interface AuthSession {
  /** The Authorization header value, or undefined when signed out. */
  authorization(): string | undefined;
  isSignedIn(): boolean;
  signIn(token: string): void;
  signOut(): void;
}

/** Storage that may be unavailable (private windows, disabled storage): fall back to memory. */
function safeStorage(storage: Storage | undefined): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const memory = new Map<string, string>();
  const fallback = {
    getItem: (key: string) => memory.get(key) ?? null,
    setItem: (key: string, value: string) => void memory.set(key, value),
    removeItem: (key: string) => void memory.delete(key),
  };
  if (storage === undefined) return fallback;
  try {
    storage.getItem(STORAGE_KEY);
    return storage;
  } catch {
    return fallback;
  }
}

/**
 * The session of this browser: takes a token from the location hash (once, at page start, then
 * strips it from the URL), else the one stored earlier. A token in the hash replaces a stored one:
 * opening the start-up link is a deliberate sign-in as admin.
 */
export function createAuthSession(win: Window = window): AuthSession {
  const storage = safeStorage(win.localStorage);
  const old = storage.getItem(OLD_STORAGE_KEY);
  if (old !== null) {
    if (storage.getItem(STORAGE_KEY) === null) storage.setItem(STORAGE_KEY, old);
    storage.removeItem(OLD_STORAGE_KEY);
  }
  const fromHash = parseHashToken(win.location.hash);
  if (fromHash.token !== undefined) {
    storage.setItem(STORAGE_KEY, fromHash.token);
    const url = `${win.location.pathname}${win.location.search}${fromHash.remainingHash}`;
    win.history.replaceState(win.history.state, '', url);
  }
  return {
    authorization() {
      const token = storage.getItem(STORAGE_KEY);
      return token === null ? undefined : `Bearer ${token}`;
    },
    isSignedIn() {
      return storage.getItem(STORAGE_KEY) !== null;
    },
    signIn(token: string) {
      storage.setItem(STORAGE_KEY, token.trim());
    },
    signOut() {
      storage.removeItem(STORAGE_KEY);
    },
  };
}
