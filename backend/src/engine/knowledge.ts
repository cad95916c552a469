import type { CveRecord, EpssFile, KevCatalog } from '../domain/types';
import type { KnowledgeFeed } from '../ingest/knowledge';
import {
  fetchFeed,
  fetchNvd,
  hasOwnFilters,
  redactUrl,
  type FetchDeps,
  type NvdFetchOptions,
} from '../ingest/knowledge/fetch';
import { parseFeedBuffer } from '../ingest/knowledgeFeed';
import type { Db } from '../store/db';
import { replaceKev, setFeedState, upsertCves, upsertEpss } from '../store/knowledgeRepo';
import { syncFindings } from './findings';
import { exposedDevicesByCve } from './history';
import { activeCutoff } from './views';
import { matchSoftwareVersions } from './matching';
import { afterFindingsChanged, defaultSettings, type EngineSettings } from './pipeline';

export type Progress = (phase: string, done: number, total: number) => void;

export interface NvdImportResult {
  feed: 'nvd';
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rematchedSoftwareVersions: number;
  findingsOpened: number;
  findingsClosed: number;
}

/**
 * Imports parsed NVD records in one transaction: the knowledge, the re-match of every software version
 * the changed CVEs name, and the findings of the whole fleet. A failure anywhere leaves the previous
 * knowledge and findings exactly as they were.
 */
export async function importNvdRecords(
  db: Db,
  records: readonly CveRecord[],
  origin: string,
  now: string,
  progress?: Progress,
  settings: EngineSettings = defaultSettings()
): Promise<NvdImportResult> {
  return db.transaction(async (tx) => {
    const up = await upsertCves(tx, records, now, (d, t) => progress?.('store', d, t));
    progress?.('match', 0, 1);
    const match = await matchSoftwareVersions(tx, { cveIds: up.changedIds }, now);
    const sync = up.changedIds.length > 0 ? await syncFindings(tx, null, now) : { opened: 0, closed: 0 };
    progress?.('match', 1, 1);
    if (up.changedIds.length > 0) {
      progress?.('score', 0, 1);
      await afterFindingsChanged(tx, settings, now, null);
      progress?.('score', 1, 1);
    }
    const total = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM cve');
    await setFeedState(tx, {
      feed: 'nvd',
      version: null,
      released: records.reduce<string | null>(
        (max, r) => (max === null || r.lastModified > max ? r.lastModified : max),
        null
      ),
      importedAt: now,
      origin,
      recordCount: Number(total?.n ?? 0),
      detail: {
        lastImport: { records: records.length, inserted: up.inserted, updated: up.updated, unchanged: up.unchanged },
      },
    });
    return {
      feed: 'nvd',
      records: records.length,
      inserted: up.inserted,
      updated: up.updated,
      unchanged: up.unchanged,
      rematchedSoftwareVersions: match.evaluated,
      findingsOpened: sync.opened,
      findingsClosed: sync.closed,
    };
  });
}

export interface KevImportResult {
  feed: 'kev';
  catalogVersion: string;
  entries: number;
  added: number;
  removed: number;
  joinedToCves: number;
}

export async function importKevCatalog(
  db: Db,
  catalog: KevCatalog,
  origin: string,
  now: string,
  settings: EngineSettings = defaultSettings()
): Promise<KevImportResult> {
  return db.transaction(async (tx) => {
    const diff = await replaceKev(tx, catalog);
    // CVEs newly known exploited that expose devices now: the most urgent news there is.
    const exposed = await exposedDevicesByCve(tx, diff.added, activeCutoff(now, settings.scoring));
    const byId = new Map(catalog.entries.map((e) => [e.cveId, e]));
    const events = [...exposed].map(([cveId, n]) => ({
      type: 'KnownExploited' as const,
      title: `${cveId} is known exploited (CISA KEV${byId.get(cveId)?.knownRansomwareCampaignUse === 'Known' ? ', used by ransomware' : ''})`,
      cveId,
      devicesThen: n,
      detail: { vulnerabilityName: byId.get(cveId)?.vulnerabilityName, dueDate: byId.get(cveId)?.dueDate },
    }));
    await afterFindingsChanged(tx, settings, now, null, events);
    const joined = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM kev k JOIN cve c ON c.id = k.cve_id');
    await setFeedState(tx, {
      feed: 'kev',
      version: catalog.catalogVersion,
      released: catalog.dateReleased,
      importedAt: now,
      origin,
      recordCount: catalog.entries.length,
      detail: { added: diff.added.length, removed: diff.removed.length },
    });
    return {
      feed: 'kev',
      catalogVersion: catalog.catalogVersion,
      entries: catalog.entries.length,
      added: diff.added.length,
      removed: diff.removed.length,
      joinedToCves: Number(joined?.n ?? 0),
    };
  });
}

export interface EpssImportResult {
  feed: 'epss';
  modelVersion: string | null;
  scoreDate: string | null;
  scores: number;
  joinedToCves: number;
}

export async function importEpssFile(
  db: Db,
  file: EpssFile,
  origin: string,
  now: string,
  settings: EngineSettings = defaultSettings()
): Promise<EpssImportResult> {
  return db.transaction(async (tx) => {
    // Scores before the import, of the CVEs that expose devices: a sharp rise is an event.
    const exposedCves = (
      await tx.all<{ cve_id: string }>("SELECT DISTINCT cve_id FROM finding WHERE status = 'open'")
    ).map((r) => r.cve_id);
    const before = new Map<string, number>();
    for (let i = 0; i < exposedCves.length; i += 500) {
      const part = exposedCves.slice(i, i + 500);
      for (const r of await tx.all<{ cve_id: string; epss: number }>(
        `SELECT cve_id, epss FROM epss WHERE cve_id IN (${part.map(() => '?').join(', ')})`,
        part
      )) {
        before.set(r.cve_id, Number(r.epss));
      }
    }
    await upsertEpss(tx, file);
    const exposedSet = new Set(exposedCves);
    const jumps = file.scores.filter(
      (s) => exposedSet.has(s.cveId) && s.epss - (before.get(s.cveId) ?? 0) >= settings.history.epssJump
    );
    const counts = await exposedDevicesByCve(
      tx,
      jumps.map((j) => j.cveId),
      activeCutoff(now, settings.scoring)
    );
    const events = jumps.map((j) => ({
      type: 'EpssIncrease' as const,
      title: `${j.cveId} exploitation likelihood rose to ${(j.epss * 100).toFixed(1)}% (EPSS)`,
      cveId: j.cveId,
      devicesThen: counts.get(j.cveId) ?? 0,
      detail: { epssBefore: before.get(j.cveId) ?? null, epssAfter: j.epss },
    }));
    await afterFindingsChanged(tx, settings, now, null, events);
    const total = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM epss');
    const joined = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM epss e JOIN cve c ON c.id = e.cve_id');
    await setFeedState(tx, {
      feed: 'epss',
      version: file.modelVersion,
      released: file.scoreDate,
      importedAt: now,
      origin,
      recordCount: Number(total?.n ?? 0),
      detail: { lastImport: file.scores.length },
    });
    return {
      feed: 'epss',
      modelVersion: file.modelVersion,
      scoreDate: file.scoreDate,
      scores: file.scores.length,
      joinedToCves: Number(joined?.n ?? 0),
    };
  });
}

/** Re-matches every software version against all knowledge and rebuilds every device's findings. */
export async function recomputeAll(
  db: Db,
  now: string,
  settings: EngineSettings = defaultSettings()
): Promise<{ softwareVersions: number; opened: number; closed: number }> {
  return db.transaction(async (tx) => {
    const ids = (await tx.all<{ id: number }>('SELECT id FROM software_version')).map((r) => Number(r.id));
    const m = await matchSoftwareVersions(tx, { softwareVersionIds: ids }, now);
    const s = await syncFindings(tx, null, now);
    await afterFindingsChanged(tx, settings, now, null);
    return { softwareVersions: m.evaluated, opened: s.opened, closed: s.closed };
  });
}

// ------------------------------------------------------------------------------------------------
// Imports from the publishers' URLs
// ------------------------------------------------------------------------------------------------

export interface NvdUrlImportResult {
  feed: 'nvd';
  url: string;
  /** Last-modified windows fetched and imported, each in its own transaction. */
  windows: number;
  pages: number;
  since: string | null;
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  findingsOpened: number;
  findingsClosed: number;
}

export interface NvdUrlImportOptions extends Omit<NvdFetchOptions, 'onPage'> {
  url: string;
  now: string;
  settings?: EngineSettings;
  progress?: Progress;
}

/**
 * Imports NVD records from the CVE API. Without `since` (and without filters in the URL) it resumes
 * from the newest record already stored; with no NVD knowledge at all it downloads every record.
 * Each 120-day window is fetched whole, then imported in one transaction, oldest first: a failure keeps
 * the knowledge of the windows before it (all older changes) and nothing of the failing one, and the
 * next import resumes from the newest record stored.
 */
export async function importNvdFromUrl(db: Db, opts: NvdUrlImportOptions): Promise<NvdUrlImportResult> {
  let since = opts.since ?? null;
  if (since === null && !hasOwnFilters(opts.url)) {
    const newest = await db.get<{ m: string | null }>('SELECT MAX(last_modified) AS m FROM cve');
    since = newest?.m ?? null;
  }
  const origin = redactUrl(opts.url);
  const total: NvdUrlImportResult = {
    feed: 'nvd',
    url: origin,
    windows: 0,
    pages: 0,
    since,
    records: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    findingsOpened: 0,
    findingsClosed: 0,
  };
  for await (const w of fetchNvd({ ...opts, since, onPage: (done, all) => opts.progress?.('fetch', done, all) })) {
    const r = await importNvdRecords(db, w.records, origin, opts.now, opts.progress, opts.settings);
    total.windows++;
    total.pages += w.pages;
    total.records += r.records;
    total.inserted += r.inserted;
    total.updated += r.updated;
    total.unchanged += r.unchanged;
    total.findingsOpened += r.findingsOpened;
    total.findingsClosed += r.findingsClosed;
  }
  return total;
}

/** Fetches the KEV catalog or an EPSS file and imports it whole (the previous one stays on any failure). */
export async function importFeedFromUrl(
  db: Db,
  feed: 'kev' | 'epss',
  url: string,
  now: string,
  settings: EngineSettings = defaultSettings(),
  deps: FetchDeps = {}
): Promise<KevImportResult | EpssImportResult> {
  const origin = redactUrl(url);
  const parsed = parseFeedBuffer(feed, await fetchFeed(url, deps), origin);
  return parsed.feed === 'kev'
    ? importKevCatalog(db, parsed.catalog, origin, now, settings)
    : importEpssFile(db, (parsed as Extract<typeof parsed, { feed: 'epss' }>).file, origin, now, settings);
}

export interface FeedRefreshOptions extends FetchDeps {
  /** A feed with a null URL is not refreshed. */
  urls: Record<KnowledgeFeed, string | null>;
  apiKey?: string;
  now: () => string;
  settings?: EngineSettings;
}

export type FeedRefreshOutcome =
  | { feed: KnowledgeFeed; ok: true; result: NvdUrlImportResult | KevImportResult | EpssImportResult }
  | { feed: KnowledgeFeed; ok: false; error: string };

/**
 * One refresh of every configured feed from its URL: KEV and EPSS (small, whole files), then NVD
 * (incremental). A feed that fails keeps its previous knowledge; the others still refresh.
 */
export async function refreshFeeds(db: Db, opts: FeedRefreshOptions): Promise<FeedRefreshOutcome[]> {
  const out: FeedRefreshOutcome[] = [];
  for (const feed of ['kev', 'epss', 'nvd'] as const) {
    const url = opts.urls[feed];
    if (!url) {
      continue;
    }
    try {
      const result =
        feed === 'nvd'
          ? await importNvdFromUrl(db, { ...opts, url, now: opts.now(), apiKey: opts.apiKey, settings: opts.settings })
          : await importFeedFromUrl(db, feed, url, opts.now(), opts.settings, opts);
      out.push({ feed, ok: true, result });
    } catch (err) {
      out.push({ feed, ok: false, error: (err as Error).message });
    }
  }
  return out;
}
