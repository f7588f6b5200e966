import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator.js';
import { DATABASE_ENDPOINT, describeEndpoint, type ResolvedDatabaseEndpoint } from '../database/database-endpoint.js';

export interface HealthStatus {
  status: 'ok' | 'degraded';
  database: { kind: 'postgres' | 'embedded'; description: string; connected: boolean };
  version: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE_ENDPOINT) private readonly endpoint: ResolvedDatabaseEndpoint,
    private readonly dataSource: DataSource,
  ) {}

  /** Public and not rate-limited (monitoring polls it): whether the service runs and which database it uses (never its address's secrets). */
  @Public('none')
  @Get()
  @ApiOkResponse({ description: 'status and which database' })
  health(): HealthStatus {
    const connected = this.dataSource.isInitialized;
    return {
      status: connected ? 'ok' : 'degraded',
      database: { kind: this.endpoint.kind, description: describeEndpoint(this.endpoint), connected },
      version: '0.1.0',
    };
  }
}
