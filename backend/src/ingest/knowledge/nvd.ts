import { z } from 'zod';
import type {
  Configuration,
  ConfigurationNode,
  CpeMatchCriterion,
  CveRecord,
  CvssScore,
  CvssVersion,
  Severity,
} from '../../domain/types';
import { computeBaseScore, severityFromName, severityFromScore, severityFromV2Score } from './cvss';
import { FeedFormatError } from './errors';
import { cveIdSchema, isoDateTime, normaliseDateTime, parseJsonInput, ymdDate, zodError } from './input';

/**
 * NVD CVE API 2.0 parser (reference: shared/reference/vulnerability-data.md §1.1).
 *
 * Accepts an API response page (also the shape of NVD's yearly `nvdcve-2.0-YYYY.json.gz` feeds), a bare
 * `cve` object (fkie-cad per-CVE files), a `{cve}` wrapper (one `vulnerabilities[]` element) or an array of
 * either — as parsed JSON, JSON text or bytes (gzip detected by its magic number).
 *
 * All or nothing: one malformed record throws a FeedFormatError naming its JSON path, and the caller
 * rejects the whole document. Unknown fields are ignored (NVD adds fields over time: `affected`,
 * `ssvcV203`…); the fields we keep are validated, with size limits (descriptions ≤ 128 Ki characters,
 * URLs ≤ 8 Ki, CPE strings ≤ 2 Ki, version bounds ≤ 256) so a hostile document cannot bloat the store.
 * The id must match `CVE-YYYY-NNNN…` (4–19 digits), which also keeps injection strings out.
 *
 * Mapping: dates have no zone in NVD and are UTC → ISO with `Z` (millisecond precision). Description =
 * the `en` one (else the first). CWEs = `CWE-n` values, deduplicated (NVD-CWE-noinfo/Other dropped).
 * cveTags flattened. References: one entry per URL with the union of its tags (NVD repeats a URL per
 * source); URLs that are not http(s)/ftp are dropped with a warning (the UI renders them as links).
 * publicExploit = a reference tagged `Exploit`, or on exploit-db.com, packetstormsecurity.* or
 * github.com/rapid7/metasploit-framework. `cisa` is set when cisaExploitAdd is present. Records with
 * vulnStatus `Rejected` are returned too — the caller drops them from matching.
 *
 * Chosen CVSS: v3.1 Primary → v3.1 Secondary → v4.0 Primary → v4.0 Secondary → v3.0 → v2 (Primary before
 * Secondary, then record order); cvssAll lists every metric in that order. Severity comes from the base
 * score (Critical ≥ 9, High ≥ 7, Medium ≥ 4, Low > 0, None = 0); v2 has no Critical: its baseSeverity
 * (outside cvssData) is used, else High/Medium/Low bands. No CVSS → cvss null, severity `Unknown`.
 *
 * CVSS: the recorded `baseScore` is authoritative. Every vector is also parsed with ae-cvss-calculator; a
 * vector that cannot be parsed, or whose computed base score differs from the record by more than 0.1,
 * only yields a warning (see parseNvdDocumentDetailed) — the record keeps NVD's numbers.
 */

/** Longest description accepted (characters). Real ones are < 10k; Linux-kernel CNA texts reach ~20k. */
export const MAX_DESCRIPTION_LENGTH = 128 * 1024;
const MAX_TEXT = 4096;
const MAX_URL = 8192;
const MAX_CPE = 2048;
const MAX_VERSION = 256;
const MAX_ITEMS = 200_000;

const shortText = (max = 256) => z.string().max(max, `must be at most ${max} characters`);

const score = z.number().min(0).max(10);
const vectorString = z
  .string()
  .min(1)
  .max(512, 'must be at most 512 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
const metricType = z.enum(['Primary', 'Secondary']);

const cvssV3Metric = (version: '3.0' | '3.1') =>
  z.object({
    source: shortText(),
    type: metricType,
    cvssData: z.object({
      version: z.literal(version),
      vectorString,
      baseScore: score,
      baseSeverity: z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional(),
    }),
  });

const cvssV4Metric = z.object({
  source: shortText(),
  type: metricType,
  cvssData: z.object({
    version: z.literal('4.0'),
    vectorString,
    baseScore: score,
    baseSeverity: z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional(),
  }),
});

const cvssV2Metric = z.object({
  source: shortText(),
  type: metricType,
  /** v2 keeps its severity outside cvssData. */
  baseSeverity: z.enum(['LOW', 'MEDIUM', 'HIGH']).optional(),
  cvssData: z.object({
    version: z.literal('2.0'),
    vectorString,
    baseScore: score,
  }),
});

const metricsSchema = z.object({
  cvssMetricV40: z.array(cvssV4Metric).max(100).optional(),
  cvssMetricV31: z.array(cvssV3Metric('3.1')).max(100).optional(),
  cvssMetricV30: z.array(cvssV3Metric('3.0')).max(100).optional(),
  cvssMetricV2: z.array(cvssV2Metric).max(100).optional(),
});

const versionBound = z.string().min(1).max(MAX_VERSION, `must be at most ${MAX_VERSION} characters`);

const cpeMatchSchema = z.object({
  vulnerable: z.boolean(),
  // Kept verbatim (escapes such as `\,` `\&` included); malformed CPEs are the matcher's business.
  criteria: z
    .string()
    .max(MAX_CPE, `must be at most ${MAX_CPE} characters`)
    .regex(/^cpe:2\.3:[aoh*-]:/i, 'must be a CPE 2.3 formatted string (cpe:2.3:a|o|h:...)'),
  versionStartIncluding: versionBound.optional(),
  versionStartExcluding: versionBound.optional(),
  versionEndIncluding: versionBound.optional(),
  versionEndExcluding: versionBound.optional(),
  matchCriteriaId: shortText(64).optional(),
});

const operator = z.enum(['OR', 'AND']);

const nodeSchema = z.object({
  operator,
  negate: z.boolean().optional(),
  cpeMatch: z.array(cpeMatchSchema).max(MAX_ITEMS),
});

const configurationSchema = z.object({
  operator: operator.optional(),
  negate: z.boolean().optional(),
  nodes: z.array(nodeSchema).min(1, 'a configuration needs at least one node').max(10_000),
});

const langString = (max: number) =>
  z.object({
    lang: shortText(16),
    value: z.string().max(max, `must be at most ${max} characters`),
  });

/** NVD: `[{sourceIdentifier, tags: [...]}]`; plain strings are accepted too. */
const cveTagsSchema = z
  .array(z.union([shortText(), z.object({ tags: z.array(shortText()).max(100).optional() })]))
  .max(100);

const cveSchema = z.object({
  id: cveIdSchema,
  sourceIdentifier: shortText().optional(),
  published: isoDateTime,
  lastModified: isoDateTime,
  vulnStatus: shortText(64).min(1),
  cveTags: cveTagsSchema.optional(),
  descriptions: z.array(langString(MAX_DESCRIPTION_LENGTH)).max(100),
  metrics: metricsSchema.optional(),
  weaknesses: z
    .array(
      z.object({
        source: shortText().optional(),
        type: shortText(32).optional(),
        description: z.array(langString(256)).max(100),
      })
    )
    .max(1000)
    .optional(),
  configurations: z.array(configurationSchema).max(10_000).optional(),
  references: z
    .array(
      z.object({
        url: z.string().min(1).max(MAX_URL, `must be at most ${MAX_URL} characters`),
        source: shortText().optional(),
        tags: z.array(shortText(128)).max(100).optional(),
      })
    )
    .max(MAX_ITEMS)
    .optional(),
  cisaExploitAdd: ymdDate.optional(),
  cisaActionDue: ymdDate.optional(),
  cisaRequiredAction: shortText(MAX_TEXT).optional(),
  cisaVulnerabilityName: shortText(1024).optional(),
});

type NvdCve = z.infer<typeof cveSchema>;

const pageSchema = z.object({
  resultsPerPage: z.number().int().nonnegative(),
  startIndex: z.number().int().nonnegative(),
  totalResults: z.number().int().nonnegative(),
  format: z.literal('NVD_CVE'),
  version: z.literal('2.0'),
  vulnerabilities: z.array(z.unknown()),
});

/** Something a caller may want to log, that does not make the document invalid. */
export interface NvdWarning {
  cveId: string;
  path: string;
  message: string;
}

export interface NvdParseResult {
  records: CveRecord[];
  warnings: NvdWarning[];
}

export interface NvdPageInfo {
  totalResults: number;
  startIndex: number;
  resultsPerPage: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const CVE_FIELDS = [
  'id',
  'published',
  'lastModified',
  'vulnStatus',
  'descriptions',
  'metrics',
  'configurations',
  'sourceIdentifier',
];

function looksLikeCve(v: Record<string, unknown>): boolean {
  return CVE_FIELDS.some((k) => k in v);
}

/** `{cve}` element → the cve + its path; a bare cve is taken as is. */
function unwrap(item: unknown, path: string, origin: string): { cve: unknown; path: string } {
  if (isObject(item) && 'cve' in item && !('id' in item)) {
    return { cve: item.cve, path: path === '' ? 'cve' : `${path}.cve` };
  }
  if (isObject(item) && looksLikeCve(item)) {
    return { cve: item, path };
  }
  throw new FeedFormatError('nvd', origin, path, 'not an NVD CVE item (expected a `cve` object or a `{cve}` wrapper)');
}

/** The items of any accepted document shape, each with its JSON path. */
function items(doc: unknown, origin: string): Array<{ cve: unknown; path: string }> {
  if (Array.isArray(doc)) {
    return doc.map((item, i) => unwrap(item, `[${i}]`, origin));
  }
  if (isObject(doc) && 'vulnerabilities' in doc) {
    const page = pageSchema.safeParse(doc);
    if (!page.success) {
      throw zodError('nvd', origin, '', page.error);
    }
    return page.data.vulnerabilities.map((item, i) => unwrap(item, `vulnerabilities[${i}]`, origin));
  }
  if (isObject(doc) && ('cve' in doc || looksLikeCve(doc))) {
    return [unwrap(doc, '', origin)];
  }
  throw new FeedFormatError(
    'nvd',
    origin,
    '',
    'not an NVD CVE API 2.0 document (expected a response page, a `cve` object, a `{cve}` wrapper or an array of them)'
  );
}

const EXPLOIT_URL = [
  (u: URL) => /(^|\.)exploit-db\.com$/.test(u.hostname),
  (u: URL) =>
    /(^|\.)packetstormsecurity\.(com|org|net)$/.test(u.hostname) || /(^|\.)packetstorm\.news$/.test(u.hostname),
  (u: URL) => u.hostname === 'github.com' && u.pathname.toLowerCase().startsWith('/rapid7/metasploit-framework'),
];

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function toScore(
  version: CvssVersion,
  m: { source: string; type: 'Primary' | 'Secondary'; cvssData: { vectorString: string; baseScore: number } },
  severity: Severity
): CvssScore {
  return {
    version,
    vector: m.cvssData.vectorString,
    baseScore: m.cvssData.baseScore,
    severity,
    source: m.source,
    type: m.type,
  };
}

/** Every metric, in the order of preference: v3.1, v4.0, v3.0, v2 — Primary before Secondary within each. */
function collectCvss(cve: NvdCve, path: string, warnings: NvdWarning[]): CvssScore[] {
  const m = cve.metrics ?? {};
  const groups: Array<{ key: string; version: CvssVersion; scores: CvssScore[] }> = [
    {
      key: 'cvssMetricV31',
      version: '3.1',
      scores: (m.cvssMetricV31 ?? []).map((x) => toScore('3.1', x, severityFromScore(x.cvssData.baseScore))),
    },
    {
      key: 'cvssMetricV40',
      version: '4.0',
      scores: (m.cvssMetricV40 ?? []).map((x) => toScore('4.0', x, severityFromScore(x.cvssData.baseScore))),
    },
    {
      key: 'cvssMetricV30',
      version: '3.0',
      scores: (m.cvssMetricV30 ?? []).map((x) => toScore('3.0', x, severityFromScore(x.cvssData.baseScore))),
    },
    {
      key: 'cvssMetricV2',
      version: '2.0',
      scores: (m.cvssMetricV2 ?? []).map((x) =>
        toScore('2.0', x, severityFromName(x.baseSeverity) ?? severityFromV2Score(x.cvssData.baseScore))
      ),
    },
  ];
  const all: CvssScore[] = [];
  for (const g of groups) {
    g.scores.forEach((s, i) => {
      const at = `${path === '' ? '' : `${path}.`}metrics.${g.key}[${i}].cvssData`;
      const check = computeBaseScore(g.version, s.vector);
      if (!check.ok) {
        warnings.push({
          cveId: cve.id,
          path: at,
          message: `vector ${s.vector} could not be parsed (${check.reason}); keeping the recorded base score ${s.baseScore}`,
        });
      } else if (Math.abs(check.baseScore - s.baseScore) > 0.1 + 1e-9) {
        warnings.push({
          cveId: cve.id,
          path: at,
          message: `computed base score ${check.baseScore} differs from the recorded ${s.baseScore}; keeping the recorded one`,
        });
      }
    });
    all.push(...g.scores.filter((s) => s.type === 'Primary'), ...g.scores.filter((s) => s.type === 'Secondary'));
  }
  return all;
}

function convertConfiguration(c: z.infer<typeof configurationSchema>): Configuration {
  const out: Configuration = { nodes: c.nodes.map(convertNode) };
  if (c.operator !== undefined) {
    out.operator = c.operator;
  }
  if (c.negate !== undefined) {
    out.negate = c.negate;
  }
  return out;
}

function convertNode(n: z.infer<typeof nodeSchema>): ConfigurationNode {
  const out: ConfigurationNode = { operator: n.operator, cpeMatch: n.cpeMatch.map(convertMatch) };
  if (n.negate !== undefined) {
    out.negate = n.negate;
  }
  return out;
}

const BOUNDS = [
  'versionStartIncluding',
  'versionStartExcluding',
  'versionEndIncluding',
  'versionEndExcluding',
  'matchCriteriaId',
] as const;

function convertMatch(m: z.infer<typeof cpeMatchSchema>): CpeMatchCriterion {
  const out: CpeMatchCriterion = { vulnerable: m.vulnerable, criteria: m.criteria };
  for (const k of BOUNDS) {
    const v = m[k];
    if (v !== undefined) {
      out[k] = v;
    }
  }
  return out;
}

const CWE_RE = /^CWE-\d{1,7}$/;

function convertCve(cve: NvdCve, path: string, warnings: NvdWarning[]): CveRecord {
  const cvssAll = collectCvss(cve, path, warnings);
  const cvss = cvssAll[0] ?? null;

  const english =
    cve.descriptions.find((d) => d.lang.toLowerCase() === 'en') ??
    cve.descriptions.find((d) => d.lang.toLowerCase().startsWith('en'));
  const description = (english ?? cve.descriptions[0])?.value ?? '';

  const cwes: string[] = [];
  for (const w of cve.weaknesses ?? []) {
    for (const d of w.description) {
      const v = d.value.trim();
      if (CWE_RE.test(v) && !cwes.includes(v)) {
        cwes.push(v);
      }
    }
  }

  const cveTags: string[] = [];
  for (const t of cve.cveTags ?? []) {
    for (const tag of typeof t === 'string' ? [t] : (t.tags ?? [])) {
      if (!cveTags.includes(tag)) {
        cveTags.push(tag);
      }
    }
  }

  const references: CveRecord['references'] = [];
  const byUrl = new Map<string, CveRecord['references'][number]>();
  let publicExploit = false;
  (cve.references ?? []).forEach((r, i) => {
    const tags = r.tags ?? [];
    const url = parseUrl(r.url.trim());
    if (url === null || !/^(https?|ftp):$/.test(url.protocol)) {
      // Kept out of the record: the UI renders references as links, and only web links are safe ones.
      warnings.push({
        cveId: cve.id,
        path: `${path === '' ? '' : `${path}.`}references[${i}].url`,
        message: `dropped a reference that is not an http(s)/ftp URL`,
      });
      return;
    }
    // NVD lists a URL once per source (NVD, CISA-ADP…): keep one copy with the union of the tags.
    const known = byUrl.get(r.url);
    if (known) {
      for (const t of tags) {
        if (!known.tags.includes(t)) {
          known.tags.push(t);
        }
      }
    } else {
      const ref = { url: r.url, tags: [...tags] };
      byUrl.set(r.url, ref);
      references.push(ref);
    }
    if (tags.includes('Exploit') || EXPLOIT_URL.some((test) => test(url))) {
      publicExploit = true;
    }
  });

  let cisa: CveRecord['cisa'] = null;
  if (cve.cisaExploitAdd !== undefined) {
    cisa = { exploitAdd: cve.cisaExploitAdd };
    if (cve.cisaActionDue !== undefined) {
      cisa.actionDue = cve.cisaActionDue;
    }
    if (cve.cisaRequiredAction !== undefined) {
      cisa.requiredAction = cve.cisaRequiredAction;
    }
    if (cve.cisaVulnerabilityName !== undefined) {
      cisa.vulnerabilityName = cve.cisaVulnerabilityName;
    }
  }

  return {
    id: cve.id,
    // Validated by the schema, so never null here.
    published: normaliseDateTime(cve.published) as string,
    lastModified: normaliseDateTime(cve.lastModified) as string,
    vulnStatus: cve.vulnStatus,
    description,
    cvss,
    cvssAll,
    severity: cvss ? cvss.severity : 'Unknown',
    cwes,
    cveTags,
    publicExploit,
    references,
    cisa,
    configurations: (cve.configurations ?? []).map(convertConfiguration),
  };
}

/** Like parseNvdDocument, also returning the non-fatal findings (CVSS cross-checks, dropped links). */
export function parseNvdDocumentDetailed(json: unknown, origin: string): NvdParseResult {
  const doc = parseJsonInput(json, 'nvd', origin);
  const warnings: NvdWarning[] = [];
  const records: CveRecord[] = [];
  for (const { cve, path } of items(doc, origin)) {
    const parsed = cveSchema.safeParse(cve);
    if (!parsed.success) {
      throw zodError('nvd', origin, path, parsed.error);
    }
    records.push(convertCve(parsed.data, path, warnings));
  }
  return { records, warnings };
}

/**
 * Parses an NVD CVE API 2.0 document (page, bare `cve`, `{cve}` wrapper, or an array of either; parsed JSON,
 * JSON text or bytes, plain or gzipped) into CveRecords. Rejected records (vulnStatus `Rejected`) are
 * returned too: the caller decides. Throws FeedFormatError for any malformed record.
 */
export function parseNvdDocument(json: unknown, origin: string): CveRecord[] {
  return parseNvdDocumentDetailed(json, origin).records;
}

/** Paging facts when `json` is an NVD API response page; null for any other shape. */
export function nvdPageInfo(json: unknown): NvdPageInfo | null {
  let doc = json;
  if (typeof json === 'string' || json instanceof Uint8Array) {
    try {
      doc = parseJsonInput(json, 'nvd', 'page');
    } catch {
      return null;
    }
  }
  if (!isObject(doc) || !('vulnerabilities' in doc)) {
    return null;
  }
  const page = pageSchema.safeParse(doc);
  if (!page.success) {
    return null;
  }
  const { totalResults, startIndex, resultsPerPage } = page.data;
  return { totalResults, startIndex, resultsPerPage };
}
