// Public surface of @threshold/ingest: reading the canonical long format (report-contract.md section 1).
export { COLUMNS, REQUIRED_COLUMNS, type ColumnName } from './columns.js';
export { formatIngestError, readOutcomes, type BatchHandler, type ReadOutcomesOptions, type ReadOutcomesResult } from './read-outcomes.js';
export {
  detectFormat,
  FORMAT_EXTENSIONS,
  FORMAT_MEDIA_TYPES,
  formatExtensionsText,
  OUTCOMES_FORMATS,
  unknownFormatMessage,
  unknownUploadFormatMessage,
  type OutcomesFormatEntry,
  type OutcomesReader,
  type ReaderOptions,
} from './formats.js';
export { duplicateRowMessage } from './record-sink.js';
export { parseDecimal } from './parse-values.js';
export { MappingError, parseMapping, type SpreadsheetMapping } from './mapping/spreadsheet-mapping.js';
export type { IngestError, MeasurementRow, OutcomesFormat } from './types.js';
export { HandOverFileWriter, HandOverStreamWriter } from './arrow/hand-over-writers.js';
export { readSheetColumns, type SheetColumns } from './mapping/sheet-columns.js';
export { INGEST_TEMPLATES, templateFile, WIDE_MAPPING, WIDE_SITES, writeWorkbook, type IngestTemplate } from './mapping/templates.js';
