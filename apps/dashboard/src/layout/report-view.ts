/**
 * What the report pages share: load the report for the current view (in parallel with the filter
 * values), pick the measure, give techniques their colours, and say clearly when there is nothing
 * to show and what to do about it.
 */
import type { ReportRequest } from '../api/api-client.js';
import type { FilterCatalogue, MeasureOption } from '../api/api-types.js';
import type { OutcomesReport } from '../api/report-types.js';
import type { ChartContext } from '../charts/chart-context.js';
import { groupScale } from '../charts/palette.js';
import { narrowsCohort } from '../state/url-state.js';
import { el } from './dom.js';
import { chosenMeasure, describeView, type PageContext } from './page-shell.js';
import { mcidControl } from './mcid-control.js';
import { emptyState, pageLink } from './states.js';

export interface ReportView {
  report: OutcomesReport;
  catalogue: FilterCatalogue | null;
  measure: MeasureOption;
  chart: ChartContext;
  /** The view in words, for exported figures. */
  viewDescription: string;
}

/** The MCID to ask for: the page's `mcid` option when valid (headache days have no default). */
export function mcidOption(context: PageContext): number | undefined {
  const value = Number(context.view.options.mcid);
  return context.view.options.mcid !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A report to draw, or the state that says why there is nothing to draw. */
export type LoadedReport = { kind: 'report'; view: ReportView } | { kind: 'empty'; state: HTMLElement };

export async function loadReportView(
  context: PageContext,
  request: ReportRequest = {},
): Promise<LoadedReport> {
  // A measure without a published MCID (headache days) needs one before any report can be made.
  // Only a measure chosen in the URL can be such a one (the default is PPT), so only then does the
  // report wait for the measures list; otherwise both requests run at once.
  if (context.view.filters.measure !== undefined && context.view.filters.measure !== 'ppt') {
    const asked = chosenMeasure(context.view, await context.catalogue);
    if (asked !== undefined && asked.defaultMcid === null && mcidOption(context) === undefined) {
      return { kind: 'empty', state: mcidPrompt(context, asked) };
    }
  }
  const [catalogue, answer] = await Promise.all([
    context.catalogue,
    context.api.report(context.view.filters, { mcid: mcidOption(context), ...request }, context.signal),
  ]);
  const report = answer.report;
  const measure = chosenMeasure(context.view, catalogue) ?? {
    code: report.measure,
    unit: report.unit,
    label: report.measure,
    direction: 'higher-is-better' as const,
    defaultMcid: null,
  };
  const resolved: MeasureOption = { ...measure, unit: report.unit || measure.unit };
  if (report.groups.length === 0) return { kind: 'empty', state: noDataState(context, resolved) };
  const by = report.by;
  const allGroups = by === 'technique' ? (catalogue?.techniques.map((option) => option.value) ?? []) : [];
  return {
    kind: 'report',
    view: {
      report,
      catalogue,
      measure: resolved,
      chart: {
        measure: resolved,
        colours: groupScale(
          report.groups.map((group) => group.name),
          allGroups,
        ),
        by,
      },
      viewDescription: describeView(context.view, catalogue),
    },
  };
}

export function noDataState(context: PageContext, measure: MeasureOption): HTMLElement {
  const narrowed = narrowsCohort(context.view.filters) || context.view.filters.site !== undefined;
  return emptyState(
    `No ${measure.label.toLowerCase()} values ${narrowed ? 'match these filters' : 'yet'}`,
    narrowed
      ? el(
          'span',
          {},
          'Widen the filters above (or choose ',
          el('strong', {}, 'Clear filters'),
          '), or choose another measure. ',
        )
      : el(
          'span',
          {},
          'Choose another measure above, or load data: ',
          pageLink('/data/', 'upload a file on the Data page'),
          '. ',
        ),
  );
}

/** A small explanatory paragraph at the top of a page: how to read it, in plain words. */
export function pageIntro(...text: (string | Node)[]): HTMLElement {
  return el('p', { class: 'page-intro' }, ...text);
}

/** Asks for the MCID of a measure that has no published one (the reports need it). */
export function mcidPrompt(context: PageContext, measure: MeasureOption): HTMLElement {
  return el(
    'div',
    { class: 'state state-empty' },
    el('h2', {}, `${measure.label} has no published MCID`),
    el(
      'p',
      {},
      'Reports on this measure need the smallest change that matters to your clients. Enter it to see this page.',
    ),
    mcidControl(context, 1, measure.unit, false),
  );
}
