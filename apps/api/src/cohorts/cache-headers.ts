import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { CacheAnswer } from './versioned-cache.js';

/** Sets X-Data-Version and X-Cache (hit|miss) from a cached answer and returns its value. */
export function withCacheHeaders<T>(response: Response, answer: CacheAnswer<T>): T {
  response.setHeader('X-Data-Version', String(answer.version));
  response.setHeader('X-Cache', answer.cache);
  return answer.value;
}

/** A cached answer's JSON body and its entity tag. */
interface SerializedAnswer {
  body: Buffer;
  etag: string;
}

/** The JSON body of cached answers, made once per cached object: a hit then sends stored bytes. */
const serialized = new WeakMap<object, SerializedAnswer>();

/**
 * As withCacheHeaders, and sends the value as JSON, serialised and encoded once per cached value,
 * so that a cache hit costs no serialisation (a report grouped by therapist is hundreds of
 * kilobytes) and no encoding: sent as text, every hit converted it to UTF-8 bytes again (an eighth
 * of a hit's time in a burst of 200). Its ETag is made once too: Express would hash the whole body
 * on every hit (a weak SHA-1 tag, a tenth of a hit's time); a client that sends it back gets 304.
 *
 * It sends the answer itself, so the route takes the response without passthrough: Nest would
 * serialise a returned Buffer as an object.
 */
export function sendCachedJson<T extends object>(
  response: Response,
  answer: CacheAnswer<T>,
  added?: Record<string, unknown>,
): void {
  const value = withCacheHeaders(response, answer);
  let answerBody = serialized.get(value);
  if (answerBody === undefined) {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    answerBody = { body, etag: `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"` };
    serialized.set(value, answerBody);
  }
  const sent = added === undefined ? answerBody : withAddedFields(answerBody, added);
  response.setHeader('ETag', sent.etag);
  response.type('application/json');
  response.send(sent.body);
}

/**
 * The cached object's bytes with more fields at its end (the `names` of the keys a report shows,
 * which change without an ingest and so are not cached with it): the stored body up to its closing
 * brace, then the new fields, so that the cached report is not serialised again. The tag covers both.
 */
function withAddedFields(answer: SerializedAnswer, added: Record<string, unknown>): SerializedAnswer {
  const fields = JSON.stringify(added).slice(1, -1);
  if (fields === '') return answer;
  const closing = answer.body.lastIndexOf(0x7d); // '}'
  const separator = closing > 1 ? ',' : '';
  const body = Buffer.concat([
    answer.body.subarray(0, closing),
    Buffer.from(`${separator}${fields}}`, 'utf8'),
  ]);
  const etag = `W/"${createHash('sha1').update(answer.etag).update(fields).digest('base64url').slice(0, 27)}"`;
  return { body, etag };
}
