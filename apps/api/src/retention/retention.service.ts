/**
 * Retention per clinic (docs/privacy.md): a clinic may set how many years its sessions are kept
 * (none by default: kept); the retention job erases, every day, the sessions dated before that
 * (with their readings, and clients left without sessions), audited. Sessions without a date are
 * kept: their age is not known. The same count is offered first as a dry run.
 */
import { ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { ErasureRepository } from '../erasure/erasure.repository.js';
import { ErasureService } from '../erasure/erasure.service.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { retentionCutoff } from './retention-cutoff.js';

interface ClinicRetention {
  id: number;
  key: string;
  years: number | null;
}

export interface RetentionView {
  clinicKey: string;
  /** null: sessions are kept. */
  years: number | null;
  /** Sessions dated before this day are erased by the next run (null without a period). */
  before: string | null;
  /** What the next run would erase today (the dry run). */
  due: { sessions: number; readings: number };
}

export interface RetentionRun {
  clinicKey: string;
  years: number;
  before: string;
  sessions: number;
  readings: number;
  clients: number;
}

/** The longest period that may be set (the column's check). */
export const MAX_RETENTION_YEARS = 100;

@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly erasureRepository: ErasureRepository,
    private readonly erasure: ErasureService,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly audit: AuditService,
  ) {}

  /** The clinic's period and what it would erase at `now`. */
  async view(clinic: string, principal: Principal, now: Date): Promise<RetentionView> {
    return this.viewOf(await this.clinic(clinic, principal), now);
  }

  async set(clinic: string, years: number | null, principal: Principal, now: Date): Promise<RetentionView> {
    const found = await this.clinic(clinic, principal);
    await this.dataSource.query(`UPDATE clinics SET retention_years = $2 WHERE id = $1`, [found.id, years]);
    await this.audit.record({ actor: principal.name, action: 'retention set', target: `clinic ${found.key}`, detail: { years } });
    return this.viewOf({ ...found, years }, now);
  }

  /** One run of the job at `now`: each clinic with a period loses its sessions dated before the cutoff. */
  async run(now: Date): Promise<RetentionRun[]> {
    const clinics: ClinicRetention[] = await this.dataSource.query(
      `SELECT id, key, retention_years AS years FROM clinics WHERE retention_years IS NOT NULL ORDER BY id`,
    );
    const runs: RetentionRun[] = [];
    for (const clinic of clinics) {
      const years = clinic.years as number;
      const before = retentionCutoff(now, years);
      const counts = await this.erasure.eraseSessionsBefore({ clinicId: clinic.id, before, clinicKey: clinic.key, years });
      if (counts.sessions > 0) {
        runs.push({ clinicKey: clinic.key, years, before, ...counts });
        this.logger.log(`clinic ${clinic.key}: ${counts.sessions} sessions before ${before} erased (${years} years' retention)`);
      }
    }
    return runs;
  }

  private async viewOf(clinic: ClinicRetention, now: Date): Promise<RetentionView> {
    if (clinic.years === null) return { clinicKey: clinic.key, years: null, before: null, due: { sessions: 0, readings: 0 } };
    const before = retentionCutoff(now, clinic.years);
    const due = await this.erasureRepository.countSessionsBefore({ clinicId: clinic.id, before });
    return { clinicKey: clinic.key, years: clinic.years, before, due };
  }

  /** The clinic by the clinic's own id or its stored key; an owner only one of theirs. */
  private async clinic(clinic: string, principal: Principal): Promise<ClinicRetention> {
    const key = this.pseudonymizer.keyForFilter('clinic', clinic);
    if (principal.role === 'owner' && !principal.clinicKeys.includes(key)) {
      throw new ForbiddenException('an owner sets the retention of their own clinics only');
    }
    const rows: ClinicRetention[] = await this.dataSource.query(`SELECT id, key, retention_years AS years FROM clinics WHERE key = $1`, [key]);
    if (rows.length === 0) throw new NotFoundException(`no data of clinic ${clinic} are stored`);
    return rows[0];
  }
}
