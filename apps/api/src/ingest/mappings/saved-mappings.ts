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

  /**
   * A saved mapping named by the watch folder or the command line, which act for no one's role:
   * the clinic's mapping of that name or, without a clinic, the only mapping of that name.
   * SavedMappingMissing says why there is none to use.
   */
  async findSaved(clinic: string | undefined, name: string): Promise<SpreadsheetMapping> {
    if (!NAME.test(name)) throw new SavedMappingMissing(`${name} is not a mapping's name (1 to 64 letters, digits, "_", "." or "-")`);
    const rows: { mapping: unknown }[] =
      clinic === undefined
        ? await this.dataSource.query(`SELECT mapping FROM spreadsheet_mappings WHERE name = $1 LIMIT 2`, [name])
        : await this.dataSource.query(`SELECT mapping FROM spreadsheet_mappings WHERE clinic_key = $1 AND name = $2`, [this.pseudonyms.key('clinic', clinic), name]);
    if (rows.length === 0) {
      throw new SavedMappingMissing(clinic === undefined ? `no clinic has a mapping named ${name}` : `clinic ${clinic} has no mapping named ${name}`);
    }
    if (rows.length > 1) throw new SavedMappingMissing(`several clinics have a mapping named ${name}: name the clinic too`);
    return parseMapping(rows[0].mapping);
  }

  /** The clinic's key; an owner's other clinic is a 404, as if it had no mappings. */
  private clinicKey(principal: Principal, clinic: string): string {
    const key = this.pseudonyms.key('clinic', clinic);
    if (principal.role === 'owner' && !principal.clinicKeys.includes(key)) throw new NotFoundException(`no mappings of clinic ${clinic} for you: it is not one of your clinics`);
    return key;
  }
}

/** No saved mapping of the name given to the watch folder or the command line: the message says why. */
export class SavedMappingMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SavedMappingMissing';
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new BadRequestException('a mapping name is 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit');
}

function view(clinic: string, row: Record<string, unknown>): SavedMappingView {
  return { clinic, name: row.name as string, mapping: row.mapping, savedBy: row.saved_by as string, savedAt: new Date(row.saved_at as string).toISOString() };
}
