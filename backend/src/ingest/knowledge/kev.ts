import { z } from 'zod';
import type { KevCatalog, KevEntry } from '../../domain/types';
import { CsvSyntaxError, isBlankRecord, parseCsv } from './csv';
import { FeedFormatError } from './errors';
import { cveIdSchema, isBytes, isoDateTime, parseJsonInput, toText, ymdDate, zodError } from './input';

/**
 * CISA Known Exploited Vulnerabilities catalog parser (reference: vulnerability-data.md §1.3, CISA's JSON
 * Schema `known_exploited_vulnerabilities_schema.json`).
 *
 * JSON: `{title, catalogVersion, dateReleased, count, vulnerabilities[]}`. Every field CISA's schema
 * requires is required here; dates are real `YYYY-MM-DD` dates, cveID follows the schema pattern,
 * knownRansomwareCampaignUse is `Known`/`Unknown` (absent → `Unknown`), cwes match `CWE-n`. The catalog is
 * rejected whole when `count` differs from the number of entries (a partial/truncated download) or when a
 * cveID appears twice. Text is kept verbatim (not trimmed).
 *
 * CSV (`known_exploited_vulnerabilities.csv`): the same columns, `cwes` flattened as `CWE-1, CWE-2`. The
 * CSV carries no catalog metadata: title is CISA's, catalogVersion is derived from the newest dateAdded
 * (`YYYY.MM.DD`, CISA's own versioning) and dateReleased is that date at 00:00Z, unless `meta` says
 * otherwise.
 */

export const KEV_TITLE = 'CISA Catalog of Known Exploited Vulnerabilities';

const MAX_TEXT = 8192;
const text = (max = 1024) => z.string().max(max, `must be at most ${max} characters`);

const kevEntrySchema = z.object({
  cveID: cveIdSchema,
  vendorProject: text(),
  product: text(),
  vulnerabilityName: text(),
  dateAdded: ymdDate,
  shortDescription: text(MAX_TEXT),
  requiredAction: text(MAX_TEXT),
  dueDate: ymdDate,
  knownRansomwareCampaignUse: z
    .enum(['Known', 'Unknown'], { error: 'must be "Known" or "Unknown"' })
    .optional()
    .default('Unknown'),
  notes: text(MAX_TEXT).optional().default(''),
  cwes: z
    .array(
      z
        .string()
        .max(16)
        .regex(/^CWE-\d+$/, 'must be a CWE id like CWE-79')
    )
    .max(100)
    .optional()
    .default([]),
});

type KevEntryInput = z.infer<typeof kevEntrySchema>;

const catalogSchema = z.object({
  title: text().optional(),
  catalogVersion: text(64).min(1),
  dateReleased: isoDateTime,
  count: z.number().int().nonnegative(),
  vulnerabilities: z.array(z.unknown()),
});

function toEntry(v: KevEntryInput): KevEntry {
  return {
    cveId: v.cveID,
    vendorProject: v.vendorProject,
    product: v.product,
    vulnerabilityName: v.vulnerabilityName,
    dateAdded: v.dateAdded,
    shortDescription: v.shortDescription,
    requiredAction: v.requiredAction,
    dueDate: v.dueDate,
    knownRansomwareCampaignUse: v.knownRansomwareCampaignUse,
    notes: v.notes,
    cwes: [...v.cwes],
  };
}

function rejectDuplicates(entries: KevEntry[], origin: string, where: (i: number) => string): void {
  const first = new Map<string, number>();
  entries.forEach((e, i) => {
    const prev = first.get(e.cveId);
    if (prev !== undefined) {
      throw new FeedFormatError('kev', origin, where(i), `duplicate cveID ${e.cveId} (first at ${where(prev)})`);
    }
    first.set(e.cveId, i);
  });
}

function parseKevJson(doc: unknown, origin: string): KevCatalog {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new FeedFormatError(
      'kev',
      origin,
      '',
      'not a KEV catalog (expected a JSON object with catalogVersion, dateReleased, count, vulnerabilities)'
    );
  }
  const cat = catalogSchema.safeParse(doc);
  if (!cat.success) {
    throw zodError('kev', origin, '', cat.error);
  }
  const entries = cat.data.vulnerabilities.map((v, i) => {
    const parsed = kevEntrySchema.safeParse(v);
    if (!parsed.success) {
      throw zodError('kev', origin, `vulnerabilities[${i}]`, parsed.error);
    }
    return toEntry(parsed.data);
  });
  if (cat.data.count !== entries.length) {
    throw new FeedFormatError(
      'kev',
      origin,
      'count',
      `count is ${cat.data.count} but the catalog has ${entries.length} vulnerabilities (partial or truncated catalog)`
    );
  }
  rejectDuplicates(entries, origin, (i) => `vulnerabilities[${i}].cveID`);
  return {
    title: cat.data.title ?? KEV_TITLE,
    catalogVersion: cat.data.catalogVersion,
    dateReleased: cat.data.dateReleased,
    entries,
  };
}

const KEV_COLUMNS = [
  'cveID',
  'vendorProject',
  'product',
  'vulnerabilityName',
  'dateAdded',
  'shortDescription',
  'requiredAction',
  'dueDate',
  'knownRansomwareCampaignUse',
  'notes',
  'cwes',
] as const;
const REQUIRED_COLUMNS = KEV_COLUMNS.slice(0, 8);

export interface KevCsvMeta {
  title?: string;
  catalogVersion?: string;
  dateReleased?: string;
}

/** The KEV CSV (text or bytes, plain or gzipped) → catalog. */
export function parseKevCsv(input: string | Uint8Array, origin: string, meta: KevCsvMeta = {}): KevCatalog {
  const body = toText(input, 'kev', origin);
  if (body.trim() === '') {
    throw new FeedFormatError('kev', origin, '', 'empty document');
  }
  let rows;
  try {
    rows = parseCsv(body).filter((r) => !isBlankRecord(r));
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      throw new FeedFormatError('kev', origin, `line ${e.line}`, `malformed CSV: ${e.message}`, {
        line: e.line,
        cause: e,
      });
    }
    throw e;
  }
  const [header, ...data] = rows;
  const columns = header.fields.map((c) => c.trim());
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new FeedFormatError(
      'kev',
      origin,
      `line ${header.line}`,
      `bad header: missing column(s) ${missing.join(', ')} (expected ${KEV_COLUMNS.join(',')})`,
      {
        line: header.line,
      }
    );
  }
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup !== undefined) {
    throw new FeedFormatError('kev', origin, `line ${header.line}`, `bad header: column ${dup} appears twice`, {
      line: header.line,
    });
  }
  const index = new Map(columns.map((c, i) => [c, i]));
  const entries = data.map((row) => {
    if (row.fields.length !== columns.length) {
      throw new FeedFormatError(
        'kev',
        origin,
        `line ${row.line}`,
        `expected ${columns.length} columns, found ${row.fields.length} (truncated or malformed row)`,
        { line: row.line }
      );
    }
    const raw: Record<string, unknown> = {};
    for (const c of KEV_COLUMNS) {
      const i = index.get(c);
      if (i === undefined) {
        continue;
      }
      const v = row.fields[i];
      raw[c] =
        c === 'cwes'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== '')
          : v;
    }
    const parsed = kevEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const column = issue?.path[0];
      const path = `line ${row.line}${column !== undefined ? `, column ${String(column)}` : ''}`;
      throw new FeedFormatError('kev', origin, path, issue?.message ?? 'invalid row', {
        line: row.line,
        cause: parsed.error,
      });
    }
    return toEntry(parsed.data);
  });
  rejectDuplicates(entries, origin, (i) => `line ${data[i].line}`);
  if (entries.length === 0) {
    throw new FeedFormatError('kev', origin, '', 'no vulnerabilities (header only)');
  }
  const newest = entries.reduce((max, e) => (e.dateAdded > max ? e.dateAdded : max), entries[0].dateAdded);
  return {
    title: meta.title ?? KEV_TITLE,
    catalogVersion: meta.catalogVersion ?? newest.replace(/-/g, '.'),
    dateReleased: meta.dateReleased ?? `${newest}T00:00:00.000Z`,
    entries,
  };
}

/**
 * The KEV catalog as parsed JSON, or as text/bytes (plain or gzipped) holding either the JSON or the CSV
 * (told apart by the first non-blank character). Throws FeedFormatError for anything malformed.
 */
export function parseKevCatalog(json: unknown, origin: string): KevCatalog {
  if (typeof json === 'string' || isBytes(json)) {
    const body = toText(json, 'kev', origin);
    const first = body.trimStart()[0];
    if (first !== undefined && first !== '{' && first !== '[') {
      return parseKevCsv(body, origin);
    }
    return parseKevJson(parseJsonInput(body, 'kev', origin), origin);
  }
  return parseKevJson(json, origin);
}
