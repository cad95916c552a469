import type { EpssFile, EpssScore } from '../../domain/types';
import { CsvSyntaxError, isBlankRecord, parseCsv, type CsvRecord } from './csv';
import { FeedFormatError } from './errors';
import { CVE_ID_RE, normaliseDateTime, toText } from './input';

/**
 * FIRST EPSS scores (reference: vulnerability-data.md §1.4). Two layouts, told apart by the header:
 *
 * - native daily file: `#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z`, then
 *   `cve,epss,percentile`. The comment line is optional (early files lack it → modelVersion/scoreDate
 *   null); when present, score_date (`…Z`, `…+0000`, `…+00:00`) is normalised to ISO UTC with `Z`.
 * - jgamblin/KEV_EPSS `epss_kev_nvd.csv`: `CVE,CVSS3,EPSS,EPSS Percentile,Description,Vendor,Product`
 *   (real EPSS values joined with KEV/NVD; only CVE/EPSS/EPSS Percentile are read; no model/date).
 *
 * Text or bytes, plain or gzipped. All or nothing: a bad header, a row with the wrong number of columns
 * (e.g. a truncated last line), a bad CVE id, a value that is not a decimal number in [0, 1] (exponent
 * forms such as `7e-05` are fine) or a duplicate CVE rejects the whole file with a FeedFormatError naming
 * the line. A file without a single score is rejected too. The `cve,epss` layout without percentile
 * (EPSS v1, 2021) is not accepted: EpssScore needs the percentile.
 */

export type EpssLayout = 'native' | 'jgamblin';

const NUMBER_RE = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const MODEL_VERSION_RE = /^[A-Za-z0-9._-]{1,64}$/;

interface LayoutSpec {
  layout: EpssLayout;
  cve: number;
  epss: number;
  percentile: number;
}

function detectLayout(columns: string[]): LayoutSpec | null {
  const lower = columns.map((c) => c.trim().toLowerCase());
  if (lower.length === 3 && lower[0] === 'cve' && lower[1] === 'epss' && lower[2] === 'percentile') {
    return { layout: 'native', cve: 0, epss: 1, percentile: 2 };
  }
  const cve = lower.indexOf('cve');
  const epss = lower.indexOf('epss');
  const percentile = lower.indexOf('epss percentile');
  if (lower.includes('cvss3') && cve !== -1 && epss !== -1 && percentile !== -1) {
    return { layout: 'jgamblin', cve, epss, percentile };
  }
  return null;
}

/** `#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z` → its two values (either may be absent). */
function parseComment(line: string, origin: string): { modelVersion: string | null; scoreDate: string | null } {
  const fields = new Map<string, string>();
  for (const part of line.replace(/^#/, '').split(',')) {
    const colon = part.indexOf(':');
    if (colon === -1) {
      continue;
    }
    fields.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim());
  }
  const mv = fields.get('model_version');
  const sd = fields.get('score_date');
  if (mv === undefined && sd === undefined) {
    throw new FeedFormatError('epss', origin, 'line 1', `bad comment line: expected #model_version:…,score_date:…`, {
      line: 1,
    });
  }
  if (mv !== undefined && !MODEL_VERSION_RE.test(mv)) {
    throw new FeedFormatError('epss', origin, 'line 1', `bad model_version ${JSON.stringify(mv.slice(0, 80))}`, {
      line: 1,
    });
  }
  let scoreDate: string | null = null;
  if (sd !== undefined) {
    scoreDate = normaliseDateTime(sd) ?? (/^\d{4}-\d{2}-\d{2}$/.test(sd) ? normaliseDateTime(`${sd}T00:00:00Z`) : null);
    if (scoreDate === null) {
      throw new FeedFormatError(
        'epss',
        origin,
        'line 1',
        `bad score_date ${JSON.stringify(sd.slice(0, 80))}: must be an ISO-8601 date-time`,
        {
          line: 1,
        }
      );
    }
  }
  return { modelVersion: mv ?? null, scoreDate };
}

function probability(value: string, origin: string, line: number, column: string): number {
  const v = value.trim();
  // EPSS writes 5 decimals; 32 characters leave room for any sane rewrite (`7e-05`, 17 digits).
  const n = v.length <= 32 && NUMBER_RE.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    throw new FeedFormatError(
      'epss',
      origin,
      `line ${line}, column ${column}`,
      `${JSON.stringify(v.slice(0, 40))} is not a number in [0, 1]`,
      { line }
    );
  }
  return n;
}

export interface EpssParseResult extends EpssFile {
  layout: EpssLayout;
}

/** Like parseEpssCsv, also saying which layout the file had. */
export function parseEpssCsvDetailed(input: string | Uint8Array, origin: string): EpssParseResult {
  let body = toText(input, 'epss', origin);
  if (body.trim() === '') {
    throw new FeedFormatError('epss', origin, '', 'empty file');
  }
  let modelVersion: string | null = null;
  let scoreDate: string | null = null;
  let lineOffset = 0;
  if (body.startsWith('#')) {
    const nl = body.indexOf('\n');
    const comment = (nl === -1 ? body : body.slice(0, nl)).replace(/\r$/, '');
    ({ modelVersion, scoreDate } = parseComment(comment, origin));
    body = nl === -1 ? '' : body.slice(nl + 1);
    lineOffset = 1;
  }
  let rows: CsvRecord[];
  try {
    rows = parseCsv(body).filter((r) => !isBlankRecord(r));
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      const line = e.line + lineOffset;
      throw new FeedFormatError(
        'epss',
        origin,
        `line ${line}`,
        `malformed CSV: ${e.message.replace(/line \d+/, `line ${line}`)}`,
        { line, cause: e }
      );
    }
    throw e;
  }
  if (rows.length === 0) {
    throw new FeedFormatError('epss', origin, '', 'no header line (expected cve,epss,percentile)');
  }
  const [header, ...data] = rows;
  const headerLine = header.line + lineOffset;
  const spec = detectLayout(header.fields);
  if (spec === null) {
    throw new FeedFormatError(
      'epss',
      origin,
      `line ${headerLine}`,
      `bad header ${JSON.stringify(header.fields.join(',').slice(0, 120))}: expected cve,epss,percentile (or CVE,CVSS3,EPSS,EPSS Percentile,…)`,
      { line: headerLine }
    );
  }
  const width = header.fields.length;
  const scores: EpssScore[] = [];
  const seen = new Map<string, number>();
  for (const row of data) {
    const line = row.line + lineOffset;
    if (row.fields.length !== width) {
      throw new FeedFormatError(
        'epss',
        origin,
        `line ${line}`,
        `expected ${width} columns, found ${row.fields.length} (truncated or malformed row)`,
        { line }
      );
    }
    const cveId = row.fields[spec.cve].trim();
    if (!CVE_ID_RE.test(cveId)) {
      throw new FeedFormatError(
        'epss',
        origin,
        `line ${line}, column cve`,
        `${JSON.stringify(cveId.slice(0, 40))} is not a CVE id like CVE-2024-12345`,
        {
          line,
        }
      );
    }
    const prev = seen.get(cveId);
    if (prev !== undefined) {
      throw new FeedFormatError('epss', origin, `line ${line}`, `duplicate ${cveId} (first on line ${prev})`, { line });
    }
    seen.set(cveId, line);
    scores.push({
      cveId,
      epss: probability(row.fields[spec.epss], origin, line, 'epss'),
      percentile: probability(row.fields[spec.percentile], origin, line, 'percentile'),
    });
  }
  if (scores.length === 0) {
    throw new FeedFormatError('epss', origin, '', 'no scores (header only)');
  }
  // jgamblin's layout has no comment line, hence null model version / score date.
  return { layout: spec.layout, modelVersion, scoreDate, scores };
}

/** An EPSS CSV (native FIRST layout or jgamblin's KEV join; text or bytes, plain or gzipped) → scores. */
export function parseEpssCsv(input: string | Uint8Array, origin: string): EpssFile {
  const { modelVersion, scoreDate, scores } = parseEpssCsvDetailed(input, origin);
  return { modelVersion, scoreDate, scores };
}
