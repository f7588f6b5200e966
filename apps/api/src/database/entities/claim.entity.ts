import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A claim issued to marketing, with the evidence pack that substantiates it, kept as it was when
 * issued (CAP Code 3.7: the evidence is held before the claim is published).
 */
@Entity({ name: 'claims' })
export class ClaimEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'issued_at', type: 'timestamptz', default: () => 'now()' })
  issuedAt!: Date;

  @Column({ name: 'issued_by', type: 'text' })
  issuedBy!: string;

  @Column({ type: 'text' })
  measure!: string;

  @Column({ type: 'text' })
  treatment!: string;

  @Column({ type: 'text' })
  control!: string;

  @Column({ type: 'text' })
  statement!: string;

  @Column({ name: 'data_version', type: 'text' })
  dataVersion!: string;

  @Column({ type: 'jsonb' })
  evidence!: Record<string, unknown>;
}
