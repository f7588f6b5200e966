import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A public results card (issue 17): approved claims and suppressed aggregates for a clinic's website. */
@Entity({ name: 'public_cards' })
@Check('public_cards_slug_check', `slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'`)
@Index('public_cards_live_slug_key', ['slug'], { unique: true, where: 'revoked_at IS NULL' })
export class PublicCardEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  measure!: string;

  /** Stored keys of the clinics the card is about; empty: every clinic. */
  @Column({ name: 'clinic_keys', type: 'text', array: true, default: () => `'{}'` })
  clinicKeys!: string[];

  @Column({ name: 'claim_ids', type: 'bigint', array: true })
  claimIds!: string[];

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy!: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
