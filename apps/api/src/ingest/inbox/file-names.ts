/**
 * File names the watch folder makes from the names it is given (a timestamp added when done/
 * already has the name, `.errors.txt` added for a refused file's report), kept within what Linux
 * and macOS file systems allow: 255 bytes, counted in bytes, not characters (an accented letter in
 * UTF-8 takes two, a CJK character three).
 */
import { extname } from 'node:path';

export const MAX_NAME_BYTES = 255;

/** An extension longer than this is not one a format is told by: it is shortened with the rest. */
const MAX_KEPT_EXTENSION_BYTES = 16;

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The longest start of `text` of at most `maxBytes` bytes, never cutting a character in two. */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let kept = '';
  let bytes = 0;
  for (const character of text) {
    const size = byteLength(character);
    if (bytes + size > maxBytes) break;
    kept += character;
    bytes += size;
  }
  return kept;
}

/** `name` with `suffix` after it, the name shortened as much as needed to fit: for `<name>.errors.txt`. */
export function withSuffix(name: string, suffix: string): string {
  return `${truncateToBytes(name, MAX_NAME_BYTES - byteLength(suffix))}${suffix}`;
}

/**
 * `name` with `tag` before its extension (`sleep.csv` -> `sleep.<tag>.csv`), the part before the
 * extension shortened as much as needed to fit: the extension stays, so the file still says its format.
 */
export function withTag(name: string, tag: string): string {
  let extension = extname(name);
  if (byteLength(extension) > MAX_KEPT_EXTENSION_BYTES) extension = '';
  const stem = name.slice(0, name.length - extension.length);
  const fixed = `.${tag}${extension}`;
  return `${truncateToBytes(stem, MAX_NAME_BYTES - byteLength(fixed))}${fixed}`;
}
