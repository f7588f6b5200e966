/**
 * Cross-origin requests: refused by default (no Access-Control-Allow-Origin: a browser lets no
 * other site's page read an answer), and allowed for the origins THRESHOLD_CORS_ORIGINS lists, for
 * their pages calling the API with a Bearer token. Never with credentials: the session cookie is
 * the dashboard's, served by the API itself, and SameSite=Strict keeps it from other sites anyway.
 * The public card's JSON answers any origin on its own (public-cards.controller.ts).
 */
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';

export function corsOptions(origins: string[]): CorsOptions {
  return {
    origin: origins,
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-upload-id'],
    exposedHeaders: ['x-data-version', 'x-cache', 'retry-after', 'content-disposition'],
    maxAge: 600,
  };
}
