/**
 * The dashboard's session, held in a cookie that page scripts cannot read (HttpOnly), that no other
 * site's page can make the browser send (SameSite=Strict), that only travels to the API (Path=/api)
 * and, when the API is reached over HTTPS, only over HTTPS (Secure). It holds a session token like
 * those API clients send as `Authorization: Bearer` (session-tokens.service.ts).
 *
 * A write authenticated by the cookie must also carry the session's CSRF token in the
 * X-CSRF-Token header. The CSRF token is derived from the session token (an HMAC keyed by it), so
 * the server stores nothing more, and knowing the CSRF token tells nothing about the session token.
 * The dashboard learns it from POST /api/auth/session and GET /api/auth/me; another site's page
 * can read neither. A Bearer header needs no CSRF token: a browser never adds one by itself.
 *
 * Beside it, a cookie the page may read, SIGNED_IN_COOKIE=1, with the same lifetime: no secret,
 * only a hint that a session may exist, so that a page opened without one shows the sign-in form
 * at once instead of first asking the API and being refused.
 */
import { createHmac } from 'node:crypto';
import type { Request, Response } from 'express';
import { sameSecret } from './admin-token.js';

export const SESSION_COOKIE = 'threshold_session';
export const SIGNED_IN_COOKIE = 'threshold_signed_in';
export const CSRF_HEADER = 'x-csrf-token';
const COOKIE_PATH = '/api';

/** The value of one cookie of the request, or undefined. */
export function cookieOf(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const value = part.slice(at + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/** Whether the browser reached the API over HTTPS (directly, or through a proxy Express trusts). */
function overHttps(request: Request): boolean {
  return request.secure;
}

function attributes(request: Request, maxAgeSeconds: number, path: string, httpOnly: boolean): string {
  return [`Path=${path}`, `Max-Age=${maxAgeSeconds}`, ...(httpOnly ? ['HttpOnly'] : []), 'SameSite=Strict', ...(overHttps(request) ? ['Secure'] : [])].join('; ');
}

export function setSessionCookie(request: Request, response: Response, token: string, expiresAt: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  response.append('Set-Cookie', `${SESSION_COOKIE}=${encodeURIComponent(token)}; ${attributes(request, maxAge, COOKIE_PATH, true)}`);
  response.append('Set-Cookie', `${SIGNED_IN_COOKIE}=1; ${attributes(request, maxAge, '/', false)}`);
}

/** Tells the browser to forget the session cookie (signing out, or a session the API no longer accepts). */
export function clearSessionCookie(request: Request, response: Response): void {
  response.append('Set-Cookie', `${SESSION_COOKIE}=; ${attributes(request, 0, COOKIE_PATH, true)}`);
  response.append('Set-Cookie', `${SIGNED_IN_COOKIE}=; ${attributes(request, 0, '/', false)}`);
}

/** The CSRF token of a session: HMAC-SHA256 keyed by the session token, as base64url. */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('threshold csrf v1').digest('base64url');
}

/** Whether a request may change something (everything but GET, HEAD and OPTIONS). */
export function isWrite(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/** Whether the request's X-CSRF-Token is the session's, compared in constant time. */
export function hasCsrfToken(request: Request, expected: string): boolean {
  const given = request.headers[CSRF_HEADER];
  return typeof given === 'string' && sameSecret(given, expected);
}
