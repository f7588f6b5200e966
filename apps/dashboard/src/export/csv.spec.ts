import { csvField, toCsv } from './csv.js';

describe('CSV export', () => {
  it('writes a header and one CRLF-terminated line per row, numbers at full precision', () => {
    const rows = [
      { group: 'sham_ultrasound', session: 12, mean: 318.4861111111111, ciLow: null },
      { group: 'trigger_point_release', session: 12, mean: -3.8055555555555554, ciLow: 1.5 },
    ];
    const csv = toCsv(rows, [
      { name: 'group', value: (row) => row.group },
      { name: 'session', value: (row) => row.session },
      { name: 'mean', value: (row) => row.mean },
      { name: 'ci_low', value: (row) => row.ciLow },
    ]);
    expect(csv).toBe(
      'group,session,mean,ci_low\r\nsham_ultrasound,12,318.4861111111111,\r\ntrigger_point_release,12,-3.8055555555555554,1.5\r\n',
    );
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses text a spreadsheet would run as a formula, but leaves negative numbers alone', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField(-3.5)).toBe('-3.5');
  });

  it('writes what cannot be computed as an empty field', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
  });
});
