/**
 * What the session form asks the database beyond the pipeline: the batch a repeated
 * Idempotency-Key answers, and a client's last stored session (for the next one to suggest).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { IngestBatchEntity } from '../../database/entities/ingest-batch.entity.js';

/** A client's last stored session, as the form prefills the next one from it. */
export interface LastSession {
  session: number;
  date: string | null;
  technique: string;
  condition: string | null;
}

@Injectable()
export class FormRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The sender's batch with this key that did not fail (a failed one leaves its key free: the unique index's rule). */
  findByIdempotencyKey(createdBy: string, key: string): Promise<IngestBatchEntity | null> {
    return this.dataSource
      .getRepository(IngestBatchEntity)
      .createQueryBuilder('b')
      .where('b.created_by = :createdBy AND b.idempotency_key = :key', { createdBy, key })
      .andWhere(`b.status <> 'failed'`)
      .getOne();
  }

  /**
   * The client's last stored session, or null; with `clinicScope`, only a client whose clinic (of
   * their earliest session, as clients.clinic_id) is one of those keys: another clinic's client is
   * answered as unknown.
   */
  async lastSession(clientKey: string, clinicScope: readonly string[] | undefined): Promise<LastSession | null> {
    const rows: { session: number; date: string | null; technique: string; condition: string | null }[] = await this.dataSource.query(
      `SELECT s.session_number AS session, to_char(s.session_date, 'YYYY-MM-DD') AS date, s.technique, s.condition
         FROM clients c
         JOIN sessions s ON s.client_id = c.id
         LEFT JOIN clinics k ON k.id = c.clinic_id
        WHERE c.key = $1 AND ($2::text[] IS NULL OR k.key = ANY($2::text[]))
        ORDER BY s.session_number DESC
        LIMIT 1`,
      [clientKey, clinicScope === undefined ? null : [...clinicScope]],
    );
    return rows.length === 0 ? null : { ...rows[0], session: Number(rows[0].session) };
  }
}
