import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import {
  DATABASE_ENDPOINT,
  EmbeddedDatabaseShutdown,
  resolveDatabaseEndpoint,
  type ResolvedDatabaseEndpoint,
} from './database-endpoint.js';
import { DataChanges } from './data-changes.js';
import { dataSourceOptions } from './database-options.js';
import { initializeCheckingSchema, SchemaNewerThanCodeError } from './schema-guard.js';

/** Provides the configuration and where the database is; global, since every feature needs them. */
@Global()
@Module({})
class DatabaseEndpointModule {
  static forRoot(config: ThresholdConfig): DynamicModule {
    return {
      module: DatabaseEndpointModule,
      providers: [
        { provide: THRESHOLD_CONFIG, useValue: config },
        { provide: DATABASE_ENDPOINT, useFactory: () => resolveDatabaseEndpoint(config) },
        DataChanges,
      ],
      exports: [THRESHOLD_CONFIG, DATABASE_ENDPOINT, DataChanges],
    };
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(config: ThresholdConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        DatabaseEndpointModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          inject: [DATABASE_ENDPOINT],
          useFactory: (endpoint: ResolvedDatabaseEndpoint) => ({
            ...dataSourceOptions(endpoint),
            // A connection that fails at start is tried again; a schema too new would fail each time.
            toRetry: (error: Error) => !(error instanceof SchemaNewerThanCodeError),
          }),
          // Never on a schema that a newer Threshold made: checked before migrating (schema-guard.ts).
          dataSourceFactory: (options) => initializeCheckingSchema(options!),
        }),
      ],
      providers: [EmbeddedDatabaseShutdown],
    };
  }
}
