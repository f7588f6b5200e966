import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export type NamedKind = 'clinic' | 'therapist';
export const NAMED_KINDS: readonly NamedKind[] = ['clinic', 'therapist'];

/** The display name of a clinic or therapist, by its stored key (directory/). */
@Entity({ name: 'display_names' })
@Check('display_names_kind_check', `kind IN ('clinic', 'therapist')`)
export class DisplayNameEntity {
  @PrimaryColumn({ type: 'text' })
  kind!: NamedKind;

  /** The stored key (32 hex digits), never the raw id it was named with. */
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}
