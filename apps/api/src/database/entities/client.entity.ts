import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ClinicEntity } from './clinic.entity.js';
import { IngestBatchEntity } from './ingest-batch.entity.js';

/** A client, known only by the keyed hash of the client_id it was sent with. */
@Entity({ name: 'clients' })
export class ClientEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'clinic_id', type: 'integer', nullable: true })
  clinicId!: number | null;

  @ManyToOne(() => ClinicEntity, { nullable: true })
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'clients_clinic_id_fkey' })
  clinic?: Relation<ClinicEntity> | null;

  /** The batch that first brought this client. */
  @Column({ name: 'batch_id', type: 'bigint' })
  batchId!: string;

  @ManyToOne(() => IngestBatchEntity)
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'clients_batch_id_fkey' })
  batch?: Relation<IngestBatchEntity>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
