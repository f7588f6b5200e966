/**
 * The only place where export talks to the database: readings a page at a time, in primary-key
 * order, each page starting after the last key of the previous one (keyset pagination). Nothing
 * holds a connection between pages, so an export of millions of rows never starves other requests
 * (on the embedded database the pool has one connection), and memory holds one page.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { findMeasure } from '@threshold/stats';
import type { DataSource } from 'typeorm';
import type { CohortFilters } from '../cohorts/cohort-filters.js';
import { selectedMeasurementConditions, SqlParameters, whereClause } from '../cohorts/cohort-filters.sql.js';
import type { ExportRow } from './export-row.js';

/** Where a page ends: the primary key of its last reading. */
export interface ExportCursor {
  clientId: string;
  session: number;
  phase: string;
  measure: string;
  site: string;
  trial: number;
}

export interface ExportPage {
  rows: ExportRow[];
  /** Null on the last page. */
  next: ExportCursor | null;
}

interface PageRow {
  client_id: string;
  session_number: number;
  phase: 'pre' | 'post' | 'followup';
  measure: string;
  site: string;
  trial: number;
  value: number;
  client_key: string;
  clinic_key: string | null;
  therapist_key: string | null;
  session_date: string | null;
  technique: string;
  condition: string | null;
}

@Injectable()
export class ExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(filters: CohortFilters, after: ExportCursor | null, size: number): Promise<ExportPage> {
    const parameters = new SqlParameters();
    const conditions = selectedMeasurementConditions(filters, parameters, 'm');
    if (after !== null) {
      const key = [after.clientId, after.session, after.phase, after.measure, after.site, after.trial].map(
        (value) => parameters.add(value),
      );
      conditions.push(
        `(m.client_id, m.session_number, m.phase, m.measure, m.site, m.trial) > (${key[0]}::bigint, ${key[1]}::integer, ${key[2]}::text, ${key[3]}::text, ${key[4]}::text, ${key[5]}::integer)`,
      );
    }
    // The page's readings first (a range of the primary key), then their session, client, clinic
    // and therapist: joined the other way round, the planner scans every session before the page.
    const rows: PageRow[] = await this.dataSource.query(
      `WITH page AS MATERIALIZED (
         SELECT m.client_id, m.session_number, m.phase, m.measure, m.site, m.trial, m.value
           FROM measurements m
          ${whereClause(conditions)}
          ORDER BY m.client_id, m.session_number, m.phase, m.measure, m.site, m.trial
          LIMIT ${parameters.add(size)}
       )
       SELECT m.client_id, m.session_number, m.phase, m.measure, m.site, m.trial, m.value,
              c.key AS client_key, cl.key AS clinic_key, th.key AS therapist_key,
              to_char(s.session_date, 'YYYY-MM-DD') AS session_date, s.technique, s.condition
         FROM page m
         JOIN sessions s ON s.client_id = m.client_id AND s.session_number = m.session_number
         JOIN clients c ON c.id = m.client_id
         LEFT JOIN clinics cl ON cl.id = s.clinic_id
         LEFT JOIN therapists th ON th.id = s.therapist_id
        ORDER BY m.client_id, m.session_number, m.phase, m.measure, m.site, m.trial`,
      parameters.values,
    );
    const last = rows.at(-1);
    return {
      rows: rows.map(toExportRow),
      next:
        last === undefined || rows.length < size
          ? null
          : {
              clientId: last.client_id,
              session: last.session_number,
              phase: last.phase,
              measure: last.measure,
              site: last.site,
              trial: last.trial,
            },
    };
  }
}

function toExportRow(row: PageRow): ExportRow {
  return {
    client_key: row.client_key,
    clinic_key: row.clinic_key,
    therapist_key: row.therapist_key,
    session: row.session_number,
    session_date: row.session_date,
    technique: row.technique,
    condition: row.condition,
    measure: row.measure,
    phase: row.phase,
    site: row.site === '' ? null : row.site,
    trial: row.trial === 0 ? null : row.trial,
    value: row.value,
    // Values are stored in the measure's canonical unit (the unit as recorded is kept in raw_unit).
    unit: findMeasure(row.measure)?.canonicalUnit ?? '',
  };
}
