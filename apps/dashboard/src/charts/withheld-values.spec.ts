/**
 * Every report chart on a suppressed report (marketing): withheld values are in the table and the
 * CSV as "fewer than 11 clients: not shown", never as a number, never among the drawn rows, and
 * nothing crashes on their nulls. The figures themselves are drawn in Chromium by test/ (e2e).
 */
import { toCsv } from '../export/csv.js';
import { marketingReport, SECRET } from '../suppression/marketing-report.fixture.js';
import { readReport } from '../suppression/suppression.js';
import { attritionFlowChart } from './attrition-flow-chart.js';
import type { ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { cumulativeChangeChart } from './cumulative-change-chart.js';
import { forestPlot } from './forest-plot.js';
import { immediateEffectChart } from './immediate-effect-chart.js';
import { drawable, gapsAtWithheld } from './interval-marks.js';
import { groupScale } from './palette.js';
import { completePairs, prePostRows, prePostSlopeChart } from './prepost-slope-chart.js';
import { responderRateChart } from './responder-rate-chart.js';
import { trajectoryChart } from './trajectory-chart.js';

const report = readReport(marketingReport());
const context: ChartContext = {
  measure: {
    code: 'ppt',
    unit: 'kPa',
    label: 'Pressure-pain threshold',
    direction: 'higher-is-better',
    defaultMcid: 20.6,
  },
  colours: groupScale(['deep_tissue', 'swedish']),
  by: 'technique',
};
const NOT_SHOWN = 'fewer than 11 clients: not shown';

/** The table's cells as they are displayed, row by row. */
function tableOf<Row>(spec: ChartSpec<Row>): string[][] {
  const columns = spec.columns.filter((column) => column.table !== false);
  return spec.rows.map((row) =>
    columns.map((column) =>
      column.display !== undefined ? column.display(row) : String(column.value(row) ?? '–'),
    ),
  );
}

const CHARTS: [string, () => ChartSpec<unknown>][] = [
  ['trajectory', () => trajectoryChart(report, context) as ChartSpec<unknown>],
  ['immediate effect', () => immediateEffectChart(report, context) as ChartSpec<unknown>],
  ['before and after', () => prePostSlopeChart(report, context) as ChartSpec<unknown>],
  ['change since session 1', () => cumulativeChangeChart(report, context) as ChartSpec<unknown>],
  ['responders', () => responderRateChart(report, context) as ChartSpec<unknown>],
  ['attrition', () => attritionFlowChart(report, context) as ChartSpec<unknown>],
  ['forest plot', () => forestPlot(report, context) as ChartSpec<unknown>],
];

describe.each(CHARTS)('the %s chart on a suppressed report', (_name, build) => {
  const spec = build();
  const csv = toCsv(spec.rows, spec.columns);

  it('never shows a withheld number: not in the table, the CSV, the summary or the notes', () => {
    const everything = [csv, spec.summary, ...(spec.notes ?? []), ...tableOf(spec).flat()].join('\n');
    expect(everything).not.toContain(String(SECRET));
    expect(everything).not.toContain('987');
  });

  it('says what is withheld, with the report’s minimum', () => {
    const words = [spec.summary, ...(spec.notes ?? []), ...tableOf(spec).flat()].join('\n');
    expect(words).toMatch(/fewer than 11 clients/);
  });
});

describe('withheld rows in tables and CSV', () => {
  it('marks them in the estimate cell, gives the size band as n, and records why in the CSV', () => {
    const spec = cumulativeChangeChart(report, context);
    const table = tableOf(spec);
    const withheld = spec.rows
      .map((row, index) => ({ row, cells: table[index] }))
      .filter(({ row }) => row.suppressed);
    // deep_tissue at session 12, and the myofascial_release group withheld whole.
    expect(withheld.map(({ row }) => `${row.group}:${row.session}`)).toEqual([
      'deep_tissue:12',
      'myofascial_release:null',
    ]);
    for (const { cells } of withheld) {
      expect(cells).toContain(NOT_SHOWN);
      expect(cells).toContain('1–10 clients');
    }
    const lines = toCsv(spec.rows, spec.columns).trimEnd().split('\r\n');
    expect(lines[0]).toBe('group,session,n,mean_change,ci_low,ci_high,p,withheld,size_band');
    expect(lines).toContain(`deep_tissue,12,,,,,,${NOT_SHOWN},1-10`);
    expect(lines).toContain(`myofascial_release,,,,,,,${NOT_SHOWN},1-10`);
  });

  it('keeps the CSV columns of unsuppressed reports as they were (no withheld columns)', () => {
    const wire = marketingReport();
    const deep = wire.groups[0];
    const published = readReport({
      ...wire,
      suppression: undefined,
      groups: [
        {
          ...deep,
          sessions: deep.sessions.filter((cell) => cell.suppressed !== true),
          withinSession: deep.withinSession.filter((cell) => cell.suppressed !== true),
          cumulative: deep.cumulative.filter((cell) => cell.suppressed !== true),
        },
      ],
      comparisons: [],
    });
    const spec = cumulativeChangeChart(published, context);
    expect(toCsv(spec.rows, spec.columns).split('\r\n')[0]).toBe(
      'group,session,n,mean_change,ci_low,ci_high,p',
    );
  });
});

describe('what a chart may draw', () => {
  it('draws published rows with an estimate only', () => {
    const rows = [
      { session: 1, value: 1, suppressed: false },
      { session: 2, value: null, suppressed: false },
      { session: 3, value: 5, suppressed: true },
      { session: 4, value: Number.NaN, suppressed: false },
    ];
    expect(drawable(rows, (row) => row.value).map((row) => row.session)).toEqual([1]);
  });

  it('breaks a line at a withheld session instead of bridging it', () => {
    const rows = [
      { session: 1, value: 1, suppressed: false },
      { session: 2, value: null, suppressed: true },
      { session: 3, value: 3, suppressed: false },
      { session: null, value: null, suppressed: true },
    ];
    expect(gapsAtWithheld(rows, (row) => row.value).map((row) => [row.session, row.value])).toEqual([
      [1, 1],
      [2, null],
      [3, 3],
    ]);
  });

  it('draws a before-and-after pair only when both halves are published', () => {
    const rows = prePostRows(report);
    // deep_tissue session 1 and swedish session 1 are whole pairs; deep_tissue session 12 has no post.
    expect(completePairs(rows).map((row) => `${row.group}:${row.session}:${row.phase}`)).toEqual([
      'deep_tissue:1:pre',
      'deep_tissue:1:post',
      'swedish:1:pre',
      'swedish:1:post',
    ]);
  });
});
