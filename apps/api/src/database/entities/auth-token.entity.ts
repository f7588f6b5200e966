import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from './user.entity.js';

/**
 * An access token issued at sign-in: stored as a SHA-256 hash, with its expiry and revocation. A
 * user's, or (for the dashboard's session of the deployment's admin token) the admin token's.
 */
@Entity({ name: 'auth_tokens' })
@Check('auth_tokens_owner_check', `(user_id IS NULL) <> (admin_token_hash IS NULL)`)
@Index('auth_tokens_user_idx', ['userId'])
export class AuthTokenEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  /** SHA-256 of the admin token a session was made from; null for a user's token. */
  @Column({ name: 'admin_token_hash', type: 'text', nullable: true })
  adminTokenHash!: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'auth_tokens_user_id_fkey' })
  user?: Relation<UserEntity>;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
