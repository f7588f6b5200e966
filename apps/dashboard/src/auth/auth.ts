/**
 * Who the dashboard is signed in as. For now that is the admin token the API prints at its first
 * start (`http://host:port/#token=<token>`); a later issue adds users and a login page, and only
 * this module (with sign-in-form.ts) should have to change.
 *
 * The token arrives once in the location hash, is kept in localStorage (so the link need not be
 * opened again), and is removed from the address bar at once so that it is not bookmarked,
 * shared with a view or left in the browser history.
 */

const STORAGE_KEY = 'threshold.adminToken';

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
 * strips it from the URL), else the one stored earlier.
 */
export function createAuthSession(win: Window = window): AuthSession {
  const storage = safeStorage(win.localStorage);
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
