import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, BadRequestException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { SessionTokens } from '../auth/session-tokens.service.js';
import { parseNewUser, UsersService, type UserView } from './users.service.js';

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
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<UserView> {
    const disabled = (body as { disabled?: unknown } | undefined)?.disabled;
    if (typeof disabled !== 'boolean') throw new BadRequestException('send {"disabled": true|false}');
    const user = await this.users.setDisabled(id, disabled);
    if (disabled) await this.sessions.revokeAllOf(id);
    await this.audit.record({ actor: principal.name, action: disabled ? 'user.disable' : 'user.enable', target: user.email });
    return user;
  }

  /** Revokes every token of a user (they must sign in again). */
  @Post(':id/revoke-tokens')
  @HttpCode(200)
  async revokeTokens(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal): Promise<{ revoked: number }> {
    const revoked = await this.sessions.revokeAllOf(id);
    await this.audit.record({ actor: principal.name, action: 'user.revoke-tokens', target: String(id), detail: { revoked } });
    return { revoked };
  }
}
