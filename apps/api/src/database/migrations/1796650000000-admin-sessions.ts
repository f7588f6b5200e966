/**
 * Dashboard sessions of the deployment's admin token (issue 21): the `#token=` link printed at
 * start is exchanged for a session cookie holding a token of its own, so that the admin token
 * itself never sits in a browser and signing out really ends the session. Such a session has no
 * user; it records the hash of the admin token it was made from, so that changing the admin token
 * ends the sessions made from the old one.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AdminSessions1796650000000 implements MigrationInterface {
  name = 'AdminSessions1796650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth_tokens ALTER COLUMN user_id DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE auth_tokens ADD COLUMN admin_token_hash text`);
    // A token belongs to a user or to the admin token, never both nor neither.
    await queryRunner.query(
      `ALTER TABLE auth_tokens ADD CONSTRAINT auth_tokens_owner_check CHECK ((user_id IS NULL) <> (admin_token_hash IS NULL))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth_tokens DROP CONSTRAINT auth_tokens_owner_check`);
    await queryRunner.query(`DELETE FROM auth_tokens WHERE user_id IS NULL`);
    await queryRunner.query(`ALTER TABLE auth_tokens DROP COLUMN admin_token_hash`);
    await queryRunner.query(`ALTER TABLE auth_tokens ALTER COLUMN user_id SET NOT NULL`);
  }
}
