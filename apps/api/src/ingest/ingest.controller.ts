import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  RequestTimeoutException,
  Res,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FORMAT_MEDIA_TYPES, MappingError, parseMapping, type SpreadsheetMapping } from '@threshold/ingest';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { QueryParameters, type RawQuery } from '../cohorts/query-parameters.js';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { BodyStalledError } from '../http/body-idle-timeout.js';
import { BatchView, IngestErrorView } from './batches/batch-view.js';
import { isConnectionLoss, RETRY_AFTER_SECONDS } from './batches/connection-loss.js';
import type { ReadingChange } from './corrections/correction-store.js';
import { CorrectionsService, REASON_MAX_LENGTH } from './corrections/corrections.service.js';
import { SavedMappings } from './mappings/saved-mappings.js';
import { IngestService, type IngestOutcome } from './ingest.service.js';
import { IngestPreview, type IngestPreviewView } from './preview/ingest-preview.js';
import { IngestReadError } from './read/read-failures.js';
import { BodyTooLargeError, limitBytes } from './receive/limit-bytes.js';
import { formatOf, UnsupportedFormatError } from './receive/request-format.js';

@ApiTags('ingest')
@ApiBearerAuth()
// Owners ingest their clinics' files (rows of other clinics are refused); therapists and marketing may not.
@Roles('admin', 'owner')
@Controller('ingest')
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    private readonly corrections: CorrectionsService,
    private readonly mappings: SavedMappings,
    private readonly previews: IngestPreview,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  /**
   * Stores a file of outcomes, streamed: all of it, or nothing when it has any error. Sending the
   * same rows again stores nothing new and says so.
   */
  @Post()
  @HttpCode(201)
  @ApiConsumes(...FORMAT_MEDIA_TYPES)
  @ApiBody({ description: 'the file, in the canonical long format (report-contract.md section 1)' })
  @ApiQuery({ name: 'filename', required: false, description: 'the file name, recorded with the batch' })
  @ApiQuery({ name: 'confirmErased', required: false, description: '1: store rows of clients erased at their request (refused otherwise)' })
  @ApiQuery({ name: 'mapping', required: false, description: 'a CSV or .xlsx in the clinic’s own layout: the name of its saved mapping (docs/mappings.md), with clinic' })
  @ApiQuery({ name: 'clinic', required: false, description: 'the clinic whose mapping is named' })
  @ApiQuery({ name: 'mappingJson', required: false, description: 'a mapping not saved: its JSON (docs/mappings.md), URL-encoded; instead of mapping and clinic' })
  @ApiQuery({ name: 'mode', required: false, enum: ['correct'], description: 'correct: the file changes or withdraws stored readings (docs/api.md, Corrections)' })
  @ApiQuery({ name: 'reason', required: false, description: `why, for a correction (required with mode=correct; 1 to ${REASON_MAX_LENGTH} characters)` })
  @ApiHeader({ name: 'X-Upload-Id', required: false, description: 'your name for this upload (1 to 64 letters, digits, - or _), to follow its batch while it loads' })
  @ApiResponse({ status: 201, description: 'stored (or nothing new)', type: BatchView })
  @ApiResponse({ status: 422, description: 'refused: `{errors: [{line, column, message}], batch}`', type: IngestErrorView, isArray: true })
  @ApiResponse({ status: 413, description: 'larger than THRESHOLD_MAX_UPLOAD_BYTES' })
  @ApiResponse({ status: 415, description: 'not one of the accepted content types' })
  @ApiResponse({ status: 408, description: 'the body stopped arriving for THRESHOLD_BODY_IDLE_SECONDS' })
  @ApiResponse({ status: 503, description: 'the database connection was lost: nothing stored, the batch failed; send again after Retry-After seconds' })
  async upload(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentPrincipal() principal: Principal,
    @Query() query: RawQuery,
  ): Promise<{ batch: BatchView } | { errors: IngestOutcome['errors']; batch: BatchView }> {
    const contentType = request.headers['content-type'] ?? null;
    const parameters = new QueryParameters(query, ['filename', 'confirmErased', 'mode', 'reason', 'mapping', 'clinic', 'mappingJson']);
    const name = cleanFilename(parameters.text('filename'));
    const confirmErased = parseConfirmErased(parameters.text('confirmErased'));
    const reason = correctionReason(parameters);
    const mapping = await this.mappingOf(parameters, principal);
    const uploadId = parseUploadId(request.headers['x-upload-id']);
    const { declared, limit } = this.checkBody(request, name, contentType);
    let outcome: IngestOutcome;
    try {
      const ingestRequest = {
        source: 'http' as const,
        uploadId,
        filename: name,
        contentType,
        stream: limitBytes(request, limit),
        bytesTotal: declared,
        createdBy: principal.name,
        clinicScope: principal.role === 'owner' ? principal.clinicKeys : undefined,
        confirmErased,
        mapping,
      };
      outcome = reason === null ? await this.ingest.ingest(ingestRequest) : await this.corrections.correct({ ...ingestRequest, reason });
    } catch (error) {
      throw asHttpError(error, response);
    }
    if (outcome.batch.status === 'refused') {
      response.status(422);
      return { errors: outcome.errors, batch: outcome.batch };
    }
    return { batch: outcome.batch };
  }

  /**
   * A dry run: the file read and checked exactly as an upload is (with the same mapping, clinics and
   * erased clients), nothing recorded or stored. Answers the sheets and their headers, the first
   * readings as they would be stored, and every error with its place.
   */
  @Post('preview')
  @HttpCode(200)
  @ApiConsumes(...FORMAT_MEDIA_TYPES)
  @ApiBody({ description: 'the file, as for POST /api/ingest' })
  @ApiQuery({ name: 'filename', required: false })
  @ApiQuery({ name: 'confirmErased', required: false })
  @ApiQuery({ name: 'mapping', required: false, description: 'the name of a saved mapping, with clinic' })
  @ApiQuery({ name: 'clinic', required: false })
  @ApiQuery({ name: 'mappingJson', required: false, description: 'a mapping not saved: its JSON (docs/mappings.md), URL-encoded' })
  @ApiOkResponse({ description: '`{format, sheets: [{name, columns, rows}], rowsRead, errorCount, errors: [{line, column, message, location}], readings: [...], storable}`' })
  @ApiResponse({ status: 400, description: 'a mapping that is not one, or a body that could not be read' })
  @ApiResponse({ status: 413, description: 'larger than THRESHOLD_MAX_UPLOAD_BYTES' })
  @ApiResponse({ status: 415, description: 'not one of the accepted content types' })
  async preview(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentPrincipal() principal: Principal,
    @Query() query: RawQuery,
  ): Promise<IngestPreviewView> {
    const contentType = request.headers['content-type'] ?? null;
    const parameters = new QueryParameters(query, ['filename', 'confirmErased', 'mapping', 'clinic', 'mappingJson']);
    const name = cleanFilename(parameters.text('filename'));
    const confirmErased = parseConfirmErased(parameters.text('confirmErased'));
    const mapping = await this.mappingOf(parameters, principal);
    const { declared, limit } = this.checkBody(request, name, contentType);
    try {
      return await this.previews.preview({
        filename: name,
        contentType,
        stream: limitBytes(request, limit),
        bytesTotal: declared,
        clinicScope: principal.role === 'owner' ? principal.clinicKeys : undefined,
        confirmErased,
        mapping,
      });
    } catch (error) {
      throw asHttpError(error, response);
    }
  }

  /** The mapping a request names (mapping and clinic: a saved one) or gives (mappingJson); a 400 or 404 when it cannot be used. */
  private async mappingOf(parameters: QueryParameters, principal: Principal): Promise<SpreadsheetMapping | undefined> {
    const mappingName = parameters.text('mapping');
    const clinic = parameters.text('clinic');
    const inline = parameters.text('mappingJson');
    if (inline !== undefined) {
      if (mappingName !== undefined) throw new BadRequestException('give a mapping by its name (mapping and clinic) or by its JSON (mappingJson), not both');
      try {
        return parseMapping(JSON.parse(inline));
      } catch (error) {
        if (error instanceof MappingError || error instanceof SyntaxError) throw new BadRequestException(`mappingJson is not a usable mapping: ${error.message}`);
        throw error;
      }
    }
    if ((mappingName === undefined) !== (clinic === undefined)) throw new BadRequestException('mapping and clinic go together: the name of a mapping saved for the clinic');
    return mappingName === undefined ? undefined : this.mappings.find(principal, clinic!, mappingName);
  }

  /** The body's format and announced size, checked before it is read: a 415 or a 413. */
  private checkBody(request: Request, name: string | null, contentType: string | null): { declared: number | null; limit: number } {
    try {
      formatOf(name, contentType);
    } catch (error) {
      if (error instanceof UnsupportedFormatError) throw new UnsupportedMediaTypeException(error.message);
      throw error;
    }
    const declared = request.headers['content-length'] === undefined ? null : Number(request.headers['content-length']);
    const limit = this.config.maxUploadBytes;
    if (declared !== null && declared > limit) throw new PayloadTooLargeException(new BodyTooLargeError(limit).message);
    return { declared, limit };
  }

  @Get('history')
  @ApiOkResponse({ description: '`{changes: [{session, phase, measure, site, trial, previous, current, batchId, reason, correctedBy, correctedAt}]}`, newest first; `current` null for a withdrawal' })
  @ApiQuery({ name: 'client_id', required: true, description: 'the client id as the clinic knows it (keyed by the server)' })
  @ApiQuery({ name: 'session', required: false })
  @ApiQuery({ name: 'measure', required: false })
  async history(@CurrentPrincipal() principal: Principal, @Query() query: RawQuery): Promise<{ changes: ReadingChange[] }> {
    const parameters = new QueryParameters(query, ['client_id', 'session', 'measure']);
    const clientId = parameters.text('client_id');
    if (clientId === undefined) throw new BadRequestException('client_id is required: the client whose readings changed');
    const session = parameters.integer('session', { min: 1, max: 2_147_483_647, fallback: 0 });
    const changes = await this.corrections.history({
      clientId,
      ...(session === 0 ? {} : { session }),
      ...(parameters.text('measure') === undefined ? {} : { measure: parameters.text('measure') }),
      ...(principal.role === 'owner' ? { clinicScope: principal.clinicKeys } : {}),
    });
    return { changes };
  }

  @Get('batches')
  @ApiOkResponse({ description: '`{batches: Batch[], total}`, newest first' })
  @ApiQuery({ name: 'limit', required: false, description: 'at most this many (1 to 500, default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: 'skip this many of the newest (default 0)' })
  @ApiQuery({ name: 'uploadId', required: false, description: 'only the batch of this upload (its X-Upload-Id)' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: RawQuery,
  ): Promise<{ batches: BatchView[]; total: number }> {
    const parameters = new QueryParameters(query, ['limit', 'offset', 'uploadId']);
    const uploadId = parameters.text('uploadId');
    return this.ingest.listBatches(
      parameters.integer('limit', { min: 1, max: 500, fallback: 50 }),
      parameters.integer('offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }),
      {
        ...(principal.role === 'owner' ? { createdBy: principal.name } : {}),
        ...(uploadId === undefined ? {} : { uploadId: parseUploadId(uploadId) ?? '' }),
      },
    );
  }

  @Get('batches/:id')
  @ApiOkResponse({ type: BatchView, description: 'with `progress` while loading' })
  async find(@Param('id', new ParseIdPipe('batch')) id: string, @CurrentPrincipal() principal: Principal): Promise<BatchView> {
    const batch = await this.ingest.findBatch(id);
    // An owner sees only their own batches; another's is as if it did not exist.
    if (batch === null || (principal.role === 'owner' && batch.createdBy !== principal.name)) {
      throw new NotFoundException(`no batch ${id}`);
    }
    return batch;
  }
}

/** The HTTP answer to a failed read or store: the sender's fault a 4xx, a lost database a 503, else as thrown. */
function asHttpError(error: unknown, response: Response): unknown {
  if (error instanceof IngestReadError) {
    if (error.cause instanceof BodyTooLargeError) return new PayloadTooLargeException(error.cause.message);
    if (error.cause instanceof BodyStalledError) return new RequestTimeoutException(`${error.cause.message}; nothing was stored`);
    return new BadRequestException(`${error.message}; nothing was stored`);
  }
  if (isConnectionLoss(error)) {
    // Not the sender's fault, nor the file's: the same file sent again will do.
    response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return new ServiceUnavailableException('the ingest lost its database connection; nothing was stored: send the file again');
  }
  return error;
}

/** confirmErased=1 (or true) stores clients erased at their request again; 0, false or absent refuses them. */
function parseConfirmErased(value: string | undefined): boolean {
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new BadRequestException('confirmErased is 1 (or true) or 0 (or false)');
}

/** The reason of a correction (mode=correct), or null for an ordinary ingest; a 400 for a bad pair. */
function correctionReason(parameters: QueryParameters): string | null {
  const mode = parameters.text('mode');
  const reason = parameters.text('reason');
  if (mode === undefined) {
    if (reason !== undefined) throw new BadRequestException('reason is for a correction: send mode=correct with it');
    return null;
  }
  if (mode !== 'correct') throw new BadRequestException(`mode must be correct, got "${mode}"`);
  if (reason === undefined) throw new BadRequestException('a correction needs a reason: send reason=why the readings are corrected');
  if (reason.length > REASON_MAX_LENGTH) throw new BadRequestException(`reason is ${reason.length} characters long: at most ${REASON_MAX_LENGTH}`);
  return reason;
}

/** An upload id is the sender's own short name for an upload; anything else is refused. */
function parseUploadId(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new BadRequestException('X-Upload-Id (or uploadId) is 1 to 64 letters, digits, - or _');
  }
  return value;
}

/** The last path segment, printable, at most 255 characters: a name to show, never a path to open. */
function cleanFilename(value: string | undefined): string | null {
  if (value === undefined) return null;
  // eslint-disable-next-line no-control-regex
  const name = value.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return name === undefined || name === '' ? null : name;
}
