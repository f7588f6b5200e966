import { FatalInputError } from '../fatal-input-error.js';
import { CsvParser } from './csv-parser.js';

interface ParsedRecord {
  line: number;
  fields: string[];
}

/** Parses `text` fed in chunks of `chunkSize` characters (all at once by default). */
function parse(text: string, chunkSize = text.length || 1, maxRecordLength?: number): ParsedRecord[] {
  const records: ParsedRecord[] = [];
  const parser = new CsvParser(
    (fields, line) => records.push({ line, fields: [...fields] }),
    maxRecordLength,
  );
  for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize));
  parser.end();
  return records;
}

function parseError(text: string, chunkSize?: number, maxRecordLength?: number): FatalInputError {
  try {
    parse(text, chunkSize, maxRecordLength);
  } catch (error) {
    if (error instanceof FatalInputError) return error;
    throw error;
  }
  throw new Error('expected a FatalInputError');
}

describe('CsvParser', () => {
  it('splits LF and CRLF records into fields, the last line without a line break included', () => {
    expect(parse('a,b,c\n1,2,3\r\n4,,6')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '', '6'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parse('"a,b","say ""hi""",""\n"x\ny",z\n')).toEqual([
      { line: 1, fields: ['a,b', 'say "hi"', ''] },
      { line: 2, fields: ['x\ny', 'z'] },
    ]);
  });

  it('numbers records by the text line they start on, after multi-line fields and empty lines', () => {
    const text = 'h1,h2\n\n"two\nlines",1\r\n\r\nnext,2\n"three\r\nline\nfield",3\nlast,4';
    expect(parse(text).map((record) => [record.line, record.fields[1]])).toEqual([
      [1, 'h2'],
      [3, '1'],
      [6, '2'],
      [7, '3'],
      [10, '4'],
    ]);
  });

  it('skips empty lines and rows whose fields are all empty, as spreadsheets export blank rows', () => {
    expect(parse('a,b\n\n,\n\r\n1,2\n,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 5, fields: ['1', '2'] },
    ]);
  });

  it('keeps a trailing empty field', () => {
    expect(parse('a,b,\n1,2,')).toEqual([
      { line: 1, fields: ['a', 'b', ''] },
      { line: 2, fields: ['1', '2', ''] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'h1,h2,h3\r\n"q ""x"", y",2,3\r\n\r\n"multi\r\nline",,"end"\nplain,text,here\n"a",b,"c\n"';
    const whole = parse(text);
    for (let chunkSize = 1; chunkSize < text.length; chunkSize++) {
      expect(parse(text, chunkSize)).toEqual(whole);
    }
  });

  it('refuses a quote inside an unquoted field, with its line', () => {
    const error = parseError('a,b\n1,x"y\n');
    expect(error.errors).toEqual([
      { line: 2, column: null, message: expect.stringContaining('a quote inside a field') },
    ]);
  });

  it('refuses text after a closing quote', () => {
    expect(parseError('a,b\n"1"x,2\n').errors[0]).toMatchObject({
      line: 2,
      message: expect.stringContaining('after the closing quote'),
    });
  });

  it('refuses a carriage return that is not followed by a line feed, even across chunks', () => {
    expect(parseError('a,b\r1,2\r', 4).errors[0]).toMatchObject({
      line: 1,
      message: expect.stringContaining('carriage return'),
    });
  });

  it('reports a quoted field that is never closed on the line where its quote opens', () => {
    expect(parseError('a,b\n1,2\n3,"open\n4,5\n6,7\n').errors[0]).toMatchObject({
      line: 3,
      message: expect.stringContaining('never closed'),
    });
  });

  it('refuses a record longer than the cap, in one chunk or across many, without buffering past it', () => {
    const long = `a\n${'x'.repeat(100)}\n`;
    for (const chunkSize of [long.length, 7]) {
      expect(parseError(long, chunkSize, 64).errors[0]).toMatchObject({
        line: 2,
        message: expect.stringContaining('longer than 64 characters'),
      });
    }
  });
});
