/**
 * The names a file gave its clinics and therapists (read/names-in-file.ts), written into the
 * directory of names (display_names) inside the store transaction: a refused or failed batch
 * names nothing. A file's name replaces the one stored before (the clinic's own latest word), and
 * records the batch's sender as who named it; an unchanged name is left as it was.
 */
import type { QueryRunner } from 'typeorm';
import type { NamedKind } from '../../database/entities/display-name.entity.js';
import type { GivenName, NamesInFile } from '../read/names-in-file.js';

export async function storeDisplayNames(runner: QueryRunner, names: NamesInFile, updatedBy: string): Promise<void> {
  await upsertNames(runner, 'clinic', names.keyed('clinic'), updatedBy);
  await upsertNames(runner, 'therapist', names.keyed('therapist'), updatedBy);
}

async function upsertNames(runner: QueryRunner, kind: NamedKind, names: ReadonlyMap<string, GivenName>, updatedBy: string): Promise<void> {
  if (names.size === 0) return;
  const keys = [...names.keys()];
  await runner.query(
    `INSERT INTO display_names (kind, key, name, updated_by)
     SELECT $1, given.key, given.name, $4 FROM unnest($2::text[], $3::text[]) AS given(key, name)
     ON CONFLICT (kind, key) DO UPDATE SET name = EXCLUDED.name, updated_by = EXCLUDED.updated_by, updated_at = now()
      WHERE display_names.name IS DISTINCT FROM EXCLUDED.name`,
    [kind, keys, keys.map((key) => names.get(key)?.name), updatedBy],
  );
}
