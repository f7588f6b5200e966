/**
 * Clients lose their two foreign-key constraints (to clinics and to ingest_batches), as sessions
 * and measurements never had them: each constraint is a trigger run once per inserted row, and a
 * batch of 100,000 new clients spent a second in them, a fifth of its whole store step. The
 * references are written only by the ingest, in the transaction that inserts (or looks up) the
 * clinic and the batch it names, and neither a clinic nor a batch is ever deleted, so they cannot
 * dangle.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientsWithoutForeignKeys1764200000000 implements MigrationInterface {
  name = 'ClientsWithoutForeignKeys1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE clients DROP CONSTRAINT clients_clinic_id_fkey, DROP CONSTRAINT clients_batch_id_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE clients
        ADD CONSTRAINT clients_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES clinics (id),
        ADD CONSTRAINT clients_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES ingest_batches (id)`);
  }
}
