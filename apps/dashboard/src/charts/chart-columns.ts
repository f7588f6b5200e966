/**
 * The columns the charts' tables and CSV files share: the group, the session, n, an estimate with
 * its 95% interval, a p-value. Written once so that every chart writes a number the same way
 * (decimals from the interval's width, en dash for what could not be computed) and treats a
 * withheld row the same way: its estimate cell says "fewer than 11 clients: not shown", its n
 * cell the size band, and the CSV carries the reason in a `withheld` column.
 */
import type { OutcomesReport, Withheld } from '../api/report-types.js';
import {
  decimalsForInterval,
  formatChange,
  formatNumber,
  formatP,
  formatPercent,
} from '../format/number-format.js';
import { hasWithheld, notShownText, sizeBandText } from '../suppression/suppression.js';
import { labelOf, type ChartContext } from './chart-context.js';
import type { DataColumn } from './chart-spec.js';

type Value = number | null | undefined;

/** A row that may be withheld (every row of a report chart; comparisons never are). */
type MaybeWithheld = Partial<Withheld>;

/** Whether a row of any chart is withheld (rows without the field never are). */
export function isWithheldRow(row: unknown): boolean {
  return typeof row === 'object' && row !== null && (row as MaybeWithheld).suppressed === true;
}

const withheld = isWithheldRow;

export function groupColumn<Row extends { group: string }>(context: ChartContext): DataColumn<Row> {
  return {
    name: 'group',
    label: 'Group',
    value: (row) => row.group,
    display: (row) => labelOf(context, row.group),
  };
}

/** The session; empty for a whole group that is withheld. */
export function sessionColumn<Row extends { session: number | null }>(): DataColumn<Row> {
  return { name: 'session', label: 'Session', value: (row) => row.session, numeric: true };
}

/** A count of clients; a withheld row shows its size band ("1–10 clients") instead. */
export function countColumn<Row>(value: (row: Row) => Value, name = 'n', label = 'n'): DataColumn<Row> {
  return {
    name,
    label,
    value,
    display: (row) => {
      if (withheld(row)) return sizeBandText((row as MaybeWithheld).sizeBand ?? null);
      const n = value(row);
      return n === null || n === undefined ? '–' : String(n);
    },
    numeric: true,
  };
}

export interface IntervalColumnsSpec<Row> {
  /** CSV name and table label of the estimate ("mean_change", "Change (kPa)"). */
  name: string;
  label: string;
  value: (row: Row) => Value;
  low: (row: Row) => Value;
  high: (row: Row) => Value;
  /** CSV names and labels of the bounds, when not "ci_low" / "95% CI low". */
  lowName?: string;
  lowLabel?: string;
  highName?: string;
  highLabel?: string;
  /** How numbers are written: a signed change, a plain number, a percentage. */
  style?: 'change' | 'number' | 'percent';
  /** Fixed decimals; by default as many as the row's interval justifies. */
  decimals?: number;
  /** What a withheld row's estimate cell says ("fewer than 11 clients: not shown"). */
  notShown?: string;
}

/** An estimate and its 95% interval: three columns, written alike. */
export function intervalColumns<Row>(spec: IntervalColumnsSpec<Row>): DataColumn<Row>[] {
  const digits = (row: Row): number => spec.decimals ?? decimalsForInterval(spec.low(row), spec.high(row));
  /** The estimate of a change is signed ("+14"); its bounds, and other numbers, are not. */
  const write = (value: Value, row: Row, isEstimate: boolean): string => {
    if (spec.style === 'percent') return formatPercent(value);
    return isEstimate && (spec.style ?? 'change') === 'change'
      ? formatChange(value, digits(row))
      : formatNumber(value, digits(row));
  };
  return [
    {
      name: spec.name,
      label: spec.label,
      value: spec.value,
      display: (row) => (withheld(row) ? (spec.notShown ?? 'not shown') : write(spec.value(row), row, true)),
      numeric: true,
    },
    {
      name: spec.lowName ?? 'ci_low',
      label: spec.lowLabel ?? '95% CI low',
      value: spec.low,
      display: (row) => (withheld(row) ? '' : write(spec.low(row), row, false)),
      numeric: true,
    },
    {
      name: spec.highName ?? 'ci_high',
      label: spec.highLabel ?? '95% CI high',
      value: spec.high,
      display: (row) => (withheld(row) ? '' : write(spec.high(row), row, false)),
      numeric: true,
    },
  ];
}

/**
 * The first columns of every chart of report cells: the group, the session, n (`nLabel`), and the
 * cell's estimate with its interval, a withheld cell saying so in the report's words.
 */
export function cellColumns<Row extends { group: string; session: number | null; n: number | null }>(
  context: ChartContext,
  report: OutcomesReport,
  estimate: Omit<IntervalColumnsSpec<Row>, 'notShown'>,
  nLabel = 'n',
): DataColumn<Row>[] {
  return [
    groupColumn(context),
    sessionColumn(),
    countColumn<Row>((row) => row.n, 'n', nLabel),
    ...intervalColumns<Row>({ ...estimate, notShown: notShownText(report.suppressionMinimum) }),
  ];
}

/** A number with fixed decimals (SD, dz, Hedges' g, the model's value). */
export function numberColumn<Row>(
  name: string,
  label: string,
  value: (row: Row) => Value,
  decimals = 1,
): DataColumn<Row> {
  return { name, label, value, display: (row) => formatNumber(value(row), decimals), numeric: true };
}

/** A p-value ("< 0.001", "0.03"). */
export function pColumn<Row>(value: (row: Row) => Value, name = 'p', label = 'p'): DataColumn<Row> {
  return { name, label, value, display: (row) => formatP(value(row)), numeric: true };
}

/**
 * The CSV's record of why a row has no numbers: "fewer than 11 clients: not shown" (and the size
 * band in the n column). Only in reports that are suppressed at all, so that other CSV files keep
 * their columns; not in the table, whose cells already say it.
 */
export function withheldColumns<Row extends MaybeWithheld>(report: OutcomesReport): DataColumn<Row>[] {
  if (report.suppressionMinimum === null && !hasWithheld(report)) return [];
  const notShown = notShownText(report.suppressionMinimum);
  return [
    {
      name: 'withheld',
      label: 'Withheld',
      value: (row) => (withheld(row) ? notShown : null),
      table: false,
    },
    {
      name: 'size_band',
      label: 'Size band',
      value: (row) => (withheld(row) ? (row.sizeBand ?? null) : null),
      table: false,
    },
  ];
}
