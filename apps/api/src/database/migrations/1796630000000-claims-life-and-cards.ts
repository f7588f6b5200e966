/**
 * A claim's life (issue 17): its kind (observational or controlled), who and when it was approved,
 * published or withdrawn and why, the clinics it covers (an owner may approve claims about their
 * own clinics), what it rests on for re-checking at each new data version, and the evidence pack
 * as approved. And the public results cards that show approved claims on a clinic's website.
 *
 * Independent of every other migration after 1764200000000: it touches only `claims` and its own
 * table.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClaimsLifeAndCards1796630000000 implements MigrationInterface {
  name = 'ClaimsLifeAndCards1796630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Claims issued before this migration compared a treatment with a control: `controlled`.
    await queryRunner.query(`ALTER TABLE claims ADD COLUMN kind text NOT NULL DEFAULT 'controlled' CONSTRAINT claims_kind_check CHECK (kind IN ('controlled', 'observational'))`);
    // An observational claim has no control group.
    await queryRunner.query(`ALTER TABLE claims ALTER COLUMN control DROP NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE claims
        ADD COLUMN status text NOT NULL DEFAULT 'draft' CONSTRAINT claims_status_check CHECK (status IN ('draft', 'approved', 'published', 'withdrawn')),
        ADD COLUMN clinic_keys text[] NOT NULL DEFAULT '{}',
        ADD COLUMN criteria jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN approved_by text,
        ADD COLUMN approved_at timestamptz,
        ADD COLUMN approved_evidence jsonb,
        ADD COLUMN published_by text,
        ADD COLUMN published_at timestamptz,
        ADD COLUMN withdrawn_by text,
        ADD COLUMN withdrawn_at timestamptz,
        ADD COLUMN withdrawn_reason text,
        ADD COLUMN checked_version text`);
    // The re-check at each data version reads the live claims only.
    await queryRunner.query(`CREATE INDEX claims_live_idx ON claims (status) WHERE status IN ('approved', 'published')`);
    await queryRunner.query(`CREATE INDEX claims_statement_idx ON claims (data_version, statement)`);

    await queryRunner.query(`
      CREATE TABLE public_cards (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        slug         text NOT NULL CONSTRAINT public_cards_slug_check CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        measure      text NOT NULL,
        clinic_keys  text[] NOT NULL DEFAULT '{}',
        claim_ids    bigint[] NOT NULL,
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        revoked_by   text,
        revoked_at   timestamptz
      )`);
    // A slug names one card at a time; a revoked card's slug may be used again.
    await queryRunner.query(`CREATE UNIQUE INDEX public_cards_live_slug_key ON public_cards (slug) WHERE revoked_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE public_cards`);
    await queryRunner.query(`DROP INDEX claims_statement_idx`);
    await queryRunner.query(`DROP INDEX claims_live_idx`);
    await queryRunner.query(`DELETE FROM claims WHERE control IS NULL`);
    await queryRunner.query(`ALTER TABLE claims ALTER COLUMN control SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE claims
        DROP COLUMN kind, DROP COLUMN status, DROP COLUMN clinic_keys, DROP COLUMN criteria,
        DROP COLUMN approved_by, DROP COLUMN approved_at, DROP COLUMN approved_evidence,
        DROP COLUMN published_by, DROP COLUMN published_at, DROP COLUMN withdrawn_by,
        DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_reason, DROP COLUMN checked_version`);
  }
}
