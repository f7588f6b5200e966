import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { ClientEntity } from './client.entity.js';
import { ClinicEntity } from './clinic.entity.js';
import { IngestBatchEntity } from './ingest-batch.entity.js';
import { SessionEntity } from './session.entity.js';

/**
 * One reading, in the measure's canonical unit, with the value and unit as recorded. client_id,
 * clinic_id and session_number repeat the session's so that reports scan one table; the unique
 * key is the contract's duplicate key (client, session, phase, measure, site, trial), with '' for
 * no site and 0 for no trial number.
 */
@Entity({ name: 'measurements' })
@Check('measurements_phase_check', `phase IN ('pre', 'post')`)
@Unique('measurements_reading_key', ['clientId', 'sessionNumber', 'phase', 'measure', 'site', 'trial'])
// The migration adds INCLUDE (phase, value), which TypeORM cannot express: it must leave the index alone.
@Index('measurements_report_idx', { synchronize: false })
@Index('measurements_session_idx', ['sessionId'])
@Index('measurements_batch_idx', ['batchId'])
export class MeasurementEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'session_id', type: 'bigint' })
  sessionId!: string;

  @ManyToOne(() => SessionEntity)
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'measurements_session_id_fkey' })
  session?: Relation<SessionEntity>;

  @Column({ name: 'client_id', type: 'bigint' })
  clientId!: string;

  @ManyToOne(() => ClientEntity)
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'measurements_client_id_fkey' })
  client?: Relation<ClientEntity>;

  @Column({ name: 'clinic_id', type: 'integer', nullable: true })
  clinicId!: number | null;

  @ManyToOne(() => ClinicEntity, { nullable: true })
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'measurements_clinic_id_fkey' })
  clinic?: Relation<ClinicEntity> | null;

  @Column({ name: 'session_number', type: 'integer' })
  sessionNumber!: number;

  @Column({ type: 'text' })
  phase!: 'pre' | 'post';

  @Column({ type: 'text' })
  measure!: string;

  @Column({ type: 'text', default: '' })
  site!: string;

  @Column({ type: 'integer', default: 0 })
  trial!: number;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ name: 'raw_value', type: 'double precision' })
  rawValue!: number;

  @Column({ name: 'raw_unit', type: 'text' })
  rawUnit!: string;

  @Column({ name: 'batch_id', type: 'bigint' })
  batchId!: string;

  @ManyToOne(() => IngestBatchEntity)
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'measurements_batch_id_fkey' })
  batch?: Relation<IngestBatchEntity>;
}
