import type { Response } from 'express';
import type { CacheAnswer } from './versioned-cache.js';

/** Sets X-Data-Version and X-Cache (hit|miss) from a cached answer and returns its value. */
export function withCacheHeaders<T>(response: Response, answer: CacheAnswer<T>): T {
  response.setHeader('X-Data-Version', String(answer.version));
  response.setHeader('X-Cache', answer.cache);
  return answer.value;
}
