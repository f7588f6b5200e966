import { FatalInputError } from '../fatal-input-error.js';
import { JsonRowsParser, type JsonRowValue } from './json-rows-parser.js';

interface ParsedRow {
  line: number;
  row: Record<string, JsonRowValue>;
}

function parse(text: string, chunkSize = text.length || 1): ParsedRow[] {
  const rows: ParsedRow[] = [];
  const parser = new JsonRowsParser((keys, values, line) => {
    rows.push({ line, row: Object.fromEntries(keys.map((key, k) => [key, values[k]])) });
  });
  for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize));
  parser.end();
  return rows;
}

function parseError(text: string, chunkSize?: number): FatalInputError {
  try {
    parse(text, chunkSize);
  } catch (error) {
    if (error instanceof FatalInputError) return error;
    throw error;
  }
  throw new Error('expected a FatalInputError');
}

describe('JsonRowsParser', () => {
  it('reads an array of flat objects, each with the line of its opening brace', () => {
    const text = '[\n  {"a": "x", "b": 1.5e1},\n  {\n    "a": null,\n    "b": -2\n  }, {}\n]\n';
    expect(parse(text)).toEqual([
      { line: 2, row: { a: 'x', b: 15 } },
      { line: 3, row: { a: null, b: -2 } },
      { line: 6, row: {} },
    ]);
  });

  it('reads NDJSON, one object per line, blank lines allowed', () => {
    expect(parse('{"a":1}\n\n{"a":2}\r\n{"a":3}')).toEqual([
      { line: 1, row: { a: 1 } },
      { line: 3, row: { a: 2 } },
      { line: 4, row: { a: 3 } },
    ]);
  });

  it('decodes string escapes, including \\u escapes and surrogate pairs', () => {
    expect(parse('[{"a": "q\\"\\\\\\/\\n\\t\\u00e9\\ud83d\\ude00"}]')[0].row.a).toBe('q"\\/\n\té😀');
  });

  it('passes booleans, nested objects and arrays on as unsupported values, and goes on', () => {
    expect(parse('[{"a": true, "b": {"c": [1, "}"]}, "d": [[]], "e": false}, {"a": 1}]')).toEqual([
      {
        line: 1,
        row: {
          a: { unsupported: 'true or false' },
          b: { unsupported: 'a nested object' },
          d: { unsupported: 'an array' },
          e: { unsupported: 'true or false' },
        },
      },
      { line: 1, row: { a: 1 } },
    ]);
  });

  it('gives the same rows whatever the chunk boundaries', () => {
    const text =
      '[\n{"client_id": "c\\u0031", "value": -12.5e-1, "x": null},\n{"n": {"deep": [1, 2]}, "t": true}\n,{"s": "a,b}"}]';
    const whole = parse(text);
    for (let chunkSize = 1; chunkSize < text.length; chunkSize++)
      expect(parse(text, chunkSize)).toEqual(whole);
    const ndjson = '{"a": 1}\n{"b": "two\\nlines"}\n\n{"c": [3]}\n';
    const wholeNdjson = parse(ndjson);
    for (let chunkSize = 1; chunkSize < ndjson.length; chunkSize++)
      expect(parse(ndjson, chunkSize)).toEqual(wholeNdjson);
  });

  it.each([
    ['a missing comma between objects', '[\n{"a": 1}\n{"a": 2}]', 3, 'expected , or ]'],
    ['a trailing comma', '[{"a": 1},\n]', 2, 'each row must be a JSON object'],
    ['a top-level value that is not an object', '[1, 2]', 1, 'each row must be a JSON object'],
    ['text that is not JSON', 'client_id,session\nc1,1', 1, 'expected [ or {'],
    ['an unquoted key', '[{a: 1}]', 1, 'expected a key in double quotes'],
    ['a missing colon', '[{"a" 1}]', 1, 'expected : after the key "a"'],
    ['a bad literal', '[{"a": nul}]', 1, 'expected a value'],
    ['a number JSON does not allow', '[{"a": 01}]', 1, 'invalid number 01'],
    ['a line break inside a string', '[{"a": "x\ny"}]', 1, 'inside a string'],
    ['an invalid escape', '[{"a": "\\x41"}]', 1, 'invalid escape \\x'],
    ['two objects on one NDJSON line', '{"a": 1} {"a": 2}', 1, 'one object per line'],
    ['text after the array', '[{"a": 1}]\n[{"a": 2}]', 2, 'after the closing ]'],
    ['an array that is never closed', '[{"a": 1},\n{"a": 2}\n', 3, 'the array is not closed'],
    [
      'an object that is never closed',
      '{"a": 1}\n{"a":\n 2\n',
      2,
      'the object that starts here is not closed',
    ],
    ['whitespace only', ' \n ', 2, 'no JSON rows'],
  ])('stops at %s, with the line', (_what, text, line, fragment) => {
    expect(parseError(text).errors).toEqual([
      { line, column: null, message: expect.stringContaining(fragment) },
    ]);
  });

  it('passes lone surrogates from \\u escapes on (the validator refuses them), and keeps its messages well-formed', () => {
    expect(parse('[{"a\\udfff": "zz\\ud800"}]')[0].row).toEqual({ 'a\udfff': 'zz\ud800' });
    // A message quoting a key with a lone surrogate, or half of a pair cut off by the escape.
    expect(parseError('[{"zz\\ud800" 1}]').errors[0].message).toBe(
      'invalid JSON: expected : after the key "zz\uFFFD"',
    );
    expect(parseError('[{"a": "\\\ud83d\ude00"}]').errors[0].message).toBe(
      'invalid JSON: invalid escape \\\uFFFD in a string',
    );
  });

  it('refuses an object longer than the cap', () => {
    const text = `[{"a": "${'x'.repeat(70_000)}"}]`;
    for (const chunkSize of [text.length, 4096]) {
      expect(parseError(text, chunkSize).errors[0]).toMatchObject({
        line: 1,
        message: expect.stringContaining('longer than 65536'),
      });
    }
  });
});
