import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '../database/entities/user.entity.js';
import { ADMIN_TOKEN, sameSecret, type AdminToken } from './admin-token.js';
import { IS_PUBLIC } from './public.decorator.js';
import { ROLES_KEY } from './roles.decorator.js';
import { SessionTokens } from './session-tokens.service.js';

/**
 * Every route but the public ones needs `Authorization: Bearer <token>`: the deployment's admin
 * token (for automation) or a token from POST /api/auth/login. Then the caller's role must be one
 * the route grants with @Roles; a route that grants none is for admins only.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ADMIN_TOKEN) private readonly adminToken: AdminToken,
    private readonly sessions: SessionTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) throw new UnauthorizedException('sign in: send Authorization: Bearer <token>');
    if (sameSecret(token, this.adminToken.value)) {
      request.principal = { name: 'admin', role: 'admin', clinicKeys: [], therapistKey: null };
    } else {
      const principal = await this.sessions.verify(token);
      if (principal === null) throw new UnauthorizedException('the token is not valid, has expired or was revoked: sign in again');
      request.principal = principal;
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
