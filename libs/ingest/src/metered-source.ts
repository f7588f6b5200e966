/**
 * Wraps the caller's byte stream: counts the bytes, hashes them (the checksum recorded with each
 * ingested batch), reports progress, lets a reader look at the first bytes before consuming them,
 * and can drain what a reader left unread, so that the count and the checksum always cover the
 * whole input.
 */
import { createHash } from 'node:crypto';

export class MeteredSource implements AsyncIterable<Uint8Array> {
  bytesRead = 0;
  private readonly hash = createHash('sha256');
  private iterator: AsyncIterator<Uint8Array> | undefined;
  private ended = false;
  /** Chunks that peek() has pulled and iteration has not yet handed out. */
  private peeked: Uint8Array[] = [];

  constructor(
    private readonly source: AsyncIterable<Uint8Array>,
    private readonly onProgress: ((bytesRead: number) => void) | undefined,
  ) {}

  /**
   * Each iteration continues where the previous one stopped, and a consumer that stops early
   * (return()) does not close the underlying source: drain() still reads the rest.
   */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: async () => {
        const chunk = this.peeked.shift() ?? (await this.pull());
        return chunk === null ? { done: true, value: undefined } : { done: false, value: chunk };
      },
      return: async () => ({ done: true, value: undefined }),
    };
  }

  /** Up to `length` bytes from the start of what has not been consumed yet (fewer if the input is shorter). */
  async peek(length: number): Promise<Uint8Array> {
    let available = this.peeked.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    while (available < length) {
      const chunk = await this.pull();
      if (chunk === null) break;
      this.peeked.push(chunk);
      available += chunk.byteLength;
    }
    return Buffer.concat(this.peeked).subarray(0, length);
  }

  /** Reads the rest of the input, only to count and hash it. */
  async drain(): Promise<void> {
    this.peeked = [];
    while ((await this.pull()) !== null);
  }

  /** Lets go of the source early, after a failure (a Node stream is destroyed). */
  async close(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      await this.iterator?.return?.();
    }
  }

  /** SHA-256 of every byte read, in hex; call once, at the end. */
  checksum(): string {
    return this.hash.digest('hex');
  }

  private async pull(): Promise<Uint8Array | null> {
    if (this.ended) return null;
    this.iterator ??= this.source[Symbol.asyncIterator]();
    const result = await this.iterator.next();
    if (result.done) {
      this.ended = true;
      return null;
    }
    const chunk: unknown = result.value;
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(
        'readOutcomes needs a stream of bytes: open files and requests without a text encoding',
      );
    }
    this.bytesRead += chunk.byteLength;
    this.hash.update(chunk);
    this.onProgress?.(this.bytesRead);
    return chunk;
  }
}
