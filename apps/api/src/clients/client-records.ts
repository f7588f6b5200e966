/**
 * One client's stored records, for their right of access: every reading of every session, as
 * stored (canonical value and unit, and the value and unit as recorded), with the clinic's own id
 * for the client, which the caller gave and which is not stored.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { findMeasure } from '@threshold/stats';
import type { DataSource } from 'typeorm';

export const CLIENT_RECORD_COLUMNS = [
  'client_id',
  'client_key',
  'session',
  'session_date',
  'technique',
  'condition',
  'therapist_key',
  'clinic_key',
  'phase',
  'measure',
  'site',
  'trial',
  'value',
  'unit',
  'raw_value',
  'raw_unit',
  'batch_id',
] as const;

export type ClientRecord = Record<(typeof CLIENT_RECORD_COLUMNS)[number], string | number | null>;

@Injectable()
export class ClientRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every reading of the stored client `id`, in session order, pre before post. */
  async records(id: string, clientId: string, clientKey: string): Promise<ClientRecord[]> {
    const rows: Omit<ClientRecord, 'client_id' | 'client_key' | 'unit'>[] = await this.dataSource.query(
      `SELECT s.session_number AS session, to_char(s.session_date, 'YYYY-MM-DD') AS session_date, s.technique, s.condition,
              th.key AS therapist_key, cl.key AS clinic_key, m.phase, m.measure, nullif(m.site, '') AS site,
              nullif(m.trial, 0) AS trial, m.value, m.raw_value, m.raw_unit, m.batch_id::text AS batch_id
       FROM sessions s
       JOIN measurements m ON m.client_id = s.client_id AND m.session_number = s.session_number
       LEFT JOIN therapists th ON th.id = s.therapist_id
       LEFT JOIN clinics cl ON cl.id = s.clinic_id
       WHERE s.client_id = $1
       ORDER BY s.session_number, m.phase = 'post', m.measure, m.site, m.trial`,
      [id],
    );
    return rows.map((row) => ({
      client_id: clientId,
      client_key: clientKey,
      ...row,
      unit: findMeasure(String(row.measure))?.canonicalUnit ?? null,
    }));
  }
}
