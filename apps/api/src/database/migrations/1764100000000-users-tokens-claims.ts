/**
 * Users and roles, their access tokens, and the claims issued to marketing with their evidence.
 * Clinic and therapist references are stored keys (keyed hashes), as everywhere else.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UsersTokensClaims1764100000000 implements MigrationInterface {
  name = 'UsersTokensClaims1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email          text NOT NULL,
        password_hash  text NOT NULL,
        role           text NOT NULL CHECK (role IN ('admin', 'owner', 'therapist', 'marketing')),
        clinic_keys    text[] NOT NULL DEFAULT '{}',
        therapist_key  text,
        disabled       boolean NOT NULL DEFAULT false,
        created_at     timestamptz NOT NULL DEFAULT now(),
        created_by     text NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    // Only a hash of each token is stored: the database alone cannot be used to sign in.
    await queryRunner.query(`
      CREATE TABLE auth_tokens (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id     integer NOT NULL REFERENCES users (id),
        token_hash  text NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        revoked_at  timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id)`);

    await queryRunner.query(`
      CREATE TABLE claims (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        issued_at     timestamptz NOT NULL DEFAULT now(),
        issued_by     text NOT NULL,
        measure       text NOT NULL,
        treatment     text NOT NULL,
        control       text NOT NULL,
        statement     text NOT NULL,
        data_version  text NOT NULL,
        evidence      jsonb NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['claims', 'auth_tokens', 'users']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
