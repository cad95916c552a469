/**
 * The demo knowledge snapshot: the fact table (knowledgeFacts.ts) written as the three real feeds — an
 * NVD CVE API 2.0 response page, a CISA KEV catalog and a FIRST EPSS CSV — and read back through the
 * product's own parsers. The files live in backend/demo/knowledge/, the same relative place from
 * backend/src and backend/dist, so the built CLI finds them.
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import type { CveRecord, EpssFile, KevCatalog } from '../domain/types';
import { parseFeedBuffer } from '../ingest/knowledgeFeed';
import {
  CISA_ADP,
  CVES,
  KEV_REQUIRED_ACTION,
  PRODUCTS,
  SNAPSHOT,
  type Bound,
  type ConfigFact,
  type CveFact,
  type MatchFact,
} from './knowledgeFacts';

export const KNOWLEDGE_DIR = path.resolve(__dirname, '../../demo/knowledge');

export const SNAPSHOT_FILES = {
  nvd: 'demo-nvd-cves.json.gz',
  kev: 'demo-kev-catalog.json',
  epss: 'demo-epss-scores.csv',
} as const;

export type SnapshotFeed = keyof typeof SNAPSHOT_FILES;

/** `a:google:chrome` → `cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*` (the 11 attributes after the prefix). */
export function expandCpe(abbreviated: string): string {
  const parts = abbreviated.split(':');
  if (parts.length < 3 || parts.length > 11) {
    throw new Error(`"${abbreviated}" is not an abbreviated CPE (part:vendor:product[:version…])`);
  }
  while (parts.length < 11) {
    parts.push('*');
  }
  return `cpe:2.3:${parts.join(':')}`;
}

const BOUND_FIELDS: Array<[prefix: string, field: string]> = [
  ['<=', 'versionEndIncluding'],
  ['>=', 'versionStartIncluding'],
  ['<', 'versionEndExcluding'],
  ['>', 'versionStartExcluding'],
];

function boundsOf(bounds: readonly Bound[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of bounds) {
    const hit = BOUND_FIELDS.find(([prefix]) => b.startsWith(prefix));
    if (!hit || b.length === hit[0].length) {
      throw new Error(`bad version bound "${b}"`);
    }
    out[hit[1]] = b.slice(hit[0].length);
  }
  return out;
}

function cpeMatch(match: MatchFact, vulnerable: boolean) {
  return { vulnerable, criteria: expandCpe(match.cpe), ...boundsOf(match.bounds) };
}

function configuration(c: ConfigFact) {
  const vulnerableNode = { operator: 'OR', negate: false, cpeMatch: c.matches.map((m) => cpeMatch(m, true)) };
  if (!c.platforms?.length) {
    return { nodes: [vulnerableNode] };
  }
  return {
    operator: 'AND',
    nodes: [
      vulnerableNode,
      { operator: 'OR', negate: false, cpeMatch: c.platforms.map((p) => cpeMatch({ cpe: p, bounds: [] }, false)) },
    ],
  };
}

const SEVERITY = (score: number) =>
  score === 0 ? 'NONE' : score < 4 ? 'LOW' : score < 7 ? 'MEDIUM' : score < 9 ? 'HIGH' : 'CRITICAL';

const METRIC_NAMES: Record<string, [string, Record<string, string>]> = {
  AV: ['attackVector', { N: 'NETWORK', A: 'ADJACENT_NETWORK', L: 'LOCAL', P: 'PHYSICAL' }],
  AC: ['attackComplexity', { L: 'LOW', H: 'HIGH' }],
  PR: ['privilegesRequired', { N: 'NONE', L: 'LOW', H: 'HIGH' }],
  UI: ['userInteraction', { N: 'NONE', R: 'REQUIRED' }],
  S: ['scope', { U: 'UNCHANGED', C: 'CHANGED' }],
  C: ['confidentialityImpact', { N: 'NONE', L: 'LOW', H: 'HIGH' }],
  I: ['integrityImpact', { N: 'NONE', L: 'LOW', H: 'HIGH' }],
  A: ['availabilityImpact', { N: 'NONE', L: 'LOW', H: 'HIGH' }],
};

/** The CNA of a CVE: that of the first product its configurations name. */
function cnaOf(f: CveFact): string {
  if (f.cna) {
    return f.cna;
  }
  for (const c of f.configs) {
    for (const m of c.matches) {
      const [part, vendor, escaped] = m.cpe.split(':');
      const product = escaped.replace(/\\(.)/g, '$1');
      const hit = Object.values(PRODUCTS).find((p) => p.cpe.startsWith(`${part}:${vendor}:${product}`));
      if (hit) {
        return hit.cna;
      }
    }
  }
  return 'cve@mitre.org';
}

/** NVD writes timestamps in UTC without a zone, to the millisecond. */
const nvdTime = (t: string) => (t.length === 10 ? `${t}T00:00:00.000` : t);

/** One fact as the `cve` object of the NVD CVE API 2.0. */
export function nvdCve(f: CveFact): Record<string, unknown> {
  const source = cnaOf(f);
  const metrics: Record<string, unknown> = {};
  if (f.cvss) {
    const [vector, score] = f.cvss;
    const version = vector.startsWith('CVSS:3.0/') ? '3.0' : '3.1';
    const components: Record<string, string> = {};
    for (const part of vector.split('/').slice(1)) {
      const [key, value] = part.split(':');
      const named = METRIC_NAMES[key];
      if (named) {
        components[named[0]] = named[1][value] ?? value;
      }
    }
    const by = f.by ?? 'nvd';
    metrics[version === '3.0' ? 'cvssMetricV30' : 'cvssMetricV31'] = [
      {
        source: by === 'nvd' ? 'nvd@nist.gov' : by === 'adp' ? CISA_ADP : source,
        type: by === 'nvd' ? 'Primary' : 'Secondary',
        cvssData: { version, vectorString: vector, baseScore: score, baseSeverity: SEVERITY(score), ...components },
      },
    ];
  }
  const published = nvdTime(f.published);
  const cve: Record<string, unknown> = {
    id: f.id,
    sourceIdentifier: source,
    published,
    // The snapshot does not record NVD's own lastModified: the published time is never later than it,
    // so a real record fetched from NVD always replaces the demo's.
    lastModified: published,
    vulnStatus: f.status ?? 'Analyzed',
    cveTags: [],
    descriptions: [{ lang: 'en', value: f.text }],
    metrics,
    weaknesses: f.cwe.length
      ? [{ source: 'nvd@nist.gov', type: 'Primary', description: f.cwe.map((value) => ({ lang: 'en', value })) }]
      : [],
    configurations: f.configs.map(configuration),
    references: [
      { url: `https://www.cve.org/CVERecord?id=${f.id}`, source },
      ...(f.refs ?? []).map(([url, ...tags]) => ({ url, source, tags })),
    ],
  };
  if (f.kev) {
    cve.cisaExploitAdd = f.kev.added;
    cve.cisaActionDue = f.kev.due;
    cve.cisaRequiredAction = KEV_REQUIRED_ACTION;
    cve.cisaVulnerabilityName = f.kev.name;
  }
  return cve;
}

/** The facts as one NVD CVE API 2.0 response page. */
export function nvdPage(facts: readonly CveFact[] = CVES): Record<string, unknown> {
  return {
    resultsPerPage: facts.length,
    startIndex: 0,
    totalResults: facts.length,
    format: 'NVD_CVE',
    version: '2.0',
    timestamp: SNAPSHOT.nvdTimestamp,
    vulnerabilities: facts.map((f) => ({ cve: nvdCve(f) })),
  };
}

/** The KEV facts as a CISA KEV catalog (CISA's JSON layout; a selection, so the title says so). */
export function kevCatalog(facts: readonly CveFact[] = CVES): Record<string, unknown> {
  const entries = facts
    .filter((f): f is CveFact & { kev: NonNullable<CveFact['kev']> } => f.kev !== undefined)
    .sort((a, b) => a.kev.added.localeCompare(b.kev.added) || a.id.localeCompare(b.id))
    .map((f) => ({
      cveID: f.id,
      vendorProject: f.kev.vendor,
      product: f.kev.product,
      vulnerabilityName: f.kev.name,
      dateAdded: f.kev.added,
      shortDescription: f.text,
      requiredAction: KEV_REQUIRED_ACTION,
      dueDate: f.kev.due,
      knownRansomwareCampaignUse: f.kev.ransomware ? 'Known' : 'Unknown',
      notes: `https://nvd.nist.gov/vuln/detail/${f.id}`,
      cwes: f.kev.cwes ?? f.cwe,
    }));
  return {
    title: 'CISA Catalog of Known Exploited Vulnerabilities (TVM demo selection)',
    catalogVersion: SNAPSHOT.kevCatalogVersion,
    dateReleased: SNAPSHOT.kevDateReleased,
    count: entries.length,
    vulnerabilities: entries,
  };
}

/** The EPSS facts as a FIRST daily scores file (with its #model_version comment line). */
export function epssCsv(facts: readonly CveFact[] = CVES): string {
  const rows = facts
    .filter((f) => f.epss !== undefined)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((f) => `${f.id},${f.epss?.[0].toFixed(5)},${f.epss?.[1].toFixed(5)}`);
  return [
    `#model_version:${SNAPSHOT.epssModelVersion},score_date:${SNAPSHOT.epssScoreDate}`,
    'cve,epss,percentile',
    ...rows,
    '',
  ].join('\n');
}

/** The text of each snapshot file (the NVD page before compression). */
export function snapshotTexts(facts: readonly CveFact[] = CVES): Record<SnapshotFeed, string> {
  return {
    nvd: `${JSON.stringify(nvdPage(facts), null, 1)}\n`,
    kev: `${JSON.stringify(kevCatalog(facts), null, 2)}\n`,
    epss: epssCsv(facts),
  };
}

/** Writes the snapshot files (the NVD page gzipped: it is the large one). */
export function writeSnapshot(dir = KNOWLEDGE_DIR): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const texts = snapshotTexts();
  const written: string[] = [];
  for (const feed of Object.keys(SNAPSHOT_FILES) as SnapshotFeed[]) {
    const file = path.join(dir, SNAPSHOT_FILES[feed]);
    const body = Buffer.from(texts[feed], 'utf8');
    fs.writeFileSync(file, file.endsWith('.gz') ? zlib.gzipSync(body, { level: 9 }) : body);
    written.push(file);
  }
  return written;
}

export interface KnowledgeSnapshot {
  records: CveRecord[];
  kev: KevCatalog;
  epss: EpssFile;
  files: Record<SnapshotFeed, string>;
}

/** Reads the snapshot files through the product's feed parsers (the same path as `tvm import`). */
export function readSnapshot(dir = KNOWLEDGE_DIR): KnowledgeSnapshot {
  const files = Object.fromEntries(
    (Object.keys(SNAPSHOT_FILES) as SnapshotFeed[]).map((feed) => [feed, path.join(dir, SNAPSHOT_FILES[feed])])
  ) as Record<SnapshotFeed, string>;
  const read = (feed: SnapshotFeed) => {
    try {
      return parseFeedBuffer(feed, fs.readFileSync(files[feed]), `file:${files[feed]}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(
          `the demo knowledge file ${files[feed]} is missing: run \`npm run demo:knowledge\` (or restore backend/demo/knowledge/)`
        );
      }
      throw err;
    }
  };
  const nvd = read('nvd');
  const kev = read('kev');
  const epss = read('epss');
  if (nvd.feed !== 'nvd' || kev.feed !== 'kev' || epss.feed !== 'epss') {
    throw new Error('internal: parseFeedBuffer returned another feed than asked');
  }
  return { records: nvd.records, kev: kev.catalog, epss: epss.file, files };
}
