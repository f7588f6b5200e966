/**
 * Small-cell suppression of a two-way table of client counts with its margins (rows x columns,
 * row totals, column totals, grand total), as published health statistics do it (CMS suppresses
 * cells of 1 to 10; NHS Digital 1 to 7):
 *
 * 1. primary suppression: every cell or total with 0 < n < minimum;
 * 2. complementary suppression: a row (or column) is a linear relation, total = sum of its cells;
 *    while some relation has exactly one suppressed member, that member could be recovered by
 *    subtraction, so the smallest other non-zero member of the relation is suppressed too
 *    (cells before the total). Repeated until no relation has exactly one suppressed member.
 *
 * Zero cells are left published: they are not people, and a group that does not appear is known
 * to be empty anyway. One-way tables are the special case of a single column.
 */

export interface CountTable {
  rows: readonly string[];
  columns: readonly string[];
  /** cells[r][c]: clients in row r and column c. */
  cells: readonly (readonly number[])[];
}

export interface SuppressedTable {
  cell(row: string, column: string): boolean;
  rowTotal(row: string): boolean;
  columnTotal(column: string): boolean;
  grandTotal: boolean;
}

interface Member {
  n: number;
  suppressed: boolean;
  /** Cells are suppressed before totals: a total carries more people than any of its cells. */
  isTotal: boolean;
}

export function suppressTable(table: CountTable, minimum: number): SuppressedTable {
  const member = (n: number, isTotal: boolean): Member => ({ n, suppressed: n > 0 && n < minimum, isTotal });
  const cells = table.cells.map((row) => row.map((n) => member(n, false)));
  const rowTotals = table.cells.map((row) => member(sum(row), true));
  const columnTotals = table.columns.map((_, c) => member(sum(table.cells.map((row) => row[c])), true));
  const grand = member(sum(rowTotals.map((total) => total.n)), true);

  // Each relation: a total and the members that add up to it.
  const relations: Member[][] = [
    ...cells.map((row, r) => [rowTotals[r], ...row]),
    ...table.columns.map((_, c) => [columnTotals[c], ...cells.map((row) => row[c])]),
    [grand, ...rowTotals],
    [grand, ...columnTotals],
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const relation of relations) {
      if (relation.filter((m) => m.suppressed).length !== 1) continue;
      const candidates = relation
        .filter((m) => !m.suppressed && m.n > 0)
        .sort((a, b) => Number(a.isTotal) - Number(b.isTotal) || a.n - b.n);
      if (candidates.length === 0) continue; // only zeros besides: the suppressed member is the whole relation
      candidates[0].suppressed = true;
      changed = true;
    }
  }

  const rowIndex = indexOf(table.rows);
  const columnIndex = indexOf(table.columns);
  return {
    cell: (row, column) => cells[rowIndex(row)][columnIndex(column)].suppressed,
    rowTotal: (row) => rowTotals[rowIndex(row)].suppressed,
    columnTotal: (column) => columnTotals[columnIndex(column)].suppressed,
    grandTotal: grand.suppressed,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function indexOf(names: readonly string[]): (name: string) => number {
  const index = new Map(names.map((name, i) => [name, i]));
  return (name) => {
    const i = index.get(name);
    if (i === undefined) throw new RangeError(`suppressTable: no row or column named ${name}`);
    return i;
  };
}
