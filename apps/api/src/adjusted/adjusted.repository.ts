/**
 * The only place where the adjusted comparison talks to the database: one read-only statement
 * (model-clients.sql.ts) that returns the model's clients with the data version they were read at.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UNSPECIFIED_GROUP, type ModelClient } from '@threshold/stats';
import type { DataSource } from 'typeorm';
import { SqlParameters } from '../cohorts/cohort-filters.sql.js';
import { AGGREGATE_SETTINGS, readOnlyStatement } from '../cohorts/read-only-statement.js';
import type { Computed } from '../cohorts/versioned-cache.js';
import type { AdjustedQuery } from './adjusted-query.js';
import { modelClientsSql, type ModelClientRow } from './model-clients.sql.js';

@Injectable()
export class AdjustedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The model's clients in client-id order (the order does not change the fit beyond rounding). */
  async modelClients(query: AdjustedQuery): Promise<Computed<ModelClient[]>> {
    const parameters = new SqlParameters();
    const [row] = await readOnlyStatement<{
      data_version: number;
      clients: ModelClientRow[];
      therapist_keys: Record<string, string>;
      clinic_keys: Record<string, string>;
    }>(this.dataSource, AGGREGATE_SETTINGS, modelClientsSql(query, parameters), parameters.values);
    return {
      value: row.clients.map((client) => ({
        clientId: client.client,
        therapist: client.therapist === null ? null : row.therapist_keys[client.therapist],
        clinic: client.clinic === null ? null : row.clinic_keys[client.clinic],
        condition: client.condition ?? UNSPECIFIED_GROUP,
        baseline: client.baseline,
        lastSession: client.lastSession,
        change: client.last - client.baseline,
      })),
      version: row.data_version,
    };
  }
}
