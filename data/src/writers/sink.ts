/**
 * Writing to a Node stream without letting memory grow: text is gathered into chunks of about
 * 64 KiB, and when the stream says it is full (`write` returns false) the writer waits for 'drain'.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes a chunk, and waits if the stream's buffer is full. Rejects if the stream errors meanwhile. */
export async function writeWithBackpressure(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export class TextSink {
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(
    private readonly out: Writable,
    private readonly chunkSize = 64 * 1024,
  ) {}

  /** Adds text; returns a promise only when a chunk had to be written and the stream is full. */
  push(text: string): Promise<void> | undefined {
    this.pending.push(text);
    this.pendingLength += text.length;
    return this.pendingLength >= this.chunkSize ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    await writeWithBackpressure(this.out, chunk);
  }
}
