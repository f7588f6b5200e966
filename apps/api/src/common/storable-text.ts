/// <reference lib="es2024.string" />
/**
 * Text that PostgreSQL can store, checked where a request's text comes in (query parameters,
 * JSON bodies), so that text it cannot store is a 400 naming the field rather than a 500 from the
 * database, or a stream cut off half-way:
 * - a NUL character: PostgreSQL's text types refuse it ("invalid byte sequence for encoding UTF8:
 *   0x00"), and so does jsonb ("unsupported Unicode escape sequence"), in which the audit log
 *   keeps a request's filters;
 * - a lone UTF-16 surrogate: it has no UTF-8 encoding, so the driver would send U+FFFD in its
 *   place, silently looking up or storing another text than the one given.
 */
import { BadRequestException } from '@nestjs/common';

/** What makes `text` unstorable, in words ("a NUL character"), or undefined when it is storable. */
export function unstorableCharacterIn(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character (U+0000)';
  if (!text.isWellFormed()) return 'an unpaired UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

/** A 400 naming `name` when `text` cannot be stored. */
export function assertStorableText(text: string, name: string): void {
  const character = unstorableCharacterIn(text);
  if (character !== undefined) throw new BadRequestException(`${name} must not contain ${character}`);
}
