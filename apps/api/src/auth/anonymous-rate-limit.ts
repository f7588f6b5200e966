/**
 * The per-address limit of anonymous routes (those marked @Public): each counts against the limit
 * it names, per client address in a sliding minute; past it, 429 with Retry-After. Health is not
 * limited (monitoring polls it). Signing in is counted here (every attempt) and, more strictly,
 * by login-rate-limiter.ts (failed attempts, per account too).
 */
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { AddressRateLimiter } from './address-rate-limiter.js';
import type { AnonymousLimit } from './public.decorator.js';

const WHAT: Record<Exclude<AnonymousLimit, 'none'>, string> = {
  anonymous: 'requests without a token',
  cards: 'requests for public cards',
};

@Injectable()
export class AnonymousRateLimit {
  private readonly limiters: Record<Exclude<AnonymousLimit, 'none'>, AddressRateLimiter>;

  constructor(@Inject(THRESHOLD_CONFIG) config: ThresholdConfig) {
    this.limiters = {
      anonymous: new AddressRateLimiter(config.anonymousRequestsPerMinute),
      cards: new AddressRateLimiter(config.publicCardRequestsPerMinute),
    };
  }

  /** Counts the request against its limit, or refuses it with 429 and Retry-After. */
  take(limit: AnonymousLimit, request: Request, response: Response): void {
    if (limit === 'none') return;
    const retryAfter = this.limiters[limit].take(request.ip ?? 'unknown');
    if (retryAfter === 0) return;
    response.setHeader('Retry-After', String(retryAfter));
    throw new HttpException(
      { statusCode: 429, message: `too many ${WHAT[limit]} from this address: try again in ${retryAfter} s`, retryAfter },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
