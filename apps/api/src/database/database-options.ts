/**
 * TypeORM options for either database: a PostgreSQL server from DATABASE_URL, or the embedded one.
 * Migrations run at start; `synchronize` is never used outside tests.
 */
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

export type DatabaseKind = 'postgres' | 'embedded';

export interface DatabaseEndpoint {
  kind: DatabaseKind;
  url?: string;
  host?: string;
  port?: number;
}

/** Connections in the pool: the embedded server allows exactly one. */
export function poolSize(kind: DatabaseKind): number {
  return kind === 'embedded' ? 1 : 10;
}

export function dataSourceOptions(endpoint: DatabaseEndpoint): DataSourceOptions {
  const connection =
    endpoint.kind === 'postgres'
      ? { url: endpoint.url }
      : { host: endpoint.host, port: endpoint.port, username: 'postgres', database: 'postgres' };
  return {
    type: 'postgres',
    ...connection,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    extra: { max: poolSize(endpoint.kind), idleTimeoutMillis: 0 },
  };
}
