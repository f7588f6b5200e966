import { BadRequestException, Body, Controller, Get, HttpCode, HttpException, HttpStatus, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { assertStorableText } from '../common/storable-text.js';
import { UsersService, type UserView } from '../users/users.service.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import type { Principal } from './principal.js';
import { Public } from './public.decorator.js';
import { ALL_ROLES, Roles } from './roles.decorator.js';
import { SessionTokens } from './session-tokens.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionTokens,
    private readonly limiter: LoginRateLimiter,
    private readonly audit: AuditService,
  ) {}

  /** Signs in with email and password; answers a bearer token that expires (and can be revoked). */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: { properties: { email: { type: 'string' }, password: { type: 'string' } }, required: ['email', 'password'] } })
  @ApiOkResponse({ description: '`{token, expiresAt, user}`; 401 wrong email or password; 429 too many attempts' })
  @ApiBadRequestResponse({ description: 'a body that is not `{email, password}` as text that could be stored' })
  async login(@Body() body: unknown, @Req() request: Request): Promise<{ token: string; expiresAt: string; user: UserView }> {
    const { email, password } = parseCredentials(body);
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
    const issued = await this.sessions.issue(user.id);
    await this.audit.record({ actor: user.email, action: 'login', detail: { address, role: user.role } });
    return { ...issued, user };
  }

  /** Revokes the token of this request. */
  @Post('logout')
  @HttpCode(204)
  @Roles(...ALL_ROLES)
  @ApiBearerAuth()
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.tokenHash !== undefined) await this.sessions.revoke(principal.tokenHash);
    await this.audit.record({ actor: principal.name, action: 'logout' });
  }

  /** Who the token belongs to, and what its role may see. */
  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiBearerAuth()
  me(@CurrentPrincipal() principal: Principal): { name: string; role: string; clinics: string[]; therapist: string | null } {
    return { name: principal.name, role: principal.role, clinics: principal.clinicKeys, therapist: principal.therapistKey };
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
