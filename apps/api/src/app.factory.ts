/**
 * Builds the HTTP application: the /api prefix, JSON bodies everywhere but the streamed ingest
 * route, OpenAPI at /api/docs, structured (JSON) logs, and the built dashboard at /. Every response
 * carries the security headers (http/security-headers.ts); CORS is closed unless
 * THRESHOLD_CORS_ORIGINS names origins (http/cors.ts).
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { ConsoleLogger, RequestMethod, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module.js';
import type { ThresholdConfig } from './config/configuration.js';
import { bodyIdleTimeout } from './http/body-idle-timeout.js';
import { corsOptions } from './http/cors.js';
import { securityHeaders } from './http/security-headers.js';

/** Bodies of routes other than ingest are small JSON documents. */
const JSON_BODY_LIMIT = '1mb';

export interface CreateAppOptions {
  logger?: LoggerService | false;
  /**
   * Whether a failure while the modules start ends the process (Nest's default, right for the
   * server: it logs why and exits 1). Tests pass false, so that the error itself reaches the test
   * report instead of a bare "process.exit called with 1".
   */
  abortOnError?: boolean;
}

export async function createApp(config: ThresholdConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    // Ingest streams its body (up to gigabytes) straight into the reader: no body parser may buffer it.
    bodyParser: false,
    logger: options.logger ?? new ConsoleLogger({ json: true, colors: false }),
    abortOnError: options.abortOnError ?? true,
  });
  // First, so that every answer carries them, refusals by the middlewares below too.
  app.use(securityHeaders());
  if (config.corsOrigins.length > 0) app.enableCors(corsOptions(config.corsOrigins));
  // The public results card's page is embedded on clinics' websites at /cards/:slug.
  app.setGlobalPrefix('api', { exclude: [{ path: 'cards/:slug', method: RequestMethod.GET }] });
  // An upload may take as long as its bytes keep coming; a body that stalls is ended by
  // bodyIdleTimeout instead (Node's default ended every request at 5 minutes, a slow 1 GB upload too).
  (app.getHttpServer() as Server).requestTimeout = 0;
  app.use(bodyIdleTimeout(config.bodyIdleSeconds * 1000));
  const json = express.json({ limit: JSON_BODY_LIMIT });
  app.use((request: Request, response: Response, next: NextFunction) => {
    // The upload's body is the file, streamed by the ingest (and by its dry run, the preview); its
    // other routes (saved mappings) take JSON.
    if (['/api/ingest', '/api/ingest/preview'].includes(request.path.replace(/\/+$/, ''))) next();
    else json(request, response, next);
  });
  app.disable('x-powered-by');
  // "loopback", "10.0.0.0/8", a number of hops...: Express reads it (https://expressjs.com/en/guide/behind-proxies.html).
  if (config.trustProxy !== undefined) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Threshold API')
      .setDescription('Outcomes research for manual-therapy clinics: ingest, reports, export.')
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth('threshold_session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);

  if (config.dashboardDir !== undefined && existsSync(config.dashboardDir)) {
    // The dashboard's files, for every path outside /api (API requests never touch the disk).
    const dashboard = express.static(config.dashboardDir, { index: 'index.html' });
    app.use((request: Request, response: Response, next: NextFunction) => {
      if (request.path.startsWith('/api/') || request.path === '/api') next();
      else dashboard(request, response, next);
    });
  }
  return app;
}
