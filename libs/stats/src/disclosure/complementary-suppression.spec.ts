import { suppressTable, type CountTable } from './complementary-suppression.js';
import { sizeBand } from './size-band.js';

/** Every linear relation of the table (row sums, column sums, the grand total) with exactly one suppressed member. */
function recoverable(table: CountTable, minimum: number): string[] {
  const s = suppressTable(table, minimum);
  const found: string[] = [];
  const check = (label: string, members: boolean[]) => {
    if (members.filter(Boolean).length === 1) found.push(label);
  };
  table.rows.forEach((row) => check(`row ${row}`, [s.rowTotal(row), ...table.columns.map((column) => s.cell(row, column))]));
  table.columns.forEach((column) => check(`column ${column}`, [s.columnTotal(column), ...table.rows.map((row) => s.cell(row, column))]));
  check('row totals', [s.grandTotal, ...table.rows.map((row) => s.rowTotal(row))]);
  check('column totals', [s.grandTotal, ...table.columns.map((column) => s.columnTotal(column))]);
  return found;
}

describe('complementary suppression', () => {
  const table: CountTable = {
    rows: ['deep_tissue', 'trigger_point_release', 'waitlist'],
    columns: ['neck_pain', 'tension_type_headache'],
    cells: [
      [40, 25],
      [5, 60],
      [30, 12],
    ],
  };

  it('suppresses small cells and one more in each row and column that has one', () => {
    const s = suppressTable(table, 11);
    expect(s.cell('trigger_point_release', 'neck_pain')).toBe(true); // primary: 5
    // Its row (5 + 60 = 65) and column (40 + 5 + 30 = 75) would give it away: complements follow.
    expect(recoverable(table, 11)).toEqual([]);
    expect(s.grandTotal).toBe(false);
  });

  it('leaves a table without small cells untouched', () => {
    const s = suppressTable({ rows: ['a', 'b'], columns: ['x'], cells: [[20], [30]] }, 11);
    expect([s.cell('a', 'x'), s.cell('b', 'x'), s.rowTotal('a'), s.columnTotal('x'), s.grandTotal]).toEqual([false, false, false, false, false]);
  });

  it('in a one-way table, suppresses the next smallest group beside a small one', () => {
    const s = suppressTable({ rows: ['a', 'b', 'c'], columns: ['all'], cells: [[3], [50], [20]] }, 11);
    expect([s.cell('a', 'all'), s.cell('b', 'all'), s.cell('c', 'all')]).toEqual([true, false, true]);
  });

  it('never leaves a relation with one suppressed member, on random tables', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 300; trial++) {
      const rows = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => `r${i}`);
      const columns = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => `c${i}`);
      const cells = rows.map(() => columns.map(() => (random() < 0.2 ? 0 : Math.floor(random() * 40))));
      expect(recoverable({ rows, columns, cells }, 11)).toEqual([]);
    }
  });
});

describe('size bands', () => {
  it('says only "fewer than the minimum" below it, and wide bands above', () => {
    expect(sizeBand(3, 11)).toBe('1-10');
    expect(sizeBand(0, 11)).toBe('0');
    expect(sizeBand(11, 11)).toBe('11-20');
    expect(sizeBand(35, 11)).toBe('21-50');
    expect(sizeBand(5000, 11)).toBe('1001+');
  });
});
