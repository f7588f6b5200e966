/**
 * Course of treatment: the questions clients and owners ask first, "how many sessions until I feel
 * a difference?" and "does it hold once I stop?" (report-contract.md section 5). One report
 * (GET /api/reports, by technique): each group's time to a meaningful change (Kaplan-Meier), the
 * median sessions with its interval, the log-rank comparison in words, and the follow-up visits.
 */
import type { OutcomesReport } from '../../api/report-types.js';
import { chartCard } from '../../charts/chart-card.js';
import { labelOf, type ChartContext } from '../../charts/chart-context.js';
import { durabilityChart } from '../../charts/durability-chart.js';
import { medianWords, timeToResponseChart } from '../../charts/time-to-response-chart.js';
import { formatN, formatNumber, formatP } from '../../format/number-format.js';
import { isTooFew, TOO_FEW_TEXT } from '../../format/small-numbers.js';
import { card } from '../../layout/card.js';
import { append, el } from '../../layout/dom.js';
import { mcidControl } from '../../layout/mcid-control.js';
import type { PageContext } from '../../layout/page-shell.js';
import { mcidOption, pageIntro, reportOrState, suppressionNotice } from '../../layout/report-view.js';

/** The log-rank test in words: whether the groups' times to a meaningful change differ. */
export function comparisonWords(report: OutcomesReport): string {
  const test = report.responseComparison;
  if (test === null || test === undefined || test.chisq === null || test.p === null)
    return 'The groups’ times to a meaningful change cannot be compared here (fewer than two groups with clients, or nobody responded).';
  const differ = test.p < 0.05;
  return (
    `Log-rank test across the groups: χ² = ${formatNumber(test.chisq, 2)} on ${test.df} df, p = ${formatP(test.p)}. ` +
    (differ
      ? 'The groups reach a meaningful change at different paces (this compares clients who chose or were given different techniques, not a randomised trial).'
      : 'No clear difference in how fast the groups reach a meaningful change.')
  );
}

/** One line per group: how many sessions until half had a meaningful change. */
function medianList(report: OutcomesReport, context: ChartContext): HTMLElement {
  const items = report.groups
    .filter((group) => group.timeToResponse !== null && group.timeToResponse !== undefined)
    .map((group) => {
      const curve = group.timeToResponse!;
      const swatch = el('span', { class: 'swatch swatch-dot', 'aria-hidden': 'true' });
      swatch.style.setProperty('--swatch', context.colours.colourOf(group.name));
      return el(
        'li',
        { class: 'headline', 'data-group': group.name },
        el('h3', {}, swatch, labelOf(context, group.name)),
        isTooFew(curve.n)
          ? el('p', { class: 'headline-muted', 'data-too-few': 'true' }, `${TOO_FEW_TEXT} (${formatN(curve.n)}).`)
          : el(
              'p',
              {},
              el(
                'span',
                { class: 'headline-value' },
                curve.medianSessions === null ? 'not reached' : `${formatNumber(curve.medianSessions, 0)} sessions`,
              ),
              el('span', { class: 'headline-detail' }, ` · ${medianWords(curve.medianSessions, curve.ciLow, curve.ciHigh)} · ${formatN(curve.n)}, ${curve.events} responded`),
            ),
      );
    });
  return card(
    {
      id: 'median-sessions-title',
      title: 'Sessions until half had a meaningful change',
      description: `The median number of sessions of treatment before a client’s value had improved by at least the MCID (${formatNumber(report.mcid, 1)} ${report.unit}) since session 1, with its 95% CI.`,
    },
    el('ul', { class: 'headlines' }, ...items),
    el('p', { class: 'course-comparison' }, comparisonWords(report)),
  );
}

export async function renderCourse(context: PageContext): Promise<void> {
  const loaded = await reportOrState(context, { by: 'technique' });
  if (loaded === null) return;
  const { report, chart, viewDescription } = loaded;
  append(
    context.content,
    suppressionNotice(report),
    pageIntro(
      'How many sessions clients need before their change is meaningful (at least the MCID since session 1), and whether the change holds at a follow-up visit after the course.',
    ),
    mcidControl(context, report.mcid, report.unit, mcidOption(context) === undefined),
    medianList(report, chart),
    chartCard(timeToResponseChart(report, chart), { viewDescription }),
    chartCard(durabilityChart(report, chart), { viewDescription }),
  );
}
