/**
 * Benchmark of knowledge import and fleet ingest. Prints figures; asserts nothing.
 *
 *   npm run bench:ingest -- [--devices 2000] [--products 150] [--batch 100] [--data ../shared/data]
 *
 * Measures: parsing + storing the full CISA KEV catalog; importing the NVD records of the data set;
 * ingesting synthetic device reports of N products each (reports/s); re-sending them (idempotent);
 * and one device's report alone (latency).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { NormalizerRules } from '../domain/normalizer';
import { ingestDeviceReports, type IngestResult } from '../engine/fleet';
import { importKevCatalog, importNvdRecords } from '../engine/knowledge';
import type { DeviceReport, SoftwareItem } from '../ingest/deviceReport';
import { readNvdPath } from '../ingest/knowledge';
import { parseFeedBuffer } from '../ingest/knowledgeFeed';
import { loadNormalizerRules } from '../service';
import { openStore, type Db } from '../store';
import { mulberry32 } from '../util/random';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

// Products the NVD sample names, with versions on both sides of their ranges.
const KNOWN: Array<{ vendor: string; name: string; versions: string[]; edition?: string }> = [
  {
    vendor: 'google',
    name: 'chrome',
    versions: ['124.0.6367.91', '124.0.6367.201', '131.0.6778.85', '120.0.6099.109'],
  },
  { vendor: 'mozilla', name: 'firefox', versions: ['131.0.1', '131.0.2', '128.0', '115.16.0'] },
  { vendor: 'mozilla', name: 'firefox', edition: 'esr', versions: ['115.16.0', '115.16.1', '128.2.0', '128.3.1'] },
  { vendor: 'mozilla', name: 'thunderbird', versions: ['115.15.0', '128.3.1', '131.0'] },
  { vendor: '7-zip', name: '7-zip', versions: ['24.08', '24.09', '23.01'] },
  { vendor: 'rarlab', name: 'winrar', versions: ['6.22', '6.23', '7.01'] },
  { vendor: 'git-scm', name: 'git', versions: ['2.43.0', '2.50.1', '2.45.3'] },
  { vendor: 'haxx', name: 'libcurl', versions: ['8.3.0', '8.4.0', '7.88.1'] },
  { vendor: 'f5', name: 'nginx', versions: ['1.20.0', '1.21.0', '1.18.0'] },
  { vendor: 'apache', name: 'http_server', versions: ['2.4.49', '2.4.50', '2.4.58'] },
];

function makeReport(rand: () => number, i: number, products: number, round: number): DeviceReport {
  const software: SoftwareItem[] = [];
  const used = new Set<string>();
  for (const k of KNOWN) {
    if (rand() < 0.6) {
      software.push({
        vendor: k.vendor,
        name: k.name,
        version: k.versions[Math.floor(rand() * k.versions.length)],
        edition: k.edition,
      });
      used.add(`${k.vendor}:${k.name}:${k.edition ?? ''}`);
    }
  }
  // The long tail: products no CVE of the sample names, from a pool shared across the fleet.
  while (software.length < products) {
    const p = Math.floor(rand() * 3000);
    const key = `vendor${p % 400}:product${p}`;
    if (used.has(key)) {
      continue;
    }
    used.add(key);
    software.push({
      vendor: `vendor${p % 400}`,
      name: `product${p}`,
      version: `${1 + (p % 7)}.${Math.floor(rand() * 4)}.${p % 10}`,
    });
  }
  return {
    reportId: `bench-${round}-${i}`,
    id: `bench-device-${i}`,
    computerDnsName: `ws-${String(i).padStart(5, '0')}.bench.example`,
    osPlatform: i % 5 === 0 ? 'Linux' : 'Windows11',
    osVersion: '10.0.22631',
    lastSeen: new Date(Date.UTC(2026, 10, 1) + round * 3600_000).toISOString(),
    rbacGroupName: `Group ${i % 8}`,
    machineTags: [],
    deviceValue: 'Normal',
    software,
  };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Ingests in batches and checks every report was applied (a benchmark of skipped work would lie). */
async function ingestAll(
  db: Db,
  reports: DeviceReport[],
  batch: number,
  rules: NormalizerRules,
  now: string,
  expect: keyof IngestResult
) {
  let opened = 0;
  let counted = 0;
  for (let i = 0; i < reports.length; i += batch) {
    const r = await ingestDeviceReports(db, reports.slice(i, i + batch), rules, now);
    opened += r.findingsOpened;
    counted += Number(r[expect]);
  }
  if (counted !== reports.length) {
    throw new Error(`expected ${reports.length} reports ${String(expect)}, got ${counted}`);
  }
  return opened;
}

async function main(): Promise<void> {
  const devices = Number(arg('devices', '2000'));
  const products = Number(arg('products', '150'));
  const batch = Number(arg('batch', '100'));
  const dataDir = path.resolve(arg('data', path.resolve(__dirname, '../../../../shared/data')));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tvm-bench-'));
  const db = await openStore(path.join(dir, 'bench.sqlite'));
  const rules = loadNormalizerRules();
  const now = new Date().toISOString();
  const out: Record<string, string> = {};

  const kevFile = path.join(dataDir, 'cisa-kev/known_exploited_vulnerabilities.json');
  if (fs.existsSync(kevFile)) {
    const t = process.hrtime.bigint();
    const parsed = parseFeedBuffer('kev', fs.readFileSync(kevFile), kevFile);
    const tParsed = seconds(t);
    if (parsed.feed === 'kev') {
      const r = await importKevCatalog(db, parsed.catalog, kevFile, now);
      out['KEV catalog import'] =
        `${r.entries} entries in ${(seconds(t) * 1000).toFixed(0)} ms (parse+validate ${(tParsed * 1000).toFixed(0)} ms)`;
      const t2 = process.hrtime.bigint();
      await importKevCatalog(db, parsed.catalog, kevFile, now);
      out['KEV catalog re-import'] = `${(seconds(t2) * 1000).toFixed(0)} ms`;
    }
    const nvdDir = path.join(dataDir, 'nvd-cve-api-2.0');
    const t3 = process.hrtime.bigint();
    const nvd = await readNvdPath(nvdDir);
    const r = await importNvdRecords(db, nvd.records, nvdDir, now);
    out['NVD sample import'] = `${r.records} records in ${(seconds(t3) * 1000).toFixed(0)} ms`;
  } else {
    out['knowledge'] = `skipped: ${dataDir} not found (findings will be empty)`;
  }

  const rand = mulberry32(42);
  const reports = Array.from({ length: devices }, (_, i) => makeReport(rand, i, products, 1));
  const t = process.hrtime.bigint();
  const opened = await ingestAll(db, reports, batch, rules, now, 'applied');
  const ingestS = seconds(t);
  out['first ingest'] =
    `${devices} reports × ${products} products in ${ingestS.toFixed(2)} s = ${(devices / ingestS).toFixed(0)} reports/s (${((devices * products) / ingestS).toFixed(0)} items/s), ${opened} findings opened`;

  const t4 = process.hrtime.bigint();
  await ingestAll(db, reports, batch, rules, now, 'duplicates');
  out['re-sent reports (idempotent)'] = `${(devices / seconds(t4)).toFixed(0)} reports/s`;

  // The daily agent case: same software, a new reportId and a later lastSeen.
  const unchanged = reports.map((r) => ({
    ...r,
    reportId: `${r.reportId}-again`,
    lastSeen: new Date(Date.UTC(2026, 10, 1) + 2 * 3600_000).toISOString(),
  }));
  const tU = process.hrtime.bigint();
  await ingestAll(db, unchanged, batch, rules, now, 'applied');
  out['unchanged snapshots'] = `${(devices / seconds(tU)).toFixed(0)} reports/s (same software, new reportId)`;

  const rand2 = mulberry32(7);
  const next = Array.from({ length: devices }, (_, i) => makeReport(rand2, i, products, 3));
  const t5 = process.hrtime.bigint();
  await ingestAll(db, next, batch, rules, now, 'applied');
  const s5 = seconds(t5);
  out['changed snapshots'] = `${(devices / s5).toFixed(0)} reports/s (every product replaced)`;

  const single: number[] = [];
  const rand3 = mulberry32(9);
  for (let k = 0; k < 50; k++) {
    const r = makeReport(rand3, k, products, 4 + k);
    const ts = process.hrtime.bigint();
    await ingestDeviceReports(db, [r], rules, now);
    single.push(seconds(ts) * 1000);
  }
  single.sort((a, b) => a - b);
  out['one report alone'] = `p50 ${single[25].toFixed(1)} ms, p99 ${single[49].toFixed(1)} ms`;
  out['peak RSS'] = `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
  const size = fs.statSync(path.join(dir, 'bench.sqlite')).size;
  out['database size'] = `${(size / 1024 / 1024).toFixed(1)} MB`;

  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`TVM ingest benchmark (node ${process.version}, ${os.cpus().length} CPUs)`);
  for (const [k, v] of Object.entries(out)) {
    console.log(`  ${k.padEnd(30)} ${v}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
