import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Role } from '../database/entities/user.entity.js';
import { ADMIN_TOKEN, sameSecret, type AdminToken } from './admin-token.js';
import { AnonymousRateLimit } from './anonymous-rate-limit.js';
import { ADMIN_PRINCIPAL_NAME } from './principal.js';
import { IS_PUBLIC, type AnonymousLimit } from './public.decorator.js';
import { ROLES_KEY } from './roles.decorator.js';
import { clearSessionCookie, cookieOf, csrfTokenFor, hasCsrfToken, isWrite, SESSION_COOKIE } from './session-cookie.js';
import { SessionTokens } from './session-tokens.service.js';

/**
 * Every route but the public ones needs a credential: `Authorization: Bearer <token>` (the
 * deployment's admin token, for automation, or a token from POST /api/auth/login), or the
 * dashboard's session cookie (session-cookie.ts), whose writes must also carry the session's
 * X-CSRF-Token. Then the caller's role must be one the route grants with @Roles; a route that
 * grants none is for admins only. Public routes are limited per address instead
 * (anonymous-rate-limit.ts).
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ADMIN_TOKEN) private readonly adminToken: AdminToken,
    private readonly sessions: SessionTokens,
    private readonly anonymousLimit: AnonymousRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const anonymous = this.reflector.getAllAndOverride<AnonymousLimit | undefined>(IS_PUBLIC, targets);
    if (anonymous !== undefined) {
      this.anonymousLimit.take(anonymous, request, response);
      return true;
    }
    const token = bearerToken(request.headers.authorization);
    const cookie = token === undefined ? cookieOf(request, SESSION_COOKIE) : undefined;
    if (token !== undefined) {
      if (sameSecret(token, this.adminToken.value)) {
        request.principal = { name: ADMIN_PRINCIPAL_NAME, role: 'admin', clinicKeys: [], therapistKey: null };
      } else {
        const principal = await this.sessions.verify(token);
        if (principal === null) throw new UnauthorizedException('the token is not valid, has expired or was revoked: sign in again');
        request.principal = principal;
      }
    } else if (cookie !== undefined && cookie !== '') {
      const principal = await this.sessions.verify(cookie);
      if (principal === null) {
        // Of no use any more: the browser may forget it.
        clearSessionCookie(request, response);
        throw new UnauthorizedException({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'your session has ended (it expired or was revoked): sign in again',
          session: 'ended',
        });
      }
      const csrfToken = csrfTokenFor(cookie);
      if (isWrite(request.method) && !hasCsrfToken(request, csrfToken)) {
        throw new ForbiddenException(
          'a change made with the session cookie needs the X-CSRF-Token header (from GET /api/auth/me): refused as a possible cross-site request',
        );
      }
      request.principal = { ...principal, csrfToken };
    } else {
      throw new UnauthorizedException('sign in: send Authorization: Bearer <token>, or use the session cookie of POST /api/auth/session');
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? ['admin'];
    if (!allowed.includes(request.principal.role)) {
      throw new ForbiddenException(`the ${request.principal.role} role may not use this route`);
    }
    return true;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
