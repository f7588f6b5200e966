/**
 * The claims page in words for the people who use it: marketing, who must know what they may say,
 * in what terms, and, when they may not, why not, without a statistics course. The API's reasons
 * (apps/api/src/claims/claim-evaluator.ts) are precise but technical; each is rewritten here in
 * plain words, and the page keeps the API's sentence beside it for the record. Pure functions.
 */
import type { Claim, ClaimRefusal } from '../../api/api-types.js';
import { humanize } from '../../format/labels.js';
import { formatCount } from '../../format/number-format.js';

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function dateText(value: string | null): string | null {
  if (value === null || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : DATE.format(date);
}

/** "9 Jan 2013 to 3 Apr 2014"; what is known when a date is missing. */
export function periodText(period: { from: string | null; to: string | null } | null | undefined): string {
  const from = dateText(period?.from ?? null);
  const to = dateText(period?.to ?? null);
  if (from === null && to === null) return 'dates not recorded';
  if (from === null) return `until ${to}`;
  if (to === null) return `from ${from}`;
  return `${from} to ${to}`;
}

/** "45 clients with trigger point release, 44 on the waitlist" — who the claim rests on. */
export function clientsText(claim: Pick<Claim, 'treatment' | 'control' | 'nTreatment' | 'nControl'>): string {
  return `${formatCount(claim.nTreatment)} clients with ${humanize(claim.treatment).toLowerCase()}, ${formatCount(claim.nControl)} with ${humanize(claim.control).toLowerCase()}`;
}

/** The heading of a refusal: what may not be said. */
export function refusalHeadline(refusal: ClaimRefusal): string {
  if (refusal.kind === 'observational') {
    return refusal.treatment === 'all' || refusal.treatment === null
      ? 'We may not state a result for all clients'
      : `We may not state the results of ${humanize(refusal.treatment).toLowerCase()}`;
  }
  if (refusal.treatment === null || refusal.control === null) return 'No claim can be made from this data';
  return `We may not claim that ${humanize(refusal.treatment).toLowerCase()} works better than ${humanize(refusal.control).toLowerCase()}`;
}

interface Rewrite {
  pattern: RegExp;
  plain(match: RegExpMatchArray): string;
}

/** The API's reasons (claim-evaluator.ts, observational-claims.ts), most specific first. */
const REWRITES: readonly Rewrite[] = [
  {
    pattern: /^(?:suppressed: )?too few clients: fewer than (\d+) in (.+?), whose numbers are not published/i,
    plain: (m) =>
      `Withheld by small-cell suppression: the ${humanize(m[2]).toLowerCase()} group has fewer than ${m[1]} clients, so none of its results may be published, let alone claimed.`,
  },
  {
    pattern: /^suppressed: (.+?) is withheld by small-cell suppression \(fewer than (\d+) clients/i,
    plain: (m) =>
      `Withheld by small-cell suppression: the ${humanize(m[1]).toLowerCase()} group has fewer than ${m[2]} clients, or is hidden so that a smaller group cannot be worked out. Nothing may be said about its results.`,
  },
  {
    pattern: /^suppressed: fewer than (\d+) clients of (.+?) have a change at session (\d+)/i,
    plain: (m) =>
      `Withheld by small-cell suppression: fewer than ${m[1]} clients of the ${humanize(m[2]).toLowerCase()} group had a result at session ${m[3]}, so the comparison is not published.`,
  },
  {
    pattern: /^suppressed: fewer than (\d+) clients of (.+?) have a change from their first/i,
    plain: (m) =>
      `Withheld by small-cell suppression: fewer than ${m[1]} clients of the ${humanize(m[2]).toLowerCase()} group had a result at a later session, so their change is not published.`,
  },
  {
    pattern:
      /^suppressed: the figure for all clients is not offered while small-cell suppression withholds (?:the change of )?(.+?) \(/i,
    plain: (m) =>
      `Withheld by small-cell suppression: a figure for all clients would let the hidden results (${m[1]
        .split(', ')
        .map((group) => humanize(group).toLowerCase())
        .join(', ')}) be worked out by subtraction, so it is not offered.`,
  },
  {
    pattern:
      /^too few clients: (\d+) in (.+?) with a change from their first to their last session, at least (\d+) needed/i,
    plain: (m) =>
      `Too few clients: only ${m[1]} ${m[2] === 'all clients' ? 'clients' : `clients of the ${humanize(m[2]).toLowerCase()} group`} had a result at their first and a later session; a claim needs at least ${m[3]}.`,
  },
  {
    pattern: /^the 95% interval of the mean change includes zero/i,
    plain: () => 'The result is too uncertain: the range of plausible changes includes no change at all.',
  },
  {
    pattern: /^(.+?) got worse on average/i,
    plain: (m) =>
      `${m[1] === 'all clients' ? 'Clients' : `Clients of the ${humanize(m[1]).toLowerCase()} group`} got worse on average: there is nothing favourable to say.`,
  },
  {
    pattern: /^too few clients: (\d+) (?:with|in) (.+?) at session (\d+), at least (\d+) needed/i,
    plain: (m) =>
      `Too few clients: only ${m[1]} ${m[1] === '1' ? 'client' : 'clients'} in the ${humanize(m[2]).toLowerCase()} group had a result at session ${m[3]}; a claim needs at least ${m[4]} in each group.`,
  },
  {
    pattern:
      /^not significant after adjusting for (\d+) comparisons?: Holm-adjusted p = ([^,]+?), below ([\d.]+) needed/i,
    plain: (m) =>
      `The difference could be down to chance: ${m[1]} comparisons were made at once, and after allowing for that the evidence is not strong enough (adjusted p = ${m[2].trim()}; it must be below ${m[3]}).`,
  },
  {
    pattern: /^the 95% interval of the difference includes zero/i,
    plain: () =>
      'The result is too uncertain: the range of plausible differences includes no difference at all.',
  },
  {
    pattern: /^(.+?) did worse than (.+?): no favourable claim/i,
    plain: (m) =>
      `${humanize(m[1])} did worse than ${humanize(m[2]).toLowerCase()}: there is nothing favourable to say.`,
  },
  {
    pattern: /^no controlled comparison/i,
    plain: () =>
      'There is no comparison group. To claim that a technique works, the data must include clients who did not receive it (a sham treatment or a waiting list), measured the same way.',
  },
  {
    pattern: /^no comparison at an endpoint/i,
    plain: () =>
      'Not enough follow-up: clients need a result at their first session and at a later one to compare.',
  },
  {
    pattern: /cannot be tested/i,
    plain: () =>
      'The difference cannot be tested: too few clients had a change to compare, or all changes were the same.',
  },
  {
    pattern: /every group is a control/i,
    plain: () => 'Every group is a comparison group: there is no treatment to make a claim about.',
  },
];

/**
 * A reason a claim is refused, in plain words; a reason this dashboard does not know yet is shown
 * as the API wrote it (capitalised), never dropped.
 */
export function plainReason(missing: string): string {
  const text = missing.trim();
  for (const rewrite of REWRITES) {
    const match = text.match(rewrite.pattern);
    if (match !== null) return rewrite.plain(match);
  }
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
