/**
 * Arrow IPC writers that hand their bytes to the caller. apache-arrow's writers put every byte on
 * an internal queue until someone reads the writer as a stream, and the queue grows without limit
 * when batches are made faster than the output takes them (an export, a generated file). `_write`
 * is the one place a writer emits bytes (protected, for subclasses): overriding it lets the
 * caller take each batch's bytes and write them with back-pressure before building the next batch.
 * (A mixin would say this once, but TypeScript cannot emit declarations for a mixin of a class
 * with protected members; the two overrides are three lines each.)
 */
import { RecordBatchFileWriter, RecordBatchStreamWriter } from 'apache-arrow';

/** Bytes a writer has emitted and the caller has not taken yet. */
class PendingBytes {
  private chunks: Uint8Array[] = [];

  add(chunk: ArrayBufferView): number {
    if (chunk.byteLength > 0) this.chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return chunk.byteLength;
  }

  take(): Uint8Array[] {
    const chunks = this.chunks;
    this.chunks = [];
    return chunks;
  }
}

/** The IPC stream format (application/vnd.apache.arrow.stream). */
export class HandOverStreamWriter extends RecordBatchStreamWriter {
  private readonly pending = new PendingBytes();

  protected override _write(chunk: ArrayBufferView): this {
    if (this._started) this._position += this.pending.add(chunk);
    return this;
  }

  /** The bytes written since the last call. */
  takeBytes(): Uint8Array[] {
    return this.pending.take();
  }
}

/** The IPC file format (application/vnd.apache.arrow.file), its footer written at finish. */
export class HandOverFileWriter extends RecordBatchFileWriter {
  private readonly pending = new PendingBytes();

  protected override _write(chunk: ArrayBufferView): this {
    if (this._started) this._position += this.pending.add(chunk);
    return this;
  }

  /** The bytes written since the last call. */
  takeBytes(): Uint8Array[] {
    return this.pending.take();
  }
}
