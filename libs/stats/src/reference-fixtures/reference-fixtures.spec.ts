/**
 * Recomputes, with this library's functions, the closed-form numbers of the reference reports in
 * /work/shared/reference (R 4.2.2; see its README) from their CSV inputs, under the definitions of
 * report-contract.md section 2, and asserts each to a relative 1e-9 (the README's tolerance for
 * closed-form statistics; the JSON holds 12 significant digits).
 *
 * The small pipeline below (CSV -> per-client series -> per-group statistics) exists only to drive
 * the functions: report assembly itself lives elsewhere. The trajectory (mixed model) is not
 * checked here.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { referenceDirectory } from '../testing/reference-data.js';
import { describeSample } from '../descriptive/describe-sample.js';
import { momentsOf } from '../descriptive/moments.js';
import { hedgesG } from '../effect-size/hedges-g.js';
import {
  ancovaFromCrossProducts,
  ancovaFromRows,
  type AncovaResult,
  type AncovaRow,
} from '../linear-model/ancova.js';
import { crossProductsOf, type CrossProducts } from '../linear-model/cross-products.js';
import { MEASURES } from '../measures/measures.js';
import { holmAdjust } from '../multiplicity/holm.js';
import { compareCodePoints } from '../ordering/compare-code-points.js';
import { summariseResponders } from '../responders/responder-summary.js';
import { pairedTTest } from '../t-test/paired-t-test.js';
import { welchTTest } from '../t-test/welch-t-test.js';
import { expectClose } from '../testing/expect-close.js';

/** ../shared/reference beside the checkout, or its verbatim copy (see testing/reference-data.ts). */
const REFERENCE_DIR = pathToFileURL(`${referenceDirectory()}/`);
const RELATIVE_TOLERANCE = 1e-9;

type Phase = 'pre' | 'post';
type Scalar = number | string | null;
type Fields = Readonly<Record<string, Scalar>>;

interface Client {
  group: string;
  /** value by `${session}:${phase}` */
  values: Map<string, number>;
}

/** The input as the contract reads it: one measure, one site, so one value per client, session and phase. */
function readClients(file: string): Map<string, Client> {
  const [header, ...lines] = readFileSync(new URL(file, REFERENCE_DIR), 'utf8').trim().split('\n');
  const columns = header.split(',');
  const column = (cells: string[], name: string): string | undefined => {
    const index = columns.indexOf(name);
    return index < 0 ? undefined : cells[index];
  };
  const clients = new Map<string, Client>();
  for (const line of lines) {
    const cells = line.split(',');
    const id = column(cells, 'client_id') ?? '';
    const group = column(cells, 'technique') ?? 'all'; // the contract's default technique
    const phase = (column(cells, 'phase') ?? 'pre') as Phase;
    const client = clients.get(id) ?? { group, values: new Map<string, number>() };
    const key = `${Number(column(cells, 'session'))}:${phase}`;
    if (client.values.has(key)) throw new Error(`duplicate ${id} ${key}`);
    client.values.set(key, Number(column(cells, 'value')));
    clients.set(id, client);
  }
  return clients;
}

function valueAt(client: Client, session: number, phase: Phase): number | undefined {
  return client.values.get(`${session}:${phase}`);
}

function sessionsOf(client: Client, phase: Phase): number[] {
  return [...client.values.keys()]
    .filter((key) => key.endsWith(`:${phase}`))
    .map((key) => Number(key.split(':')[0]))
    .sort((x, y) => x - y);
}

/** Cumulative change pre_k - pre_1 of the clients with both. */
function cumulativeChanges(clients: readonly Client[], session: number): number[] {
  return clients.flatMap((client) => {
    const baseline = valueAt(client, 1, 'pre');
    const later = valueAt(client, session, 'pre');
    return baseline === undefined || later === undefined ? [] : [later - baseline];
  });
}

/** Asserts every field of `expected`: strings exactly, numbers and nulls to the tolerance. */
function expectFields(actual: Fields, expected: Readonly<Record<string, unknown>>, label: string): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    if (typeof value === 'string') expect(actual[key]).toBe(value);
    else
      expectClose(
        actual[key] as number | null,
        value as number | null,
        RELATIVE_TOLERANCE,
        `${label}.${key}`,
      );
  }
}

interface ExpectedGroup {
  name: string;
  nClients: number;
  sessions: Record<string, unknown>[];
  withinSession: Record<string, unknown>[];
  cumulative: Record<string, unknown>[];
  responders: Record<string, unknown>;
}

interface ExpectedComparison extends Record<string, unknown> {
  a: string;
  b: string;
  ancova: Record<string, unknown>;
}

interface ExpectedReport {
  measure: string;
  mcid: number;
  endpointSession?: number | null;
  groups: ExpectedGroup[];
  comparisons: ExpectedComparison[];
}

describe.each(['orthodont', 'student_sleep'])('reference report %s', (name) => {
  const expected = JSON.parse(
    readFileSync(new URL(`${name}.expected.json`, REFERENCE_DIR), 'utf8'),
  ) as ExpectedReport;
  const clients = readClients(`${name}.csv`);
  const groupNames = [...new Set([...clients.values()].map((client) => client.group))].sort(
    compareCodePoints,
  );
  const membersOf = (group: string): Client[] =>
    [...clients.values()].filter((client) => client.group === group);
  const allSessions = (phase: Phase): number[] =>
    [...new Set([...clients.values()].flatMap((client) => sessionsOf(client, phase)))].sort((x, y) => x - y);
  const endpointSession = Math.max(...allSessions('pre'));

  it('has the groups, in code-point order, and the endpoint session', () => {
    expect(groupNames).toEqual(expected.groups.map((group) => group.name));
    // student_sleep.expected.json leaves endpointSession out (one session, nothing to compare).
    if (expected.endpointSession !== undefined) expect(endpointSession).toBe(expected.endpointSession);
    groupNames.forEach((group, g) => expect(membersOf(group).length).toBe(expected.groups[g].nClients));
  });

  describe.each(expected.groups.map((group, g) => [group.name, g] as const))('group %s', (group, g) => {
    const members = membersOf(group);
    const expectedGroup = expected.groups[g];

    it('sessions: n, mean, SD, 95% CI and median for each session and phase', () => {
      const rows = allSessions('pre')
        .flatMap((session) => (['pre', 'post'] as const).map((phase) => ({ session, phase })))
        .map(({ session, phase }) => ({
          session,
          phase,
          values: members.flatMap((client) => valueAt(client, session, phase) ?? []),
        }))
        .filter((row) => row.values.length > 0);
      expect(rows.length).toBe(expectedGroup.sessions.length);
      rows.forEach(({ session, phase, values }, i) =>
        expectFields(
          { session, phase, ...describeSample(values) },
          expectedGroup.sessions[i],
          `sessions[${i}]`,
        ),
      );
    });

    it('withinSession: paired t on post - pre, for sessions with at least 2 pairs', () => {
      const rows = allSessions('post')
        .map((session) => ({
          session,
          changes: members.flatMap((client) => {
            const pre = valueAt(client, session, 'pre');
            const post = valueAt(client, session, 'post');
            return pre === undefined || post === undefined ? [] : [post - pre];
          }),
        }))
        .filter((row) => row.changes.length >= 2);
      expect(rows.length).toBe(expectedGroup.withinSession.length);
      rows.forEach(({ session, changes }, i) =>
        expectFields(
          { session, ...pairedTTest(momentsOf(changes)) },
          expectedGroup.withinSession[i],
          `withinSession[${i}]`,
        ),
      );
    });

    it('cumulative: paired t on pre_k - pre_1 for each later session', () => {
      const sessions = allSessions('pre').filter((session) => session > 1);
      expect(sessions.length).toBe(expectedGroup.cumulative.length);
      sessions.forEach((session, i) => {
        const { n, meanChange, ciLow, ciHigh, t, df, p } = pairedTTest(
          momentsOf(cumulativeChanges(members, session)),
        );
        expectFields(
          { session, n, meanChange, ciLow, ciHigh, t, df, p },
          expectedGroup.cumulative[i],
          `cumulative[${i}]`,
        );
      });
    });

    it('responders: change to the last later pre value, Wilson CI', () => {
      const changes = members.flatMap((client) => {
        const baseline = valueAt(client, 1, 'pre');
        const last = sessionsOf(client, 'pre')
          .filter((session) => session > 1)
          .at(-1);
        const lastValue = last === undefined ? undefined : valueAt(client, last, 'pre');
        return baseline === undefined || lastValue === undefined ? [] : [lastValue - baseline];
      });
      const direction = MEASURES[expected.measure].direction;
      expectFields(
        { ...summariseResponders(changes, expected.mcid, direction) },
        expectedGroup.responders,
        'responders',
      );
    });
  });

  it('comparisons: Welch, Holm, Hedges g and the ANCOVA contrast, at the endpoint', () => {
    const pairs = groupNames.flatMap((a, i) => groupNames.slice(i + 1).map((b) => [a, b] as const));
    expect(pairs.length).toBe(expected.comparisons.length);
    const ancovaRows: AncovaRow[] = [...clients.values()].flatMap((client) => {
      const x = valueAt(client, 1, 'pre');
      const y = valueAt(client, endpointSession, 'pre');
      return x === undefined || y === undefined ? [] : [{ group: client.group, x, y }];
    });
    const crossProducts = new Map<string, CrossProducts>(
      groupNames.map((group) => {
        const rows = ancovaRows.filter((row) => row.group === group);
        return [
          group,
          crossProductsOf(
            rows.map((row) => row.x),
            rows.map((row) => row.y),
          ),
        ];
      }),
    );
    const welch = pairs.map(([a, b]) =>
      welchTTest(
        momentsOf(cumulativeChanges(membersOf(a), endpointSession)),
        momentsOf(cumulativeChanges(membersOf(b), endpointSession)),
      ),
    );
    const pHolm = holmAdjust(welch.map((result) => result.p));

    pairs.forEach(([a, b], i) => {
      const changesA = momentsOf(cumulativeChanges(membersOf(a), endpointSession));
      const changesB = momentsOf(cumulativeChanges(membersOf(b), endpointSession));
      const g = hedgesG(changesA, changesB);
      const { ancova: expectedAncova, ...expectedComparison } = expected.comparisons[i];
      expectFields(
        {
          a,
          b,
          endpointSession,
          nA: changesA.n,
          nB: changesB.n,
          ...welch[i],
          pHolm: pHolm[i],
          hedgesG: g.g,
          gCiLow: g.ciLow,
          gCiHigh: g.ciHigh,
        },
        expectedComparison,
        `comparisons[${i}]`,
      );
      const withoutT = ({ t: _t, ...rest }: AncovaResult): Fields => rest;
      expectFields(
        withoutT(ancovaFromRows(ancovaRows, a, b)),
        expectedAncova,
        `comparisons[${i}].ancova (rows)`,
      );
      expectFields(
        withoutT(ancovaFromCrossProducts(crossProducts, a, b)),
        expectedAncova,
        `comparisons[${i}].ancova (cross-products)`,
      );
    });
  });
});
