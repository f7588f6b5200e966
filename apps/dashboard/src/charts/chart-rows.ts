/**
 * The rows of the report charts: one per cell of a kind (pre/post session means, within-session
 * changes, changes since session 1), each with its group's name, and then one row per group the
 * API withheld whole (small-cell suppression). Those have no session and every number null, so
 * the chart's table and CSV still list the group and say why it is empty, while nothing is drawn.
 */
import type { GroupReport, OutcomesReport, Withheld } from '../api/report-types.js';
import { withheldNotes } from '../suppression/suppression.js';
import { labelOf, type ChartContext } from './chart-context.js';

/** A cell with its group's name; `session` is null on the row of a group withheld whole. */
export type CellRow<Cell> = Omit<Cell, 'session'> & { group: string; session: number | null };

export function cellRows<Cell extends Withheld & { session: number }>(
  report: OutcomesReport,
  cellsOf: (group: GroupReport) => readonly Cell[],
): CellRow<Cell>[] {
  const published = report.groups.flatMap((group) =>
    cellsOf(group).map((cell) => ({ ...cell, group: group.name })),
  );
  // The fields of this kind of cell, each null on a withheld group's row.
  const fields = new Set(published.flatMap((row) => Object.keys(row)));
  const blank = Object.fromEntries([...fields].map((field) => [field, null]));
  const withheld = report.suppressedGroups.map(
    (group) =>
      ({
        ...blank,
        group: group.name,
        session: null,
        suppressed: true,
        sizeBand: group.sizeBand,
      }) as unknown as CellRow<Cell>,
  );
  return [...published, ...withheld];
}

/** The notes under a chart of cells about what is withheld: groups left out, and cells not drawn. */
export function withheldCellNotes(
  report: OutcomesReport,
  rows: readonly { suppressed: boolean; session: number | null }[],
  context: ChartContext,
): string[] {
  const cells = rows.filter((row) => row.suppressed && row.session !== null).length;
  return withheldNotes(report, cells, (group) => labelOf(context, group));
}
