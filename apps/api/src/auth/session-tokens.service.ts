/**
 * Access tokens of signed-in users: random, opaque, stored only as SHA-256 hashes, expiring after
 * THRESHOLD_TOKEN_TTL_HOURS, revocable (logout, an admin, disabling the user). The dashboard's
 * session of the deployment's admin token is such a token too, without a user: it records the hash
 * of the admin token it was made from and ends when that changes. A verified token is
 * remembered for a few seconds, so that a dashboard's burst of requests costs one lookup; a
 * revocation made in this process takes effect at once, one made in another process within
 * CACHE_MS.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import type { Role } from '../database/entities/user.entity.js';
import { ADMIN_TOKEN, type AdminToken } from './admin-token.js';
import { ADMIN_PRINCIPAL_NAME, type Principal } from './principal.js';

const CACHE_MS = 10_000;
const TOKEN_PREFIX = 'thr_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface TokenRow {
  /** Null (with the rest of the user) for a session of the admin token. */
  user_id: number | null;
  admin_token_hash: string | null;
  email: string;
  role: Role;
  clinic_keys: string[];
  therapist_key: string | null;
  expires_at: Date;
}

@Injectable()
export class SessionTokens {
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number; checkedAt: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
    @Inject(ADMIN_TOKEN) private readonly adminToken: AdminToken,
  ) {}

  /** A new token of the user, or (userId null) a session of the deployment's admin token. */
  async issue(userId: number | null): Promise<{ token: string; expiresAt: string }> {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + this.config.tokenTtlHours * 3_600_000);
    await this.dataSource.query(`INSERT INTO auth_tokens (user_id, admin_token_hash, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
      userId,
      userId === null ? hashToken(this.adminToken.value) : null,
      hashToken(token),
      expiresAt,
    ]);
    return { token, expiresAt: expiresAt.toISOString() };
  }

  /** The principal of a valid token, or null (unknown, expired, revoked, or its user disabled). */
  async verify(token: string): Promise<Principal | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const tokenHash = hashToken(token);
    const now = Date.now();
    const cached = this.verified.get(tokenHash);
    if (cached !== undefined && now - cached.checkedAt < CACHE_MS && now < cached.expiresAt) return cached.principal;
    this.verified.delete(tokenHash);
    const rows: TokenRow[] = await this.dataSource.query(
      `SELECT t.user_id, t.admin_token_hash, u.email, u.role, u.clinic_keys, u.therapist_key, t.expires_at
         FROM auth_tokens t LEFT JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()
          AND (NOT u.disabled OR (t.user_id IS NULL AND t.admin_token_hash = $2))`,
      [tokenHash, hashToken(this.adminToken.value)],
    );
    const row = rows[0];
    if (row === undefined) return null;
    const principal: Principal =
      row.user_id === null
        ? { name: ADMIN_PRINCIPAL_NAME, role: 'admin', clinicKeys: [], therapistKey: null, tokenHash }
        : {
            name: row.email,
            role: row.role,
            userId: row.user_id,
            clinicKeys: row.clinic_keys,
            therapistKey: row.therapist_key,
            tokenHash,
          };
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(tokenHash, { principal, expiresAt: new Date(row.expires_at).getTime(), checkedAt: now });
    return principal;
  }

  async revoke(tokenHash: string): Promise<void> {
    this.verified.delete(tokenHash);
    await this.dataSource.query(`UPDATE auth_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash]);
  }

  async revokeAllOf(userId: number): Promise<number> {
    for (const [hash, entry] of this.verified) if (entry.principal.userId === userId) this.verified.delete(hash);
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE auth_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
    return count;
  }
}
