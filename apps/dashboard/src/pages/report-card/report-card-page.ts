/**
 * Report card: one printable page for a team meeting or a referrer. It states what it covers (the
 * filters, the period, the data version and when it was made), then gives the overview's answers
 * (all clients together with who stayed for the course, each technique's change since session 1),
 * and the change within clients across sessions; the responders are stated with each change. The print stylesheet
 * (styles/main.css, @media print) leaves out the navigation, the filters and the buttons, keeps
 * each card on one page where it fits, and prints the figures at the page's width.
 *
 * Same requests as the overview and across-sessions pages (GET /api/reports by technique and by
 * all, GET /api/cohorts/summary), so a report card says what the dashboard says, number for number.
 */
import type { CohortSummary } from '../../api/api-types.js';
import { chartCard } from '../../charts/chart-card.js';
import { changeWithinClientsChart } from '../../charts/change-within-clients-chart.js';
import { formatCount } from '../../format/number-format.js';
import { append, button, el } from '../../layout/dom.js';
import type { PageContext } from '../../layout/page-shell.js';
import { loadReportView, reportOrState, suppressionNotice } from '../../layout/report-view.js';
import { allClientsHeadline } from '../overview/all-clients-headline.js';
import { headlineChanges } from '../overview/headline-changes.js';

function dateText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "1 March 2024 to 10 February 2025": the filters' dates, else the data's own first and last. */
export function periodText(
  filters: { from?: string; to?: string },
  dataRange: { from: string | null; to: string | null } | null,
): string {
  const from = dateText(filters.from ?? dataRange?.from);
  const to = dateText(filters.to ?? dataRange?.to);
  if (from === null && to === null) return 'all dates';
  return `${from ?? 'the first session'} to ${to ?? 'the last session'}`;
}

/** "1 clinic", "8 clinics"; a count withheld for marketing reads "–". */
function counted(n: number | null, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** The card's heading block: what it covers, stated so that a printed copy stands on its own. */
function coverage(
  context: PageContext,
  viewDescription: string,
  period: string,
  dataVersion: string | null,
  summary: CohortSummary | null,
): HTMLElement {
  const made = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  const row = (term: string, value: string): HTMLElement[] => [el('dt', {}, term), el('dd', {}, value)];
  return el(
    'section',
    { class: 'card report-card-cover', 'aria-labelledby': 'report-card-title' },
    el('h2', { id: 'report-card-title' }, 'Outcomes report card'),
    el(
      'dl',
      { class: 'report-card-terms' },
      ...row('Period', period),
      ...row('Covers', viewDescription),
      ...(summary === null
        ? []
        : row(
            'Clients and sessions',
            [
              counted(summary.clients, 'client'),
              counted(summary.sessions, 'session'),
              counted(summary.clinics, 'clinic'),
              counted(summary.therapists, 'therapist'),
            ].join(', '),
          )),
      ...row('Data version', dataVersion ?? '–'),
      ...row('Made', `${made}, by ${context.user.name} (${context.access.label})`),
    ),
    el(
      'div',
      { class: 'report-card-actions' },
      button('Print or save as PDF', () => window.print(), { class: 'primary' }),
    ),
  );
}

export async function renderReportCard(context: PageContext): Promise<void> {
  const summaryRequest: Promise<CohortSummary | null> =
    context.access.counts === 'view'
      ? context.api.summary(context.view.filters, context.signal).catch(() => null)
      : Promise.resolve(null);
  const allClientsRequest = loadReportView(context, { by: 'all' }).catch(() => null);
  const loaded = await reportOrState(context, { by: 'technique' });
  if (loaded === null) return;
  const [summary, allClients] = await Promise.all([summaryRequest, allClientsRequest]);
  const { report, chart, viewDescription, dataVersion } = loaded;
  const period = periodText(context.view.filters, summary?.dateRange ?? null);
  const described = `${viewDescription} · ${period} · data version ${dataVersion ?? '–'}`;
  append(
    context.content,
    coverage(context, viewDescription, period, dataVersion, summary),
    suppressionNotice(report),
    allClients?.kind === 'report' ? allClientsHeadline(allClients.view.report, chart) : null,
    headlineChanges(report, chart),
    chartCard(changeWithinClientsChart(report, chart), { viewDescription: described }),
  );
  context.content.classList.add('report-card');
}
