/**
 * Who is signed in, as GET /api/auth/me says: `{name, role, clinics, therapist}`. The dashboard
 * asks at every page start (the token may have expired or been revoked since), and decides from
 * the role what to offer (role-access.ts). The admin token (`#token=`, for automation and the
 * first start) answers as `{name: "admin", role: "admin", clinics: []}`.
 */

export type Role = 'admin' | 'owner' | 'therapist' | 'marketing';

export const ROLES: readonly Role[] = ['admin', 'owner', 'therapist', 'marketing'];

export interface CurrentUser {
  /** The user's email, or "admin" for the deployment's admin token. */
  name: string;
  /** As the API sends it; a role this dashboard does not know is offered nothing. */
  role: string;
  /** Stored keys of the user's clinics; empty means every clinic (admin, marketing). */
  clinics: string[];
  /** A therapist's own stored key. */
  therapist: string | null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Reads GET /api/auth/me; throws when the answer is not one (an old server, a proxy's page). */
export function parseCurrentUser(raw: unknown): CurrentUser {
  if (typeof raw !== 'object' || raw === null)
    throw new TypeError('GET /api/auth/me did not answer an object');
  const { name, role, clinics, therapist } = raw as Record<string, unknown>;
  if (typeof name !== 'string' || typeof role !== 'string') {
    throw new TypeError('GET /api/auth/me answered without a name and a role');
  }
  return {
    name,
    role,
    clinics: Array.isArray(clinics) ? clinics.filter((key): key is string => typeof key === 'string') : [],
    therapist: typeof therapist === 'string' ? therapist : null,
  };
}

/** Whether this is the deployment's admin token rather than a person who signed in. */
export function isAdminToken(user: CurrentUser): boolean {
  return user.role === 'admin' && user.name === 'admin';
}
