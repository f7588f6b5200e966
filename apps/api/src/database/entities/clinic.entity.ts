import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A clinic, known only by the keyed hash of the clinic_id it was sent with. */
@Entity({ name: 'clinics' })
export class ClinicEntity {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
