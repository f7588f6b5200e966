import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'threshold:public';

/**
 * Which per-address limit an anonymous route counts against (anonymous-rate-limit.ts):
 * 'anonymous' (THRESHOLD_ANONYMOUS_RATE: signing in), 'cards' (THRESHOLD_PUBLIC_CARD_RATE: the
 * public results cards, embedded on clinics' websites), or none (health, polled by monitoring).
 */
export type AnonymousLimit = 'anonymous' | 'cards' | 'none';

/** Marks a route that needs no token; it is rate-limited per address unless told otherwise. */
export const Public = (limit: AnonymousLimit = 'anonymous') => SetMetadata(IS_PUBLIC, limit);
