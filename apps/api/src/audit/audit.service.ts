/**
 * The audit log: who did what, when (logins, exports, user changes, ingests, claims issued).
 * Written after the action it records has happened, never inside another transaction.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditLogEntity } from '../database/entities/audit-log.entity.js';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.dataSource.query(`INSERT INTO audit_log (actor, action, target, detail) VALUES ($1, $2, $3, $4::jsonb)`, [
      entry.actor,
      entry.action,
      entry.target ?? null,
      JSON.stringify(entry.detail ?? {}),
    ]);
  }

  async list(limit: number, offset: number): Promise<{ entries: AuditLogEntity[]; total: number }> {
    const [entries, total] = await this.dataSource
      .getRepository(AuditLogEntity)
      .findAndCount({ order: { id: 'DESC' }, take: limit, skip: offset });
    return { entries, total };
  }
}
