/**
 * A streaming parser for JSON rows: either one top-level array of objects, or NDJSON (one object per
 * line). It never holds more than the current object: an object cut by the end of a chunk is kept
 * and parsed again, whole, when the next chunk arrives (objects are short; longer than
 * MAX_OBJECT_LENGTH is an error).
 *
 * Rows must be flat. Values are strings, numbers or null; true/false, nested objects and arrays are
 * passed on as {@link UnsupportedValue} so that the reader can refuse them with the key. Syntax errors
 * stop the parse (a JSON parser cannot find its way back), with the line where they were found.
 */
import { FatalInputError } from '../fatal-input-error.js';
import type { TextParser } from '../text/decode-text.js';
import { withLoneSurrogatesReplaced } from '../well-formed-text.js';

/** A value that the format does not accept, described for the message. */
export interface UnsupportedValue {
  readonly unsupported: 'true or false' | 'a nested object' | 'an array';
}

export type JsonRowValue = string | number | null | UnsupportedValue;

/** Called for each object with its keys and values (arrays reused for the next object) and the line of its `{`. */
export type JsonRowHandler = (keys: readonly string[], values: readonly JsonRowValue[], line: number) => void;

export const MAX_OBJECT_LENGTH = 65_536;

const BOOLEAN: UnsupportedValue = { unsupported: 'true or false' };
const NESTED_OBJECT: UnsupportedValue = { unsupported: 'a nested object' };
const ARRAY: UnsupportedValue = { unsupported: 'an array' };
/** Returned by the value readers when the text ends before the value does. */
const INCOMPLETE = Symbol('incomplete');

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

// Where the parser is in the top-level structure.
const START = 0;
/** After `[`: an object or `]`. */
const ARRAY_FIRST = 1;
/** After `,` in the array: an object. */
const ARRAY_ITEM = 2;
/** After an object in the array: `,` or `]`. */
const ARRAY_AFTER_ITEM = 3;
/** After the closing `]`: nothing but whitespace. */
const ARRAY_CLOSED = 4;
/** NDJSON: objects, each on a line of its own. */
const LINES = 5;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export class JsonRowsParser implements TextParser {
  private layout = START;
  /** The text being parsed: an unfinished object from earlier chunks followed by the new chunk. */
  private text = '';
  private position = 0;
  /** The line at `position`. */
  private lineAtPosition = 1;
  /** The start of an object that the previous chunk cut short, and its line. */
  private unfinished = '';
  private unfinishedLine = 1;
  private lineAtEnd = 1;
  /** NDJSON: whether a line break has been seen since the last object. */
  private newlineSinceObject = true;
  private readonly keys: string[] = [];
  private readonly values: JsonRowValue[] = [];

  constructor(private readonly onRow: JsonRowHandler) {}

  get line(): number {
    return this.lineAtEnd;
  }

  push(chunk: string): void {
    this.text = this.unfinished + chunk;
    this.position = 0;
    this.lineAtPosition = this.unfinished === '' ? this.lineAtEnd : this.unfinishedLine;
    this.unfinished = '';
    while (this.skipWhitespace()) {
      const c = this.text.charCodeAt(this.position);
      switch (this.layout) {
        case START:
          if (c === 0x5b /* [ */) {
            this.layout = ARRAY_FIRST;
            this.position++;
          } else if (c === 0x7b /* { */) {
            this.layout = LINES;
          } else {
            throw this.syntaxError(
              'expected [ or {: JSON rows are an array of objects, or one object per line',
            );
          }
          break;
        case ARRAY_FIRST:
          if (c === 0x5d /* ] */) {
            this.layout = ARRAY_CLOSED;
            this.position++;
          } else if (!this.object(ARRAY_AFTER_ITEM)) return;
          break;
        case ARRAY_ITEM:
          if (!this.object(ARRAY_AFTER_ITEM)) return;
          break;
        case ARRAY_AFTER_ITEM:
          if (c === 0x2c /* , */) this.layout = ARRAY_ITEM;
          else if (c === 0x5d /* ] */) this.layout = ARRAY_CLOSED;
          else throw this.syntaxError("expected , or ] after a row's object");
          this.position++;
          break;
        case ARRAY_CLOSED:
          throw this.syntaxError('text after the closing ] of the array');
        default:
          if (!this.newlineSinceObject)
            throw this.syntaxError('one object per line: start the next object on a new line');
          if (!this.object(LINES)) return;
      }
    }
    this.lineAtEnd = this.lineAtPosition;
  }

  end(): void {
    if (this.unfinished !== '') {
      throw FatalInputError.at(
        this.unfinishedLine,
        'the object that starts here is not closed: the input ends inside it',
      );
    }
    if (this.layout === START)
      throw FatalInputError.at(this.lineAtEnd, 'no JSON rows: the input holds only whitespace');
    if (this.layout !== ARRAY_CLOSED && this.layout !== LINES) {
      throw FatalInputError.at(this.lineAtEnd, 'the array is not closed: add ] at the end');
    }
  }

  /**
   * Parses the object at the position and hands it on, then moves to `next`. Returns false when the
   * chunk ends inside the object, which is then kept for the next chunk.
   */
  private object(next: number): boolean {
    if (this.text.charCodeAt(this.position) !== 0x7b) {
      throw this.syntaxError('each row must be a JSON object: {"client_id": ..., ...}');
    }
    const start = this.position;
    const line = this.lineAtPosition;
    const complete = this.readObject();
    const length = (complete ? this.position : this.text.length) - start;
    if (length > MAX_OBJECT_LENGTH) {
      throw FatalInputError.at(
        line,
        `the object that starts here is longer than ${MAX_OBJECT_LENGTH} characters: rows are short, flat objects`,
      );
    }
    if (!complete) {
      this.unfinished = this.text.slice(start);
      this.unfinishedLine = line;
      this.lineAtEnd = line + countLineFeeds(this.unfinished);
      return false;
    }
    this.onRow(this.keys, this.values, line);
    this.layout = next;
    this.newlineSinceObject = false;
    return true;
  }

  /** Reads `{ "key": value, ... }` into keys and values; false if the text ends first. */
  private readObject(): boolean {
    this.keys.length = 0;
    this.values.length = 0;
    this.position++;
    if (!this.skipWhitespace()) return false;
    if (this.text.charCodeAt(this.position) === 0x7d /* } */) {
      this.position++;
      return true;
    }
    for (;;) {
      if (this.text.charCodeAt(this.position) !== 0x22 /* " */)
        throw this.syntaxError('expected a key in double quotes');
      const key = this.readString();
      if (key === INCOMPLETE || !this.skipWhitespace()) return false;
      if (this.text.charCodeAt(this.position) !== 0x3a /* : */)
        throw this.syntaxError(`expected : after the key "${key}"`);
      this.position++;
      if (!this.skipWhitespace()) return false;
      const value = this.readValue();
      if (value === INCOMPLETE || !this.skipWhitespace()) return false;
      this.keys.push(key);
      this.values.push(value);
      const c = this.text.charCodeAt(this.position);
      if (c !== 0x7d /* } */ && c !== 0x2c /* , */) throw this.syntaxError('expected , or } after a value');
      this.position++;
      if (c === 0x7d) return true;
      if (!this.skipWhitespace()) return false;
    }
  }

  private readValue(): JsonRowValue | typeof INCOMPLETE {
    const c = this.text.charCodeAt(this.position);
    if (c === 0x22 /* " */) return this.readString();
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) return this.readNumber();
    if (c === 0x6e /* n */) return this.readLiteral('null', null);
    if (c === 0x74 /* t */) return this.readLiteral('true', BOOLEAN);
    if (c === 0x66 /* f */) return this.readLiteral('false', BOOLEAN);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) return this.skipNested(c === 0x7b ? NESTED_OBJECT : ARRAY);
    throw this.syntaxError('expected a value: a string, a number or null');
  }

  /**
   * Reads a string. Most strings hold neither escapes nor (forbidden) control characters: they are
   * found with indexOf and checked with a tight loop, leaving readEscapedString for the others.
   */
  private readString(): string | typeof INCOMPLETE {
    const text = this.text;
    const start = this.position + 1;
    const close = text.indexOf('"', start);
    if (close === -1) return INCOMPLETE;
    for (let i = start; i < close; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c === 0x5c /* \ */) return this.readEscapedString();
    }
    this.position = close + 1;
    return text.slice(start, close);
  }

  private readEscapedString(): string | typeof INCOMPLETE {
    const text = this.text;
    let i = this.position + 1;
    let segmentStart = i;
    let value = '';
    for (;;) {
      if (i >= text.length) return INCOMPLETE;
      const c = text.charCodeAt(i);
      if (c === 0x22 /* " */) {
        this.position = i + 1;
        return value + text.slice(segmentStart, i);
      }
      if (c === 0x5c /* \ */) {
        value += text.slice(segmentStart, i);
        if (i + 1 >= text.length) return INCOMPLETE;
        const escape = text[i + 1];
        if (escape === 'u') {
          if (i + 6 > text.length) return INCOMPLETE;
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.syntaxError(`invalid escape \\u${hex} in a string`);
          value += String.fromCharCode(Number.parseInt(hex, 16));
          i += 6;
        } else {
          const unescaped = Object.hasOwn(ESCAPES, escape) ? ESCAPES[escape] : undefined;
          if (unescaped === undefined) throw this.syntaxError(`invalid escape \\${escape} in a string`);
          value += unescaped;
          i += 2;
        }
        segmentStart = i;
      } else if (c < 0x20) {
        throw this.syntaxError('a line break or control character inside a string: write it escaped (\\n)');
      } else {
        i++;
      }
    }
  }

  private readNumber(): number | typeof INCOMPLETE {
    const text = this.text;
    let end = this.position;
    while (end < text.length && isNumberCharacter(text.charCodeAt(end))) end++;
    if (end === text.length) return INCOMPLETE;
    const token = text.slice(this.position, end);
    if (!JSON_NUMBER.test(token)) throw this.syntaxError(`invalid number ${token}`);
    this.position = end;
    return Number(token);
  }

  private readLiteral<T extends JsonRowValue>(literal: string, value: T): T | typeof INCOMPLETE {
    const available = this.text.slice(this.position, this.position + literal.length);
    if (available !== literal.slice(0, available.length))
      throw this.syntaxError('expected a value: a string, a number or null');
    if (available.length < literal.length) return INCOMPLETE;
    this.position += literal.length;
    return value;
  }

  /**
   * Steps over a nested object or array, which the row will be refused for. Only its brackets and
   * strings are followed: what is inside is not checked, since the row is an error anyway.
   */
  private skipNested(kind: UnsupportedValue): UnsupportedValue | typeof INCOMPLETE {
    const text = this.text;
    let depth = 0;
    let line = this.lineAtPosition;
    let inString = false;
    for (let i = this.position; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 0x5c /* \ */) i++;
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x0a) line++;
      else if ((c === 0x7d || c === 0x5d) && --depth === 0) {
        this.position = i + 1;
        this.lineAtPosition = line;
        return kind;
      }
    }
    return INCOMPLETE;
  }

  /** Moves past whitespace, counting lines; false at the end of the text. */
  private skipWhitespace(): boolean {
    const text = this.text;
    let i = this.position;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        this.lineAtPosition++;
        this.newlineSinceObject = true;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    }
    this.position = i;
    return i < text.length;
  }

  /**
   * A message may quote a piece of the input (a key, an escape), which may hold a lone surrogate
   * (from a \u escape, or half of a pair cut off): errors are stored as jsonb, which refuses one.
   */
  private syntaxError(message: string): FatalInputError {
    return FatalInputError.at(this.lineAtPosition, `invalid JSON: ${withLoneSurrogatesReplaced(message)}`);
  }
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function isNumberCharacter(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}
