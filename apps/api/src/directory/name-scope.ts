/**
 * Whose names a caller may read or write: the directory follows the data a role already sees
 * (cohorts/cohort-filters.ts, scopeToPrincipal), so that a name never tells a caller of a clinic or
 * therapist they could not see by key.
 * - an admin (no clinics): every name;
 * - marketing: none (it sees no clinic or therapist lists);
 * - an owner or therapist: the names of their clinics, and of the therapists of their clinics.
 */
import type { Principal } from '../auth/principal.js';

export type NameScope =
  | { kind: 'all' }
  | { kind: 'none' }
  /** Stored keys of the caller's clinics, and a therapist's own key. */
  | { kind: 'clinics'; clinicKeys: string[]; therapistKey: string | null };

export function nameScopeOf(principal: Principal): NameScope {
  if (principal.role === 'marketing') return { kind: 'none' };
  if (principal.clinicKeys.length === 0)
    return principal.role === 'admin' ? { kind: 'all' } : { kind: 'none' };
  return { kind: 'clinics', clinicKeys: [...principal.clinicKeys], therapistKey: principal.therapistKey };
}

/** Who may write names: an admin any, an owner those of their clinics and their clinics' therapists. */
export function mayWriteNames(principal: Principal): boolean {
  return principal.role === 'admin' || principal.role === 'owner';
}
