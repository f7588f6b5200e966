/**
 * The one module that talks to the Threshold API (docs/api.md). Pages ask it for data and never
 * call fetch themselves, so that authentication, error messages and the shapes of answers are
 * handled in one place.
 *
 * Every request carries the session cookie (the browser adds it; the page cannot read it), and
 * every change the session's CSRF token in X-CSRF-Token (auth/auth.ts). A 401 calls
 * `onUnauthorized` (the page shell then shows the sign-in form) before the ApiError reaches the
 * page; signing in itself is the exception, since its 401 means a wrong password or token. Reports are read
 * through `readReport` (suppression/suppression.ts), so pages never see a withheld number.
 */
import type { AuthSession } from '../auth/auth.js';
import { parseCurrentUser, type CurrentUser } from '../auth/current-user.js';
import { filtersToApiQuery, type Filters } from '../state/url-state.js';
import { readReport } from '../suppression/suppression.js';
import type {
  Batch,
  BatchPage,
  Claim,
  ClaimsAnswer,
  ClientErasure,
  CohortSummary,
  Coverage,
  DirectoryEntry,
  FilterCatalogue,
  Health,
  IngestError,
  ManagedUser,
  MeasureOption,
  NameRequest,
  NewUserRequest,
  NextSession,
  SessionPayload,
  Option,
  Retention,
  IngestPreview,
  IngestTemplate,
  ReadingChange,
  SavedMapping,
  SpreadsheetMapping,
} from './api-types.js';
import type { ApiReport, OutcomesReport } from './report-types.js';
import { readAdjusted, type AdjustedBy, type AdjustedComparison } from './adjusted-types.js';
import { keyLabel, readNames } from '../format/display-names.js';
import { humanize } from '../format/labels.js';

/** An answer other than 2xx, or no answer at all (status 0). `message` is written for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Ingest errors with line and column (422). */
    readonly errors: IngestError[] = [],
    /** The batch of a refused ingest. */
    readonly batch: Batch | undefined = undefined,
    /** Seconds to wait before trying again (429). */
    readonly retryAfter: number | undefined = undefined,
    /** A 401 for a session the API no longer accepts (expired, revoked), rather than for none. */
    readonly sessionEnded = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  /** The caller's role may not use this route (the page says so, rather than showing an error). */
  get isForbidden(): boolean {
    return this.status === 403;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** `all`: every client in one group (the overview's figure for the whole selection). */
export type GroupBy = 'technique' | 'therapist_id' | 'clinic_id' | 'condition' | 'all';

export interface ReportRequest {
  by?: GroupBy;
  ref?: string;
  mcid?: number;
  /** Filters to leave out of this request (the therapists' funnel needs every therapist). */
  omit?: (keyof Filters)[];
}

export interface AdjustedRequest {
  by: AdjustedBy;
  measure?: string;
  mcid?: number;
  /** An admin's filters (the therapist filter highlights instead); undefined for other roles. */
  filters?: Filters;
}

export interface ReportAnswer {
  report: OutcomesReport;
  dataVersion: string | null;
  cache: string | null;
}

export interface UploadProgress {
  /** Bytes of the file the browser has sent. */
  sent: number;
  total: number;
}

export interface Upload {
  /** The X-Upload-Id sent with the file: its batch can be followed with batchOfUpload while it loads. */
  uploadId: string;
  /** Resolves with the stored batch (201), rejects with an ApiError (422 carries errors and the batch). */
  result: Promise<Batch>;
  abort(): void;
}

export interface ApiClientOptions {
  auth: AuthSession;
  /** Where the API is: the page's own origin in production (the API serves the dashboard). */
  baseUrl?: string;
  /** Called on every 401 (but that of signing in), before the error is thrown. */
  onUnauthorized?: (error: ApiError) => void;
  /** The signed-in user's role, for the words of a 403 ("your role (marketing) may not see this"). */
  role?: () => string | undefined;
}

/** Content types POST /api/ingest accepts, by file extension (browsers often send none for .arrow). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  jsonl: 'application/x-ndjson',
  arrow: 'application/vnd.apache.arrow.file',
  feather: 'application/vnd.apache.arrow.file',
  ipc: 'application/vnd.apache.arrow.file',
  arrows: 'application/vnd.apache.arrow.stream',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const ACCEPTED_UPLOAD_EXTENSIONS = Object.keys(CONTENT_TYPES).map((extension) => `.${extension}`);

/** The query of an upload or its preview: the file's name, and a mapping not saved as its JSON. */
function ingestQuery(file: File, mapping: SpreadsheetMapping | undefined): URLSearchParams {
  const params = new URLSearchParams({ filename: file.name });
  if (mapping !== undefined) params.set('mappingJson', JSON.stringify(mapping));
  return params;
}

export function contentTypeFor(filename: string): string | undefined {
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  return CONTENT_TYPES[extension];
}

/** Whether a request changes something: it must carry the session's CSRF token. */
export function isWrite(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/** The CSRF token in an answer of POST /api/auth/session or GET /api/auth/me (a cookie session's). */
function csrfTokenOf(raw: unknown): string | undefined {
  const token = typeof raw === 'object' && raw !== null ? (raw as { csrfToken?: unknown }).csrfToken : undefined;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** Seconds to wait from a 429's body (`retryAfter`), if it says. */
export function retryAfterOf(body: unknown): number | undefined {
  const value =
    typeof body === 'object' && body !== null ? (body as { retryAfter?: unknown }).retryAfter : undefined;
  const seconds = typeof value === 'string' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? Math.ceil(seconds)
    : undefined;
}

/** "Too many attempts: try again in 42 s." */
export function tooManyAttemptsText(seconds: number | undefined): string {
  return seconds === undefined
    ? 'Too many attempts: wait a few minutes, then try again.'
    : `Too many attempts: try again in ${seconds} s.`;
}

/** A message for people from an error body ({statusCode, message, error}) and the status. */
export function messageFor(status: number, body: unknown, path: string, role?: string): string {
  const raw = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : undefined;
  // A refused form (a new user, a name) lists each problem as a sentence: say them all.
  const problems =
    typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  const listed = Array.isArray(problems)
    ? problems.filter((problem): problem is string => typeof problem === 'string')
    : [];
  const text = listed.length > 0 ? `${message ?? 'Not valid'}: ${listed.join('; ')}` : message;
  switch (status) {
    case 401:
      return path.startsWith('/api/auth/login') || path.startsWith('/api/auth/session')
        ? 'Wrong email or password. Check both and try again.'
        : 'Your session has ended (it expired, was revoked, or you signed out elsewhere). Sign in again.';
    case 403:
      if (text !== undefined && /X-CSRF-Token/i.test(text)) {
        return 'This change was refused because it did not carry this page’s session check (it could have come from another site). Reload the page and try again.';
      }
      // A refused change of people or names says why (another clinic's therapist), not only "your role".
      if (
        text !== undefined &&
        /^\/api\/(users|directory)\b/.test(path) &&
        !/role may not use this route/.test(text)
      ) {
        return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
      }
      return role === undefined ? 'Your role may not see this.' : `Your role (${role}) may not see this.`;
    case 429:
      return tooManyAttemptsText(retryAfterOf(body));
    case 404:
      return text !== undefined && !/^Cannot (GET|POST)/.test(text)
        ? text
        : `This Threshold server does not offer ${path.split('?')[0]} (it may be older than this dashboard).`;
    case 413:
      return text ?? 'The file is larger than this server accepts (THRESHOLD_MAX_UPLOAD_BYTES).';
    case 415:
      return (
        text ?? 'The server does not accept this kind of file: send CSV, JSON rows, NDJSON or Arrow IPC.'
      );
    default:
      return text ?? `The API answered ${status} for ${path.split('?')[0]}.`;
  }
}

function ingestErrorsOf(body: unknown): { errors: IngestError[]; batch: Batch | undefined } {
  if (typeof body !== 'object' || body === null) return { errors: [], batch: undefined };
  const { errors, batch } = body as { errors?: unknown[]; batch?: Batch };
  const lineErrors = Array.isArray(errors)
    ? errors.filter((error): error is IngestError => typeof error === 'object' && error !== null)
    : [];
  return { errors: lineErrors, batch };
}

/** Filter values arrive as codes or keys (strings) or as objects; pages get {value, label}. */
function toOptions(raw: unknown, label: (value: string) => string): Option[] {
  if (!Array.isArray(raw)) return [];
  const options: Option[] = [];
  for (const item of raw) {
    if (typeof item === 'string') options.push({ value: item, label: label(item) });
    else if (typeof item === 'object' && item !== null) {
      const record = item as Record<string, unknown>;
      const value = [record.key, record.code, record.value, record.id, record.name].find(
        (field) => typeof field === 'string',
      ) as string | undefined;
      if (value === undefined) continue;
      options.push({ value, label: typeof record.label === 'string' ? record.label : label(value) });
    }
  }
  return options;
}

/** Options in the order of their labels. */
function byLabel(options: Option[]): Option[] {
  return [...options].sort((a, b) => a.label.localeCompare(b.label, 'en'));
}

export interface ApiClient {
  health(signal?: AbortSignal): Promise<Health>;
  filters(signal?: AbortSignal): Promise<FilterCatalogue>;
  summary(filters: Filters, signal?: AbortSignal): Promise<CohortSummary>;
  report(filters: Filters, request?: ReportRequest, signal?: AbortSignal): Promise<ReportAnswer>;
  coverage(filters: Filters, signal?: AbortSignal): Promise<Coverage>;
  /**
   * The case-mix adjusted comparison (GET /api/therapists/adjusted). Only an admin may filter it:
   * owners and therapists send no filters but the measure (the API refuses others).
   */
  adjusted(request: AdjustedRequest, signal?: AbortSignal): Promise<AdjustedComparison>;
  batches(page: { limit: number; offset: number }, signal?: AbortSignal): Promise<BatchPage>;
  batch(id: string, signal?: AbortSignal): Promise<Batch>;
  /** The batch of an upload (by its X-Upload-Id), with its progress while it loads; undefined until it exists. */
  batchOfUpload(uploadId: string, signal?: AbortSignal): Promise<Batch | undefined>;
  /** `mapping`: a spreadsheet in the clinic's own layout, read through this mapping (sent as mappingJson). */
  upload(file: File, onProgress: (progress: UploadProgress) => void, mapping?: SpreadsheetMapping): Upload;
  /** A dry run of the ingest (POST /api/ingest/preview): sheets, the readings as they would be stored, every error; nothing stored. */
  previewIngest(file: File, mapping: SpreadsheetMapping | undefined, signal?: AbortSignal): Promise<IngestPreview>;
  /** The clinic's saved mappings (GET /api/ingest/mappings). */
  mappings(clinic: string, signal?: AbortSignal): Promise<SavedMapping[]>;
  saveMapping(clinic: string, name: string, mapping: SpreadsheetMapping): Promise<SavedMapping>;
  templates(signal?: AbortSignal): Promise<IngestTemplate[]>;
  template(name: string): Promise<Blob>;
  /** The changes of a client's stored readings (GET /api/ingest/history), newest first. */
  history(clientId: string, session?: number, signal?: AbortSignal): Promise<ReadingChange[]>;
  exportFile(
    format: 'arrow' | 'csv',
    filters: Filters,
    onProgress?: (received: number) => void,
    signal?: AbortSignal,
  ): Promise<Blob>;
  /**
   * Starts a session with email and password, or with a token (the admin token, from the start-up
   * link or pasted in the sign-in form): POST /api/auth/session sets the session cookie.
   */
  startSession(credentials: { email: string; password: string } | { token: string }): Promise<CurrentUser>;
  /** Ends the session: revoked and its cookie cleared by the API (POST /api/auth/logout). */
  logout(): Promise<void>;
  /** Who the session belongs to (GET /api/auth/me); keeps its CSRF token. */
  me(signal?: AbortSignal): Promise<CurrentUser>;
  /** What erasing a client would delete (dryRun) or did delete (POST /api/clients/erase). */
  eraseClient(clientId: string, dryRun: boolean): Promise<ClientErasure>;
  /** One client's stored records (POST /api/clients/export), as the file the API sends. */
  clientRecords(clientId: string, format: 'csv' | 'json'): Promise<Blob>;
  /** A clinic's retention period and what the next run would erase (GET /api/clinics/:clinic/retention). */
  retention(clinic: string, signal?: AbortSignal): Promise<Retention>;
  /** Sets it (PUT); null keeps sessions. */
  setRetention(clinic: string, years: number | null): Promise<Retention>;
  /** Claims the evidence supports, and those it does not (GET /api/claims). */
  claims(measure: string, signal?: AbortSignal, mcid?: number): Promise<ClaimsAnswer>;
  /** The evidence pack of a claim, as the JSON file the API sends (GET /api/claims/:id/evidence). */
  claimEvidence(claim: Pick<Claim, 'id' | 'evidenceUrl'>, signal?: AbortSignal): Promise<Blob>;
  /** Checks marketing's own wording (POST /api/claims/wording): resolves when it may be used, else an ApiError (422) naming each forbidden word. */
  checkWording(text: string): Promise<void>;
  /** A step in a claim's life (POST /api/claims/:id/approve, /publish, /withdraw). */
  claimStep(id: string | number, step: 'approve' | 'publish' | 'withdraw', reason?: string): Promise<void>;
  /** The users the caller manages (GET /api/users): an admin every user, an owner their clinics' therapists. */
  users(signal?: AbortSignal): Promise<ManagedUser[]>;
  createUser(user: NewUserRequest): Promise<ManagedUser>;
  setDisabled(id: number, disabled: boolean): Promise<ManagedUser>;
  /** A new password; the user's sign-ins end (POST /api/users/:id/password). */
  resetPassword(id: number, password: string): Promise<{ revoked: number }>;
  /** Ends every sign-in of the user (POST /api/users/:id/revoke-tokens). */
  revokeSessions(id: number): Promise<{ revoked: number }>;
  /** The display names the caller may see (GET /api/directory). */
  directory(signal?: AbortSignal): Promise<DirectoryEntry[]>;
  /** Names or renames a clinic or therapist (POST /api/directory). */
  saveName(request: NameRequest): Promise<DirectoryEntry>;
  removeName(kind: DirectoryEntry['kind'], key: string): Promise<DirectoryEntry>;
  /**
   * Records a session (POST /api/ingest/form) under its Idempotency-Key: the same key again answers
   * the first result. A refusal is an ApiError whose `errors` name the form's fields.
   */
  recordSession(session: SessionPayload, idempotencyKey: string): Promise<{ batch: Batch; replayed: boolean }>;
  /** The next session of a client (POST, so that the client's id stays out of URLs and logs). */
  nextSession(clientId: string, signal?: AbortSignal): Promise<NextSession>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';

  /** The headers of a request; a change carries the session's CSRF token. */
  function headers(method: string, extra: Record<string, string> = {}): Record<string, string> {
    const csrf = isWrite(method) ? options.auth.csrfToken() : undefined;
    return {
      accept: 'application/json',
      ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }),
      ...extra,
    };
  }

  async function failure(response: Response, path: string, signalUnauthorized = true): Promise<ApiError> {
    const body: unknown = await response.json().catch(() => undefined);
    const { errors, batch } = ingestErrorsOf(body);
    const error = new ApiError(
      response.status,
      messageFor(response.status, body, path, options.role?.()),
      errors,
      batch,
      retryAfterOf(body),
      typeof body === 'object' && body !== null && (body as { session?: unknown }).session === 'ended',
    );
    if (error.isUnauthorized && signalUnauthorized) options.onUnauthorized?.(error);
    return error;
  }

  /** `signalUnauthorized: false`: a 401 is the answer itself (signing in), not a lost session. */
  async function send(path: string, init: RequestInit = {}, signalUnauthorized = true): Promise<Response> {
    let response: Response;
    const extra = init.headers as Record<string, string> | undefined;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        ...init,
        // The API serves the dashboard: the session cookie goes to it, and nowhere else.
        credentials: 'same-origin',
        headers: headers(init.method ?? 'GET', extra),
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError(
        0,
        'Could not reach the Threshold API. Check that Threshold is running, then reload this page.',
      );
    }
    if (!response.ok) throw await failure(response, path, signalUnauthorized);
    return response;
  }

  async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const response = await send(path, { signal });
    return (await response.json()) as T;
  }

  /** A write with a JSON body (or none); its JSON answer. */
  async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await send(path, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return (await response.json()) as T;
  }

  function withQuery(path: string, params: URLSearchParams): string {
    const query = params.toString();
    return query === '' ? path : `${path}?${query}`;
  }

  return {
    health: (signal) => getJson<Health>('/api/health', signal),

    async filters(signal) {
      const raw = await getJson<Record<string, unknown>>('/api/cohorts/filters', signal);
      const measures = Array.isArray(raw.measures) ? (raw.measures as MeasureOption[]) : [];
      const dateRange = (raw.dateRange ?? { from: null, to: null }) as FilterCatalogue['dateRange'];
      const names = readNames(raw.names);
      return {
        measures,
        sites: toOptions(raw.sites, humanize),
        conditions: toOptions(raw.conditions, humanize),
        techniques: toOptions(raw.techniques, humanize),
        // Clinics and therapists in the order of their names (people look for a name, not a key).
        clinics: byLabel(toOptions(raw.clinics, (key) => keyLabel(names, 'clinic', key))),
        therapists: byLabel(toOptions(raw.therapists, (key) => keyLabel(names, 'therapist', key))),
        dateRange,
        names,
      };
    },

    summary: (filters, signal) =>
      getJson<CohortSummary>(withQuery('/api/cohorts/summary', filtersToApiQuery(filters)), signal),

    async adjusted(request, signal) {
      const params =
        request.filters === undefined
          ? new URLSearchParams()
          : filtersToApiQuery(request.filters, ['therapist']);
      if (request.measure !== undefined) params.set('measure', request.measure);
      if (request.mcid !== undefined) params.set('mcid', String(request.mcid));
      params.set('by', request.by);
      const raw = await getJson<Record<string, unknown>>(
        withQuery('/api/therapists/adjusted', params),
        signal,
      );
      return readAdjusted(raw, request.by);
    },

    async report(filters, request = {}, signal) {
      const params = filtersToApiQuery(filters, request.omit);
      if (request.by !== undefined) params.set('by', request.by);
      if (request.ref !== undefined) params.set('ref', request.ref);
      if (request.mcid !== undefined) params.set('mcid', String(request.mcid));
      const response = await send(withQuery('/api/reports', params), { signal });
      return {
        report: readReport((await response.json()) as ApiReport),
        dataVersion: response.headers.get('x-data-version'),
        cache: response.headers.get('x-cache'),
      };
    },

    coverage(filters, signal) {
      return getJson<Coverage>(withQuery('/api/cohorts/coverage', filtersToApiQuery(filters)), signal);
    },

    batches(page, signal) {
      const params = new URLSearchParams({ limit: String(page.limit), offset: String(page.offset) });
      return getJson<BatchPage>(withQuery('/api/ingest/batches', params), signal);
    },

    batch: (id, signal) => getJson<Batch>(`/api/ingest/batches/${encodeURIComponent(id)}`, signal),

    async batchOfUpload(uploadId, signal) {
      const page = await getJson<BatchPage>(
        withQuery('/api/ingest/batches', new URLSearchParams({ uploadId })),
        signal,
      );
      return page.batches[0];
    },

    upload(file, onProgress, mapping) {
      // XMLHttpRequest rather than fetch: only XHR reports upload progress (bytes sent) in browsers.
      const request = new XMLHttpRequest();
      const path = withQuery('/api/ingest', ingestQuery(file, mapping));
      const uploadId = crypto.randomUUID();
      const result = new Promise<Batch>((resolve, reject) => {
        request.open('POST', `${baseUrl}${path}`);
        for (const [name, value] of Object.entries(headers('POST'))) request.setRequestHeader(name, value);
        const contentType =
          contentTypeFor(file.name) ?? (file.type === '' ? 'application/octet-stream' : file.type);
        request.setRequestHeader('content-type', contentType);
        request.setRequestHeader('x-upload-id', uploadId);
        request.upload.addEventListener('progress', (event) =>
          onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size }),
        );
        request.upload.addEventListener('load', () => onProgress({ sent: file.size, total: file.size }));
        request.addEventListener('load', () => {
          let body: unknown;
          try {
            body = JSON.parse(request.responseText);
          } catch {
            body = undefined;
          }
          if (request.status >= 200 && request.status < 300) {
            resolve((body as { batch: Batch }).batch);
            return;
          }
          const { errors, batch } = ingestErrorsOf(body);
          const error = new ApiError(
            request.status,
            messageFor(request.status, body, path, options.role?.()),
            errors,
            batch,
          );
          if (error.isUnauthorized) options.onUnauthorized?.(error);
          reject(error);
        });
        request.addEventListener('error', () =>
          reject(new ApiError(0, 'The upload was interrupted: the connection to Threshold was lost.')),
        );
        request.addEventListener('abort', () =>
          reject(new DOMException('The upload was cancelled.', 'AbortError')),
        );
        request.send(file);
      });
      return { uploadId, result, abort: () => request.abort() };
    },

    async previewIngest(file, mapping, signal) {
      const response = await send(withQuery('/api/ingest/preview', ingestQuery(file, mapping)), {
        method: 'POST',
        signal,
        headers: { 'content-type': contentTypeFor(file.name) ?? (file.type === '' ? 'application/octet-stream' : file.type) },
        body: file,
      });
      return (await response.json()) as IngestPreview;
    },

    async mappings(clinic, signal) {
      const answer = await getJson<{ mappings: SavedMapping[] }>(withQuery('/api/ingest/mappings', new URLSearchParams({ clinic })), signal);
      return answer.mappings;
    },

    saveMapping(clinic, name, mapping) {
      return sendJson<SavedMapping>('PUT', withQuery(`/api/ingest/mappings/${encodeURIComponent(name)}`, new URLSearchParams({ clinic })), mapping);
    },

    async templates(signal) {
      return (await getJson<{ templates: IngestTemplate[] }>('/api/ingest/templates', signal)).templates;
    },

    async template(name) {
      const response = await send(`/api/ingest/templates/${encodeURIComponent(name)}`, { headers: { accept: '*/*' } });
      return new Blob([await response.arrayBuffer()], { type: response.headers.get('content-type') ?? 'application/octet-stream' });
    },

    async history(clientId, session, signal) {
      const params = new URLSearchParams({ client_id: clientId });
      if (session !== undefined) params.set('session', String(session));
      return (await getJson<{ changes: ReadingChange[] }>(withQuery('/api/ingest/history', params), signal)).changes;
    },

    async exportFile(format, filters, onProgress, signal) {
      const params = filtersToApiQuery(filters);
      params.set('format', format);
      // fetch and not a plain link: the body is read chunk by chunk to report progress.
      const response = await send(withQuery('/api/export', params), { signal, headers: { accept: '*/*' } });
      const type =
        response.headers.get('content-type') ??
        (format === 'arrow' ? 'application/vnd.apache.arrow.stream' : 'text/csv');
      if (response.body === null) return new Blob([await response.arrayBuffer()], { type });
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        onProgress?.(received);
      }
      return new Blob(chunks, { type });
    },

    async startSession(credentials) {
      const response = await send(
        '/api/auth/session',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify('token' in credentials ? { token: credentials.token.trim() } : credentials),
        },
        false,
      );
      const { user } = (await response.json()) as { user?: unknown };
      options.auth.setCsrfToken(csrfTokenOf(user));
      return parseCurrentUser(user);
    },

    async logout() {
      try {
        await send('/api/auth/logout', { method: 'POST' });
      } finally {
        options.auth.setCsrfToken(undefined);
      }
    },

    async me(signal) {
      const raw = await getJson<unknown>('/api/auth/me', signal);
      options.auth.setCsrfToken(csrfTokenOf(raw));
      return parseCurrentUser(raw);
    },

    async eraseClient(clientId, dryRun) {
      const response = await send('/api/clients/erase', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId, dryRun }),
      });
      return (await response.json()) as ClientErasure;
    },

    async clientRecords(clientId, format) {
      const response = await send('/api/clients/export', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: '*/*' },
        body: JSON.stringify({ clientId, format }),
      });
      return new Blob([await response.arrayBuffer()], {
        type: format === 'csv' ? 'text/csv' : 'application/json',
      });
    },

    retention(clinic, signal) {
      return getJson<Retention>(`/api/clinics/${encodeURIComponent(clinic)}/retention`, signal);
    },

    async setRetention(clinic, years) {
      const response = await send(`/api/clinics/${encodeURIComponent(clinic)}/retention`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ years }),
      });
      return (await response.json()) as Retention;
    },

    claims(measure, signal, mcid) {
      const query = new URLSearchParams({ measure });
      if (mcid !== undefined) query.set('mcid', String(mcid));
      return getJson<ClaimsAnswer>(withQuery('/api/claims', query), signal);
    },

    async checkWording(text) {
      await send('/api/claims/wording', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
    },

    async claimStep(id, step, reason) {
      await send(`/api/claims/${encodeURIComponent(String(id))}/${step}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(reason === undefined ? {} : { reason }),
      });
    },

    async claimEvidence(claim, signal) {
      // The API names the pack's address; anything but one of its own paths is not followed.
      const path = claim.evidenceUrl?.startsWith('/api/')
        ? claim.evidenceUrl
        : `/api/claims/${encodeURIComponent(String(claim.id))}/evidence`;
      const response = await send(path, { signal });
      return new Blob([await response.arrayBuffer()], { type: 'application/json' });
    },

    users: (signal) => getJson<ManagedUser[]>('/api/users', signal),
    createUser: (user) => sendJson<ManagedUser>('POST', '/api/users', user),
    setDisabled: (id, disabled) => sendJson<ManagedUser>('PATCH', `/api/users/${id}`, { disabled }),
    resetPassword: (id, password) =>
      sendJson<{ revoked: number }>('POST', `/api/users/${id}/password`, { password }),
    revokeSessions: (id) => sendJson<{ revoked: number }>('POST', `/api/users/${id}/revoke-tokens`),

    async directory(signal) {
      return (await getJson<{ entries: DirectoryEntry[] }>('/api/directory', signal)).entries;
    },
    saveName: (request) => sendJson<DirectoryEntry>('POST', '/api/directory', request),
    async recordSession(session, idempotencyKey) {
      const response = await send('/api/ingest/form', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(session),
      });
      return (await response.json()) as { batch: Batch; replayed: boolean };
    },
    async nextSession(clientId, signal) {
      const response = await send('/api/ingest/form/next-session', {
        method: 'POST',
        signal,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId }),
      });
      return (await response.json()) as NextSession;
    },
    removeName: (kind, key) =>
      sendJson<DirectoryEntry>(
        'DELETE',
        `/api/directory/${encodeURIComponent(kind)}/${encodeURIComponent(key)}`,
      ),
  };
}
