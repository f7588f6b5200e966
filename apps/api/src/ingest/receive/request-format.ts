/**
 * The format of a request, told by its content type or file name through libs/ingest's registry
 * of formats (formats.ts): checked before anything is recorded, by the HTTP route before it reads
 * the body, by the watch folder and the command line before they open the file.
 */
import { detectFormat, unknownUploadFormatMessage, type OutcomesFormat } from '@threshold/ingest';

export class UnsupportedFormatError extends Error {
  constructor(filename: string | null, contentType: string | null) {
    super(unknownUploadFormatMessage(filename, contentType));
    this.name = 'UnsupportedFormatError';
  }
}

/** The format of a request, or UnsupportedFormatError. */
export function formatOf(filename: string | null, contentType: string | null): OutcomesFormat {
  const format = detectFormat(filename ?? undefined, contentType ?? undefined);
  if (format === undefined) throw new UnsupportedFormatError(filename, contentType);
  return format;
}
