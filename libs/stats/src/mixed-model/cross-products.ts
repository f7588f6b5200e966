/**
 * Per-client sufficient statistics of the trajectory model `value ~ time * group + (1 + time | client)`.
 *
 * A client's rows enter the REML likelihood only through Z_i'Z_i, Z_i'y_i and y_i'y_i with
 * Z_i = [1, t] (X_i is Z_i with its columns copied into the client's group columns), so six sums per
 * client are all the model needs. They are plain sums, so the database can compute them
 * (`SELECT client_id, count(*), sum(t), sum(t*t), sum(y), sum(t*y), sum(y*y) ... GROUP BY client_id`,
 * with t = session - 1) and partial sums from shards merge by addition ({@link mergeClientCrossProducts}).
 *
 * The value sums are taken about an origin, the client's first value by default: Σ(y - origin)² holds
 * the spread of the client's values, not their level. Raw sums of squares lose the spread to rounding
 * when the level is large and the spread tiny (PPT near 2000 kPa varying by 1e-3 kPa: Σy² ~ 4e6 per
 * value against a spread of 1e-6, so 12 of the 16 digits of the residual sum of squares cancel).
 */

export interface ClientCrossProducts {
  /** Index of the client's group in the fit's `groups` array (0 is the reference group). */
  readonly group: number;
  /** Number of measurements. */
  readonly n: number;
  /** Σ t, with t = session - 1. */
  readonly st: number;
  /** Σ t². */
  readonly stt: number;
  /** Σ y, with y = value - origin. */
  readonly sy: number;
  /** Σ t·y. */
  readonly sty: number;
  /** Σ y². */
  readonly syy: number;
  /**
   * The constant subtracted from every value before the sums (default 0: sums of the raw values, as
   * a producer that cannot centre gives them).
   */
  readonly origin?: number;
}

/** Values per client in ClientColumns.sums: n, Σt, Σt², Σy, Σty, Σy², as in ClientCrossProducts. */
export const CLIENT_SUMS = 6;

/**
 * Clients' cross-products as columns: what a network report hands the fit for a million clients,
 * where an object each was most of the fit's time in allocation and garbage collection.
 */
export interface ClientColumns {
  /** Each client's group: an index of the fit's `groups` array (0 is the reference group). */
  readonly groups: Uint32Array;
  /** CLIENT_SUMS values per client (n, Σt, Σt², Σy, Σty, Σy²), in the order of `groups`. */
  readonly sums: Float64Array;
  /** Each client's origin (ClientCrossProducts.origin); null: 0 for every client. */
  readonly origins: Float64Array | null;
}

/** Client `i` of `columns` as an object. */
export function clientAt(columns: ClientColumns, i: number): ClientCrossProducts {
  const at = i * CLIENT_SUMS;
  const { sums } = columns;
  return {
    group: columns.groups[i],
    n: sums[at],
    st: sums[at + 1],
    stt: sums[at + 2],
    sy: sums[at + 3],
    sty: sums[at + 4],
    syy: sums[at + 5],
    origin: columns.origins === null ? undefined : columns.origins[i],
  };
}

/** `clients` as columns (their groups already checked to be indexes). */
export function clientColumnsOf(clients: readonly ClientCrossProducts[]): ClientColumns {
  const groups = new Uint32Array(clients.length);
  const sums = new Float64Array(clients.length * CLIENT_SUMS);
  const origins = new Float64Array(clients.length);
  clients.forEach((client, i) => {
    groups[i] = client.group;
    sums.set([client.n, client.st, client.stt, client.sy, client.sty, client.syy], i * CLIENT_SUMS);
    origins[i] = client.origin ?? 0;
  });
  return { groups, sums, origins };
}

/** The sums of `client` taken about `origin` instead of its own (exact when the origins are equal). */
export function rebaseClientCrossProducts(client: ClientCrossProducts, origin: number): ClientCrossProducts {
  const shift = (client.origin ?? 0) - origin;
  if (shift === 0) return { ...client, origin };
  return {
    ...client,
    sy: client.sy + client.n * shift,
    sty: client.sty + client.st * shift,
    syy: client.syy + 2 * shift * client.sy + client.n * shift * shift,
    origin,
  };
}

/**
 * The sums of one client's measurements: `times[k]` (session - 1) goes with `values[k]`, taken about
 * `origin` (the first value unless given).
 */
export function accumulateClient(
  group: number,
  times: readonly number[],
  values: readonly number[],
  origin: number = values[0] ?? 0,
): ClientCrossProducts {
  if (times.length !== values.length) {
    throw new RangeError(`accumulateClient: ${times.length} times but ${values.length} values`);
  }
  let st = 0;
  let stt = 0;
  let sy = 0;
  let sty = 0;
  let syy = 0;
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    const y = values[k] - origin;
    st += t;
    stt += t * t;
    sy += y;
    sty += t * y;
    syy += y * y;
  }
  return { group, n: times.length, st, stt, sy, sty, syy, origin };
}

/**
 * The sums of the union of two disjoint sets of one client's measurements (e.g. from two shards),
 * about `a`'s origin (`b`'s when `a` is empty).
 */
export function mergeClientCrossProducts(
  a: ClientCrossProducts,
  other: ClientCrossProducts,
): ClientCrossProducts {
  if (a.group !== other.group) {
    throw new RangeError(
      `mergeClientCrossProducts: one client cannot be in groups ${a.group} and ${other.group}`,
    );
  }
  if (a.n === 0) return other;
  const b = rebaseClientCrossProducts(other, a.origin ?? 0);
  return {
    group: a.group,
    n: a.n + b.n,
    st: a.st + b.st,
    stt: a.stt + b.stt,
    sy: a.sy + b.sy,
    sty: a.sty + b.sty,
    syy: a.syy + b.syy,
    origin: a.origin ?? 0,
  };
}

/** One pre value as the trajectory sees it. */
export interface TrajectoryRow {
  readonly clientId: string;
  readonly group: string;
  /** 1-based session number; the model's time is session - 1. */
  readonly session: number;
  readonly value: number;
}

/** What {@link fitTrajectory} needs, built from rows in memory (the path without a database). */
export interface TrajectoryData {
  readonly groups: readonly string[];
  /** Client keys, aligned with `clients`. */
  readonly clientIds: readonly string[];
  readonly clients: readonly ClientCrossProducts[];
  /** Number of distinct session numbers among the rows. */
  readonly distinctTimes: number;
}

/**
 * Accumulates rows per client. `groups` lists the group names with the reference first; every
 * row's group must be among them, and a client must stay in one group.
 */
export function trajectoryDataFromRows(
  rows: readonly TrajectoryRow[],
  groups: readonly string[],
): TrajectoryData {
  const groupIndex = new Map(groups.map((name, index) => [name, index]));
  const clientIndex = new Map<string, number>();
  const clientIds: string[] = [];
  const clients: ClientCrossProducts[] = [];
  const sessions = new Set<number>();
  for (const row of rows) {
    const group = groupIndex.get(row.group);
    if (group === undefined) throw new RangeError(`trajectoryDataFromRows: unknown group ${row.group}`);
    const single = accumulateClient(group, [row.session - 1], [row.value]);
    const index = clientIndex.get(row.clientId);
    if (index === undefined) {
      clientIndex.set(row.clientId, clients.length);
      clientIds.push(row.clientId);
      clients.push(single);
    } else {
      clients[index] = mergeClientCrossProducts(clients[index], single);
    }
    sessions.add(row.session);
  }
  return { groups, clientIds, clients, distinctTimes: sessions.size };
}
