/**
 * Opening an input file so that a failure is an answer, not a crash. `createReadStream(path)` opens
 * the file later, on its own, and a failed open is an 'error' event that nothing may be listening
 * to yet (an unreadable file then took the whole server down). Here the file is opened first, the
 * failure is thrown where the caller awaits it, and the stream is then read from the open handle.
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** The file is a link, a folder, a FIFO...: nothing is read from it. */
export class NotARegularFileError extends Error {
  constructor(readonly kind: string) {
    super(`it is ${kind}, not a regular file`);
    this.name = 'NotARegularFileError';
  }
}

/** What a file system entry is, in words, for a message. */
export function kindOfEntry(info: Stats): string {
  if (info.isFile()) return 'a regular file';
  if (info.isDirectory()) return 'a folder';
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * Opens `path` for reading when it is a regular file; else throws NotARegularFileError, or the
 * open's own error (ENOENT, EACCES, ELOOP...). With `followLinks: false`, a symbolic link is refused
 * by the open itself (O_NOFOLLOW: ELOOP), so a link swapped in after a check cannot be followed.
 * O_NONBLOCK: a FIFO is refused, not waited on (opening one blocks until a writer comes); on a
 * regular file it changes nothing.
 */
export async function openRegularFile(path: string, options: { followLinks: boolean }): Promise<FileHandle> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (options.followLinks ? 0 : constants.O_NOFOLLOW);
  const handle = await open(path, flags);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NotARegularFileError(kindOfEntry(info));
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Why a file could not be opened (or a folder made), in words, by its error code. */
export function fileErrorReason(error: unknown): string {
  if (error instanceof NotARegularFileError) return error.message;
  const { code, message } = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'it is a symbolic link, not a regular file',
    EISDIR: 'it is a folder, not a regular file',
    ENXIO: 'it is a socket or device, not a regular file',
    ENOTDIR: 'part of its path is a file, not a folder',
    EROFS: 'the file system is read-only',
  };
  return (code !== undefined && reasons[code]) || message;
}
