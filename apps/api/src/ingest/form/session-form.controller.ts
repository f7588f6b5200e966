import { Body, Controller, Headers, HttpCode, Post, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Roles } from '../../auth/roles.decorator.js';
import { isConnectionLoss, RETRY_AFTER_SECONDS } from '../batches/connection-loss.js';
import { SessionFormService, type FormError, type NextSession } from './session-form.service.js';
import type { BatchView } from '../batches/batch-view.js';

/**
 * The session form (docs/api.md, "Session form"): a therapist, an owner or an admin records one
 * session; the next session number is suggested by a POST, so that the client's id stays out of
 * URLs and logs.
 */
@ApiTags('ingest')
@ApiBearerAuth()
@Roles('admin', 'owner', 'therapist')
@Controller('ingest/form')
export class SessionFormController {
  constructor(private readonly form: SessionFormService) {}

  @Post()
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'a new key (a UUID) per session: a repeat with the same key and session answers the first result' })
  @ApiBody({ description: '`{clientId, session, date, technique, condition, clinic?, therapist?, unit, sites: [{site, pre: [..], post: [..]}], painNrs: {pre, post}, headacheDays, correction?: {reason}}`' })
  @ApiResponse({ status: 201, description: '`{batch, replayed}`: stored (or nothing new)' })
  @ApiResponse({ status: 422, description: '`{errors: [{field, message, line, column}], batch}`: refused, nothing stored; or the key was used for another session' })
  @ApiResponse({ status: 400, description: '`{errors: [{field, message}]}`: the body is not a session, or no Idempotency-Key' })
  @ApiResponse({ status: 409, description: 'the first send with this key is still being stored: send again' })
  async record(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ batch: BatchView; replayed: boolean; errors?: FormError[] }> {
    try {
      const answer = await this.form.record(principal, body, key);
      response.status(answer.status);
      if (answer.replayed) response.setHeader('Idempotent-Replayed', 'true');
      return answer.status === 422 ? { errors: answer.errors, batch: answer.batch, replayed: answer.replayed } : { batch: answer.batch, replayed: answer.replayed };
    } catch (error) {
      if (isConnectionLoss(error)) {
        response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
        throw new ServiceUnavailableException('the ingest lost its database connection; nothing was stored: send the session again');
      }
      throw error;
    }
  }

  @Post('next-session')
  @HttpCode(200)
  @ApiBody({ description: '`{"clientId": "the clinic’s id for the client"}`' })
  @ApiOkResponse({ description: '`{known, nextSession, last: {session, date, technique, condition} | null}`; another clinic’s client is unknown' })
  nextSession(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<NextSession> {
    return this.form.nextSession(principal, body);
  }
}
