/**
 * What each role sees of the adjusted comparison (docs/api.md, "Adjusted comparison: what owners
 * and therapists see"). The model is always fitted over the whole selection; this decides which of
 * its entries a caller is shown, and how.
 *
 * - admin: every entry, by key, as the command line writes it.
 * - owner: by therapist, the therapists with clients in their clinics by key, every other therapist
 *   as an anonymous entry; by clinic, their clinics by key and the others anonymous.
 * - therapist: by therapist, themselves by key (`self: true`) and everyone else anonymous; by
 *   clinic, as an owner of their clinics.
 *
 * An entry is withheld (left out of the list; it stays in the model) when showing it would publish
 * fewer than `minimum` clients the caller cannot already see (clients whose session-1 session is in
 * another clinic: "outside"):
 * 1. an anonymous entry with fewer than `minimum` clients;
 * 2. any entry whose outside clients are 1 to minimum - 1 (the caller knows the rest of the entry's
 *    clients from their own reports, so the difference would be those few);
 * 3. complementary: the conditional modes of a random-intercept model sum to zero (the GLS
 *    intercept's equation), so the withheld entries' effects sum to minus the shown ones'. While
 *    the withheld entries hold 1 to minimum - 1 outside clients, the shown entry with the fewest
 *    outside clients is withheld too (or, when no shown entry has any, every entry).
 * 4. by therapist: another clinic with at least `minimum` clients is shown in the by-clinic answer;
 *    its clients outside the shown therapists (without a therapist, or with a withheld one) must be
 *    none or at least the minimum, else the shown therapist with the fewest clients there is withheld.
 * Anonymous entries carry no observed or expected mean change: with them, a clinic's entry less its
 * therapists' would be the exact sum of the other clients' changes; without them, the two models'
 * residuals differ by fixed effects times covariate sums the caller does not know. And when the
 * whole selection has 1 to minimum - 1 outside clients, the model itself (fixed effects, variances)
 * rests on those few besides the caller's own, and non-admins get no comparison.
 */
import type { AdjustedComparison, ComparisonUnit, ModelClient, Signal } from '@threshold/stats';
import type { Principal } from '../auth/principal.js';

/** One entry as a caller sees it; `therapist` (or `clinic`) is null for an anonymous entry. */
export interface ViewEntry {
  anonymous: boolean;
  /** Only on a therapist's own entry. */
  self?: true;
  nClients: number;
  observedMeanChange: number | null;
  expectedMeanChange: number | null;
  effect: number;
  effectSd: number;
  ciLow: number;
  ciHigh: number;
  adjustedMeanChange: number;
  signal: Signal;
}

export interface Withheld {
  /** Entries left out of the list (they stay in the model). */
  entries: number;
  clients: number;
}

/** The clients of each unit by the clinic of their session-1 session: what rules 2 to 4 count. */
export type UnitClinics = Map<string, Map<string | null, number>>;

export function unitClinicsOf(clients: readonly ModelClient[], by: ComparisonUnit): UnitClinics {
  const units: UnitClinics = new Map();
  for (const client of clients) {
    const unit = client[by];
    if (unit === null) continue;
    let clinics = units.get(unit);
    if (clinics === undefined) units.set(unit, (clinics = new Map()));
    clinics.set(client.clinic, (clinics.get(client.clinic) ?? 0) + 1);
  }
  return units;
}

/** The model's clients by the clinic of their session-1 session (null: none), therapist or not. */
export type ClinicClients = Map<string | null, number>;

export function clinicClientsOf(clients: readonly ModelClient[]): ClinicClients {
  const counts: ClinicClients = new Map();
  for (const client of clients) counts.set(client.clinic, (counts.get(client.clinic) ?? 0) + 1);
  return counts;
}

/**
 * A clinic the caller cannot see, with at least `minimum` clients (so shown by clinic), whose
 * clients outside the shown therapists number 1 to minimum - 1; undefined when there is none.
 */
function thinClinic(
  candidates: readonly Candidate[],
  unitClinics: UnitClinics,
  clinicClients: ClinicClients,
  unseen: (clinic: string | null) => boolean,
  minimum: number,
): string | undefined {
  for (const [clinic, total] of clinicClients) {
    if (clinic === null || !unseen(clinic) || total < minimum) continue;
    const covered = candidates
      .filter((c) => c.shown)
      .reduce((sum, c) => sum + (unitClinics.get(c.name)?.get(clinic) ?? 0), 0);
    const rest = total - covered;
    if (rest > 0 && rest < minimum) return clinic;
  }
  return undefined;
}

interface Candidate {
  name: string;
  keyed: boolean;
  self: boolean;
  nClients: number;
  /** Clients whose session-1 clinic is not one of the caller's (a missing clinic included). */
  outside: number;
  shown: boolean;
}

export interface PrincipalView {
  entries: (Record<string, unknown> & ViewEntry)[];
  withheld: Withheld;
  /** False when the caller may see no comparison at all (see above). */
  available: boolean;
}

/** The entries `principal` may see of `comparison`, with what was withheld. */
export function principalView(
  comparison: AdjustedComparison,
  by: ComparisonUnit,
  unitClinics: UnitClinics,
  clinicClients: ClinicClients,
  principal: Principal,
  minimum: number,
): PrincipalView {
  const numbers = 'therapists' in comparison ? comparison.therapists : comparison.clinics;
  const own = new Set(principal.clinicKeys);
  /** 1 to minimum - 1: a count of clients that must not be published, alone or as a difference. */
  const few = (count: number): boolean => count > 0 && count < minimum;
  const clinicsOf = (name: string): [string | null, number][] => [
    ...(unitClinics.get(name) ?? new Map()).entries(),
  ];
  const outsideOf = (name: string): number =>
    clinicsOf(name)
      .filter(([clinic]) => clinic === null || !own.has(clinic))
      .reduce((sum, [, count]) => sum + count, 0);
  const isKeyed = (name: string): boolean => {
    if (principal.role === 'admin') return true;
    if (by === 'clinic') return own.has(name);
    if (principal.role === 'therapist') return name === principal.therapistKey;
    // An owner's therapists: those with a client whose session-1 session is in one of their clinics.
    return clinicsOf(name).some(([clinic]) => clinic !== null && own.has(clinic));
  };
  const candidates: Candidate[] = numbers.map((entry) => {
    const name = 'therapist' in entry ? entry.therapist : entry.clinic;
    const keyed = isKeyed(name);
    const outside = principal.role === 'admin' ? 0 : outsideOf(name);
    return {
      name,
      keyed,
      self: principal.role === 'therapist' && by === 'therapist' && name === principal.therapistKey,
      nClients: entry.nClients,
      outside,
      shown: !(few(outside) || (!keyed && entry.nClients < minimum)),
    };
  });

  const unseen = (clinic: string | null): boolean =>
    principal.role !== 'admin' && (clinic === null || !own.has(clinic));
  const totalOutside = [...clinicClients.entries()]
    .filter(([clinic]) => unseen(clinic))
    .reduce((sum, [, count]) => sum + count, 0);
  const available = !few(totalOutside);
  if (!available) for (const candidate of candidates) candidate.shown = false;
  const byName = (a: Candidate, b: Candidate): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (;;) {
    // Rule 3: the withheld entries' outside clients are none or at least the minimum.
    const pool = candidates.filter((c) => !c.shown).reduce((sum, c) => sum + c.outside, 0);
    if (few(pool)) {
      const next = candidates
        .filter((c) => c.shown && c.outside > 0)
        .sort((a, b) => a.outside - b.outside || byName(a, b))[0];
      if (next === undefined) {
        for (const candidate of candidates) candidate.shown = false;
        break;
      }
      next.shown = false;
      continue;
    }
    // Rule 4 (by therapist): for each other clinic big enough to be shown by clinic, its clients
    // outside the shown therapists (those without a therapist or with a withheld one) are none or
    // at least the minimum, so that the clinic's entry less its therapists' reveals no few clients.
    const thin =
      by === 'therapist' ? thinClinic(candidates, unitClinics, clinicClients, unseen, minimum) : undefined;
    if (thin === undefined) break;
    const inClinic = (c: Candidate): number => unitClinics.get(c.name)?.get(thin) ?? 0;
    const next = candidates
      .filter((c) => c.shown && inClinic(c) > 0)
      .sort((a, b) => inClinic(a) - inClinic(b) || byName(a, b))[0];
    if (next === undefined) break; // cannot happen: a thin clinic has a shown therapist with clients in it
    next.shown = false;
  }

  const entries = numbers.flatMap((entry, j) => {
    const candidate = candidates[j];
    if (!candidate.shown) return [];
    const anonymous = !candidate.keyed;
    return [
      {
        [by]: anonymous ? null : candidate.name,
        anonymous,
        ...(candidate.self ? { self: true as const } : {}),
        nClients: entry.nClients,
        observedMeanChange: anonymous ? null : entry.observedMeanChange,
        expectedMeanChange: anonymous ? null : entry.expectedMeanChange,
        effect: entry.effect,
        effectSd: entry.effectSd,
        ciLow: entry.ciLow,
        ciHigh: entry.ciHigh,
        adjustedMeanChange: entry.adjustedMeanChange,
        signal: entry.signal,
      },
    ];
  });
  const withheldCandidates = candidates.filter((candidate) => !candidate.shown);
  return {
    entries,
    withheld: {
      entries: withheldCandidates.length,
      clients: withheldCandidates.reduce((sum, candidate) => sum + candidate.nClients, 0),
    },
    available,
  };
}
