/**
 * Small-cell suppression as the dashboard sees it. For the marketing role the API withholds every
 * group and cell of fewer clients than a minimum (11, as CMS publishes: cells of 1 to 10 are
 * suppressed) and sends only a size band in their place. The dashboard must never draw such a
 * cell, never guess its value, and always say that something is withheld and why, in the same
 * words everywhere: "fewer than 11 clients: not shown".
 *
 * `readReport` is the one place the API's report becomes the dashboard's (api-client.ts calls it):
 * withheld groups are set apart, withheld cells keep only their session and phase, and a cell
 * without a count is treated as withheld even if it was not marked, so that a chart can rely on
 * `suppressed` alone. Pure functions only.
 */
import type {
  ApiReport,
  GroupReport,
  OutcomesReport,
  ResponderSummary,
  SuppressedGroup,
  Withheld,
  WireCell,
  WireGroup,
} from '../api/report-types.js';
import { readNames } from '../format/display-names.js';

/** What a withheld number says in tables, tooltips and CSV: "fewer than 11 clients: not shown". */
export function notShownText(minimum: number | null): string {
  return minimum === null ? 'too few clients: not shown' : `fewer than ${minimum} clients: not shown`;
}

/** "1–10 clients", from the API's size band "1-10". */
export function sizeBandText(sizeBand: string | null): string {
  if (sizeBand === null || sizeBand === '') return 'a few clients';
  return `${sizeBand.replace('-', '–')} clients`;
}

/** Fields that say which cell this is (kept when its numbers are withheld). */
const IDENTITY = new Set(['session', 'phase', 'threshold']);

/**
 * A cell as charts get it: numbers untouched when published; when withheld (marked so, or with no
 * count), every number but its identity set to null, whatever the API put there.
 */
export function readCell<T extends object>(cell: WireCell<T>): { [K in keyof T]: T[K] | null } & Withheld {
  const count = (cell as { n?: number | null }).n;
  const withheld = cell.suppressed === true || count === null || count === undefined;
  if (!withheld) return { ...cell, suppressed: false, sizeBand: null };
  const kept = Object.fromEntries(
    Object.entries(cell).map(([key, value]) => [
      key,
      IDENTITY.has(key) ? value : key === 'sizeBand' || key === 'suppressed' ? value : null,
    ]),
  );
  return { ...kept, suppressed: true, sizeBand: cell.sizeBand ?? null } as {
    [K in keyof T]: T[K] | null;
  } & Withheld;
}

function readResponders(raw: WireGroup['responders'], mcid: number): ResponderSummary {
  if (raw === null || raw === undefined) {
    return {
      threshold: mcid,
      n: null,
      count: null,
      rate: null,
      ciLow: null,
      ciHigh: null,
      suppressed: true,
      sizeBand: null,
    };
  }
  const cell = readCell(raw);
  return { ...cell, threshold: cell.threshold ?? mcid } as ResponderSummary;
}

/** A missing course change (an older API, a withheld group) reads as a withheld cell of no clients. */
function readCourseChange(raw: WireGroup['courseChange']): GroupReport['courseChange'] {
  const none = { n: null, meanChange: null, sd: null, ciLow: null, ciHigh: null, t: null, df: null, p: null };
  return readCell(raw ?? none) as GroupReport['courseChange'];
}

function isWithheldGroup(group: WireGroup, named: ReadonlySet<string>): boolean {
  return group.suppressed === true || named.has(group.name) || group.nClients === null;
}

/** The API's report as pages and charts read it (see api/report-types.ts). */
export function readReport(raw: ApiReport): OutcomesReport {
  const { suppression, groups: wireGroups, names, ...rest } = raw;
  const minimum = typeof suppression?.minimum === 'number' ? suppression.minimum : null;
  const named = new Set(suppression?.groups ?? []);
  const groups: GroupReport[] = [];
  const suppressedGroups: SuppressedGroup[] = [];
  for (const group of wireGroups ?? []) {
    if (isWithheldGroup(group, named)) {
      suppressedGroups.push({
        name: group.name,
        sizeBand: group.sizeBand ?? (minimum === null ? '' : `1-${minimum - 1}`),
      });
      continue;
    }
    groups.push({
      name: group.name,
      nClients: group.nClients ?? 0,
      sessions: (group.sessions ?? []).map((cell) => readCell(cell)) as GroupReport['sessions'],
      withinSession: (group.withinSession ?? []).map((cell) =>
        readCell(cell),
      ) as GroupReport['withinSession'],
      cumulative: (group.cumulative ?? []).map((cell) => readCell(cell)) as GroupReport['cumulative'],
      courseChange: readCourseChange(group.courseChange),
      responders: readResponders(group.responders, raw.mcid),
      timeToResponse: group.timeToResponse ?? null,
      durability: group.durability ?? null,
    });
  }
  const hidden = new Set(suppressedGroups.map((group) => group.name));
  return {
    ...rest,
    groups,
    // The API leaves out comparisons with a withheld group; a pair that slipped through is dropped here.
    comparisons: (raw.comparisons ?? []).filter(
      (comparison) => !hidden.has(comparison.a) && !hidden.has(comparison.b),
    ),
    suppressedGroups,
    suppressionMinimum: minimum,
    names: readNames(names),
  };
}

/** True when anything in the report is withheld (a group or a cell). */
export function hasWithheld(report: OutcomesReport): boolean {
  if (report.suppressedGroups.length > 0) return true;
  return report.groups.some(
    (group) =>
      group.responders.suppressed ||
      group.sessions.some((cell) => cell.suppressed) ||
      group.withinSession.some((cell) => cell.suppressed) ||
      group.cumulative.some((cell) => cell.suppressed),
  );
}

/**
 * The notes a chart shows under its figure about what is withheld: the groups left out by name,
 * and, when some of its own rows are withheld, where to find them. Empty when nothing is.
 */
export function withheldNotes(
  report: OutcomesReport,
  withheldRows: number,
  labelOf: (group: string) => string,
): string[] {
  const text = notShownText(report.suppressionMinimum);
  const notes: string[] = [];
  if (report.suppressedGroups.length > 0) {
    notes.push(
      `Groups with ${text.replace(': not shown', '')} are not shown: ` +
        report.suppressedGroups
          .map((group) => `${labelOf(group.name)} (${sizeBandText(group.sizeBand)})`)
          .join(', ') +
        '.',
    );
  }
  if (withheldRows > 0) {
    notes.push(
      `${withheldRows} ${withheldRows === 1 ? 'value is' : 'values are'} based on ${text.replace(': not shown', '')} and ${withheldRows === 1 ? 'is' : 'are'} not drawn; the table marks ${withheldRows === 1 ? 'it' : 'them'} “${text}”.`,
    );
  }
  return notes;
}

/**
 * A row of a chart's table and CSV for each group withheld whole: its name, its size band, and no
 * numbers (`blank` gives the chart's other fields, all null), so that the download says the group
 * exists and why it has no numbers.
 */
export function withheldGroupRows<Row extends { group: string } & Withheld>(
  report: OutcomesReport,
  blank: Omit<Row, 'group' | 'suppressed' | 'sizeBand'>,
): Row[] {
  return report.suppressedGroups.map(
    (group) => ({ ...blank, group: group.name, suppressed: true, sizeBand: group.sizeBand }) as Row,
  );
}
