/**
 * Mappings saved per clinic by name (docs/mappings.md): checked by libs/ingest's parseMapping
 * before they are saved, found again by an upload that names one. An owner saves and uses the
 * mappings of their own clinics only; another clinic's mapping is as if it did not exist.
 */
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MappingError, parseMapping, type SpreadsheetMapping } from '@threshold/ingest';
import type { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';

/** A mapping's name: short, and safe in a URL path. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface SavedMappingView {
  clinic: string;
  name: string;
  mapping: unknown;
  savedBy: string;
  savedAt: string;
}

@Injectable()
export class SavedMappings {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  /** Saves (or replaces) the clinic's mapping of this name; a 400 naming what is wrong with it. */
  async save(principal: Principal, clinic: string, name: string, json: unknown): Promise<SavedMappingView> {
    checkName(name);
    const clinicKey = this.clinicKey(principal, clinic);
    try {
      parseMapping(json);
    } catch (error) {
      if (error instanceof MappingError) throw new BadRequestException(`the mapping is not usable: ${error.message}`);
      throw error;
    }
    const [row]: Record<string, unknown>[] = await this.dataSource.query(
      `INSERT INTO spreadsheet_mappings (clinic_key, name, mapping, saved_by) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (clinic_key, name) DO UPDATE SET mapping = excluded.mapping, saved_by = excluded.saved_by, saved_at = now()
       RETURNING name, mapping, saved_by, saved_at`,
      [clinicKey, name, JSON.stringify(json), principal.name],
    );
    return view(clinic, row);
  }

  /** The clinic's mappings, by name. */
  async list(principal: Principal, clinic: string): Promise<SavedMappingView[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT name, mapping, saved_by, saved_at FROM spreadsheet_mappings WHERE clinic_key = $1 ORDER BY name`,
      [this.clinicKey(principal, clinic)],
    );
    return rows.map((row) => view(clinic, row));
  }

  /** The mapping an upload names; a 404 when the clinic has none of that name. */
  async find(principal: Principal, clinic: string, name: string): Promise<SpreadsheetMapping> {
    checkName(name);
    const [row]: { mapping: unknown }[] = await this.dataSource.query(`SELECT mapping FROM spreadsheet_mappings WHERE clinic_key = $1 AND name = $2`, [
      this.clinicKey(principal, clinic),
      name,
    ]);
    if (row === undefined) throw new NotFoundException(`clinic ${clinic} has no mapping named ${name}: save it with PUT /api/ingest/mappings/${name}?clinic=${clinic}`);
    return parseMapping(row.mapping);
  }

  /** The clinic's key; an owner's other clinic is a 404, as if it had no mappings. */
  private clinicKey(principal: Principal, clinic: string): string {
    const key = this.pseudonyms.key('clinic', clinic);
    if (principal.role === 'owner' && !principal.clinicKeys.includes(key)) throw new NotFoundException(`no mappings of clinic ${clinic} for you: it is not one of your clinics`);
    return key;
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new BadRequestException('a mapping name is 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit');
}

function view(clinic: string, row: Record<string, unknown>): SavedMappingView {
  return { clinic, name: row.name as string, mapping: row.mapping, savedBy: row.saved_by as string, savedAt: new Date(row.saved_at as string).toISOString() };
}
