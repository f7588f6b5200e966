import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A client, known only by the keyed hash of the client_id it was sent with. */
@Entity({ name: 'clients' })
export class ClientEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text', unique: true })
  key!: string;

  /** The clinic of the client's earliest session (no foreign-key constraint: see the migration ClientsWithoutForeignKeys). */
  @Column({ name: 'clinic_id', type: 'integer', nullable: true })
  clinicId!: number | null;

  /** The batch that first brought this client. */
  @Column({ name: 'batch_id', type: 'bigint' })
  batchId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
