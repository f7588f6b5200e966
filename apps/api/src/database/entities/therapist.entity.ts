import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ClinicEntity } from './clinic.entity.js';

/** A therapist, known only by the keyed hash of the therapist_id it was sent with. */
@Entity({ name: 'therapists' })
export class TherapistEntity {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'clinic_id', type: 'integer', nullable: true })
  clinicId!: number | null;

  @ManyToOne(() => ClinicEntity, { nullable: true })
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'therapists_clinic_id_fkey' })
  clinic?: Relation<ClinicEntity> | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
