/**
 * The overview's first answer: one sentence and one number for the whole selection, all
 * techniques together (GET /api/reports?by=all): the change from each client's first to their last
 * session with its 95% CI and n (`courseChange`), the share reaching the MCID (`responders`), and
 * how many of the clients who started were still measured at sessions 6 and 12 (attrition, drawn
 * as bars, since a drop is easier to see than to read), and, once half the clients have reached a
 * meaningful change, after how many sessions (`timeToResponse`, the Kaplan-Meier median).
 */
import type { GroupReport, OutcomesReport } from '../../api/report-types.js';
import type { ChartContext } from '../../charts/chart-context.js';
import { card } from '../../layout/card.js';
import { el } from '../../layout/dom.js';
import {
  decimalsForInterval,
  formatChange,
  formatCount,
  formatInterval,
  formatN,
  formatNumber,
  formatRate,
} from '../../format/number-format.js';
import { isTooFew, missingIntervalReason, TOO_FEW_TEXT } from '../../format/small-numbers.js';
import { medianWords } from '../../charts/time-to-response-chart.js';

/** The sessions whose attendance the overview shows: the start, mid-course and a full course. */
export const ATTRITION_SESSIONS = [1, 6, 12] as const;

/** Clients measured before session k (the pre values' n), or 0. */
function clientsAt(group: GroupReport, session: number): number {
  return group.sessions.find((cell) => cell.session === session && cell.phase === 'pre')?.n ?? 0;
}

/** "rose by a mean of 24 kPa" / "fell by a mean of 1.2 points", and whether that is the better way. */
function changeWords(change: number, unit: string, digits: number, higherIsBetter: boolean): string {
  const size = `${formatNumber(Math.abs(change), digits)}${unit ? ` ${unit}` : ''}`;
  if (change === 0) return 'did not change on average';
  const better = change > 0 === higherIsBetter;
  return `${change > 0 ? 'rose' : 'fell'} by a mean of ${size}${better ? '' : ' (the worse direction)'}`;
}

/** The sentence under the number: what it is, how sure, and how many responded. */
function sentence(group: GroupReport, report: OutcomesReport, context: ChartContext): string {
  const course = group.courseChange;
  const unit = context.measure.unit;
  const label = context.measure.label.toLowerCase();
  const higherIsBetter = context.measure.direction !== 'lower-is-better';
  const digits = decimalsForInterval(course.ciLow, course.ciHigh);
  const interval =
    course.ciLow === null || course.ciHigh === null
      ? missingIntervalReason(course.n, course.sd)
      : formatInterval(course.ciLow, course.ciHigh, digits);
  const responders = group.responders;
  const responderText =
    responders.n === null || responders.count === null
      ? ''
      : ` ${formatRate(responders.rate, responders.ciLow, responders.ciHigh)} of them (${formatCount(responders.count)} of ${formatCount(responders.n)}) improved by at least the clinically meaningful ${formatNumber(report.mcid, 1)}${unit ? ` ${unit}` : ''}.`;
  // Most clients stop after a few sessions, so the course's change is smaller than the change of
  // those who stayed for the whole course: say both, so the techniques' figures below make sense.
  const endpoint = group.cumulative.find((cell) => cell.session === report.endpointSession);
  const stayed =
    endpoint === undefined || endpoint.meanChange === null || endpoint.n === null || isTooFew(endpoint.n)
      ? ''
      : ` The ${formatCount(endpoint.n)} clients measured at session ${endpoint.session} had changed by ${formatChange(endpoint.meanChange, decimalsForInterval(endpoint.ciLow, endpoint.ciHigh))}${unit ? ` ${unit}` : ''} (${formatInterval(endpoint.ciLow, endpoint.ciHigh)}) by then.`;
  return (
    `Across ${formatCount(course.n)} clients measured at their first session and again later, ${label} ` +
    `${changeWords(course.meanChange ?? 0, unit, digits, higherIsBetter)} from their first to their last session (${interval}).` +
    responderText +
    stayed
  );
}

/**
 * "Half of clients reached a meaningful change after 4 sessions (95% CI 3 to 5)." Worded as the
 * course page words it: medianSessions counts the sessions of treatment had before the change was
 * measured. Nothing while fewer than half have responded (the question is not answered yet), and
 * muted under the few-clients limit, where one or two clients decide the median.
 */
export function medianSentence(group: GroupReport): HTMLElement | null {
  const curve = group.timeToResponse;
  if (curve === null || curve === undefined || curve.medianSessions === null) return null;
  if (isTooFew(curve.n))
    return el(
      'p',
      { class: 'all-clients-median headline-muted', 'data-too-few': 'true' },
      `Sessions until half had a meaningful change: ${TOO_FEW_TEXT} (${formatN(curve.n)}).`,
    );
  const words = medianWords(curve.medianSessions, curve.ciLow, curve.ciHigh).replace(/^half /, 'Half of clients ');
  return el(
    'p',
    { class: 'all-clients-median', 'data-median-sessions': String(curve.medianSessions) },
    `${words} · ${formatN(curve.n)}, ${formatCount(curve.events)} responded.`,
  );
}

/** Bars of the clients measured before sessions 1, 6 and 12: who stays for a course. */
function attritionBars(group: GroupReport): HTMLElement {
  const started = clientsAt(group, 1);
  const items = ATTRITION_SESSIONS.map((session) => {
    const n = clientsAt(group, session);
    const share = started > 0 ? n / started : 0;
    const bar = el('span', { class: 'attrition-bar', 'aria-hidden': 'true' });
    bar.style.setProperty('--share', `${Math.min(1, share) * 100}%`);
    return el(
      'li',
      { 'data-session': String(session) },
      el('span', { class: 'attrition-label' }, session === 1 ? 'Session 1' : `Session ${session}`),
      el('span', { class: 'attrition-track' }, bar),
      el(
        'span',
        { class: 'attrition-count' },
        session === 1 || started === 0
          ? `${formatCount(n)} clients`
          : `${formatCount(n)} (${formatNumber(share * 100, 0)}%)`,
      ),
    );
  });
  return el(
    'figure',
    { class: 'attrition-strip' },
    el('figcaption', {}, 'Clients measured before the session: who stays for a course'),
    el('ul', {}, ...items),
  );
}

export function allClientsHeadline(report: OutcomesReport, context: ChartContext): HTMLElement {
  const group = report.groups[0];
  const title = 'All clients in this view';
  const description = 'Every technique together: the change from each client’s first to their last session.';
  if (group === undefined) {
    return card(
      { id: 'all-clients-title', title, description },
      el('p', { class: 'headline-muted' }, 'No client in this view has a value of this measure.'),
    );
  }
  const course = group.courseChange;
  const unit = context.measure.unit;
  const tooFew = course.n === null || isTooFew(course.n) || course.meanChange === null;
  const digits = decimalsForInterval(course.ciLow, course.ciHigh);
  const number = tooFew
    ? el(
        'p',
        { class: 'headline-big headline-muted', 'data-too-few': 'true' },
        course.n === 0 || course.n === null
          ? 'No client has come back after session 1 yet.'
          : `${TOO_FEW_TEXT[0].toUpperCase()}${TOO_FEW_TEXT.slice(1)}: ${formatN(course.n)}.`,
      )
    : el(
        'p',
        { class: 'headline-big', 'data-change': String(course.meanChange) },
        el('span', { class: 'headline-value' }, `${formatChange(course.meanChange, digits)}${unit ? ` ${unit}` : ''}`),
        el('span', { class: 'headline-detail' }, ` first to last session · ${formatN(course.n)}`),
      );
  return card(
    { id: 'all-clients-title', title, description },
    el(
      'div',
      { class: 'all-clients' },
      el(
        'div',
        { class: 'all-clients-answer' },
        number,
        tooFew ? null : el('p', { class: 'all-clients-sentence' }, sentence(group, report, context)),
        medianSentence(group),
      ),
      attritionBars(group),
    ),
  );
}
