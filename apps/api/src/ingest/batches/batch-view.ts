/** An ingest batch as the API shows it (docs/api.md, `Batch`). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IngestBatchEntity, IngestKind, IngestSource, IngestStatus, StoredIngestError } from '../../database/entities/ingest-batch.entity.js';
import type { IngestProgress } from './ingest-progress.js';

export class IngestErrorView {
  @ApiProperty({ description: 'line of the input, the header being line 1; 0 for the input as a whole' })
  line!: number;
  @ApiProperty({ nullable: true, type: String, description: 'header name of the column' })
  column!: string | null;
  @ApiProperty()
  message!: string;
  @ApiPropertyOptional({ description: 'where in a FHIR bundle (`entry[3].resource.valueQuantity.unit`, line N being entry[N-1]) or a spreadsheet (`Sheet1!D7`)' })
  location?: string;
}

export class BatchView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['http', 'inbox', 'cli', 'demo', 'form'] }) source!: IngestSource;
  @ApiProperty({ nullable: true, type: String, description: 'the X-Upload-Id sent with the upload' }) uploadId!: string | null;
  @ApiProperty({ nullable: true, type: String }) filename!: string | null;
  @ApiProperty({ nullable: true, type: String }) contentType!: string | null;
  @ApiProperty({ nullable: true, type: String }) format!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the bytes received' }) checksum!: string | null;
  @ApiProperty({ enum: ['loading', 'stored', 'refused', 'failed', 'erased'] }) status!: IngestStatus;
  @ApiProperty({ nullable: true, type: Number }) bytesTotal!: number | null;
  @ApiProperty() bytesRead!: number;
  @ApiProperty() rowsRead!: number;
  @ApiProperty({ description: 'readings stored by this batch' }) inserted!: number;
  @ApiProperty({ description: 'readings already stored with the same value' }) duplicates!: number;
  @ApiProperty({ enum: ['ingest', 'correction'], description: 'a correction changes or withdraws stored readings (inserted: readings changed, duplicates: readings already so)' }) kind!: IngestKind;
  @ApiProperty({ nullable: true, type: String, description: 'the reason given for a correction' }) reason!: string | null;
  @ApiProperty() errorCount!: number;
  @ApiProperty({ type: [IngestErrorView], description: 'the first 100 errors' }) errors!: StoredIngestError[];
  @ApiProperty({ nullable: true, type: String }) message!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiPropertyOptional({ description: 'while loading' }) progress?: IngestProgress;
}

export function toBatchView(batch: IngestBatchEntity, progress?: IngestProgress): BatchView {
  return {
    id: batch.id,
    source: batch.source,
    uploadId: batch.uploadId,
    filename: batch.filename,
    contentType: batch.contentType,
    format: batch.format,
    checksum: batch.checksum,
    status: batch.status,
    bytesTotal: batch.bytesTotal === null ? null : Number(batch.bytesTotal),
    bytesRead: progress?.bytesRead ?? Number(batch.bytesRead),
    rowsRead: progress?.rowsRead ?? batch.rowsRead,
    inserted: batch.inserted,
    duplicates: batch.duplicates,
    kind: batch.kind,
    reason: batch.reason,
    errorCount: batch.errorCount,
    errors: batch.errors,
    message: batch.message,
    createdBy: batch.createdBy,
    createdAt: new Date(batch.createdAt).toISOString(),
    finishedAt: batch.finishedAt === null ? null : new Date(batch.finishedAt).toISOString(),
    ...(progress === undefined ? {} : { progress }),
  };
}
