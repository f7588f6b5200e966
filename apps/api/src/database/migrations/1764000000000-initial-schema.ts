/**
 * The initial schema. Hand-written SQL that PostgreSQL 15 (the server) and PGlite's PostgreSQL 18
 * both run. Keys of clinics, therapists and clients are keyed hashes (see pseudonyms/), never the
 * identifiers a clinic sent. Every table that holds client data carries clinic_id, so that a
 * distributed PostgreSQL (Citus) can shard and co-locate them by clinic (docs/scaling.md).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ingest_batches (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source        text NOT NULL CHECK (source IN ('http', 'inbox', 'cli', 'demo')),
        upload_id     text,
        filename      text,
        content_type  text,
        format        text,
        checksum      text,
        status        text NOT NULL CHECK (status IN ('loading', 'stored', 'refused', 'failed')),
        bytes_total   bigint,
        bytes_read    bigint NOT NULL DEFAULT 0,
        rows_read     integer NOT NULL DEFAULT 0,
        inserted      integer NOT NULL DEFAULT 0,
        duplicates    integer NOT NULL DEFAULT 0,
        error_count   integer NOT NULL DEFAULT 0,
        errors        jsonb NOT NULL DEFAULT '[]'::jsonb,
        message       text,
        created_by    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        heartbeat_at  timestamptz,
        finished_at   timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX ingest_batches_checksum_idx ON ingest_batches (checksum) WHERE status = 'stored'`);
    await queryRunner.query(`CREATE INDEX ingest_batches_created_at_idx ON ingest_batches (created_at DESC)`);
    await queryRunner.query(`CREATE INDEX ingest_batches_upload_idx ON ingest_batches (upload_id)`);

    await queryRunner.query(`
      CREATE TABLE clinics (
        id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key         text NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE therapists (
        id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key         text NOT NULL UNIQUE,
        clinic_id   integer REFERENCES clinics (id),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE clients (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key         text NOT NULL UNIQUE,
        clinic_id   integer REFERENCES clinics (id),
        batch_id    bigint NOT NULL REFERENCES ingest_batches (id),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Sessions and measurements are the two tables with a row per session and per reading (millions):
    // they have no foreign-key constraints, whose per-row triggers would multiply the cost of a
    // bulk ingest. Their references are set only by the ingest's set-based INSERT ... SELECT, which
    // joins on the referenced rows in the same transaction, so they cannot dangle.
    await queryRunner.query(`
      CREATE TABLE sessions (
        client_id       bigint NOT NULL,
        session_number  integer NOT NULL CHECK (session_number > 0),
        technique       text NOT NULL,
        condition       text,
        therapist_id    integer,
        clinic_id       integer,
        session_date    date,
        batch_id        bigint NOT NULL,
        CONSTRAINT sessions_pkey PRIMARY KEY (client_id, session_number)
      )`);
    // Partial: sessions without a therapist or clinic (common in some clinics' files) cost no entry.
    await queryRunner.query(`CREATE INDEX sessions_therapist_idx ON sessions (therapist_id) WHERE therapist_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX sessions_clinic_idx ON sessions (clinic_id) WHERE clinic_id IS NOT NULL`);

    // One row per reading, keyed by the contract's duplicate key (client, session, phase, measure,
    // site, trial), with '' for no site and 0 for no trial number.
    await queryRunner.query(`
      CREATE TABLE measurements (
        client_id       bigint NOT NULL,
        session_number  integer NOT NULL,
        phase           text NOT NULL CHECK (phase IN ('pre', 'post')),
        measure         text NOT NULL,
        site            text NOT NULL DEFAULT '',
        trial           integer NOT NULL DEFAULT 0,
        clinic_id       integer,
        value           double precision NOT NULL,
        raw_value       double precision NOT NULL,
        raw_unit        text NOT NULL,
        batch_id        bigint NOT NULL,
        CONSTRAINT measurements_pkey PRIMARY KEY (client_id, session_number, phase, measure, site, trial)
      )`);
    // No secondary index: reports read the primary key in client order (its GROUP BYs and
    // per-client windows then stream without sorting), and every index more would be paid on each
    // reading of every ingest.

    await queryRunner.query(`
      CREATE TABLE audit_log (
        id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at      timestamptz NOT NULL DEFAULT now(),
        actor   text NOT NULL,
        action  text NOT NULL,
        target  text,
        detail  jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'measurements', 'sessions', 'clients', 'therapists', 'clinics', 'ingest_batches']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
