import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One treatment session of a client: who gave it, with which technique, when. Keyed by client and
 * session number; no foreign-key constraints (see the initial migration: the ingest sets the
 * references in one set-based statement).
 */
@Entity({ name: 'sessions' })
@Check('sessions_session_number_check', `session_number > 0`)
@Index('sessions_therapist_idx', ['therapistId'], { where: 'therapist_id IS NOT NULL' })
@Index('sessions_clinic_idx', ['clinicId'], { where: 'clinic_id IS NOT NULL' })
export class SessionEntity {
  @PrimaryColumn({ name: 'client_id', type: 'bigint', primaryKeyConstraintName: 'sessions_pkey' })
  clientId!: string;

  @PrimaryColumn({ name: 'session_number', type: 'integer', primaryKeyConstraintName: 'sessions_pkey' })
  sessionNumber!: number;

  @Column({ type: 'text' })
  technique!: string;

  @Column({ type: 'text', nullable: true })
  condition!: string | null;

  @Column({ name: 'therapist_id', type: 'integer', nullable: true })
  therapistId!: number | null;

  @Column({ name: 'clinic_id', type: 'integer', nullable: true })
  clinicId!: number | null;

  @Column({ name: 'session_date', type: 'date', nullable: true })
  sessionDate!: string | null;

  @Column({ name: 'batch_id', type: 'bigint' })
  batchId!: string;
}
