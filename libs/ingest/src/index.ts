// Public surface of @threshold/ingest: reading the canonical long format (report-contract.md section 1).
export { COLUMNS, REQUIRED_COLUMNS, type ColumnName } from './columns.js';
export {
  detectFormat,
  formatIngestError,
  FORMAT_EXTENSIONS,
  readOutcomes,
  type BatchHandler,
  type ReadOutcomesOptions,
  type ReadOutcomesResult,
  unknownFormatMessage,
} from './read-outcomes.js';
export { duplicateRowMessage } from './record-sink.js';
export { parseDecimal } from './parse-values.js';
export type { IngestError, MeasurementRow, OutcomesFormat } from './types.js';
export { HandOverFileWriter, HandOverStreamWriter } from './arrow/hand-over-writers.js';
