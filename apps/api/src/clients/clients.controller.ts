import { BadRequestException, Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ErasureService, type ClientErased } from '../erasure/erasure.service.js';
import { CSV_CONTENT_TYPE, csvField } from '../export/csv-format.js';
import { CLIENT_RECORD_COLUMNS, ClientRecordsRepository, type ClientRecord } from './client-records.js';

/** The longest client id taken: ids are a clinic's short references, never documents. */
const MAX_CLIENT_ID_LENGTH = 200;

/**
 * A client's rights (docs/privacy.md), by the id the clinic uses for the client (the server
 * computes its stored key): erasure and access. Admins, and owners for the clients of their
 * clinics (the clinic of the client's earliest session); both audited.
 */
@ApiTags('clients')
@ApiBearerAuth()
@Roles('admin', 'owner')
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly records: ClientRecordsRepository,
    private readonly audit: AuditService,
  ) {}

  @Post('erase')
  @HttpCode(200)
  @ApiBody({ description: '`{"clientId": "the clinic’s id for the client", "dryRun": false}`' })
  @ApiOkResponse({ description: '`{clientKey, readings, sessions}`: how many went (with dryRun: true, would go; nothing is erased)' })
  @ApiBadRequestResponse({ description: 'no clientId' })
  @ApiNotFoundResponse({ description: 'no such client stored (for an owner: among their clinics’ clients)' })
  erase(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<ClientErased> {
    const clientId = parseClientId(body);
    const dryRun = (body as { dryRun?: unknown }).dryRun ?? false;
    if (typeof dryRun !== 'boolean') throw new BadRequestException('dryRun is true or false');
    return dryRun ? this.erasure.previewClient(clientId, principal) : this.erasure.eraseClient(clientId, principal);
  }

  @Post('export')
  @HttpCode(200)
  @ApiBody({ description: '`{"clientId": "...", "format": "csv" | "json"}` (csv by default)' })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({ description: `every stored reading of the client; columns ${CLIENT_RECORD_COLUMNS.join(', ')}` })
  @ApiNotFoundResponse({ description: 'no such client stored (for an owner: among their clinics’ clients)' })
  async export(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    const clientId = parseClientId(body);
    const format = (body as { format?: unknown }).format ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new BadRequestException('format is "csv" or "json"');
    const client = await this.erasure.findClient(clientId, principal);
    const records = await this.records.records(client.id, clientId, client.key);
    await this.audit.record({
      actor: principal.name,
      action: 'client export',
      target: `client ${client.key}`,
      detail: { format, rows: records.length },
    });
    response.setHeader('content-disposition', `attachment; filename="client-${client.key}.${format}"`);
    if (format === 'json') {
      response.json({ clientId, clientKey: client.key, exportedAt: new Date().toISOString(), columns: CLIENT_RECORD_COLUMNS, records });
      return;
    }
    response.setHeader('content-type', CSV_CONTENT_TYPE);
    response.send(toCsv(records));
  }
}

function parseClientId(body: unknown): string {
  const clientId = (body as { clientId?: unknown } | null)?.clientId;
  if (typeof clientId !== 'string' || clientId.trim() === '' || clientId.length > MAX_CLIENT_ID_LENGTH) {
    throw new BadRequestException(`send {"clientId": "..."}: the clinic's id for the client, 1 to ${MAX_CLIENT_ID_LENGTH} characters`);
  }
  return clientId.trim();
}

function toCsv(records: readonly ClientRecord[]): string {
  let text = `${CLIENT_RECORD_COLUMNS.join(',')}\n`;
  for (const record of records) text += `${CLIENT_RECORD_COLUMNS.map((column) => csvField(record[column])).join(',')}\n`;
  return text;
}
