import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { ClientEntity } from './client.entity.js';
import { ClinicEntity } from './clinic.entity.js';
import { IngestBatchEntity } from './ingest-batch.entity.js';
import { TherapistEntity } from './therapist.entity.js';

/** One treatment session of a client: who gave it, with which technique, when. */
@Entity({ name: 'sessions' })
@Check('sessions_session_number_check', `session_number > 0`)
@Unique('sessions_client_session_key', ['clientId', 'sessionNumber'])
@Index('sessions_technique_idx', ['technique'])
@Index('sessions_therapist_idx', ['therapistId'])
@Index('sessions_clinic_idx', ['clinicId'])
@Index('sessions_date_idx', ['sessionDate'])
export class SessionEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'client_id', type: 'bigint' })
  clientId!: string;

  @ManyToOne(() => ClientEntity)
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'sessions_client_id_fkey' })
  client?: Relation<ClientEntity>;

  @Column({ name: 'session_number', type: 'integer' })
  sessionNumber!: number;

  @Column({ type: 'text' })
  technique!: string;

  @Column({ type: 'text', nullable: true })
  condition!: string | null;

  @Column({ name: 'therapist_id', type: 'integer', nullable: true })
  therapistId!: number | null;

  @ManyToOne(() => TherapistEntity, { nullable: true })
  @JoinColumn({ name: 'therapist_id', foreignKeyConstraintName: 'sessions_therapist_id_fkey' })
  therapist?: Relation<TherapistEntity> | null;

  @Column({ name: 'clinic_id', type: 'integer', nullable: true })
  clinicId!: number | null;

  @ManyToOne(() => ClinicEntity, { nullable: true })
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'sessions_clinic_id_fkey' })
  clinic?: Relation<ClinicEntity> | null;

  @Column({ name: 'session_date', type: 'date', nullable: true })
  sessionDate!: string | null;

  @Column({ name: 'batch_id', type: 'bigint' })
  batchId!: string;

  @ManyToOne(() => IngestBatchEntity)
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'sessions_batch_id_fkey' })
  batch?: Relation<IngestBatchEntity>;
}
