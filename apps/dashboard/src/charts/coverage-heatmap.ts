/**
 * Data: the map of missing measurements (GET /api/cohorts/coverage). One cell per session and
 * site/phase; its shade is the share of the clients who reached that session who have a value
 * there. A single-hue sequential scale (light = few measured) reads the same for colour-blind
 * readers, and every cell also prints its percentage.
 */
import * as Plot from '@observablehq/plot';
import type { Coverage } from '../api/api-types.js';
import { formatCount, formatPercent } from '../format/number-format.js';
import { humanize } from '../format/labels.js';
import type { ChartSpec } from './chart-spec.js';
import { baseOptions, namedRowsAxis, sessionTicks } from './plot-theme.js';

export interface CoverageRow {
  session: number;
  phase: 'pre' | 'post' | 'followup';
  site: string;
  clients: number;
  reached: number;
  share: number | null;
}

export function coverageRows(coverage: Coverage): CoverageRow[] {
  const reached = new Map(coverage.sessions.map((row) => [row.session, row.clients]));
  return coverage.cells.map((cell) => {
    const total = reached.get(cell.session) ?? 0;
    return {
      session: cell.session,
      phase: cell.phase,
      site: cell.site ?? 'all',
      clients: cell.clients,
      reached: total,
      share: total > 0 ? cell.clients / total : null,
    };
  });
}

/**
 * A row per site and phase: follow-up visits (after the course, numbered after the client's last
 * treated session) get rows of their own, so their share is never drawn over the after-treatment one.
 */
const PHASE_LABEL: Record<CoverageRow['phase'], string> = {
  pre: 'before',
  post: 'after',
  followup: 'follow\u2011up',
}; // a hyphen that does not break the label in two
const PHASE_ORDER: Record<CoverageRow['phase'], number> = { pre: 0, post: 1, followup: 2 };

/** The heatmap's row of a cell: its site and phase. */
export function coverageRowLabel(row: Pick<CoverageRow, 'site' | 'phase'>): string {
  return `${row.site === 'all' || row.site === '' ? 'No site' : humanize(row.site)} · ${PHASE_LABEL[row.phase]}`;
}

export function coverageHeatmap(coverage: Coverage, measureLabel: string): ChartSpec<CoverageRow> {
  const rows = coverageRows(coverage);
  const rowLabel = coverageRowLabel;
  const labels = [
    ...new Set(
      [...rows]
        .sort((a, b) => a.site.localeCompare(b.site) || PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase])
        .map(rowLabel),
    ),
  ];
  const sessions = [...new Set(rows.map((row) => row.session))].sort((a, b) => a - b);
  const sparse = rows.filter((row) => row.share !== null && row.share < 0.5);
  const summary =
    rows.length === 0
      ? `No ${measureLabel} values.`
      : `${measureLabel}: share of clients measured, for ${labels.length} site and phase rows over sessions ${sessions[0]} to ${sessions[sessions.length - 1]}. ` +
        `${sparse.length} of ${rows.length} cells have fewer than half the clients measured.`;
  const title = (row: CoverageRow): string =>
    `${rowLabel(row)} · session ${row.session}\n${formatCount(row.clients)} of ${formatCount(row.reached)} clients measured (${formatPercent(row.share)})`;

  return {
    id: 'data-coverage',
    title: 'Missing measurements',
    description: `Share of the clients who reached each session with a ${measureLabel} value, by site and phase.`,
    summary,
    rows,
    legend: [
      {
        label: 'share of clients measured: 0% → 100%',
        colour: '#08306b',
        ramp: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'],
      },
    ],
    notes: [
      'Pale cells are where measurements are missing; “reached” counts clients with any measurement at that session.',
    ],
    columns: [
      { name: 'session', label: 'Session', value: (row) => row.session, numeric: true },
      { name: 'site', label: 'Site', value: (row) => row.site, display: (row) => humanize(row.site) },
      { name: 'phase', label: 'Phase', value: (row) => row.phase },
      { name: 'clients', label: 'Measured', value: (row) => row.clients, numeric: true },
      { name: 'reached', label: 'Reached', value: (row) => row.reached, numeric: true },
      {
        name: 'share',
        label: 'Share',
        value: (row) => row.share,
        display: (row) => formatPercent(row.share),
        numeric: true,
      },
    ],
    render(width) {
      const data = rows.map((row) => ({ ...row, label: rowLabel(row) }));
      const cellWidth = (width - 200) / Math.max(1, sessions.length);
      const rowNames = namedRowsAxis(labels, width, width < 560 ? 150 : 200, { tickSize: 0 });
      return Plot.plot({
        ...baseOptions(width, 'Missing measurements', summary),
        height: 56 + 30 * Math.max(1, labels.length),
        marginLeft: rowNames.marginLeft,
        marginBottom: 36,
        padding: 0.06,
        // Every session when there is room; thinned on a phone, where 10, 11 and 12 would run together.
        x: {
          domain: sessions,
          ticks: sessionTicks(sessions, width - rowNames.marginLeft),
          label: 'Session',
          tickSize: 0,
        },
        y: { domain: labels, label: null, tickSize: 0 },
        color: { type: 'linear', scheme: 'blues', domain: [0, 1], label: 'Share measured' },
        marks: [
          rowNames.axis,
          Plot.cell(data, { x: 'session', y: 'label', fill: 'share', title, tip: true, rx: 2 }),
          cellWidth >= 30
            ? Plot.text(data, {
                x: 'session',
                y: 'label',
                text: (row: CoverageRow) => formatPercent(row.share),
                fill: (row: CoverageRow) => ((row.share ?? 0) > 0.55 ? 'white' : '#1d2433'),
                fontSize: 10,
              })
            : null,
        ],
      });
    },
  };
}
