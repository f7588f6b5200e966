/**
 * The registry of formats: every name an entry gives tells its format, and the messages every door
 * shows name what the registry holds (the texts these pin were written out by hand before the
 * registry made them).
 */
import {
  detectFormat,
  FORMAT_EXTENSIONS,
  FORMAT_MEDIA_TYPES,
  formatExtensionsText,
  OUTCOMES_FORMATS,
  unknownFormatMessage,
  unknownUploadFormatMessage,
} from './formats.js';

describe('the registry of formats', () => {
  it.each(OUTCOMES_FORMATS.map((format) => [format.name, format] as const))('tells %s by each of its extensions and content types', (name, format) => {
    for (const extension of format.extensions) expect(detectFormat(`visits.${extension.toUpperCase()}`)).toBe(name);
    for (const mediaType of format.mediaTypes) expect(detectFormat('visits.bin', `${mediaType}; charset=utf-8`)).toBe(name);
  });

  it('tells a FHIR bundle by its double extension, and a plain .json file as JSON rows', () => {
    expect(detectFormat('export/Visits.FHIR.json')).toBe('fhir');
    expect(detectFormat('visits.json')).toBe('json');
    expect(detectFormat('fhir.json')).toBe('json');
  });

  it('gives each extension and content type to one format only', () => {
    expect(new Set(FORMAT_EXTENSIONS).size).toBe(FORMAT_EXTENSIONS.length);
    expect(new Set(FORMAT_MEDIA_TYPES).size).toBe(FORMAT_MEDIA_TYPES.length);
  });

  it('names every extension for a file of no known format', () => {
    expect(unknownFormatMessage('visits.xls')).toBe(
      'cannot tell the format of visits.xls: name it .csv (CSV), .json, .ndjson or .jsonl (JSON rows), .arrow, .arrows or .ipc (Arrow IPC), .xlsx (Excel workbook), or .fhir.json (FHIR R4 Bundle)',
    );
    expect(formatExtensionsText()).toBe('.csv: CSV; .json, .ndjson or .jsonl: JSON rows; .arrow, .arrows or .ipc: Arrow IPC; .xlsx: Excel workbook; .fhir.json: FHIR R4 Bundle');
  });

  it('names every content type for an upload of no known format', () => {
    expect(unknownUploadFormatMessage('visits.xls', 'application/octet-stream')).toBe(
      'cannot tell the format of visits.xls (application/octet-stream): send text/csv, application/json, application/x-ndjson, application/vnd.apache.arrow.file, application/vnd.apache.arrow.stream, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/fhir+json',
    );
    expect(unknownUploadFormatMessage(null, null)).toMatch(/^cannot tell the format of the upload: send text\/csv, /);
  });
});
