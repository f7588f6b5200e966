/**
 * Security headers on every response, the API's and the dashboard's files alike:
 *
 * - a Content-Security-Policy that runs only the dashboard's own script files (no inline script,
 *   no eval), loads nothing from elsewhere, and lets no other site frame the page
 *   (frame-ancestors 'none', and X-Frame-Options for older browsers);
 * - nosniff, no referrer, and (over HTTPS) HSTS.
 *
 * Styles: the dashboard's CSS is a file, but Observable Plot writes one fixed <style> element into
 * every chart; it is allowed by its hash (PLOT_STYLE_HASHES; test/src/dashboard-sessions.spec.ts
 * fails, naming the hash, if a new Plot writes another). Style properties set from script
 * (element.style) are not inline styles to CSP. The OpenAPI page (/api/docs, Swagger UI) has inline
 * styles of its own, so its policy allows them; it too runs only script files.
 *
 * The public results card's page (/cards/:slug) is made to be framed by clinics' websites: it
 * keeps its own policy (public-cards/card-page.ts, frame-ancestors *).
 */
import type { NextFunction, Request, Response } from 'express';
import { CARD_PAGE_HEADERS } from '../public-cards/card-page.js';

/** Observable Plot 0.6's chart stylesheet (plot.js, class plot-d6a7b5), as CSP hash sources. */
export const PLOT_STYLE_HASHES = ["'sha256-jSYQUrW7J0b3jPqhZP9C2Xh1PyJKHKXd4s0fpGGKrww='"];

function policy(styleSources: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${["'self'", ...styleSources].join(' ')}`,
    // Charts are saved as PNG through an SVG image made from a blob: URL.
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const DASHBOARD_CSP = policy(PLOT_STYLE_HASHES);
export const API_DOCS_CSP = policy(["'unsafe-inline'"]);

const COMMON_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** A year, once a browser has reached the API over HTTPS. */
const HSTS = 'max-age=31536000';

export function securityHeaders() {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (/^\/cards\//.test(request.path)) {
      for (const [name, value] of Object.entries(CARD_PAGE_HEADERS)) response.setHeader(name, value);
    } else {
      for (const [name, value] of Object.entries(COMMON_HEADERS)) response.setHeader(name, value);
      const docs = request.path === '/api/docs' || request.path.startsWith('/api/docs/') || request.path.startsWith('/api/docs-');
      response.setHeader('content-security-policy', docs ? API_DOCS_CSP : DASHBOARD_CSP);
    }
    if (request.secure) response.setHeader('strict-transport-security', HSTS);
    next();
  };
}
