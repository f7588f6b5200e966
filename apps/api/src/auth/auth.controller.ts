import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { assertStorableText } from '../common/storable-text.js';
import { UsersService, type UserView } from '../users/users.service.js';
import { ADMIN_TOKEN, sameSecret, type AdminToken } from './admin-token.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { ADMIN_PRINCIPAL_NAME, type Principal } from './principal.js';
import { Public } from './public.decorator.js';
import { ALL_ROLES, Roles } from './roles.decorator.js';
import { clearSessionCookie, cookieOf, csrfTokenFor, SESSION_COOKIE, setSessionCookie } from './session-cookie.js';
import { SessionTokens } from './session-tokens.service.js';

/** Who is signed in, as GET /api/auth/me answers (with the CSRF token of a cookie session). */
export interface Me {
  name: string;
  role: string;
  clinics: string[];
  therapist: string | null;
  /** Only for a request authenticated by the session cookie: send it as X-CSRF-Token with writes. */
  csrfToken?: string;
}

function meOf(principal: Principal): Me {
  return {
    name: principal.name,
    role: principal.role,
    clinics: principal.clinicKeys,
    therapist: principal.therapistKey,
    ...(principal.csrfToken === undefined ? {} : { csrfToken: principal.csrfToken }),
  };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionTokens,
    private readonly limiter: LoginRateLimiter,
    private readonly audit: AuditService,
    @Inject(ADMIN_TOKEN) private readonly adminToken: AdminToken,
  ) {}

  /** Signs in with email and password; answers a bearer token that expires (and can be revoked). */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: { properties: { email: { type: 'string' }, password: { type: 'string' } }, required: ['email', 'password'] } })
  @ApiOkResponse({ description: '`{token, expiresAt, user}`; 401 wrong email or password; 429 too many attempts' })
  @ApiBadRequestResponse({ description: 'a body that is not `{email, password}` as text that could be stored' })
  async login(@Body() body: unknown, @Req() request: Request): Promise<{ token: string; expiresAt: string; user: UserView }> {
    const user = await this.checkPassword(parseCredentials(body), request);
    const issued = await this.sessions.issue(user.id);
    await this.audit.record({ actor: user.email, action: 'login', detail: { address: request.ip ?? 'unknown', role: user.role } });
    return { ...issued, user };
  }

  /**
   * The dashboard's sign-in: with `{email, password}`, or with `{token}` (the admin token of the
   * start-up link `#token=`, or a token from POST /api/auth/login), starts a session held in an
   * HttpOnly, SameSite=Strict cookie (session-cookie.ts). The answer never carries the session
   * token, only who signed in and the CSRF token that writes made with the cookie must send.
   */
  @Public()
  @Post('session')
  @HttpCode(200)
  @ApiBody({
    schema: {
      oneOf: [
        { properties: { email: { type: 'string' }, password: { type: 'string' } }, required: ['email', 'password'] },
        { properties: { token: { type: 'string' } }, required: ['token'] },
      ],
    },
  })
  @ApiOkResponse({ description: '`{expiresAt, user: {name, role, clinics, therapist, csrfToken}}` and the session cookie; 401 wrong credentials; 429 too many attempts' })
  @ApiBadRequestResponse({ description: 'a body that is neither `{email, password}` nor `{token}`' })
  async startSession(
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ expiresAt: string; user: Me }> {
    const address = request.ip ?? 'unknown';
    const { token } = (body ?? {}) as { token?: unknown };
    let principal: Principal;
    let issued: { token: string; expiresAt: string };
    if (token !== undefined) {
      if (typeof token !== 'string' || token.length > MAX_PASSWORD_LENGTH) {
        throw new BadRequestException('send {"token": "..."} or {"email": "...", "password": "..."}');
      }
      if (sameSecret(token.trim(), this.adminToken.value)) {
        issued = await this.sessions.issue(null);
        principal = { name: ADMIN_PRINCIPAL_NAME, role: 'admin', clinicKeys: [], therapistKey: null };
      } else {
        const known = await this.sessions.verify(token.trim());
        if (known === null) {
          await this.audit.record({ actor: 'unknown', action: 'login.failed', detail: { address, with: 'token' } });
          throw new UnauthorizedException('the token is not valid, has expired or was revoked');
        }
        // A new session of its own, so that signing out of the dashboard does not end the token given.
        issued = await this.sessions.issue(known.userId ?? null);
        principal = known;
      }
    } else {
      const user = await this.checkPassword(parseCredentials(body), request);
      issued = await this.sessions.issue(user.id);
      principal = { name: user.email, role: user.role, userId: user.id, clinicKeys: user.clinics, therapistKey: user.therapist };
    }
    await this.audit.record({ actor: principal.name, action: 'login', detail: { address, role: principal.role, session: 'cookie' } });
    setSessionCookie(request, response, issued.token, new Date(issued.expiresAt));
    return { expiresAt: issued.expiresAt, user: meOf({ ...principal, csrfToken: csrfTokenFor(issued.token) }) };
  }

  /** The user of a correct email and password, counted by the rate limiter; else 401 or 429. */
  private async checkPassword({ email, password }: { email: string; password: string }, request: Request): Promise<UserView> {
    const account = email.trim().toLowerCase();
    const address = request.ip ?? 'unknown';
    // Reserved before the (slow) password check, so that attempts sent all at once count at once.
    const retryAfter = this.limiter.reserve(account, address);
    if (retryAfter > 0) {
      await this.audit.record({ actor: account, action: 'login.refused', detail: { reason: 'rate limited', address } });
      throw new HttpException(
        { statusCode: 429, message: `too many failed sign-ins: try again in ${retryAfter} s`, retryAfter },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    let user: UserView | null;
    try {
      user = await this.users.authenticate(account, password);
    } catch (error) {
      this.limiter.release(account, address);
      throw error;
    }
    if (user === null) {
      this.limiter.recordFailure(account, address);
      await this.audit.record({ actor: account, action: 'login.failed', detail: { address } });
      throw new UnauthorizedException('wrong email or password');
    }
    this.limiter.recordSuccess(account, address);
    return user;
  }

  /** Revokes the token of this request; a session cookie is cleared too. */
  @Post('logout')
  @HttpCode(204)
  @Roles(...ALL_ROLES)
  @ApiBearerAuth()
  @ApiCookieAuth()
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    if (principal.tokenHash !== undefined) await this.sessions.revoke(principal.tokenHash);
    if (cookieOf(request, SESSION_COOKIE) !== undefined) clearSessionCookie(request, response);
    await this.audit.record({ actor: principal.name, action: 'logout' });
  }

  /** Who the token belongs to, and what its role may see; with a session cookie, its CSRF token. */
  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiBearerAuth()
  @ApiCookieAuth()
  me(@CurrentPrincipal() principal: Principal): Me {
    return meOf(principal);
  }
}

const MAX_EMAIL_LENGTH = 320;
const MAX_PASSWORD_LENGTH = 1024;

/**
 * The email and password of a sign-in, or a 400 for a malformed request, before anything else:
 * no password is checked for it, so it is neither counted by the rate limiter nor a failed sign-in
 * in the audit log. The email is looked up and is the audit entry's actor, so it must be text the
 * database can store; the password is only compared with a hash (and users made before passwords
 * were checked so may have such a password).
 */
function parseCredentials(body: unknown): { email: string; password: string } {
  const { email, password } = (body ?? {}) as { email?: unknown; password?: unknown };
  if (typeof email !== 'string' || typeof password !== 'string') {
    throw new BadRequestException('send {"email": "...", "password": "..."}');
  }
  if (email.length > MAX_EMAIL_LENGTH) throw new BadRequestException(`email must be at most ${MAX_EMAIL_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new BadRequestException(`password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  assertStorableText(email, 'email');
  return { email, password };
}
