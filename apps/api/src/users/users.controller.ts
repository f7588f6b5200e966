import { Body, Controller, Get, HttpCode, Param, Patch, Post, BadRequestException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { SessionTokens } from '../auth/session-tokens.service.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { DisplayNames } from '../directory/display-names.js';
import { parseNewPassword, parseNewUser, UsersService, type UserView } from './users.service.js';

/** User ids are PostgreSQL integers: a 400 for anything else, a 404 for an id without a user. */
const USER_ID = new ParseIdPipe('user', 'integer');

/** A user as answered: with the display names of their clinics and therapist that the caller may see. */
export type NamedUserView = UserView & { names: DisplayNames };

/**
 * User administration: an admin manages every user; an owner the therapist users of their own
 * clinics (users.service.ts, `manages`), and any other user is a 404 to them.
 */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin', 'owner')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionTokens,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
  ) {}

  @Post()
  @ApiBody({
    schema: {
      properties: {
        email: { type: 'string' },
        password: { type: 'string', minLength: 12 },
        role: { enum: ['admin', 'owner', 'therapist', 'marketing'] },
        clinics: { type: 'array', items: { type: 'string' }, description: 'clinic ids (or stored keys)' },
        therapist: {
          type: 'string',
          description: 'the therapist id (or stored key), for the therapist role',
        },
      },
      required: ['email', 'password', 'role'],
    },
  })
  @ApiForbiddenResponse({
    description: 'an owner creating a user other than a therapist of their own clinics',
  })
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<NamedUserView> {
    const user = await this.users.create(parseNewUser(body), principal);
    await this.audit.record({
      actor: principal.name,
      action: 'user.create',
      target: user.email,
      detail: { role: user.role, clinics: user.clinics },
    });
    return (await this.named(principal, [user]))[0];
  }

  @Get()
  @ApiOkResponse({ description: 'the users the caller manages, without password hashes, with `names`' })
  async list(@CurrentPrincipal() principal: Principal): Promise<NamedUserView[]> {
    return this.named(principal, await this.users.list(principal));
  }

  /** Disables or enables a user; disabling also revokes every token of theirs. */
  @Patch(':id')
  @ApiBody({ schema: { properties: { disabled: { type: 'boolean' } }, required: ['disabled'] } })
  @ApiBadRequestResponse({ description: 'a malformed id or body' })
  @ApiNotFoundResponse({ description: 'no user with this id (that the caller manages)' })
  async update(
    @Param('id', USER_ID) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NamedUserView> {
    const disabled = (body as { disabled?: unknown } | undefined)?.disabled;
    if (typeof disabled !== 'boolean') throw new BadRequestException('send {"disabled": true|false}');
    const user = await this.users.setDisabled(Number(id), disabled, principal);
    if (disabled) await this.sessions.revokeAllOf(user.id);
    await this.audit.record({
      actor: principal.name,
      action: disabled ? 'user.disable' : 'user.enable',
      target: user.email,
    });
    return (await this.named(principal, [user]))[0];
  }

  /** Sets a new password and revokes every token of the user (they sign in again with it). */
  @Post(':id/password')
  @HttpCode(200)
  @ApiBody({
    schema: { properties: { password: { type: 'string', minLength: 12 } }, required: ['password'] },
  })
  @ApiOkResponse({ description: '`{revoked}`: the tokens ended' })
  @ApiBadRequestResponse({ description: 'a malformed id, or a password that is too short' })
  @ApiNotFoundResponse({ description: 'no user with this id (that the caller manages)' })
  async resetPassword(
    @Param('id', USER_ID) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ revoked: number }> {
    const password = parseNewPassword(body);
    const user = await this.users.setPassword(Number(id), password, principal);
    const revoked = await this.sessions.revokeAllOf(user.id);
    await this.audit.record({
      actor: principal.name,
      action: 'user.reset-password',
      target: user.email,
      detail: { revoked },
    });
    return { revoked };
  }

  /** Revokes every token of a user (they must sign in again). */
  @Post(':id/revoke-tokens')
  @HttpCode(200)
  @ApiBadRequestResponse({ description: 'a malformed id' })
  @ApiNotFoundResponse({ description: 'no user with this id (that the caller manages)' })
  async revokeTokens(
    @Param('id', USER_ID) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ revoked: number }> {
    // A 404, as PATCH answers, rather than "0 revoked" for a user who does not exist (a mistyped id).
    const user = await this.users.find(Number(id), principal);
    const revoked = await this.sessions.revokeAllOf(user.id);
    await this.audit.record({
      actor: principal.name,
      action: 'user.revoke-tokens',
      target: String(user.id),
      detail: { revoked },
    });
    return { revoked };
  }

  /** The users with the names of their clinics and therapist, looked up once for all of them. */
  private async named(principal: Principal, users: UserView[]): Promise<NamedUserView[]> {
    const all = await this.directory.namesFor(principal, {
      clinics: [...new Set(users.flatMap((user) => user.clinics))],
      therapists: [...new Set(users.flatMap((user) => (user.therapist === null ? [] : [user.therapist])))],
    });
    return users.map((user) => ({
      ...user,
      names: {
        clinics: Object.fromEntries(
          user.clinics.filter((key) => key in all.clinics).map((key) => [key, all.clinics[key]]),
        ),
        therapists:
          user.therapist !== null && user.therapist in all.therapists
            ? { [user.therapist]: all.therapists[user.therapist] }
            : {},
      },
    }));
  }
}
