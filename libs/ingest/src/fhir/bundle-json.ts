/**
 * A FHIR Bundle is one JSON document whose entries may refer to each other (an Observation's
 * encounter, dated by an Encounter entry anywhere in the bundle), so it is parsed whole, not
 * streamed: the bytes are gathered up to FHIR_BUNDLE_MAX_BYTES and refused beyond, so that an
 * upload as large as the upload limit (2 GiB) never becomes a string and object graph several times
 * its size. Larger data go as several bundles, or as CSV, JSON rows or Arrow, which are streamed.
 */
import { FatalInputError } from '../fatal-input-error.js';

/** The largest bundle read: 256 MiB, about 300,000 Observations of the size docs/fhir.md shows. */
export const FHIR_BUNDLE_MAX_BYTES = 256 * 1024 * 1024;

/** The bundle's JSON value; FatalInputError when it is too large, not UTF-8 or not JSON. */
export async function parseBundleJson(source: AsyncIterable<Uint8Array>, maxBytes = FHIR_BUNDLE_MAX_BYTES): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw FatalInputError.at(
        0,
        `the bundle is larger than ${maxBytes / 1024 / 1024} MiB, the most a FHIR bundle may hold (it is read whole): split it into several bundles, or send CSV, JSON rows or Arrow`,
      );
    }
    chunks.push(chunk);
  }
  let text: string;
  try {
    // fatal: bytes that are not UTF-8 are refused, not turned into U+FFFD; a byte order mark is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, size));
  } catch {
    throw FatalInputError.at(0, 'is not UTF-8 text: a FHIR JSON bundle is UTF-8 (RFC 8259)');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw syntaxError(text, error instanceof Error ? error.message : String(error));
  }
}

/**
 * JSON.parse's reason, with the line and character of the position when V8 names one. The line is
 * given in `location`, since a FHIR error's `line` numbers entries (see IngestError).
 */
function syntaxError(text: string, message: string): FatalInputError {
  // V8 quotes a stretch of the input in some messages; only the reason is kept, since the input
  // may hold a client's id.
  const reason = message
    .replace(/,? (\.\.\.)?"[^]*$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/^Unexpected end of JSON input.*$/, 'the input ends before the JSON does');
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return FatalInputError.at(0, `not valid JSON: ${reason}`);
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const character = Number(position) - before.lastIndexOf('\n');
  return new FatalInputError([{ line: 0, column: null, message: `not valid JSON: ${reason}`, location: `line ${line}, character ${character}` }]);
}
