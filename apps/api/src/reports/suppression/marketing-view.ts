/**
 * Small-cell suppression of the reports marketing may see (issue "Who sees what"). Every such
 * report is a cut of one two-way table, clients by technique and condition with its margins:
 *
 *   by technique, no condition filter    -> row totals (one per technique)
 *   by technique, condition = c          -> the cells (t, c)
 *   by condition, no technique filter    -> column totals
 *   by condition, technique = t          -> the cells (t, c)
 *
 * so suppressing the table once (primary and complementary suppression, libs/stats) and showing
 * each cut's groups as the table says keeps every suppressed count from being recovered by
 * subtracting published ones, whatever combination of these views is requested. That is why
 * marketing's filters are limited to one technique and one condition and no clinic, therapist or
 * date: each of those would cut tables whose margins are not in this one.
 */
import { BadRequestException } from '@nestjs/common';
import { suppressTable, type SuppressedTable } from '@threshold/stats';
import type { ReportQuery } from '../report-query.js';

export interface CountRow {
  technique: string;
  condition: string;
  clients: number;
}

/** Refuses the filters whose views would not be cuts of the technique-by-condition table. */
export function checkMarketingQuery(query: ReportQuery): void {
  const { filters, by } = query;
  const refused: string[] = [];
  if (by !== 'technique' && by !== 'condition') refused.push(`by=${by} (use technique or condition)`);
  if (filters.therapists.length > 0) refused.push('therapist');
  if (filters.from !== undefined || filters.to !== undefined) refused.push('from/to');
  if (filters.techniques.length > 1) refused.push('more than one technique');
  if (filters.conditions.length > 1) refused.push('more than one condition');
  if (refused.length > 0) {
    throw new BadRequestException(
      `marketing reports cover all therapists and dates, grouped by technique or condition with at most one technique and one condition selected: remove ${refused.join(', ')}`,
    );
  }
}

export function suppressCounts(rows: readonly CountRow[], minimum: number): { table: SuppressedTable; techniques: string[]; conditions: string[] } {
  const techniques = [...new Set(rows.map((row) => row.technique))].sort();
  const conditions = [...new Set(rows.map((row) => row.condition))].sort();
  const cells = techniques.map((technique) =>
    conditions.map((condition) => rows.find((row) => row.technique === technique && row.condition === condition)?.clients ?? 0),
  );
  return { table: suppressTable({ rows: techniques, columns: conditions, cells }, minimum), techniques, conditions };
}

/** Whether a group of the query's view is suppressed in the table. */
export function isSuppressedGroup(query: ReportQuery, group: string, suppressed: ReturnType<typeof suppressCounts>): boolean {
  const technique = query.by === 'technique' ? group : query.filters.techniques[0];
  const condition = query.by === 'condition' ? group : query.filters.conditions[0];
  const { table, techniques, conditions } = suppressed;
  // A group outside the table (no clients) has nothing to hide.
  if ((technique !== undefined && !techniques.includes(technique)) || (condition !== undefined && !conditions.includes(condition))) {
    return false;
  }
  if (technique !== undefined && condition !== undefined) return table.cell(technique, condition);
  if (technique !== undefined) return table.rowTotal(technique);
  if (condition !== undefined) return table.columnTotal(condition);
  return table.grandTotal;
}
