/**
 * Small-cell suppression of the reports marketing may see (issue "Who sees what"). Every such
 * report is a margin of one two-way table: clients by the technique and the condition of their
 * first session of the measure (all sites, all clinics, therapists and dates):
 *
 *   by technique -> the row totals (one per technique)
 *   by condition -> the column totals (one per condition)
 *
 * The table is suppressed once (primary and complementary suppression, libs/stats) and each view
 * shows its groups as the table's margins say, so no suppressed count can be recovered by
 * subtracting published ones, whatever combination of the views is requested. The views really
 * are those margins: a report puts a client in the group of their first selected session, and
 * with no filter but the measure the selected sessions are the sessions of the measure, so a
 * client's group is the technique (by=technique) or condition (by=condition) of their first
 * session of the measure, the session techniqueByConditionCounts counts them at.
 *
 * That is why marketing's reports take no filter but `measure` (and `mcid`, `by`, `ref`): every
 * other filter makes a view that is not a margin of this table, and two such filters were shown
 * (audit) to let a suppressed client's readings be recovered exactly by differencing:
 *
 * - `site=`: each site's report is a table of its own. A client measured only at a site no view
 *   selects is in the `site=all` report and in none of the per-site ones, so n·mean of the
 *   all-sites sessions minus those of the per-site reports gives that client's readings.
 * - `technique=` / `condition=`: a report groups a client by their first *selected* session,
 *   while the table counts them at their first session overall. A client who changed technique
 *   (or condition) between sessions lands in different groups with and without the filter
 *   (e.g. swedish 170 clients in by=technique&condition=low_back_pain, 171 with &technique=swedish),
 *   and n·mean differences of the session cells give that client's values.
 *
 * Clinic, therapist and date filters were refused from the start for the same reason: each cuts
 * tables whose margins are not in this one.
 */
import { BadRequestException } from '@nestjs/common';
import { suppressTable, type SuppressedTable } from '@threshold/stats';
import type { ReportQuery } from '../report-query.js';

export interface CountRow {
  technique: string;
  condition: string;
  clients: number;
}

/** Refuses every view that would not be a margin of the technique-by-condition table (see the header). */
export function checkMarketingQuery(query: ReportQuery): void {
  const { filters, by } = query;
  const refused: string[] = [];
  if (by !== 'technique' && by !== 'condition') refused.push(`by=${by} (use technique or condition)`);
  if (filters.site !== undefined) refused.push(`site=${filters.site} (only site=all)`);
  if (filters.techniques.length > 0) refused.push('technique');
  if (filters.conditions.length > 0) refused.push('condition');
  if (filters.therapists.length > 0) refused.push('therapist');
  if (filters.from !== undefined || filters.to !== undefined) refused.push('from/to');
  if (refused.length > 0) {
    throw new BadRequestException(
      `marketing reports cover the whole data set (all sites, techniques, conditions, clinics, therapists and dates) ` +
        `and take only measure=, mcid=, ref= and by=technique or by=condition: remove ${refused.join(', ')}`,
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

/**
 * Whether a group of the query's view is suppressed in the table: by technique, its row total; by
 * condition, its column total (checkMarketingQuery leaves no other view).
 */
export function isSuppressedGroup(query: ReportQuery, group: string, suppressed: ReturnType<typeof suppressCounts>): boolean {
  const { table, techniques, conditions } = suppressed;
  if (query.by === 'technique') return techniques.includes(group) && table.rowTotal(group);
  // A group outside the table (no clients) has nothing to hide.
  return conditions.includes(group) && table.columnTotal(group);
}
