import { Body, Controller, Get, HttpCode, Param, Patch, Post, BadRequestException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { SessionTokens } from '../auth/session-tokens.service.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { parseNewUser, UsersService, type UserView } from './users.service.js';

/** User ids are PostgreSQL integers: a 400 for anything else, a 404 for an id without a user. */
const USER_ID = new ParseIdPipe('user', 'integer');

/** User administration: admins only (routes without @Roles are for admins). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionTokens,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @ApiBody({
    schema: {
      properties: {
        email: { type: 'string' },
        password: { type: 'string', minLength: 12 },
        role: { enum: ['admin', 'owner', 'therapist', 'marketing'] },
        clinics: { type: 'array', items: { type: 'string' }, description: 'clinic ids (or stored keys)' },
        therapist: { type: 'string', description: 'the therapist id, for the therapist role' },
      },
      required: ['email', 'password', 'role'],
    },
  })
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<UserView> {
    const user = await this.users.create(parseNewUser(body), principal.name);
    await this.audit.record({ actor: principal.name, action: 'user.create', target: user.email, detail: { role: user.role, clinics: user.clinics } });
    return user;
  }

  @Get()
  @ApiOkResponse({ description: 'every user, without password hashes' })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  /** Disables or enables a user; disabling also revokes every token of theirs. */
  @Patch(':id')
  @ApiBody({ schema: { properties: { disabled: { type: 'boolean' } }, required: ['disabled'] } })
  @ApiBadRequestResponse({ description: 'a malformed id or body' })
  @ApiNotFoundResponse({ description: 'no user with this id' })
  async update(@Param('id', USER_ID) id: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<UserView> {
    const disabled = (body as { disabled?: unknown } | undefined)?.disabled;
    if (typeof disabled !== 'boolean') throw new BadRequestException('send {"disabled": true|false}');
    const user = await this.users.setDisabled(Number(id), disabled);
    if (disabled) await this.sessions.revokeAllOf(user.id);
    await this.audit.record({ actor: principal.name, action: disabled ? 'user.disable' : 'user.enable', target: user.email });
    return user;
  }

  /** Revokes every token of a user (they must sign in again). */
  @Post(':id/revoke-tokens')
  @HttpCode(200)
  @ApiBadRequestResponse({ description: 'a malformed id' })
  @ApiNotFoundResponse({ description: 'no user with this id' })
  async revokeTokens(@Param('id', USER_ID) id: string, @CurrentPrincipal() principal: Principal): Promise<{ revoked: number }> {
    // A 404, as PATCH answers, rather than "0 revoked" for a user who does not exist (a mistyped id).
    const user = await this.users.find(Number(id));
    const revoked = await this.sessions.revokeAllOf(user.id);
    await this.audit.record({ actor: principal.name, action: 'user.revoke-tokens', target: String(user.id), detail: { revoked } });
    return { revoked };
  }
}
