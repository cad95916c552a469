import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { parseCpe, plainValue } from '../domain/cpe';
import type { CpeMatchCriterion, CveRecord } from '../domain/types';
import { ingestDeviceReports } from '../engine/fleet';
import { importEpssFile, importKevCatalog, importNvdRecords } from '../engine/knowledge';
import { deviceReportSchema, type SoftwareItem } from '../ingest/deviceReport';
import { parseCsv, parseNvdDocumentDetailed } from '../ingest/knowledge';
import { testContext } from '../test-support/context';
import { describeWithSharedData, readSharedJson, sharedDataPath } from '../test-support/sharedData';
import { APPS, OS, type AppKey } from './catalog';
import { ladderDays } from './fleet';
import { CVES, PRODUCTS } from './knowledgeFacts';
import { KNOWLEDGE_DIR, readSnapshot, SNAPSHOT_FILES, snapshotTexts } from './knowledgeSnapshot';

describe('demo knowledge snapshot', () => {
  it('is the fact table as written by `npm run demo:knowledge` (the files are not stale)', () => {
    const texts = snapshotTexts();
    for (const [feed, name] of Object.entries(SNAPSHOT_FILES)) {
      const bytes = fs.readFileSync(path.join(KNOWLEDGE_DIR, name));
      const text = (name.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
      const expected = texts[feed as keyof typeof texts];
      // JSON is compared as data: a formatter may re-indent the files without changing a fact.
      const data = (t: string) => (name.includes('.json') ? JSON.parse(t) : t);
      expect({ feed, content: data(text) }).toEqual({ feed, content: data(expected) });
    }
  });

  it('is a compact selection: 100 to 400 distinct CVEs, each with a description and a CVSS score or a reason', () => {
    const ids = CVES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(100);
    expect(ids.length).toBeLessThanOrEqual(400);
    for (const c of CVES) {
      expect(c.text.length).toBeGreaterThan(40);
      expect(c.cvss !== null || c.status === 'Awaiting Analysis').toBe(true);
    }
  });

  it('parses with the real NVD, KEV and EPSS parsers: no reject, and every CVSS vector gives its base score', () => {
    const nvdBytes = fs.readFileSync(path.join(KNOWLEDGE_DIR, SNAPSHOT_FILES.nvd));
    const detailed = parseNvdDocumentDetailed(nvdBytes, 'snapshot');
    // The parser recomputes every base score from its vector and warns on a mismatch.
    expect(detailed.warnings).toEqual([]);
    const snap = readSnapshot();
    expect(snap.records).toHaveLength(CVES.length);
    expect(snap.kev.entries).toHaveLength(CVES.filter((c) => c.kev).length);
    expect(snap.epss.scores).toHaveLength(CVES.filter((c) => c.epss).length);
    expect(snap.epss.modelVersion).toMatch(/^v\d{4}\.\d{2}\.\d{2}$/);
    for (const r of snap.records) {
      const fact = CVES.find((c) => c.id === r.id);
      expect(r.cvss?.baseScore ?? null).toBe(fact?.cvss?.[1] ?? null);
      // NVD's copy of the KEV facts is there exactly for the KEV CVEs.
      expect(r.cisa?.exploitAdd ?? null).toBe(fact?.kev?.added ?? null);
    }
  });

  it('imports through the real importers into an empty store, every KEV and EPSS row joining a CVE', async () => {
    const ctx = await testContext();
    const snap = readSnapshot();
    const now = ctx.clock().toISOString();
    const nvd = await importNvdRecords(ctx.db, snap.records, 'test', now, undefined, ctx.settings);
    expect(nvd.inserted).toBe(CVES.length);
    const kev = await importKevCatalog(ctx.db, snap.kev, 'test', now, ctx.settings);
    expect(kev.joinedToCves).toBe(kev.entries);
    const epss = await importEpssFile(ctx.db, snap.epss, 'test', now, ctx.settings);
    expect(epss.joinedToCves).toBe(epss.scores);
    await ctx.db.close();
  });

  it('matches every product of the fact table on a device that runs its oldest release, through the shipped CPE rules', async () => {
    const ctx = await testContext();
    const now = ctx.clock().toISOString();
    await importNvdRecords(ctx.db, readSnapshot().records, 'test', now, undefined, ctx.settings);
    // The oldest release of every app, and every distribution package of every OS release, as agents list them.
    const software: SoftwareItem[] = [];
    for (const app of Object.keys(APPS) as AppKey[]) {
      const oldest = ladderDays(APPS[app].ladder, 8)[0].version;
      software.push(APPS[app].item(oldest, 'windows'));
    }
    for (const profile of Object.values(OS)) {
      for (const [key, version] of Object.entries(profile.packages ?? {})) {
        software.push({ name: key.split('/')[0], version, source: profile.source });
      }
    }
    const unique = [...new Map(software.map((s) => [`${s.name}\u0000${s.version}\u0000${s.source}`, s])).values()];
    const report = deviceReportSchema.parse({
      reportId: 'r1',
      id: 'all-products',
      osPlatform: 'Windows11',
      lastSeen: now,
      software: unique,
    });
    await ingestDeviceReports(ctx.db, [report], ctx.rules, now, ctx.settings);
    const rows = await ctx.db.all<{ product_key: string; n: number }>(
      "SELECT product_key, COUNT(DISTINCT cve_id) AS n FROM finding WHERE status = 'open' GROUP BY product_key"
    );
    const matched = new Map(rows.map((r) => [r.product_key, Number(r.n)]));
    const key = (cpe: string) => (cpe.split(':').length === 3 ? `${cpe}:` : cpe);
    const missing = Object.entries(PRODUCTS)
      .filter(([, p]) => !matched.get(key(p.cpe)))
      .map(([name]) => name);
    expect(missing).toEqual([]);
    await ctx.db.close();
  });

  it('names a product of PRODUCTS in every configuration, so each CVE can reach the fleet', () => {
    const known = new Set(Object.values(PRODUCTS).map((p) => p.cpe.split(':').slice(0, 3).join(':')));
    const unreachable: string[] = [];
    for (const r of readSnapshot().records) {
      for (const c of r.configurations) {
        const names = c.nodes.flatMap((n) =>
          n.cpeMatch
            .filter((m) => m.vulnerable)
            .map((m) => parseCpe(m.criteria))
            .map((cpe) => cpe && [plainValue(cpe.part), plainValue(cpe.vendor), plainValue(cpe.product)].join(':'))
        );
        if (!names.some((name) => name && known.has(name))) {
          unreachable.push(r.id);
        }
      }
    }
    expect(unreachable).toEqual([]);
  });
});

/** The vulnerable criteria of a record, as comparable strings, for the products of `keep`. */
function vulnerableCriteria(configs: CveRecord['configurations'], keep: (m: CpeMatchCriterion) => boolean): string[] {
  const out = new Set<string>();
  for (const c of configs) {
    for (const n of c.nodes) {
      for (const m of n.cpeMatch) {
        if (m.vulnerable && keep(m)) {
          out.add(
            [m.criteria, m.versionStartIncluding, m.versionStartExcluding, m.versionEndIncluding, m.versionEndExcluding]
              .map((x) => x ?? '')
              .join('|')
          );
        }
      }
    }
  }
  return [...out].sort();
}

const productOf = (criteria: string) => criteria.split(':').slice(2, 5).join(':');

describeWithSharedData('demo knowledge against ../shared/data (same facts where they overlap)', () => {
  const ours = new Map(readSnapshot().records.map((r) => [r.id, r]));

  it('has the CVSS, publication date, CWEs and affected ranges of the real NVD records', () => {
    const dirs = ['nvd-cve-api-2.0', 'grype/nvd-testdata'];
    let compared = 0;
    for (const dir of dirs) {
      for (const file of fs.readdirSync(sharedDataPath(...dir.split('/'))).filter((f) => f.endsWith('.json'))) {
        let real: CveRecord;
        try {
          [real] = parseNvdDocumentDetailed(readSharedJson(...dir.split('/'), file), file).records;
        } catch {
          continue; // Grype's edge cases include records that are invalid on purpose.
        }
        const mine = ours.get(real.id);
        if (!mine) {
          continue;
        }
        compared++;
        expect({ id: real.id, cvss: mine.cvss?.vector, score: mine.cvss?.baseScore }).toEqual({
          id: real.id,
          cvss: real.cvss?.vector,
          score: real.cvss?.baseScore,
        });
        expect({ id: real.id, published: mine.published }).toEqual({ id: real.id, published: real.published });
        expect(mine.cwes.every((c) => real.cwes.includes(c))).toBe(true);
        // Same ranges for every product both name (ours leaves out products no demo device runs).
        const products = new Set(
          mine.configurations.flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch.map((m) => productOf(m.criteria))))
        );
        const keep = (m: CpeMatchCriterion) => products.has(productOf(m.criteria));
        expect({ id: real.id, ranges: vulnerableCriteria(mine.configurations, keep) }).toEqual({
          id: real.id,
          ranges: vulnerableCriteria(real.configurations, keep),
        });
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  it('has the KEV dates, due dates, ransomware use and names of the CISA catalog', () => {
    const catalog = readSharedJson<{ vulnerabilities: Array<Record<string, string>> }>(
      'cisa-kev',
      'known_exploited_vulnerabilities.json'
    );
    const real = new Map(catalog.vulnerabilities.map((v) => [v.cveID, v]));
    const kev = readSnapshot().kev.entries;
    expect(kev.length).toBeGreaterThanOrEqual(30);
    for (const e of kev) {
      const r = real.get(e.cveId);
      expect({ id: e.cveId, inCatalog: r !== undefined }).toEqual({ id: e.cveId, inCatalog: true });
      expect({
        id: e.cveId,
        dateAdded: e.dateAdded,
        dueDate: e.dueDate,
        ransomware: e.knownRansomwareCampaignUse,
        name: e.vulnerabilityName,
        vendor: e.vendorProject,
        product: e.product,
      }).toEqual({
        id: e.cveId,
        dateAdded: r?.dateAdded,
        dueDate: r?.dueDate,
        ransomware: r?.knownRansomwareCampaignUse,
        name: r?.vulnerabilityName,
        vendor: r?.vendorProject,
        product: r?.product,
      });
    }
  });

  it('has the EPSS scores and the NVD base scores of the KEV/EPSS join', () => {
    const rows = parseCsv(fs.readFileSync(sharedDataPath('epss', 'kev_epss_cvss_jgamblin.csv'), 'utf8'));
    const [header, ...data] = rows.map((r) => r.fields);
    const col = (name: string) => header.indexOf(name);
    const real = new Map(data.map((f) => [f[col('CVE')], f]));
    const sharedNvd = new Set(fs.readdirSync(sharedDataPath('nvd-cve-api-2.0')).map((f) => f.replace(/\.json$/, '')));
    let compared = 0;
    for (const s of readSnapshot().epss.scores) {
      const r = real.get(s.cveId);
      if (!r) {
        continue;
      }
      compared++;
      expect({ id: s.cveId, epss: s.epss, percentile: s.percentile }).toEqual({
        id: s.cveId,
        epss: expect.closeTo(Number(r[col('EPSS')]), 5),
        percentile: expect.closeTo(Number(r[col('EPSS Percentile')]), 5),
      });
      // Where the shared data holds the NVD record itself, that record decides (scores change over time).
      const cvss3 = r[col('CVSS3')];
      if (cvss3 && !sharedNvd.has(s.cveId)) {
        expect({ id: s.cveId, score: ours.get(s.cveId)?.cvss?.baseScore }).toEqual({
          id: s.cveId,
          score: Number(cvss3),
        });
      }
    }
    expect(compared).toBeGreaterThanOrEqual(30);
  });
});
