/**
 * The only place where the directory talks to the database: names by scope, the keys a scope
 * reaches, and writes. A scope of clinics reaches its clinics and the therapists of its clinics'
 * data (therapists.clinic_id, as the filter values list them: cohorts.repository.ts), and the
 * therapists of users who stand for those clinics only, so that an owner can name a therapist
 * user before any of their sessions arrive; never a therapist whose data belongs to another clinic.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SqlParameters } from '../cohorts/cohort-filters.sql.js';
import type { NamedKind } from '../database/entities/display-name.entity.js';
import type { NameScope } from './name-scope.js';

export interface DisplayNameRow {
  kind: NamedKind;
  key: string;
  name: string;
  updatedAt: Date;
  updatedBy: string;
}

const COLUMNS = `kind, key, name, updated_at AS "updatedAt", updated_by AS "updatedBy"`;

/** The SQL of the therapist keys a list of clinic keys (a parameter placeholder) reaches. */
function therapistKeysOf(clinicKeys: string): string {
  const ofOtherClinics = `SELECT t.key FROM therapists t JOIN clinics c ON c.id = t.clinic_id WHERE NOT (c.key = ANY(${clinicKeys}))`;
  return `(SELECT t.key FROM therapists t JOIN clinics c ON c.id = t.clinic_id WHERE c.key = ANY(${clinicKeys})
           UNION
           SELECT u.therapist_key FROM users u
            WHERE u.role = 'therapist' AND u.therapist_key IS NOT NULL
              AND cardinality(u.clinic_keys) > 0 AND u.clinic_keys <@ ${clinicKeys}
              AND u.therapist_key NOT IN (${ofOtherClinics}))`;
}

/** A condition on a display_names row `d` that holds for the names within `scope`. */
function inScope(scope: NameScope, parameters: SqlParameters): string {
  if (scope.kind === 'all') return 'true';
  if (scope.kind === 'none') return 'false';
  const clinicKeys = `${parameters.add(scope.clinicKeys)}::text[]`;
  const own = scope.therapistKey === null ? '' : ` OR d.key = ${parameters.add(scope.therapistKey)}`;
  return `((d.kind = 'clinic' AND d.key = ANY(${clinicKeys}))
           OR (d.kind = 'therapist' AND (d.key IN ${therapistKeysOf(clinicKeys)}${own})))`;
}

@Injectable()
export class DirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The names within `scope`, optionally only of some keys; clinics first, then by name. */
  async names(
    scope: NameScope,
    keys?: { clinics: readonly string[]; therapists: readonly string[] },
  ): Promise<DisplayNameRow[]> {
    if (scope.kind === 'none') return [];
    const parameters = new SqlParameters();
    const conditions = [inScope(scope, parameters)];
    if (keys !== undefined) {
      if (keys.clinics.length === 0 && keys.therapists.length === 0) return [];
      conditions.push(
        `((d.kind = 'clinic' AND d.key = ANY(${parameters.add([...keys.clinics])}::text[]))
          OR (d.kind = 'therapist' AND d.key = ANY(${parameters.add([...keys.therapists])}::text[])))`,
      );
    }
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM display_names d WHERE ${conditions.join(' AND ')} ORDER BY kind, name COLLATE "C", key COLLATE "C"`,
      parameters.values,
    );
  }

  /** Whether `scope` reaches the clinic or therapist with this key (named or not). */
  async reaches(scope: NameScope, kind: NamedKind, key: string): Promise<boolean> {
    if (scope.kind !== 'clinics') return scope.kind === 'all';
    if (kind === 'clinic') return scope.clinicKeys.includes(key);
    const parameters = new SqlParameters();
    const clinicKeys = `${parameters.add(scope.clinicKeys)}::text[]`;
    const [row]: { reached: boolean }[] = await this.dataSource.query(
      `SELECT ${parameters.add(key)} IN ${therapistKeysOf(clinicKeys)} AS reached`,
      parameters.values,
    );
    return row.reached;
  }

  /** Names (or renames) the key; answers the stored row. */
  async upsert(kind: NamedKind, key: string, name: string, updatedBy: string): Promise<DisplayNameRow> {
    const [row]: DisplayNameRow[] = await this.dataSource.query(
      `INSERT INTO display_names (kind, key, name, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, key) DO UPDATE SET name = EXCLUDED.name, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${COLUMNS}`,
      [kind, key, name, updatedBy],
    );
    return row;
  }

  /** Names the key unless it has a name already; answers whether it named it. */
  async insertIfAbsent(kind: NamedKind, key: string, name: string, updatedBy: string): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO display_names (kind, key, name, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, key) DO NOTHING RETURNING key`,
      [kind, key, name, updatedBy],
    );
    return inserted.length > 0;
  }

  /** Removes the name; answers the removed row, or undefined when the key had none. */
  async remove(kind: NamedKind, key: string): Promise<DisplayNameRow | undefined> {
    const [rows]: [DisplayNameRow[], number] = await this.dataSource.query(
      `DELETE FROM display_names WHERE kind = $1 AND key = $2 RETURNING ${COLUMNS}`,
      [kind, key],
    );
    return rows[0];
  }
}
