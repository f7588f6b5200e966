/**
 * The body of POST /api/directory, checked and named problem by problem: a kind, a name, and
 * either the raw id the clinic used at ingest (hashed here, never stored) or a stored key.
 */
import { BadRequestException } from '@nestjs/common';
import { unstorableCharacterIn } from '../common/storable-text.js';
import { NAMED_KINDS, type NamedKind } from '../database/entities/display-name.entity.js';
import { STORED_KEY_PATTERN } from '../pseudonyms/pseudonymizer.js';

/** Longest display name: a clinic's full name fits; a paragraph does not. */
export const MAX_NAME_LENGTH = 120;
/** Longest raw id, as a new user's clinic and therapist ids (users/users.service.ts). */
export const MAX_ID_LENGTH = 200;

export interface NameRequest {
  kind: NamedKind;
  name: string;
  /** Exactly one of the two. */
  id?: string;
  key?: string;
}

export interface DirectoryEntryView {
  kind: NamedKind;
  key: string;
  name: string;
  updatedAt: string;
  updatedBy: string;
}

const FIELDS = ['kind', 'name', 'id', 'key'];

/** Control characters (C0, DEL, C1) and line or paragraph separators: a name is one line of text. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export function parseNameRequest(body: unknown): NameRequest {
  const value = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const problems: string[] = [];
  const kind = value.kind as NamedKind;
  if (!NAMED_KINDS.includes(kind)) problems.push(`kind: one of ${NAMED_KINDS.join(', ')}`);
  problems.push(...nameProblems(value.name));
  const hasId = value.id !== undefined && value.id !== null;
  const hasKey = value.key !== undefined && value.key !== null;
  if (hasId === hasKey) problems.push('id or key: give one, the id used at ingest or the stored key');
  if (hasId) {
    if (typeof value.id !== 'string' || value.id.trim() === '' || value.id.length > MAX_ID_LENGTH) {
      problems.push(
        `id: the ${kind ?? 'clinic or therapist'} id used at ingest (1 to ${MAX_ID_LENGTH} characters)`,
      );
    } else {
      const character = unstorableCharacterIn(value.id);
      if (character !== undefined) problems.push(`id: must not contain ${character}`);
    }
  }
  if (hasKey && (typeof value.key !== 'string' || !STORED_KEY_PATTERN.test(value.key))) {
    problems.push('key: a stored key, 32 hex digits in lower case');
  }
  const unknown = Object.keys(value).filter((field) => !FIELDS.includes(field));
  if (unknown.length > 0)
    problems.push(`unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  if (problems.length > 0)
    throw new BadRequestException({ statusCode: 400, message: 'the name is not valid', errors: problems });
  return {
    kind,
    name: (value.name as string).trim(),
    ...(hasId ? { id: (value.id as string).trim() } : { key: value.key as string }),
  };
}

/** What is wrong with a display name, or nothing: text, trimmed, not empty, one line, bounded. */
export function nameProblems(name: unknown): string[] {
  if (typeof name !== 'string') return ['name: text'];
  const trimmed = name.trim();
  if (trimmed === '') return ['name: must not be empty'];
  if (trimmed.length > MAX_NAME_LENGTH)
    return [`name: at most ${MAX_NAME_LENGTH} characters, got ${trimmed.length}`];
  const unstorable = unstorableCharacterIn(trimmed);
  if (unstorable !== undefined) return [`name: must not contain ${unstorable}`];
  if (CONTROL_CHARACTER.test(trimmed)) return ['name: one line of text, without control characters'];
  return [];
}
