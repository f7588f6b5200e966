/**
 * The directory of display names: who may read and write which names (name-scope.ts), names
 * attached by the raw id a clinic used at ingest (hashed with the deployment's pseudonymizer, the
 * same key the ingest stored) or by stored key, and the `names` object other answers add.
 */
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import type { NamedKind } from '../database/entities/display-name.entity.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import type { DirectoryEntryView, NameRequest } from './directory-entry.js';
import { DirectoryRepository, type DisplayNameRow } from './directory.repository.js';
import { NO_NAMES, type DisplayNames, type KeysToName } from './display-names.js';
import { mayWriteNames, nameScopeOf } from './name-scope.js';

function toView(row: DisplayNameRow): DirectoryEntryView {
  return {
    kind: row.kind,
    key: row.key,
    name: row.name,
    updatedAt: new Date(row.updatedAt).toISOString(),
    updatedBy: row.updatedBy,
  };
}

@Injectable()
export class DirectoryService {
  constructor(
    private readonly repository: DirectoryRepository,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  /** Every name the caller may see. */
  async list(principal: Principal): Promise<DirectoryEntryView[]> {
    return (await this.repository.names(nameScopeOf(principal))).map(toView);
  }

  /** The names of these keys that the caller may see, as answers add them. */
  async namesFor(principal: Principal, keys: KeysToName): Promise<DisplayNames> {
    const rows = await this.repository.names(nameScopeOf(principal), keys);
    if (rows.length === 0) return NO_NAMES;
    const names: DisplayNames = { clinics: {}, therapists: {} };
    for (const row of rows) (row.kind === 'clinic' ? names.clinics : names.therapists)[row.key] = row.name;
    return names;
  }

  /** Names or renames a clinic or therapist; a 403 when it is outside the caller's clinics. */
  async attach(
    principal: Principal,
    request: NameRequest,
  ): Promise<{ entry: DirectoryEntryView; renamed: boolean }> {
    const key = request.key ?? this.pseudonyms.key(request.kind, request.id as string);
    await this.assertMayWrite(principal, request.kind, key);
    const before = await this.repository.names({ kind: 'all' }, keysOf(request.kind, key));
    const row = await this.repository.upsert(request.kind, key, request.name, principal.name);
    return { entry: toView(row), renamed: before.length > 0 };
  }

  /**
   * Names what has no name yet, by the ids used at ingest (the demo data's invented names): a name
   * given since, by a person, is kept. Answers how many were named.
   */
  async nameUnnamed(
    kind: NamedKind,
    namesById: Readonly<Record<string, string>>,
    by: string,
  ): Promise<number> {
    let named = 0;
    for (const [id, name] of Object.entries(namesById)) {
      if (await this.repository.insertIfAbsent(kind, this.pseudonyms.key(kind, id), name, by)) named++;
    }
    return named;
  }

  /** Removes a name; a 404 when the key has none (or none the caller may see). */
  async remove(principal: Principal, kind: NamedKind, key: string): Promise<DirectoryEntryView> {
    await this.assertMayWrite(
      principal,
      kind,
      key,
      () => new NotFoundException(`no ${kind} name for ${key}`),
    );
    const removed = await this.repository.remove(kind, key);
    if (removed === undefined) throw new NotFoundException(`no ${kind} name for ${key}`);
    return toView(removed);
  }

  private async assertMayWrite(
    principal: Principal,
    kind: NamedKind,
    key: string,
    refusal: () => Error = () =>
      new ForbiddenException(
        kind === 'clinic'
          ? 'this clinic is not one of yours: an owner names their own clinics'
          : 'this therapist is not one of your clinics’ therapists: an owner names the therapists of their own clinics',
      ),
  ): Promise<void> {
    if (!mayWriteNames(principal))
      throw new ForbiddenException(`the ${principal.role} role may not name clinics or therapists`);
    if (!(await this.repository.reaches(nameScopeOf(principal), kind, key))) throw refusal();
  }
}

function keysOf(kind: NamedKind, key: string): KeysToName {
  return kind === 'clinic' ? { clinics: [key], therapists: [] } : { clinics: [], therapists: [key] };
}
