import type { Configuration, CveRecord, EpssFile, KevCatalog } from '../domain/types';
import { vulnerableProducts } from '../domain/nvdMatch';
import { insertMany, type Queryable, type SqlValue } from './db';

export interface CveUpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Ids whose stored record changed (new, or a newer lastModified): they must be re-matched. */
  changedIds: string[];
}

const CVE_COLUMNS = [
  'id',
  'published',
  'last_modified',
  'vuln_status',
  'description',
  'severity',
  'cvss_version',
  'cvss_vector',
  'cvss_score',
  'cvss_all',
  'cwes',
  'cve_tags',
  'public_exploit',
  'cisa_exploit_add',
  'cisa_action_due',
  'cisa_required_action',
  'cisa_vulnerability_name',
  'reference_count',
  'has_configurations',
  'configurations',
  'imported_at',
] as const;

function cveRow(r: CveRecord, now: string): SqlValue[] {
  return [
    r.id,
    r.published,
    r.lastModified,
    r.vulnStatus,
    r.description,
    r.severity,
    r.cvss?.version ?? null,
    r.cvss?.vector ?? null,
    r.cvss?.baseScore ?? null,
    JSON.stringify(r.cvssAll),
    JSON.stringify(r.cwes),
    JSON.stringify(r.cveTags),
    r.publicExploit ? 1 : 0,
    r.cisa?.exploitAdd ?? null,
    r.cisa?.actionDue ?? null,
    r.cisa?.requiredAction ?? null,
    r.cisa?.vulnerabilityName ?? null,
    r.references.length,
    r.configurations.length > 0 ? 1 : 0,
    JSON.stringify(r.configurations),
    now,
  ];
}

/**
 * Writes NVD records, incrementally: a record replaces the stored one only when its `lastModified`
 * is newer, so re-importing the same feed changes nothing. Within one feed the newest copy wins.
 */
export async function upsertCves(
  tx: Queryable,
  records: readonly CveRecord[],
  now: string,
  onProgress?: (done: number, total: number) => void
): Promise<CveUpsertResult> {
  const newest = new Map<string, CveRecord>();
  for (const r of records) {
    const seen = newest.get(r.id);
    if (!seen || r.lastModified > seen.lastModified) {
      newest.set(r.id, r);
    }
  }
  const all = [...newest.values()];
  const result: CveUpsertResult = { inserted: 0, updated: 0, unchanged: 0, changedIds: [] };
  const BATCH = 500;
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    const existing = new Map(
      (
        await tx.all<{ id: string; last_modified: string }>(
          `SELECT id, last_modified FROM cve WHERE id IN (${batch.map(() => '?').join(',')})`,
          batch.map((r) => r.id)
        )
      ).map((row) => [row.id, row.last_modified])
    );
    const changed = batch.filter((r) => {
      const stored = existing.get(r.id);
      if (stored === undefined) {
        result.inserted++;
        return true;
      }
      if (r.lastModified > stored) {
        result.updated++;
        return true;
      }
      result.unchanged++;
      return false;
    });
    if (changed.length > 0) {
      const ids = changed.map((r) => r.id);
      await tx.run(`DELETE FROM cve_product WHERE cve_id IN (${ids.map(() => '?').join(',')})`, ids);
      const updates = CVE_COLUMNS.filter((c) => c !== 'id')
        .map((c) => `${c} = excluded.${c}`)
        .join(', ');
      await insertMany(
        tx,
        'cve',
        CVE_COLUMNS,
        changed.map((r) => cveRow(r, now)),
        `ON CONFLICT (id) DO UPDATE SET ${updates}`
      );
      const productRows: SqlValue[][] = [];
      for (const r of changed) {
        // Rejected records stay in the store (so a feed that rejects a CVE updates it) but name no product.
        if (r.vulnStatus === 'Rejected') {
          continue;
        }
        for (const p of vulnerableProducts(r.configurations)) {
          productRows.push([r.id, p.part, p.vendor, p.product]);
        }
      }
      await insertMany(
        tx,
        'cve_product',
        ['cve_id', 'part', 'vendor', 'product'],
        productRows,
        'ON CONFLICT DO NOTHING'
      );
      result.changedIds.push(...ids);
    }
    onProgress?.(Math.min(i + BATCH, all.length), all.length);
  }
  return result;
}

/** The KEV catalog is a full snapshot: it replaces the previous one. */
export async function replaceKev(tx: Queryable, catalog: KevCatalog): Promise<{ added: string[]; removed: string[] }> {
  const before = new Set((await tx.all<{ cve_id: string }>('SELECT cve_id FROM kev')).map((r) => r.cve_id));
  await tx.run('DELETE FROM kev');
  await insertMany(
    tx,
    'kev',
    [
      'cve_id',
      'vendor_project',
      'product',
      'vulnerability_name',
      'date_added',
      'short_description',
      'required_action',
      'due_date',
      'known_ransomware',
      'notes',
      'cwes',
    ],
    catalog.entries.map((e) => [
      e.cveId,
      e.vendorProject,
      e.product,
      e.vulnerabilityName,
      e.dateAdded,
      e.shortDescription,
      e.requiredAction,
      e.dueDate,
      e.knownRansomwareCampaignUse === 'Known' ? 1 : 0,
      e.notes,
      JSON.stringify(e.cwes),
    ])
  );
  const after = new Set(catalog.entries.map((e) => e.cveId));
  return {
    added: [...after].filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !after.has(id)),
  };
}

/**
 * EPSS scores are upserted: a full daily file refreshes every CVE, while a partial file (a mirror or
 * an API answer for a few CVEs) refreshes only those and leaves the others as they were.
 */
export async function upsertEpss(tx: Queryable, file: EpssFile): Promise<number> {
  return insertMany(
    tx,
    'epss',
    ['cve_id', 'epss', 'percentile', 'score_date', 'model_version'],
    file.scores.map((s) => [s.cveId, s.epss, s.percentile, file.scoreDate, file.modelVersion]),
    'ON CONFLICT (cve_id) DO UPDATE SET epss = excluded.epss, percentile = excluded.percentile, score_date = excluded.score_date, model_version = excluded.model_version'
  );
}

export interface FeedState {
  feed: string;
  version: string | null;
  released: string | null;
  importedAt: string;
  origin: string;
  recordCount: number;
  detail: Record<string, unknown>;
}

export async function setFeedState(tx: Queryable, s: FeedState): Promise<void> {
  await tx.run(
    `INSERT INTO feed_state (feed, version, released, imported_at, origin, record_count, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (feed) DO UPDATE SET version = excluded.version, released = excluded.released, imported_at = excluded.imported_at,
       origin = excluded.origin, record_count = excluded.record_count, detail = excluded.detail`,
    [s.feed, s.version, s.released, s.importedAt, s.origin, s.recordCount, JSON.stringify(s.detail)]
  );
}

export async function getFeedStates(q: Queryable): Promise<FeedState[]> {
  const rows = await q.all<{
    feed: string;
    version: string | null;
    released: string | null;
    imported_at: string;
    origin: string;
    record_count: number;
    detail: string;
  }>('SELECT * FROM feed_state ORDER BY feed');
  return rows.map((r) => ({
    feed: r.feed,
    version: r.version,
    released: r.released,
    importedAt: r.imported_at,
    origin: r.origin,
    recordCount: Number(r.record_count),
    detail: JSON.parse(r.detail),
  }));
}

export interface CandidateCve {
  id: string;
  configurations: Configuration[];
}

/** CVEs naming (vendor, product) as vulnerable: the only ones a product's versions can match. */
export async function candidateCves(q: Queryable, vendor: string, product: string): Promise<CandidateCve[]> {
  const rows = await q.all<{ id: string; configurations: string }>(
    `SELECT c.id, c.configurations FROM cve c JOIN cve_product p ON p.cve_id = c.id
     WHERE p.vendor = ? AND p.product = ? AND c.vuln_status <> 'Rejected' GROUP BY c.id, c.configurations`,
    [vendor, product]
  );
  return rows.map((r) => ({ id: r.id, configurations: JSON.parse(r.configurations) as Configuration[] }));
}
