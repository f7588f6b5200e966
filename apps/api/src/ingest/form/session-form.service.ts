/**
 * The session form's door into the one ingest pipeline (issue 20; docs/api.md, "Session form").
 * A session becomes the contract's rows (form/session-form.ts), sent as a small batch of JSON
 * rows through IngestService (or, flagged as a correction, CorrectionsService): the same reader,
 * validation, all-or-nothing store, batch record and audit as a file. Its errors come back named
 * by the form's fields.
 *
 * Every send carries an Idempotency-Key, stored with its batch with the SHA-256 of the session:
 * the same key again by the same sender answers the first batch (a double tap, a retry after the
 * answer was lost), with another session it is refused (422), and while the first is still being
 * stored it is a 409 (send again). A batch that failed (the server's failure) frees its key.
 *
 * Where the session is recorded comes from the account: a therapist's clinic (one of theirs) and
 * their own therapist key; an owner's clinic (one of theirs) and a therapist of the form's choice;
 * an admin any. Users hold stored keys only (users/users.service.ts), so the rows carry keys and the
 * batch says so (BatchRequest.placeKeysStored).
 */
import { BadRequestException, ConflictException, ForbiddenException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import type { IngestBatchEntity } from '../../database/entities/ingest-batch.entity.js';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import { toBatchView, type BatchView } from '../batches/batch-view.js';
import type { IngestOutcome } from '../batches/batch-records.js';
import { CorrectionsService, REASON_MAX_LENGTH } from '../corrections/corrections.service.js';
import { IngestService } from '../ingest.service.js';
import { FormRepository, type LastSession } from './form.repository.js';
import { fieldOf, formRows, parseSessionForm, requestChecksum, SessionFormProblems, type FormRows, type SessionForm, type SessionPlace } from './session-form.js';

/** An Idempotency-Key: the sender's own name for one send (a UUID, say). */
const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,100}$/;
const JSON_ROWS = 'application/x-ndjson';

/** An error of a refused session: the pipeline's (line and column of its rows) named by the form's field. */
export interface FormError {
  field: string;
  message: string;
  line: number;
  column: string | null;
}

export interface FormAnswer {
  status: 201 | 422;
  batch: BatchView;
  errors: FormError[];
  /** True when this answers an earlier send with the same Idempotency-Key. */
  replayed: boolean;
}

export interface NextSession {
  /** Whether the client has stored sessions (of the caller's clinics). */
  known: boolean;
  nextSession: number;
  last: LastSession | null;
}

@Injectable()
export class SessionFormService {
  constructor(
    private readonly ingest: IngestService,
    private readonly corrections: CorrectionsService,
    private readonly repository: FormRepository,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  async record(principal: Principal, body: unknown, idempotencyKey: string | undefined): Promise<FormAnswer> {
    const key = parseIdempotencyKey(idempotencyKey);
    const form = parseForm(body);
    if (form.correction !== null && principal.role !== 'admin' && principal.role !== 'owner') {
      throw new ForbiddenException('a correction is made by an admin or the owner of the clinic');
    }
    if (form.correction !== null && form.correction.reason.length > REASON_MAX_LENGTH) {
      throw new BadRequestException({ statusCode: 400, message: 'the session is not valid', errors: [{ field: 'correction.reason', message: `at most ${REASON_MAX_LENGTH} characters` }] });
    }
    const rows = formRows(form, this.placeOf(principal, form));
    const checksum = requestChecksum(form);

    const earlier = await this.repository.findByIdempotencyKey(principal.name, key);
    if (earlier !== null) return this.replay(earlier, checksum, rows);
    const request = {
      source: 'form' as const,
      filename: null,
      contentType: JSON_ROWS,
      stream: oneChunk(rows.ndjson),
      bytesTotal: Buffer.byteLength(rows.ndjson),
      createdBy: principal.name,
      clinicScope: principal.role === 'admin' ? undefined : principal.clinicKeys,
      placeKeysStored: true,
      idempotency: { key, requestChecksum: checksum },
    };
    let outcome: IngestOutcome;
    try {
      outcome = form.correction === null ? await this.ingest.ingest(request) : await this.corrections.correct({ ...request, reason: form.correction.reason });
    } catch (error) {
      // The same key sent twice at once (a double tap): the other send holds the key.
      if (!isIdempotencyClash(error)) throw error;
      const other = await this.repository.findByIdempotencyKey(principal.name, key);
      if (other === null) throw error;
      return this.replay(other, checksum, rows);
    }
    return answerOf(outcome.batch, outcome.errors, rows, false);
  }

  /** The next session to suggest for a client, from their last stored one (of the caller's clinics; another clinic's client is unknown). */
  async nextSession(principal: Principal, body: unknown): Promise<NextSession> {
    const clientId = (body as { clientId?: unknown } | null)?.clientId;
    if (typeof clientId !== 'string' || clientId.trim() === '' || clientId.length > 200) {
      throw new BadRequestException({ statusCode: 400, message: 'send {"clientId": "..."}', errors: [{ field: 'clientId', message: 'the clinic’s id for the client, 1 to 200 characters' }] });
    }
    const scope = principal.role === 'admin' || principal.clinicKeys.length === 0 ? undefined : principal.clinicKeys;
    const last = await this.repository.lastSession(this.pseudonyms.key('client', clientId.trim()), scope);
    return { known: last !== null, nextSession: last === null ? 1 : last.session + 1, last };
  }

  /**
   * The clinic and therapist keys of the session: a therapist's and an owner's clinic is one of
   * theirs (the form names it when they have several), a therapist is themself; an admin's are
   * what the form names (an id is hashed, a stored key kept).
   */
  private placeOf(principal: Principal, form: SessionForm): SessionPlace {
    const problems: { field: string; message: string }[] = [];
    let clinicKey: string | null = form.clinic === null ? null : this.pseudonyms.keyForFilter('clinic', form.clinic);
    let therapistKey: string | null = form.therapist === null ? null : this.pseudonyms.keyForFilter('therapist', form.therapist);
    if (principal.role !== 'admin') {
      const own = principal.clinicKeys;
      if (clinicKey === null && own.length === 1) clinicKey = own[0];
      else if (clinicKey === null) problems.push({ field: 'clinic', message: 'which of your clinics: you stand for several' });
      else if (!own.includes(clinicKey)) problems.push({ field: 'clinic', message: 'not one of your clinics: you may record sessions only for your own' });
    }
    if (principal.role === 'therapist') {
      if (therapistKey !== null && therapistKey !== principal.therapistKey) problems.push({ field: 'therapist', message: 'a therapist records their own sessions: leave it out' });
      therapistKey = principal.therapistKey;
    }
    if (problems.length > 0) throw new BadRequestException({ statusCode: 400, message: 'the session is not valid', errors: problems });
    return { clinicKey, therapistKey };
  }

  /** The answer to a repeated Idempotency-Key: the first send's, if this is the same session. */
  private replay(earlier: IngestBatchEntity, checksum: string, rows: FormRows): FormAnswer {
    if (earlier.requestChecksum !== checksum) {
      throw new UnprocessableEntityException(
        `this Idempotency-Key was used for another session (batch ${earlier.id}): a new session needs a new key`,
      );
    }
    if (earlier.status === 'loading') throw new ConflictException(`this session is being stored (batch ${earlier.id}): send it again in a moment`);
    return answerOf(toBatchView(earlier), earlier.status === 'refused' ? earlier.errors : [], rows, true);
  }
}

function answerOf(batch: BatchView, errors: readonly { line: number; column: string | null; message: string }[], rows: FormRows, replayed: boolean): FormAnswer {
  return {
    status: batch.status === 'refused' ? 422 : 201,
    batch,
    errors: errors.map((error) => ({ field: fieldOf(rows, error.line, error.column), message: error.message, line: error.line, column: error.column })),
    replayed,
  };
}

function parseForm(body: unknown): SessionForm {
  try {
    return parseSessionForm(body);
  } catch (error) {
    if (error instanceof SessionFormProblems) throw new BadRequestException({ statusCode: 400, message: 'the session is not valid', errors: error.problems });
    throw error;
  }
}

function parseIdempotencyKey(value: string | undefined): string {
  if (value === undefined || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new BadRequestException('send an Idempotency-Key header: 8 to 100 letters, digits, -, _, . or : (a new UUID per session), so that a retry stores it once');
  }
  return value;
}

function isIdempotencyClash(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = pgError.code ?? pgError.driverError?.code;
  const constraint = pgError.constraint ?? pgError.driverError?.constraint;
  return code === '23505' && constraint === 'ingest_batches_idempotency_idx';
}

async function* oneChunk(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}
