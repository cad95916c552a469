import fs from 'fs';
import zlib from 'zlib';
import { describeWithSharedData, sharedDataPath } from '../../test-support/sharedData';
import { parseEpssCsv, parseEpssCsvDetailed } from './epss';
import { feedError } from './testHelpers';

const NATIVE = 'epss_scores-head-sample.csv';
const JGAMBLIN = 'kev_epss_cvss_jgamblin.csv';
const read = (name: string) => fs.readFileSync(sharedDataPath('epss', name));

describeWithSharedData('parseEpssCsv on real files', () => {
  it('native daily layout: model version, score date, every row', () => {
    const text = read(NATIVE).toString('utf8');
    const r = parseEpssCsvDetailed(text, NATIVE);
    expect(r.layout).toBe('native');
    expect(r.modelVersion).toBe('v2026.06.15');
    expect(r.scoreDate).toBe('2026-09-29T12:00:22.000Z');
    // The sample is the first 101 lines of a daily file: comment, header and 99 score rows
    // (CVE-1999-0001…0100; CVE-1999-0020 has no score).
    const dataLines = text.trim().split('\n').length - 2;
    expect(dataLines).toBe(99);
    expect(r.scores).toHaveLength(dataLines);
    expect(r.scores[0]).toEqual({ cveId: 'CVE-1999-0001', epss: 0.03351, percentile: 0.88255 });
    expect(r.scores[1]).toEqual({ cveId: 'CVE-1999-0002', epss: 0.27858, percentile: 0.98037 });
    expect(r.scores[r.scores.length - 1]).toEqual({ cveId: 'CVE-1999-0100', epss: 0.02831, percentile: 0.86089 });
    expect(r.scores.find((s) => s.cveId === 'CVE-1999-0020')).toBeUndefined();
  });

  it('native layout gzipped, as bytes, gives the same', () => {
    const plain = parseEpssCsv(read(NATIVE), NATIVE);
    expect(parseEpssCsv(zlib.gzipSync(read(NATIVE)), 'epss_scores-current.csv.gz')).toEqual(plain);
    expect(parseEpssCsv(read(NATIVE).toString('utf8'), NATIVE)).toEqual(plain);
  });

  it("jgamblin's KEV join: real EPSS values, no model version / date", () => {
    const r = parseEpssCsvDetailed(read(JGAMBLIN), JGAMBLIN);
    expect(r.layout).toBe('jgamblin');
    expect(r.modelVersion).toBeNull();
    expect(r.scoreDate).toBeNull();
    expect(r.scores).toHaveLength(1556);
    const epss = (id: string) => r.scores.find((s) => s.cveId === id)?.epss;
    expect(epss('CVE-2021-44228')).toBe(0.99999);
    expect(epss('CVE-2023-38831')).toBe(0.97811);
    expect(epss('CVE-2025-0411')).toBe(0.67071);
    expect(epss('CVE-2024-4671')).toBe(0.08348);
    expect(epss('CVE-2025-48384')).toBe(0.04109);
    expect(r.scores[0]).toEqual({ cveId: 'CVE-2025-62593', epss: 0.01015, percentile: 0.60644 });
    // Descriptions with quoted commas and "" do not shift the columns.
    expect(r.scores.find((s) => s.cveId === 'CVE-2020-29583')).toEqual({
      cveId: 'CVE-2020-29583',
      epss: 0.90155,
      percentile: 0.99787,
    });
  });

  it('rejects the native file with its last line truncated, naming the line', () => {
    const text = read(NATIVE).toString('utf8');
    const cut = text.slice(0, text.lastIndexOf(',0.86089'));
    const err = feedError(() => parseEpssCsv(cut, NATIVE));
    expect(err.line).toBe(101);
    expect(err.message).toMatch(/line 101: expected 3 columns, found 2 \(truncated or malformed row\)/);
  });

  it('rejects the jgamblin file cut inside a quoted description', () => {
    const text = read(JGAMBLIN).toString('utf8');
    const err = feedError(() => parseEpssCsv(text.slice(0, text.indexOf('(""zyfwp"")')), JGAMBLIN));
    expect(err.message).toMatch(/unterminated quoted field/);
  });
});

describe('parseEpssCsv (synthetic)', () => {
  const native = (rows: string[], comment = '#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000') =>
    [comment, 'cve,epss,percentile', ...rows].filter((l) => l !== '').join('\n') + '\n';

  it('accepts the score_date forms …+0000, …+00:00, …Z and a bare date; normalises to ISO UTC', () => {
    expect(parseEpssCsv(native(['CVE-2023-0001,0.1,0.2']), 'x').scoreDate).toBe('2023-03-07T00:00:00.000Z');
    expect(
      parseEpssCsv(
        native(['CVE-2023-0001,0.1,0.2'], '#model_version:v2025.03.14,score_date:2025-03-17T00:00:00+00:00'),
        'x'
      ).scoreDate
    ).toBe('2025-03-17T00:00:00.000Z');
    expect(
      parseEpssCsv(native(['CVE-2023-0001,0.1,0.2'], '#model_version:v2025.03.14,score_date:2025-03-17T12:30:00Z'), 'x')
    ).toMatchObject({
      modelVersion: 'v2025.03.14',
      scoreDate: '2025-03-17T12:30:00.000Z',
    });
    expect(parseEpssCsv(native(['CVE-2023-0001,0.1,0.2'], '#score_date:2025-03-17'), 'x')).toMatchObject({
      modelVersion: null,
      scoreDate: '2025-03-17T00:00:00.000Z',
    });
  });

  it('without the comment line: modelVersion and scoreDate null', () => {
    expect(parseEpssCsv('cve,epss,percentile\nCVE-2022-0001,0.5,0.9\n', 'x')).toEqual({
      modelVersion: null,
      scoreDate: null,
      scores: [{ cveId: 'CVE-2022-0001', epss: 0.5, percentile: 0.9 }],
    });
  });

  it('parses exponent forms, integers 0 and 1, CRLF, a BOM and a missing final newline', () => {
    const text =
      '\uFEFF#model_version:v2023.03.01,score_date:2023-03-07T00:00:00Z\r\ncve,epss,percentile\r\nCVE-2023-0001,7e-05,0.01234\r\nCVE-2023-0002,1,1.0\r\nCVE-2023-0003,0,0.0E+0\r\nCVE-2023-0004,1.5E-1,.5';
    expect(parseEpssCsv(text, 'x').scores).toEqual([
      { cveId: 'CVE-2023-0001', epss: 0.00007, percentile: 0.01234 },
      { cveId: 'CVE-2023-0002', epss: 1, percentile: 1 },
      { cveId: 'CVE-2023-0003', epss: 0, percentile: 0 },
      { cveId: 'CVE-2023-0004', epss: 0.15, percentile: 0.5 },
    ]);
  });

  it('a header-only line order/case variant is accepted', () => {
    expect(parseEpssCsv('CVE,EPSS,PERCENTILE\nCVE-2022-0001,0.5,0.9\n', 'x').scores).toHaveLength(1);
  });

  it.each([
    ['1.5', 'epss', /line 3, column epss: "1\.5" is not a number in \[0, 1\]/],
    ['-0.1', 'epss', /"-0\.1" is not a number in \[0, 1\]/],
    ['abc', 'epss', /"abc" is not a number/],
    ['0x1', 'epss', /"0x1" is not a number/],
    ['', 'epss', /"" is not a number/],
    ['NaN', 'epss', /"NaN" is not a number/],
    ['Infinity', 'epss', /"Infinity" is not a number/],
    ['1e400', 'epss', /"1e400" is not a number/],
  ])('rejects the epss value %p', (value, _col, message) => {
    expect(feedError(() => parseEpssCsv(native([`CVE-2023-0001,${value},0.5`]), 'x')).message).toMatch(message);
  });

  it('rejects a bad percentile', () => {
    const err = feedError(() => parseEpssCsv(native(['CVE-2023-0001,0.5,0.4', 'CVE-2023-0002,0.5,2']), 'x'));
    expect(err.path).toBe('line 4, column percentile');
    expect(err.line).toBe(4);
  });

  it.each([
    ['CVE-2024-1', /"CVE-2024-1" is not a CVE id/],
    ["CVE-2024-1'; DROP TABLE epss;--", /is not a CVE id/],
    ['cve-2024-12345', /is not a CVE id/],
    ['GHSA-xxxx-yyyy-zzzz', /is not a CVE id/],
  ])('rejects the CVE id %p', (id, message) => {
    const err = feedError(() => parseEpssCsv(native([`${id.includes(',') ? `"${id}"` : id},0.5,0.5`]), 'x'));
    expect(err.path).toBe('line 3, column cve');
    expect(err.message).toMatch(message);
  });

  it('rejects duplicates, naming both lines', () => {
    const err = feedError(() =>
      parseEpssCsv(native(['CVE-2023-0001,0.1,0.2', 'CVE-2023-0002,0.1,0.2', 'CVE-2023-0001,0.3,0.4']), 'x')
    );
    expect(err.message).toMatch(/line 5: duplicate CVE-2023-0001 \(first on line 3\)/);
  });

  it('rejects a row with too many columns', () => {
    expect(feedError(() => parseEpssCsv(native(['CVE-2023-0001,0.1,0.2,0.3']), 'x')).message).toMatch(
      /expected 3 columns, found 4/
    );
  });

  it.each([
    ['cve,score,percentile', 'renamed column'],
    ['cve,epss', 'EPSS v1 layout without percentile'],
    ['CVE-2023-0001,0.1,0.2', 'no header at all'],
    ['cve;epss;percentile', 'semicolons'],
  ])('rejects the header %p (%s)', (header) => {
    const err = feedError(() =>
      parseEpssCsv(
        `#model_version:v2023.03.01,score_date:2023-03-07T00:00:00Z\n${header}\nCVE-2023-0001,0.1,0.2\n`,
        'x'
      )
    );
    expect(err.path).toBe('line 2');
    expect(err.message).toMatch(/bad header/);
  });

  it('rejects a bad comment line, a bad score date and a bad model version', () => {
    expect(feedError(() => parseEpssCsv('#hello\ncve,epss,percentile\nCVE-2023-0001,0.1,0.2\n', 'x')).message).toMatch(
      /line 1: bad comment line/
    );
    expect(
      feedError(() => parseEpssCsv(native(['CVE-2023-0001,0.1,0.2'], '#model_version:v1,score_date:yesterday'), 'x'))
        .message
    ).toMatch(/bad score_date "yesterday"/);
    expect(
      feedError(() =>
        parseEpssCsv(native(['CVE-2023-0001,0.1,0.2'], '#model_version:v1 <script>,score_date:2023-03-07'), 'x')
      ).message
    ).toMatch(/bad model_version/);
  });

  it('rejects an empty file, a blank file, a comment-only file and a header-only file', () => {
    expect(feedError(() => parseEpssCsv('', 'x')).message).toMatch(/empty file/);
    expect(feedError(() => parseEpssCsv(Buffer.alloc(0), 'x')).message).toMatch(/empty file/);
    expect(feedError(() => parseEpssCsv('\n\n  \n', 'x')).message).toMatch(/empty file/);
    expect(feedError(() => parseEpssCsv(zlib.gzipSync(''), 'x')).message).toMatch(/empty file/);
    expect(
      feedError(() => parseEpssCsv('#model_version:v2023.03.01,score_date:2023-03-07T00:00:00Z\n', 'x')).message
    ).toMatch(/no header line/);
    expect(feedError(() => parseEpssCsv('cve,epss,percentile\n', 'x')).message).toMatch(/no scores/);
  });

  it('rejects corrupt gzip', () => {
    const gz = zlib.gzipSync('cve,epss,percentile\nCVE-2023-0001,0.1,0.2\n'.repeat(50));
    expect(feedError(() => parseEpssCsv(gz.subarray(0, gz.length - 8), 'x.csv.gz')).message).toMatch(
      /corrupt or truncated gzip/
    );
  });
});
