import type { Response } from 'express';
import type { CacheAnswer } from './versioned-cache.js';

/** Sets X-Data-Version and X-Cache (hit|miss) from a cached answer and returns its value. */
export function withCacheHeaders<T>(response: Response, answer: CacheAnswer<T>): T {
  response.setHeader('X-Data-Version', String(answer.version));
  response.setHeader('X-Cache', answer.cache);
  return answer.value;
}

/** The JSON text of cached answers, made once per cached object: a hit then sends stored text. */
const serialized = new WeakMap<object, string>();

/**
 * As withCacheHeaders, and answers the value as JSON text serialised once per cached value, so
 * that a cache hit costs no serialisation (a report grouped by therapist is hundreds of kilobytes).
 */
export function cachedJson<T extends object>(response: Response, answer: CacheAnswer<T>): string {
  const value = withCacheHeaders(response, answer);
  let text = serialized.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialized.set(value, text);
  }
  response.type('application/json');
  return text;
}
