/**
 * Which database this process uses, decided once at start: the server named by DATABASE_URL, or
 * the embedded PGlite started here. The embedded server is stopped at shutdown, after the pool
 * that talks to it has been closed.
 */
import { dirname } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ThresholdConfig } from '../config/configuration.js';
import type { DatabaseEndpoint } from './database-options.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { forgetServerAddress } from './server-address.js';

export const DATABASE_ENDPOINT = Symbol('DATABASE_ENDPOINT');

export interface ResolvedDatabaseEndpoint extends DatabaseEndpoint {
  /** True for an embedded database created by this start (it gets the demo data). */
  created: boolean;
  embedded?: EmbeddedPostgres;
}

export async function resolveDatabaseEndpoint(config: ThresholdConfig): Promise<ResolvedDatabaseEndpoint> {
  if (config.databaseUrl !== undefined) return { kind: 'postgres', url: config.databaseUrl, created: false };
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return { kind: 'embedded', host: embedded.host, port: embedded.port, created: embedded.created, embedded };
}

@Injectable()
export class EmbeddedDatabaseShutdown implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(DATABASE_ENDPOINT) private readonly endpoint: ResolvedDatabaseEndpoint,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.endpoint.embedded === undefined) return;
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.endpoint.embedded.stop();
    await forgetServerAddress(dirname(this.endpoint.embedded.directory));
    this.logger.log('embedded database stopped');
  }
}

/** Which database, for /api/health: never the URL, which may hold a password. */
export function describeEndpoint(endpoint: DatabaseEndpoint): string {
  if (endpoint.kind === 'embedded') return 'embedded PGlite';
  try {
    const url = new URL(endpoint.url ?? '');
    return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

