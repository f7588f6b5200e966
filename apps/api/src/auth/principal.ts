import type { Role } from '../database/entities/user.entity.js';

/** The name of the deployment's admin token, in the audit log and GET /api/auth/me. */
export const ADMIN_PRINCIPAL_NAME = 'admin';

/** Who is calling, as the guard established it; every feature scopes its answers by it. */
export interface Principal {
  /** Written in the audit log and on ingest batches: 'admin' for the deployment token, else the user's email. */
  name: string;
  role: Role;
  /** Undefined for the deployment's admin token. */
  userId?: number;
  /** Stored keys of the clinics the user stands for; empty means all (admin, marketing without clinics). */
  clinicKeys: string[];
  /** A therapist's own stored key. */
  therapistKey: string | null;
  /** Hash of the session token, for logout; undefined for the admin token sent as Bearer. */
  tokenHash?: string;
  /**
   * The session's CSRF token when the request was authenticated by the session cookie (the
   * dashboard learns it from GET /api/auth/me); undefined for a Bearer header.
   */
  csrfToken?: string;
}

declare module 'express' {
  interface Request {
    principal?: Principal;
  }
}
