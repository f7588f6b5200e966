import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ClaimKind = 'controlled' | 'observational';
/** draft (issued) -> approved -> published; approved or published -> withdrawn (by a person or the re-check). */
export type ClaimStatus = 'draft' | 'approved' | 'published' | 'withdrawn';

/**
 * A claim issued to marketing, with the evidence pack that substantiates it, kept as it was when
 * issued (CAP Code 3.7: the evidence is held before the claim is published), and its life.
 */
@Entity({ name: 'claims' })
@Check('claims_kind_check', `kind IN ('controlled', 'observational')`)
@Check('claims_status_check', `status IN ('draft', 'approved', 'published', 'withdrawn')`)
@Index('claims_live_idx', ['status'], { where: `status IN ('approved', 'published')` })
@Index('claims_statement_idx', ['dataVersion', 'statement'])
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

  /** Null for an observational claim (its `treatment` is the technique, or `all`). */
  @Column({ type: 'text', nullable: true })
  control!: string | null;

  @Column({ type: 'text', default: 'controlled' })
  kind!: ClaimKind;

  @Column({ type: 'text', default: 'draft' })
  status!: ClaimStatus;

  /** Stored keys of the clinics the claim is about; empty: every clinic. */
  @Column({ name: 'clinic_keys', type: 'text', array: true, default: () => `'{}'` })
  clinicKeys!: string[];

  /** What the re-check at a new data version asks again (measure, mcid, group, thresholds). */
  @Column({ type: 'jsonb', default: {} })
  criteria!: Record<string, unknown>;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  /** The evidence pack as it stood when the claim was approved. */
  @Column({ name: 'approved_evidence', type: 'jsonb', nullable: true })
  approvedEvidence!: Record<string, unknown> | null;

  @Column({ name: 'published_by', type: 'text', nullable: true })
  publishedBy!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  /** `system` when the re-check withdrew it. */
  @Column({ name: 'withdrawn_by', type: 'text', nullable: true })
  withdrawnBy!: string | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason!: string | null;

  /** The data version the claim was last checked against (its issue, or a later re-check). */
  @Column({ name: 'checked_version', type: 'text', nullable: true })
  checkedVersion!: string | null;

  @Column({ type: 'text' })
  statement!: string;

  @Column({ name: 'data_version', type: 'text' })
  dataVersion!: string;

  @Column({ type: 'jsonb' })
  evidence!: Record<string, unknown>;
}
