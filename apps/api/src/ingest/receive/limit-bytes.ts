/** Passes a byte stream through, failing as soon as it exceeds `limit` bytes (a body without Content-Length). */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the upload is larger than the limit of ${limit} bytes (THRESHOLD_MAX_UPLOAD_BYTES)`);
    this.name = 'BodyTooLargeError';
  }
}

export async function* limitBytes(source: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > limit) throw new BodyTooLargeError(limit);
    yield chunk;
  }
}
