import { CsvSyntaxError, isBlankRecord, parseCsv } from './csv';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

function syntaxError(text: string): CsvSyntaxError {
  try {
    parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      return e;
    }
    throw e;
  }
  throw new Error('expected a CsvSyntaxError');
}

describe('parseCsv (RFC 4180)', () => {
  it('splits plain records with LF, CRLF, lone CR and no final newline', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fields(',a,,\n')).toEqual([['', 'a', '', '']]);
    expect(fields('a,')).toEqual([['a', '']]);
    expect(fields('""')).toEqual([['']]);
  });

  it('quoted fields hold commas, escaped quotes and line breaks (LF and CRLF)', () => {
    const text = 'id,text,n\n1,"a, b",2\n2,"he said ""hi""",3\n3,"line1\nline2\r\nline3",4\n4,"",5\n';
    expect(fields(text)).toEqual([
      ['id', 'text', 'n'],
      ['1', 'a, b', '2'],
      ['2', 'he said "hi"', '3'],
      ['3', 'line1\nline2\r\nline3', '4'],
      ['4', '', '5'],
    ]);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    const rows = parseCsv('h\n"a\nb\nc"\nx\r\n\r\ny');
    expect(rows.map((r) => [r.line, r.fields])).toEqual([
      [1, ['h']],
      [2, ['a\nb\nc']],
      [5, ['x']],
      [6, ['']],
      [7, ['y']],
    ]);
    expect(rows.filter((r) => !isBlankRecord(r))).toHaveLength(4);
  });

  it('does not trim', () => {
    expect(fields(' a , b \n')).toEqual([[' a ', ' b ']]);
  });

  it('keeps non-ASCII text', () => {
    expect(fields('"Git’s handling","ü, é"\n')).toEqual([['Git’s handling', 'ü, é']]);
  });

  it('an empty text has no records', () => {
    expect(parseCsv('')).toEqual([]);
  });

  it('rejects an unterminated quoted field (a truncated file), naming the line it starts on', () => {
    const e = syntaxError('a,b\n1,"never closed\nmore text');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/unterminated quoted field starting on line 2/);
  });

  it('rejects text after a closing quote', () => {
    const e = syntaxError('a,b\n"x"y,2\n');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/after a closing quote/);
  });

  it('rejects a quote inside an unquoted field', () => {
    const e = syntaxError('a,b\n\nab"c,2\n');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/quote inside an unquoted field/);
  });

  it('handles a large input quickly', () => {
    const rows = Array.from(
      { length: 100_000 },
      (_, i) => `CVE-2024-${String(i).padStart(5, '0')},0.0${i % 10},"x, ${i}"`
    );
    const t = Date.now();
    const parsed = parseCsv(`cve,epss,text\n${rows.join('\n')}\n`);
    expect(parsed).toHaveLength(100_001);
    expect(parsed[100_000].fields).toEqual(['CVE-2024-99999', '0.09', 'x, 99999']);
    expect(Date.now() - t).toBeLessThan(2000);
  });
});
