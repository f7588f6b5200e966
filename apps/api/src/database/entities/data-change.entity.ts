import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DataChangeKind = 'client erased' | 'batch erased' | 'retention';

/** One erasure, counted by the data version (cohorts/data-version.repository.ts). Counts only, never values. */
@Entity({ name: 'data_changes' })
@Check('data_changes_kind_check', `kind IN ('client erased', 'batch erased', 'retention')`)
export class DataChangeEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'text' })
  kind!: DataChangeKind;

  @Column({ type: 'integer' })
  sessions!: number;

  @Column({ type: 'integer' })
  readings!: number;
}
