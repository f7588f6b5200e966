import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 'form': a session recorded on the dashboard's form (ingest/form/). */
export type IngestSource = 'http' | 'inbox' | 'cli' | 'demo' | 'form';
/** 'erased': stored, then undone whole (POST /api/ingest/batches/:id/erase). */
export type IngestStatus = 'loading' | 'stored' | 'refused' | 'failed' | 'erased';
/** An ordinary ingest adds readings; a correction changes or withdraws stored ones (corrections/). */
export type IngestKind = 'ingest' | 'correction';

export interface StoredIngestError {
  line: number;
  column: string | null;
  message: string;
  /** Where in a FHIR bundle or a spreadsheet (IngestError.location of libs/ingest); absent for text formats. */
  location?: string;
}

/** One file or upload, whatever became of it: the record principle 3 of design.md asks for. */
@Entity({ name: 'ingest_batches' })
@Check('ingest_batches_source_check', `source IN ('http', 'inbox', 'cli', 'demo', 'form')`)
@Check('ingest_batches_status_check', `status IN ('loading', 'stored', 'refused', 'failed', 'erased')`)
@Check('ingest_batches_kind_check', `kind IN ('ingest', 'correction')`)
@Index('ingest_batches_checksum_idx', ['checksum'], { where: `status = 'stored'` })
@Index('ingest_batches_created_at_idx', ['createdAt'])
@Index('ingest_batches_upload_idx', ['uploadId'])
@Index('ingest_batches_idempotency_idx', ['createdBy', 'idempotencyKey'], { unique: true, where: `idempotency_key IS NOT NULL AND status <> 'failed'` })
export class IngestBatchEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text' })
  source!: IngestSource;

  /** The sender's own name for the upload (X-Upload-Id), so that it can follow the batch while it loads. */
  @Column({ name: 'upload_id', type: 'text', nullable: true })
  uploadId!: string | null;

  /** The sender's Idempotency-Key (the session form's): a repeat answers this batch (migration SessionForm). */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the request sent with the Idempotency-Key: a repeat with another body is refused. */
  @Column({ name: 'request_checksum', type: 'text', nullable: true })
  requestChecksum!: string | null;

  @Column({ type: 'text', nullable: true })
  filename!: string | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType!: string | null;

  @Column({ type: 'text', nullable: true })
  format!: string | null;

  /** SHA-256 of the bytes, hex: a file sent again is recognised by it. */
  @Column({ type: 'text', nullable: true })
  checksum!: string | null;

  @Column({ type: 'text' })
  status!: IngestStatus;

  @Column({ type: 'text', default: 'ingest' })
  kind!: IngestKind;

  /** Why a correction was made, as its sender gave it; null for an ordinary ingest. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'bytes_total', type: 'bigint', nullable: true })
  bytesTotal!: string | null;

  @Column({ name: 'bytes_read', type: 'bigint', default: 0 })
  bytesRead!: string;

  @Column({ name: 'rows_read', type: 'integer', default: 0 })
  rowsRead!: number;

  @Column({ type: 'integer', default: 0 })
  inserted!: number;

  @Column({ type: 'integer', default: 0 })
  duplicates!: number;

  @Column({ name: 'error_count', type: 'integer', default: 0 })
  errorCount!: number;

  @Column({ type: 'jsonb', default: [] })
  errors!: StoredIngestError[];

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Beaten by the process loading the batch; a 'loading' batch whose heartbeat stopped was interrupted. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
