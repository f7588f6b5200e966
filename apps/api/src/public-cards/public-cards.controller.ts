/**
 * Public results cards: made and revoked by an admin or an owner under /api/public/cards; read by
 * anyone, without a token, as JSON (/api/public/cards/:slug) or as a page to embed in an iframe
 * (/cards/:slug, outside the /api prefix). Anonymous reads are rate-limited per address
 * (THRESHOLD_PUBLIC_CARD_RATE, by the guard: auth/anonymous-rate-limit.ts).
 */
import { createHash } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { CARD_PAGE_HEADERS, cardPage, notFoundPage } from './card-page.js';
import { PublicCardsService, type CardRequest } from './public-cards.service.js';

/** Cards change with the data (at most every few minutes): caches may keep one a minute. */
const CACHE_CONTROL = 'public, max-age=60';

/** Sends a body with its entity tag and cache lifetime; 304 without the body to a client that holds it. */
function sendTagged(request: Request, response: Response, body: Buffer, type: string): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  response.setHeader('Cache-Control', CACHE_CONTROL);
  response.setHeader('ETag', etag);
  const held = (request.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (held.includes(etag) || held.includes('*')) {
    response.status(304).end();
    return;
  }
  response.type(type);
  response.send(body);
}

@ApiTags('public cards')
@Controller('public/cards')
export class PublicCardsController {
  constructor(private readonly cards: PublicCardsService) {}

  @Post()
  @ApiBearerAuth()
  @Roles('admin', 'owner')
  @ApiCreatedResponse({ description: '`{slug, url, page, claims}`' })
  @ApiConflictResponse({ description: 'a claim that is not approved (named), or a slug in use' })
  create(@Body() body: CardRequest, @CurrentPrincipal() principal: Principal) {
    return this.cards.create(body, principal);
  }

  @Delete(':slug')
  @ApiBearerAuth()
  @Roles('admin', 'owner')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked: the card answers 404 from now on' })
  @ApiNotFoundResponse({ description: 'no such card (or not one of your clinics)' })
  async revoke(@Param('slug') slug: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.cards.revoke(slug, principal);
  }

  @Get(':slug')
  @Public('cards')
  @ApiOkResponse({ description: 'the card: approved, currently valid claims and suppressed aggregates, with data version and period; ETag, cacheable' })
  @ApiNotFoundResponse({ description: 'no such card, or revoked' })
  @ApiTooManyRequestsResponse({ description: 'too many requests from this address in a minute (Retry-After)' })
  async card(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const body = Buffer.from(JSON.stringify(await this.cards.card(slug)), 'utf8');
    response.setHeader('Access-Control-Allow-Origin', '*');
    sendTagged(request, response, body, 'application/json');
  }
}

/** The embeddable page, at /cards/:slug (the global prefix excludes it: see app.factory.ts). */
@ApiTags('public cards')
@Controller('cards')
export class PublicCardPageController {
  constructor(private readonly cards: PublicCardsService) {}

  @Get(':slug')
  @Public('cards')
  @ApiOkResponse({ description: 'the card as a small HTML page for an iframe: no script, no cookie, strict CSP, frame-ancestors *' })
  async page(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    for (const [name, value] of Object.entries(CARD_PAGE_HEADERS)) response.setHeader(name, value);
    response.type('text/html; charset=utf-8');
    try {
      sendTagged(request, response, Buffer.from(cardPage(await this.cards.card(slug)), 'utf8'), 'text/html; charset=utf-8');
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
      response.status(404).send(notFoundPage());
    }
  }
}
