import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type Role = 'admin' | 'owner' | 'therapist' | 'marketing';
export const ROLES: readonly Role[] = ['admin', 'owner', 'therapist', 'marketing'];

/** A person who signs in: a role, and the clinics (and for a therapist, the therapist) they stand for. */
@Entity({ name: 'users' })
@Check('users_role_check', `role IN ('admin', 'owner', 'therapist', 'marketing')`)
// The migration indexes lower(email), which TypeORM cannot express: it must leave the index alone.
@Index('users_email_key', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'text' })
  email!: string;

  /** scrypt, with its parameters and salt (see users/password-hasher.ts). */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  /** Stored keys of the user's clinics. */
  @Column({ name: 'clinic_keys', type: 'text', array: true, default: () => `'{}'` })
  clinicKeys!: string[];

  /** A therapist's own stored key. */
  @Column({ name: 'therapist_key', type: 'text', nullable: true })
  therapistKey!: string | null;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
