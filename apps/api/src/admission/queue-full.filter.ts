/**
 * A computation refused because the line of uncached work is full (admission-queue.ts) is a 503
 * with Retry-After: the request was fine, the server is busy, and the client knows when to ask again.
 */
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { QueueFullError } from './admission-queue.js';

@Catch(QueueFullError)
export class QueueFullFilter implements ExceptionFilter<QueueFullError> {
  catch(error: QueueFullError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response
      .status(503)
      .setHeader('Retry-After', String(error.retryAfterSeconds))
      .json({ statusCode: 503, error: 'Service Unavailable', message: error.message });
  }
}
