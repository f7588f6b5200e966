/**
 * The check every writer's test makes: the kept report cells (report-cells table) are exactly the
 * cells a recomputation from the stored readings gives, row for row, attribute for attribute, and
 * value for value to the last bits of rounding (a mean's sum runs in whatever order the plan meets
 * the readings, so a recomputation may differ from the kept value by an ulp or two, never more).
 */
import { cellsFromReadingsSql, REPORT_CELL_COLUMNS } from '../kept-cells.sql.js';

/** Runs a statement and returns its rows: a TypeORM DataSource's `query`, or a pg client's wrapped. */
export type RowsOf = (sql: string) => Promise<Record<string, unknown>[]>;

export interface CellsComparison {
  /** Kept cells, all measures. */
  keptCells: number;
  /** The first differences found (at most 10), each a cell's key and what differs; empty: equal. */
  differences: string[];
}

/** Relative tolerance of a kept value against its recomputation: a few ulps of a double. */
const RELATIVE_TOLERANCE = 1e-13;

export async function recomputedCellsEqualKept(rowsOf: RowsOf): Promise<CellsComparison> {
  const close = (column: string) =>
    `((k.${column} IS NULL AND r.${column} IS NULL) OR abs(k.${column} - r.${column}) <= ${RELATIVE_TOLERANCE} * greatest(abs(k.${column}), abs(r.${column}), 1e-300))`;
  const same = (column: string) => `k.${column} IS NOT DISTINCT FROM r.${column}`;
  const [{ kept }] = await rowsOf(`SELECT count(*)::integer AS kept FROM report_cells`);
  const rows = await rowsOf(
    `WITH recomputed AS (${cellsFromReadingsSql('')}),
          kept AS (SELECT ${REPORT_CELL_COLUMNS} FROM report_cells)
     SELECT coalesce(k.measure, r.measure) AS measure,
            coalesce(k.client_id, r.client_id)::text AS client_id, coalesce(k.session_number, r.session_number) AS session_number,
            CASE WHEN k.measure IS NULL THEN 'missing' WHEN r.measure IS NULL THEN 'left over'
                 ELSE 'kept ' || row(k.pre, k.post, k.followup, k.technique, k.condition, k.therapist_id, k.clinic_id, k.session_date, k.readings)::text
                   || ' recomputed ' || row(r.pre, r.post, r.followup, r.technique, r.condition, r.therapist_id, r.clinic_id, r.session_date, r.readings)::text
            END AS difference
       FROM kept k FULL JOIN recomputed r
         ON k.measure = r.measure AND k.client_id = r.client_id AND k.session_number = r.session_number
      WHERE k.measure IS NULL OR r.measure IS NULL
         OR NOT (${close('pre')} AND ${close('post')} AND ${close('followup')} AND ${same('technique')} AND ${same('condition')}
                 AND ${same('therapist_id')} AND ${same('clinic_id')} AND ${same('session_date')} AND ${same('readings')})
      ORDER BY 1, 2, 3
      LIMIT 10`,
  );
  return {
    keptCells: Number(kept),
    differences: rows.map((row) => `${String(row.measure)}/${String(row.client_id)}/${String(row.session_number)}: ${String(row.difference)}`),
  };
}
