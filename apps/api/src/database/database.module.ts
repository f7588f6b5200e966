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
          useFactory: (endpoint: ResolvedDatabaseEndpoint) => dataSourceOptions(endpoint),
        }),
      ],
      providers: [EmbeddedDatabaseShutdown],
    };
  }
}
