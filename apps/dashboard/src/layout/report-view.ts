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
import { notShownText, sizeBandText } from '../suppression/suppression.js';
import { mergeNames, NO_NAMES } from '../format/display-names.js';
import { humanize } from '../format/labels.js';
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
  /** The data version the report was computed at (X-Data-Version), for printed reports. */
  dataVersion: string | null;
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
  if (report.groups.length === 0 && report.suppressedGroups.length > 0)
    return { kind: 'empty', state: allWithheldState(report) };
  if (report.groups.length === 0) return { kind: 'empty', state: noDataState(context, resolved) };
  const by = report.by;
  return {
    kind: 'report',
    view: {
      report,
      catalogue,
      measure: resolved,
      chart: {
        measure: resolved,
        // Keyed by name (charts/palette.ts): the same colour whatever else is in view.
        colours: groupScale(report.groups.map((group) => group.name)),
        by,
        names: mergeNames(catalogue?.names ?? NO_NAMES, report.names),
      },
      viewDescription: describeView(context.view, catalogue),
      dataVersion: answer.dataVersion,
    },
  };
}

/**
 * The report of a page that has nothing to show without one: the report's view, or null once the
 * state that says why there is nothing to draw (and what to do) is on the page.
 */
export async function reportOrState(
  context: PageContext,
  request: ReportRequest = {},
): Promise<ReportView | null> {
  const loaded = await loadReportView(context, request);
  if (loaded.kind === 'report') return loaded.view;
  context.content.append(loaded.state);
  return null;
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
      : context.access.data.upload
        ? el(
            'span',
            {},
            'Choose another measure above, or load data: ',
            pageLink('/data/', 'upload a file on the Data page'),
            '. ',
          )
        : el(
            'span',
            {},
            'Choose another measure, or ask your clinic’s owner or your Threshold administrator to load data. ',
          ),
  );
}

/** Every group of the view is too small to publish (small-cell suppression). */
export function allWithheldState(report: OutcomesReport): HTMLElement {
  const text = notShownText(report.suppressionMinimum);
  return emptyState(
    `Every group in this view has ${text.replace(': not shown', '')}`,
    `Nothing here may be published: ${report.suppressedGroups
      .map((group) => `${humanize(group.name)} (${sizeBandText(group.sizeBand)})`)
      .join(', ')}. Choose a wider view, such as all conditions or all techniques.`,
  );
}

/**
 * For a role that sees suppressed aggregates: what is left out and why, once at the top of the
 * page (each chart also says which of its own values are withheld). Null for other roles.
 */
export function suppressionNotice(report: OutcomesReport): HTMLElement | null {
  if (report.suppressionMinimum === null) return null;
  return el(
    'p',
    { class: 'suppression-notice', role: 'note' },
    el('strong', {}, 'Small groups are not shown. '),
    `To protect clients, every group and every result based on fewer than ${report.suppressionMinimum} clients is withheld: it is marked “${notShownText(report.suppressionMinimum)}” and never drawn.`,
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
