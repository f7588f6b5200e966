import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A clinic, known only by the keyed hash of the clinic_id it was sent with. */
@Entity({ name: 'clinics' })
@Check('clinics_retention_years_check', `retention_years BETWEEN 1 AND 100`)
export class ClinicEntity {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'text', unique: true })
  key!: string;

  /** Sessions older than this many years are erased by the retention job; null: kept. */
  @Column({ name: 'retention_years', type: 'integer', nullable: true })
  retentionYears!: number | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
