/**
 * Turns the byte stream into text for the CSV and JSON parsers, refusing what is not text: invalid
 * UTF-8 (a file saved in another encoding, or a binary file) and NUL bytes (which PostgreSQL text
 * cannot hold, and which mark binary files). A UTF-8 byte order mark is dropped.
 */
import { FatalInputError } from '../fatal-input-error.js';

/** A streaming parser of text that knows the line (1-based) at the end of the text it has been given. */
export interface TextParser {
  readonly line: number;
  push(text: string): void;
  end(): void;
}

/**
 * Feeds the source to the parser chunk by chunk, awaiting `afterChunk` between chunks (the parser
 * calls back synchronously; the reader delivers full batches there).
 */
export async function parseText(
  source: AsyncIterable<Uint8Array>,
  parser: TextParser,
  afterChunk: () => Promise<void>,
): Promise<void> {
  // fatal: invalid bytes throw instead of becoming U+FFFD; the default ignoreBOM: false drops the BOM.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of source) {
    // Searching the bytes (memchr) is several times faster than searching the decoded text.
    const nul = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).indexOf(0);
    if (nul !== -1) {
      throw FatalInputError.at(
        parser.line + countLineFeeds(chunk, nul),
        'contains a NUL byte: this looks like a binary file, not text; export the data as UTF-8 text',
      );
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw invalidUtf8(parser.line + countLineFeeds(chunk, firstInvalidUtf8Offset(chunk)));
    }
    if (text.length > 0) parser.push(text);
    await afterChunk();
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw invalidUtf8(parser.line);
  }
  if (rest.length > 0) parser.push(rest);
  parser.end();
}

function invalidUtf8(line: number): FatalInputError {
  return FatalInputError.at(
    line,
    'not valid UTF-8 text: save the file as UTF-8 (in a spreadsheet, "CSV UTF-8"), or check that it is not a binary file',
  );
}

const LINE_FEED = 10;

/** Line feeds in the first `end` bytes. */
function countLineFeeds(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(LINE_FEED); i !== -1 && i < end; i = bytes.indexOf(LINE_FEED, i + 1)) count++;
  return count;
}

/**
 * Where the first invalid UTF-8 sequence of a chunk starts (the decoder only says that there is one),
 * following the rules of the WHATWG decoder: no overlong forms, no surrogates, nothing above U+10FFFF.
 * Continuation bytes at the very start belong to a sequence begun in the previous chunk and are
 * skipped. Returns the chunk's length when every complete sequence is valid.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < bytes.length && (bytes[i] & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let secondMin = 0x80;
    let secondMax = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) secondMin = 0xa0;
      if (lead === 0xed) secondMax = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) secondMin = 0x90;
      if (lead === 0xf4) secondMax = 0x8f;
    } else return i;
    const available = Math.min(length, bytes.length - i);
    if (available >= 2 && (bytes[i + 1] < secondMin || bytes[i + 1] > secondMax)) return i;
    for (let k = 2; k < available; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    if (available < length) return bytes.length; // cut by the chunk's end: not (yet) an error
    i += length;
  }
  return bytes.length;
}
