import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * Copies a byte stream to a temporary file, opens it for random access and hands it to `use`; the
 * file is deleted afterwards, whatever happens. Memory stays flat; disk use is the input's size.
 */
export async function withSpooledFile<T>(
  source: AsyncIterable<Uint8Array>,
  directory: string,
  use: (file: FileHandle, size: number) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(join(directory, 'threshold-ingest-'));
  try {
    const path = join(folder, 'input.arrow');
    await pipeline(source, createWriteStream(path));
    const file = await open(path, 'r');
    try {
      return await use(file, (await file.stat()).size);
    } finally {
      await file.close();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
