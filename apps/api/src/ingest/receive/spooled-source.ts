/**
 * An upload read once and kept on disk as it passes, so that it can be read again: a file first
 * tried by the streaming store (store/streaming-store.ts) and found not storable that way is then read
 * from its copy by the staged path. Memory stays flat; disk use is the upload's size, for as long
 * as its batch loads.
 *
 * Stopping the first reading early (the reader's iterator return()) leaves the upload open:
 * replay() reads the rest of it into the copy before reading the copy from its start. A copy left
 * by a process that was killed is deleted by a later one (removeStale, with the interrupted
 * batches).
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

/** The copy could not be written (a full disk): the server's failure, not the sender's. */
export class SpoolWriteError extends Error {
  constructor(cause: Error) {
    super(`the upload could not be kept on disk: ${cause.message}`, { cause });
    this.name = 'SpoolWriteError';
  }
}

const FOLDER_PREFIX = 'threshold-upload-';

export class SpooledSource implements AsyncIterable<Uint8Array> {
  /** The copies of this process's uploads that are loading, never removed as stale. */
  private static readonly live = new Set<string>();
  private writeError: Error | null = null;

  private constructor(
    private readonly upload: AsyncIterator<Uint8Array>,
    private readonly folder: string,
    private readonly copy: WriteStream,
  ) {
    // Listened to at once: a full disk must fail the batch, not crash the process.
    copy.on('error', (error: Error) => {
      this.writeError ??= new SpoolWriteError(error);
    });
  }

  static async create(upload: AsyncIterable<Uint8Array>, directory = tmpdir()): Promise<SpooledSource> {
    const folder = await mkdtemp(join(directory, FOLDER_PREFIX));
    SpooledSource.live.add(folder);
    return new SpooledSource(upload[Symbol.asyncIterator](), folder, createWriteStream(join(folder, 'upload')));
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => this.nextChunk(),
      // The upload stays open for replay().
      return: async () => ({ done: true, value: undefined }),
    };
  }

  /** The whole upload again, from its copy, once the rest of it has been read into the copy. */
  async replay(): Promise<AsyncIterable<Uint8Array>> {
    while (!(await this.nextChunk()).done);
    this.copy.end();
    await finished(this.copy);
    if (this.writeError !== null) throw this.writeError;
    return createReadStream(join(this.folder, 'upload'));
  }

  /** Deletes the copy. */
  async dispose(): Promise<void> {
    if (!this.copy.closed) {
      this.copy.destroy();
      await once(this.copy, 'close').catch(() => undefined);
    }
    await rm(this.folder, { recursive: true, force: true });
    SpooledSource.live.delete(this.folder);
  }

  /**
   * Deletes the copies left by a process that stopped while loading (killed, crashed): those not
   * of this process and unchanged for `olderThanMs`. Answers how many it deleted.
   */
  static async removeStale(olderThanMs: number, directory = tmpdir()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(directory).catch(() => [] as string[])) {
      const folder = join(directory, name);
      if (!name.startsWith(FOLDER_PREFIX) || SpooledSource.live.has(folder)) continue;
      const changed = await stat(join(folder, 'upload')).catch(() => stat(folder)).catch(() => null);
      if (changed === null || Date.now() - changed.mtimeMs < olderThanMs) continue;
      await rm(folder, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  private async nextChunk(): Promise<IteratorResult<Uint8Array>> {
    if (this.writeError !== null) throw this.writeError;
    const result = await this.upload.next();
    if (!result.done && !this.copy.write(result.value)) {
      await once(this.copy, 'drain').catch((error: Error) => {
        throw new SpoolWriteError(error);
      });
    }
    return result;
  }
}
