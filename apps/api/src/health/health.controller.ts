import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { AdmissionState } from '../admission/admission-queue.js';
import { ComputeAdmission } from '../admission/compute-admission.js';
import { Public } from '../auth/public.decorator.js';
import { DATABASE_ENDPOINT, describeEndpoint, type ResolvedDatabaseEndpoint } from '../database/database-endpoint.js';

export interface HealthStatus {
  status: 'ok' | 'degraded';
  database: { kind: 'postgres' | 'embedded'; description: string; connected: boolean };
  version: string;
  /** The line of uncached computations (admission/): what runs, what waits, what was refused. */
  computations: AdmissionState;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE_ENDPOINT) private readonly endpoint: ResolvedDatabaseEndpoint,
    private readonly dataSource: DataSource,
    private readonly admission: ComputeAdmission,
  ) {}

  /**
   * Public and not rate-limited (monitoring polls it): whether the service runs, which database it uses (never its address's secrets), and
   * how busy its line of uncached computations is (counts only: never what is computed).
   */
  @Public('none')
  @Get()
  @ApiOkResponse({ description: 'status and which database' })
  health(): HealthStatus {
    const connected = this.dataSource.isInitialized;
    return {
      status: connected ? 'ok' : 'degraded',
      database: { kind: this.endpoint.kind, description: describeEndpoint(this.endpoint), connected },
      version: '0.1.0',
      computations: this.admission.state(),
    };
  }
}
