/**
 * The DESIGN §10 benchmark: a synthetic fleet over the real knowledge of ../shared/data, measured
 * against the performance targets (100,000 devices × 150 products on one 2-core machine: full
 * recompute < 1 min, one device report < 10 ms, dashboard queries p99 < 20 ms at 200 concurrent
 * requests, memory < 1 GB).
 *
 *   npm run bench -- --devices 10000 [--products 150] [--batch 500] [--concurrency 200] [--requests 2000]
 *                    [--max-seconds 30] [--tail 3000] [--seed 42] [--data ../shared/data] [--db path] [--no-profile]
 *
 * Phases: knowledge import (NVD records, CISA KEV, EPSS); ingest of the generated fleet in batches;
 * full recompute; an EPSS feed update over the populated fleet; ~50 one-device updates; the dashboard
 * queries over HTTP under concurrent load (the real server on an ephemeral port, driven from a worker
 * thread with keep-alive connections); peak memory and database size.
 *
 * It checks as it goes that the work really happened (every report applied, findings opened, every
 * response 200 with the expected shape) and fails loudly otherwise: a benchmark of skipped work would lie.
 * With --profile (the default) it also prints, per phase, the SQL statements that took the most time.
 */
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import { isMainThread, parentPort, Worker } from 'worker_threads';
import pino from 'pino';
import type { ServiceContext } from '../api/app';
import type { Configuration, CveRecord } from '../domain/types';
import { ingestDeviceReports } from '../engine/fleet';
import { importEpssFile, importKevCatalog, importNvdRecords, recomputeAll } from '../engine/knowledge';
import { defaultSettings, type EngineSettings } from '../engine/pipeline';
import type { DeviceReport } from '../ingest/deviceReport';
import { listNvdFiles, readNvdPath } from '../ingest/knowledge';
import { parseFeedBuffer } from '../ingest/knowledgeFeed';
import { createContext, loadNormalizerRules, serve } from '../service';
import { openStore, type Db, type Queryable } from '../store';
import type { Params, RunResult } from '../store/db';
import { buildTail, Fleet, knownProductsFrom } from './fleetGenerator';

// ------------------------------------------------------------------------------------------ options

interface Options {
  devices: number;
  products: number;
  batch: number;
  concurrency: number;
  requests: number;
  maxSeconds: number;
  tail: number;
  seed: number;
  updates: number;
  data: string;
  db: string | null;
  profile: boolean;
}

const USAGE = `usage: node backend/dist/bench/bench.js [--devices 10000] [--products 150] [--batch 500]
       [--concurrency 200] [--requests 2000] [--max-seconds 30] [--tail 3000] [--seed 42] [--updates 50]
       [--data ../shared/data] [--db path] [--no-profile]`;

function parseOptions(argv: string[]): Options {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      throw new Error(`unexpected argument "${a}"\n${USAGE}`);
    }
    if (m[1] === 'no-profile') {
      flags.add(m[1]);
    } else if (m[2] !== undefined) {
      values.set(m[1], m[2]);
    } else if (i + 1 < argv.length) {
      values.set(m[1], argv[++i]);
    } else {
      throw new Error(`--${m[1]} needs a value\n${USAGE}`);
    }
  }
  const known = [
    'devices',
    'products',
    'batch',
    'concurrency',
    'requests',
    'max-seconds',
    'tail',
    'seed',
    'updates',
    'data',
    'db',
  ];
  for (const k of values.keys()) {
    if (!known.includes(k)) {
      throw new Error(`unknown option --${k}\n${USAGE}`);
    }
  }
  const int = (name: string, fallback: number, min: number) => {
    const raw = values.get(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min) {
      throw new Error(`--${name} must be an integer ≥ ${min} (got "${raw}")`);
    }
    return n;
  };
  const defaultData = process.env.TVM_SHARED_DATA ?? path.resolve(__dirname, '../../../../shared/data');
  return {
    devices: int('devices', 10000, 1),
    products: int('products', 150, 1),
    batch: int('batch', 500, 1),
    concurrency: int('concurrency', 200, 1),
    requests: int('requests', 2000, 1),
    maxSeconds: int('max-seconds', 30, 1),
    tail: int('tail', 3000, 10),
    seed: int('seed', 42, 0),
    updates: int('updates', 50, 1),
    data: path.resolve(values.get('data') ?? defaultData),
    db: values.has('db') ? path.resolve(values.get('db')!) : null,
    profile: !flags.has('no-profile'),
  };
}

// ------------------------------------------------------------------------------------------ helpers

class BenchFailure extends Error {}

/** A benchmark of skipped work would lie: stop at the first sign of it. */
function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new BenchFailure(`VERIFICATION FAILED: ${message}`);
  }
}

const hr = () => process.hrtime.bigint();
const msSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (ms: number) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
const fmtMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function progress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function count(db: Queryable, sql: string, params: Params = []): Promise<number> {
  const row = await db.get<{ n: number }>(sql, params);
  return Number(row?.n ?? 0);
}

// ------------------------------------------------------------------------------------------ SQL profile

/** Per statement (placeholder lists collapsed): calls and total time. */
class SqlProfile {
  private stats = new Map<string, { calls: number; ms: number }>();
  enabled = true;

  record(sql: string, ms: number): void {
    if (!this.enabled) {
      return;
    }
    const key = sql
      .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)(?:\s*,\s*\(\s*\?(?:\s*,\s*\?)*\s*\))+/g, '(?…),…')
      .replace(/\?(?:\s*,\s*\?){3,}/g, '?,…')
      .replace(/\s+/g, ' ')
      .trim();
    const s = this.stats.get(key) ?? { calls: 0, ms: 0 };
    s.calls++;
    s.ms += ms;
    this.stats.set(key, s);
  }

  take(): Array<{ sql: string; calls: number; ms: number }> {
    const out = [...this.stats.entries()].map(([sql, s]) => ({ sql, ...s })).sort((a, b) => b.ms - a.ms);
    this.stats = new Map();
    return out;
  }
}

class ProfiledQueryable implements Queryable {
  constructor(
    private readonly inner: Queryable,
    private readonly profile: SqlProfile
  ) {}
  private async timed<T>(sql: string, fn: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.profile.record(sql, performance.now() - t);
    }
  }
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    return this.timed(sql, () => this.inner.all<T>(sql, params));
  }
  get<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined> {
    return this.timed(sql, () => this.inner.get<T>(sql, params));
  }
  run(sql: string, params?: Params): Promise<RunResult> {
    return this.timed(sql, () => this.inner.run(sql, params));
  }
}

/** The store with every statement timed (better-sqlite3 is synchronous: the time is the statement's). */
class ProfiledDb extends ProfiledQueryable implements Db {
  readonly dialect: Db['dialect'];
  readonly location: string;
  constructor(
    private readonly db: Db,
    private readonly prof: SqlProfile
  ) {
    super(db, prof);
    this.dialect = db.dialect;
    this.location = db.location;
  }
  get dataVersion(): number {
    return this.db.dataVersion;
  }
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new ProfiledQueryable(tx, this.prof)));
  }
  exec(sql: string): Promise<void> {
    return this.db.exec(sql);
  }
  close(): Promise<void> {
    return this.db.close();
  }
}

// ------------------------------------------------------------------------------------------ HTTP load (worker)

interface LoadJob {
  port: number;
  path: string;
  concurrency: number;
  requests: number;
  maxSeconds: number;
  /** Status codes that count as success (the warm-up accepts 404). */
  okStatus: number[];
}

interface LoadResult {
  latencies: number[];
  completed: number;
  errors: number;
  firstError: string | null;
  wallMs: number;
  bytes: number;
}

function httpGet(
  agent: http.Agent,
  port: number,
  urlPath: string
): Promise<{ status: number; body: Buffer; type: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: urlPath, agent, headers: { accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            type: String(res.headers['content-type'] ?? ''),
          })
        );
        res.on('error', reject);
      }
    );
    req.on('error', reject);
  });
}

/** Closed-loop load: `concurrency` clients, each sending its next request when the previous one ends. */
async function runLoad(agent: http.Agent, job: LoadJob): Promise<LoadResult> {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let bytes = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const deadline = start + job.maxSeconds * 1000;
  const fail = (msg: string) => {
    errors++;
    firstError ??= msg;
  };
  const lane = async () => {
    while (issued < job.requests && performance.now() < deadline) {
      issued++;
      const t = performance.now();
      try {
        const res = await httpGet(agent, job.port, job.path);
        const ms = performance.now() - t;
        bytes += res.body.length;
        if (!job.okStatus.includes(res.status)) {
          fail(`HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
          continue;
        }
        if (res.status === 200) {
          if (!res.type.includes('application/json')) {
            fail(`content-type ${res.type}`);
            continue;
          }
          const body: unknown = JSON.parse(res.body.toString('utf8'));
          if (typeof body !== 'object' || body === null) {
            fail('body is not a JSON object');
            continue;
          }
        }
        latencies.push(ms);
      } catch (err) {
        fail((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.requests) }, lane));
  return { latencies, completed: latencies.length, errors, firstError, wallMs: performance.now() - start, bytes };
}

function loadWorkerMain(): void {
  const agents = new Map<number, http.Agent>();
  parentPort!.on('message', (job: LoadJob | 'exit') => {
    if (job === 'exit') {
      for (const a of agents.values()) {
        a.destroy();
      }
      process.exit(0);
    }
    // One keep-alive pool per concurrency level, kept across jobs (connections are set up once).
    let agent = agents.get(job.concurrency);
    if (!agent) {
      agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency, maxFreeSockets: job.concurrency });
      agents.set(job.concurrency, agent);
    }
    runLoad(agent, job).then(
      (r) => parentPort!.postMessage(r),
      (err: Error) =>
        parentPort!.postMessage({
          latencies: [],
          completed: 0,
          errors: 1,
          firstError: err.message,
          wallMs: 0,
          bytes: 0,
        })
    );
  });
}

class LoadDriver {
  private readonly worker = new Worker(__filename);
  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.worker.once('error', onError);
      this.worker.once('message', (r: LoadResult) => {
        this.worker.off('error', onError);
        resolve(r);
      });
      this.worker.postMessage(job);
    });
  }
  async close(): Promise<void> {
    this.worker.postMessage('exit');
    await new Promise((resolve) => this.worker.once('exit', resolve));
  }
}

// ------------------------------------------------------------------------------------------ endpoints

type Body = Record<string, unknown>;
const arrayValue = (b: Body) => (Array.isArray(b.value) ? (b.value as Body[]) : null);

interface Endpoint {
  path: string;
  /** Returns what is wrong with a sample response, or null. */
  validate: (b: Body, fleet: { devices: number; groups: number; checks: number }) => string | null;
}

const ENDPOINTS: Endpoint[] = [
  {
    path: '/api/exposureScore',
    validate: (b, f) =>
      typeof b.score !== 'number'
        ? `score is ${JSON.stringify(b.score)}`
        : b.activeDevices !== f.devices
          ? `activeDevices ${String(b.activeDevices)} ≠ ${f.devices}`
          : null,
  },
  {
    path: '/api/exposureScore/ByMachineGroups',
    validate: (b, f) => {
      const v = arrayValue(b);
      return !v
        ? 'no value[]'
        : v.length !== f.groups
          ? `${v.length} groups ≠ ${f.groups}`
          : v.some((g) => typeof g.score !== 'number')
            ? 'a group without score'
            : null;
    },
  },
  {
    path: '/api/configurationScore',
    validate: (b, f) =>
      typeof b.score !== 'number'
        ? 'no score'
        : f.checks > 0 && !(Number(b.maxScore) > 0)
          ? `maxScore ${String(b.maxScore)}`
          : null,
  },
  {
    path: '/api/exposureDistribution',
    validate: (b, f) => {
      const v = arrayValue(b);
      return !v || v.length !== 1
        ? 'expected value[1]'
        : v[0].total !== f.devices
          ? `total ${String(v[0].total)} ≠ ${f.devices}`
          : null;
    },
  },
  {
    path: '/api/recommendations?$top=10',
    validate: (b) => {
      const v = arrayValue(b);
      return !v || v.length === 0 || v.length > 10 ? `expected 1–10 recommendations, got ${v?.length}` : null;
    },
  },
  {
    path: '/api/Software?$top=10',
    validate: (b) => {
      const v = arrayValue(b);
      return !v || v.length !== 10 ? `expected 10 software, got ${v?.length}` : null;
    },
  },
  {
    path: '/api/vulnerabilities?$top=10',
    validate: (b) => {
      const v = arrayValue(b);
      return !v || v.length === 0 || v.length > 10 ? `expected 1–10 vulnerabilities, got ${v?.length}` : null;
    },
  },
  {
    path: '/api/machines?$top=10&$orderby=exposureScore%20desc',
    validate: (b, f) => {
      const v = arrayValue(b);
      if (!v || v.length !== Math.min(10, f.devices)) {
        return `expected ${Math.min(10, f.devices)} machines, got ${v?.length}`;
      }
      const scores = v.map((m) => Number(m.exposureScore ?? -1));
      return scores.some((s, i) => i > 0 && s > scores[i - 1])
        ? `not ordered by exposureScore desc: ${scores.join(', ')}`
        : null;
    },
  },
  { path: '/api/events?$top=10', validate: (b) => (!arrayValue(b) ? 'no value[]' : null) },
  {
    path: '/api/exposureScore/history',
    validate: (b) => {
      const v = arrayValue(b);
      return !v || v.length === 0 ? 'no history point' : null;
    },
  },
  {
    path: '/api/reports/vulnerableDevices',
    validate: (b) => (!(Number(b.vulnerableDevices) > 0) ? `vulnerableDevices ${String(b.vulnerableDevices)}` : null),
  },
];

// ------------------------------------------------------------------------------------------ main

interface Row {
  measurement: string;
  result: string;
  target: string;
  status: 'PASS' | 'MISS' | '';
}

async function main(): Promise<void> {
  const opt = parseOptions(process.argv.slice(2));
  const startedAt = hr();
  const cpu = os.cpus();
  const machine = `node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ${fmtMb(os.totalmem())} RAM, ${os.platform()} ${os.arch()}`;

  const nvdDirs = [path.join(opt.data, 'nvd-cve-api-2.0'), path.join(opt.data, 'grype', 'nvd-testdata')];
  const kevFile = path.join(opt.data, 'cisa-kev', 'known_exploited_vulnerabilities.json');
  const epssFiles = [
    path.join(opt.data, 'epss', 'kev_epss_cvss_jgamblin.csv'),
    path.join(opt.data, 'epss', 'epss_scores-head-sample.csv'),
  ];
  const missing = [...nvdDirs, kevFile, ...epssFiles].filter((p) => !fs.existsSync(p));
  if (missing.length > 0) {
    const msg = `the benchmark needs the real knowledge in ${opt.data} (pass --data or TVM_SHARED_DATA); missing: ${missing.join(', ')}`;
    if (process.env.CI === 'true') {
      throw new BenchFailure(msg);
    }
    console.log(`TVM benchmark SKIPPED: ${msg}`);
    return;
  }

  let tempDir: string | null = null;
  let dbPath: string;
  if (opt.db) {
    check(!fs.existsSync(opt.db), `--db ${opt.db} already exists: the benchmark needs an empty store`);
    dbPath = opt.db;
  } else {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tvm-bench-'));
    dbPath = path.join(tempDir, 'bench.sqlite');
  }

  const rows: Row[] = [];
  const notes: string[] = [];
  const profiles: Array<{ phase: string; totalMs: number; stmts: ReturnType<SqlProfile['take']> }> = [];
  const profile = new SqlProfile();
  profile.enabled = opt.profile;
  const raw = await openStore(dbPath);
  const db: Db = opt.profile ? new ProfiledDb(raw, profile) : raw;
  let current = { name: 'start', start: hr() };
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    progress(`${name}…`);
    profile.take();
    const t = hr();
    current = { name, start: t };
    const value = await fn();
    const ms = msSince(t);
    profiles.push({ phase: name, totalMs: ms, stmts: profile.take() });
    progress(`${name}: ${fmtMs(ms)}`);
    return { value, ms };
  };
  const now = () => new Date().toISOString();
  const scale = opt.devices < 100_000 ? `at ${fmtInt(opt.devices)} devices` : '';
  /** The table and notes gathered so far (also after a failure, with what was measured). */
  const printReport = (incomplete: string | null) => {
    const head = `TVM benchmark${incomplete ? ` (INCOMPLETE: ${incomplete})` : ''} — ${fmtInt(opt.devices)} devices × ~${opt.products} products (seed ${opt.seed}), ${machine}`;
    console.log(head);
    console.log(`  total run time ${fmtMs(msSince(startedAt))}; store ${opt.db ?? '(temporary)'}`);
    const w1 = Math.max(...rows.map((r) => r.measurement.length), 11);
    const w3 = Math.max(...rows.map((r) => r.target.length), 6);
    console.log('');
    console.log(`  ${'Measurement'.padEnd(w1)}  ${'Target'.padEnd(w3)}  Status  Result`);
    console.log(`  ${'-'.repeat(w1)}  ${'-'.repeat(w3)}  ------  ${'-'.repeat(40)}`);
    for (const r of rows) {
      console.log(`  ${r.measurement.padEnd(w1)}  ${r.target.padEnd(w3)}  ${r.status.padEnd(6)}  ${r.result}`);
    }
    console.log('');
    if (scale) {
      console.log(`  Note: measured ${scale}; DESIGN §10's targets are for 100,000 devices × 150 products on 2 cores.`);
    }
    if (opt.concurrency !== 200) {
      console.log(`  Note: API load at ${opt.concurrency} concurrent requests; the target is stated at 200.`);
    }
    for (const n of notes) {
      console.log(`  ${n}`);
    }
    if (opt.profile) {
      console.log('');
      console.log('  Where the time goes (SQL statements by total time per phase; "other" = JS, parsing, HTTP):');
      for (const p of profiles) {
        const sqlMs = p.stmts.reduce((s, x) => s + x.ms, 0);
        if (p.totalMs < 50) {
          continue;
        }
        console.log(
          `  ${p.phase}: ${fmtMs(p.totalMs)} total, SQL ${fmtMs(sqlMs)}, other ${fmtMs(Math.max(0, p.totalMs - sqlMs))}`
        );
        for (const s of p.stmts.slice(0, 4)) {
          if (s.ms < Math.max(5, p.totalMs * 0.02)) {
            break;
          }
          console.log(`      ${fmtMs(s.ms).padStart(9)} ${String(s.calls).padStart(7)}×  ${s.sql.slice(0, 150)}`);
        }
      }
    }
  };

  let server: http.Server | null = null;
  let driver: LoadDriver | null = null;
  // Ctrl-C (or a timeout's SIGTERM) on a long run still prints what was measured.
  let ingested = { devices: 0, ms: 0, done: false };
  const interrupted = (signal: string) => {
    if (!ingested.done && ingested.devices > 0) {
      rows.push({
        measurement: `Ingest (batches of ${opt.batch}), INTERRUPTED`,
        result: `${fmtInt(ingested.devices)} of ${fmtInt(opt.devices)} reports in ${fmtMs(ingested.ms)}: ${fmtInt((ingested.devices / ingested.ms) * 1000)} reports/s`,
        target: '< 10 ms/report',
        status: ingested.ms / ingested.devices < 10 ? 'PASS' : 'MISS',
      });
    }
    profiles.push({
      phase: `${current.name} (interrupted by ${signal})`,
      totalMs: msSince(current.start),
      stmts: profile.take(),
    });
    printReport(`interrupted by ${signal}`);
    if (tempDir) {
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
    process.exit(130);
  };
  process.once('SIGINT', () => interrupted('SIGINT'));
  process.once('SIGTERM', () => interrupted('SIGTERM'));

  try {
    const settings: EngineSettings = defaultSettings();
    const rules = loadNormalizerRules();

    // ------------------------------------------------------------------ 1. knowledge
    const nvd = await phase('NVD import', async () => {
      const records: CveRecord[] = [];
      let files = 0;
      const tParse = hr();
      for (const dir of nvdDirs) {
        for (const file of await listNvdFiles(dir)) {
          try {
            records.push(...(await readNvdPath(file)).records);
            files++;
          } catch (err) {
            notes.push(
              `NVD file skipped (rejected by the parser): ${path.relative(opt.data, file)}: ${(err as Error).message.slice(0, 160)}`
            );
          }
        }
      }
      const parseMs = msSince(tParse);
      check(records.length > 0, 'no NVD record parsed');
      const t = hr();
      const r = await importNvdRecords(db, records, 'bench', now(), undefined, settings);
      check(r.records === records.length, `NVD import took ${r.records} of ${records.length} records`);
      return { files, records: records.length, inserted: r.inserted, parseMs, importMs: msSince(t) };
    });
    const kev = await phase('KEV import', async () => {
      const t = hr();
      const parsed = parseFeedBuffer('kev', fs.readFileSync(kevFile), kevFile);
      check(parsed.feed === 'kev', 'KEV file did not parse as KEV');
      const parseMs = msSince(t);
      const r = await importKevCatalog(db, parsed.catalog, 'bench', now(), settings);
      check(r.entries > 1000, `KEV import stored ${r.entries} entries`);
      return { entries: r.entries, parseMs };
    });
    const epss = await phase('EPSS import', async () => {
      let scores = 0;
      for (const file of epssFiles) {
        const parsed = parseFeedBuffer('epss', fs.readFileSync(file), file);
        check(parsed.feed === 'epss', `${file} did not parse as EPSS`);
        const r = await importEpssFile(db, parsed.file, 'bench', now(), settings);
        check(r.scores > 0, `EPSS import of ${file} stored no score`);
        scores += r.scores;
      }
      return { scores };
    });
    rows.push({
      measurement: 'Knowledge import',
      result: `NVD ${nvd.value.records} records from ${nvd.value.files} files in ${fmtMs(nvd.ms)} (parse ${fmtMs(nvd.value.parseMs)}); KEV ${fmtInt(kev.value.entries)} in ${fmtMs(kev.ms)}; EPSS ${fmtInt(epss.value.scores)} in ${fmtMs(epss.ms)}`,
      target: '—',
      status: '',
    });

    // ------------------------------------------------------------------ 2. the fleet generator
    const products = await raw.all<{ part: string; vendor: string; product: string }>(
      'SELECT DISTINCT part, vendor, product FROM cve_product ORDER BY 1, 2, 3'
    );
    const cveRows = await raw.all<{ id: string; configurations: string }>(
      'SELECT id, configurations FROM cve WHERE id IN (SELECT cve_id FROM cve_product) ORDER BY id'
    );
    const known = knownProductsFrom(
      products,
      cveRows.map((r) => ({ id: r.id, configurations: JSON.parse(r.configurations) as Configuration[] }))
    );
    check(known.length > 0, 'the knowledge names no application with a version the generator can place inside a range');
    const tail = buildTail(opt.tail, opt.seed, new Set(products.map((p) => `${p.vendor}:${p.product}`)));
    const checks = settings.checks.map((c) => ({ id: c.id, platforms: c.platforms }));
    const vulnerableShare = { patched: 0.05, laggard: 0.3 };
    const laggardShare = 0.3;
    const fleet = new Fleet({
      seed: opt.seed,
      products: opt.products,
      known,
      tail,
      checks,
      vulnerableShare,
      laggardShare,
    });
    notes.push(
      `Fleet: ${known.length} products the knowledge names (applications of cve_product's ${products.length} (part, vendor, product) ` +
        `with versions both inside and outside their CVEs' ranges), 10–25 per device (Zipf s=0.6); ` +
        `${fmtInt(tail.length)} long-tail products (Zipf s=1); ${checks.length} configuration checks; 8 device groups; ` +
        `known installs vulnerable at ${vulnerableShare.patched * 100}% on patched devices, ${vulnerableShare.laggard * 100}% on laggards (${laggardShare * 100}% of devices).`
    );

    // ------------------------------------------------------------------ 3. ingest
    const firstSeen = new Date(Date.now() - 3600_000).toISOString();
    let genMs = 0;
    let items = 0;
    let opened = 0;
    const batchMs: number[] = [];
    const groups = new Set<string>();
    const ingest = await phase('Fleet ingest', async () => {
      let ingestMs = 0;
      for (let start = 0; start < opt.devices; start += opt.batch) {
        const tg = hr();
        const reports: DeviceReport[] = [];
        for (let i = start; i < Math.min(opt.devices, start + opt.batch); i++) {
          const r = fleet.report(i, 1, firstSeen);
          items += r.software.length;
          groups.add(r.rbacGroupName!);
          reports.push(r);
        }
        genMs += msSince(tg);
        const t = hr();
        const res = await ingestDeviceReports(db, reports, rules, now(), settings);
        const ms = msSince(t);
        ingestMs += ms;
        batchMs.push(ms);
        check(
          res.applied === reports.length,
          `batch at ${start}: ${res.applied} of ${reports.length} reports applied (${res.duplicates} duplicates, ${res.stale} stale)`
        );
        opened += res.findingsOpened;
        ingested = { devices: start + reports.length, ms: ingestMs, done: false };
        // Let signals in between batches (the SQL is synchronous: the loop is otherwise never idle).
        await new Promise((resolve) => setImmediate(resolve));
        if (batchMs.length % Math.max(1, Math.floor(opt.devices / opt.batch / 10)) === 0) {
          progress(
            `  ingested ${fmtInt(start + reports.length)} devices, ${fmtInt(((start + reports.length) / ingestMs) * 1000)} reports/s`
          );
        }
      }
      ingested = { devices: opt.devices, ms: ingestMs, done: true };
      return { ingestMs };
    });
    const ingestMs = ingest.value.ingestMs;
    const devicesStored = await count(raw, 'SELECT COUNT(*) AS n FROM device');
    const installsStored = await count(raw, 'SELECT COUNT(*) AS n FROM device_software WHERE uninstalled_at IS NULL');
    const openFindings = await count(raw, "SELECT COUNT(*) AS n FROM finding WHERE status = 'open'");
    const vulnerableDevices = await count(
      raw,
      "SELECT COUNT(DISTINCT device_id) AS n FROM finding WHERE status = 'open'"
    );
    const scored = await count(raw, 'SELECT COUNT(*) AS n FROM device_score WHERE exposure_score IS NOT NULL');
    const tuples = await count(raw, 'SELECT COUNT(*) AS n FROM software_version');
    check(devicesStored === opt.devices, `${devicesStored} devices stored, ${opt.devices} sent`);
    check(installsStored === items, `${installsStored} installations stored, ${items} sent`);
    check(
      openFindings > 0 && opened === openFindings,
      `open findings: ${openFindings} stored, ${opened} reported opened`
    );
    check(scored === opt.devices, `${scored} of ${opt.devices} devices have an exposure score`);
    batchMs.sort((a, b) => a - b);
    const perReport = ingestMs / opt.devices;
    rows.push({
      measurement: `Ingest (batches of ${opt.batch})`,
      result:
        `${fmtInt(opt.devices)} reports, ${fmtInt(items)} items in ${fmtMs(ingestMs)}: ${fmtInt((opt.devices / ingestMs) * 1000)} reports/s, ` +
        `${fmtInt((items / ingestMs) * 1000)} items/s; ${perReport.toFixed(2)} ms/report; batch p50 ${fmtMs(percentile(batchMs, 50))}, max ${fmtMs(batchMs[batchMs.length - 1])}`,
      target: '< 10 ms/report',
      status: perReport < 10 ? 'PASS' : 'MISS',
    });
    notes.push(
      `After ingest: ${fmtInt(devicesStored)} devices, ${fmtInt(installsStored)} installations over ${fmtInt(tuples)} distinct software versions, ` +
        `${fmtInt(openFindings)} open findings on ${fmtInt(vulnerableDevices)} devices (${((100 * vulnerableDevices) / opt.devices).toFixed(0)}%). ` +
        `Report generation (not timed): ${fmtMs(genMs)}.`
    );

    // ------------------------------------------------------------------ 4. full recompute
    const recompute = await phase('Full recompute', async () => recomputeAll(db, now(), settings));
    const openAfter = await count(raw, "SELECT COUNT(*) AS n FROM finding WHERE status = 'open'");
    check(
      recompute.value.softwareVersions === tuples,
      `recompute re-matched ${recompute.value.softwareVersions} of ${tuples} software versions`
    );
    check(
      openAfter === openFindings,
      `recompute changed the open findings: ${openFindings} → ${openAfter} (opened ${recompute.value.opened}, closed ${recompute.value.closed})`
    );
    rows.push({
      measurement: 'Full recompute (recomputeAll)',
      result: `${fmtMs(recompute.ms)} (${fmtInt(tuples)} versions re-matched, ${fmtInt(openAfter)} findings re-derived, ${fmtInt(opt.devices)} devices re-scored)`,
      target: '< 60 s',
      status: recompute.ms < 60_000 ? 'PASS' : 'MISS',
    });

    // A daily EPSS update: every device re-scored, findings unchanged.
    const epssUpdate = await phase('EPSS update on the fleet', async () => {
      const parsed = parseFeedBuffer('epss', fs.readFileSync(epssFiles[0]), epssFiles[0]);
      check(parsed.feed === 'epss', 'EPSS re-parse');
      return importEpssFile(db, parsed.file, 'bench', now(), settings);
    });
    rows.push({
      measurement: 'EPSS feed update (fleet re-scored)',
      result: fmtMs(epssUpdate.ms),
      target: '—',
      status: '',
    });

    // ------------------------------------------------------------------ 5. one-device updates
    const single: number[] = [];
    let changedFindings = 0;
    await phase(`${opt.updates} one-device updates`, async () => {
      const n = Math.min(opt.updates, opt.devices);
      for (let k = 0; k < n; k++) {
        const index = Math.floor(((k + 0.5) * opt.devices) / n);
        const report = fleet.report(index, 2 + k, now(), 3);
        const t = hr();
        const r = await ingestDeviceReports(db, [report], rules, now(), settings);
        single.push(msSince(t));
        check(r.applied === 1, `one-device update of ${report.id}: not applied (${JSON.stringify(r.reports)})`);
        changedFindings += r.findingsOpened + r.findingsClosed;
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    check(changedFindings > 0, 'the one-device updates opened or closed no finding: they changed nothing');
    single.sort((a, b) => a - b);
    rows.push({
      measurement: `One-device update (${single.length} reports, 3 products changed)`,
      result: `p50 ${fmtMs(percentile(single, 50))}, p99 ${fmtMs(percentile(single, 99))}, max ${fmtMs(single[single.length - 1])} (${changedFindings} findings opened/closed)`,
      target: '< 10 ms',
      status: percentile(single, 99) < 10 ? 'PASS' : 'MISS',
    });

    // ------------------------------------------------------------------ 6. dashboard queries over HTTP
    const ctx: ServiceContext = await createContext({
      db,
      // Request logging stays on (its cost is the service's), written to the null device.
      log: pino({ level: 'info' }, pino.destination({ dest: os.devNull, sync: true })),
      clock: () => new Date(),
      adminToken: '',
      rules,
      settings,
    });
    check(ctx.authDisabled(), 'a fresh bench store must have no API token (the load would get 401s)');
    server = await serve(ctx, 0, '127.0.0.1');
    // Idle keep-alive connections survive between endpoints (Node's default closes them after 5 s,
    // and a client reusing one just closed gets ECONNRESET); as behind a load balancer.
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 121_000;
    const port = (server.address() as AddressInfo).port;
    driver = new LoadDriver();
    const warm = await driver.run({
      port,
      path: '/bench-warmup',
      concurrency: opt.concurrency,
      requests: opt.concurrency * 2,
      maxSeconds: 30,
      okStatus: [404],
    });
    check(warm.errors === 0, `warm-up: ${warm.firstError}`);
    const apiRows: Row[] = [];
    for (const ep of ENDPOINTS) {
      let urlPath = ep.path;
      // Probe: status, shape, and the service time of a request alone.
      // A fresh connection per probe: nothing idle to be reset.
      const probeGet = (p: string) => httpGet(new http.Agent({ keepAlive: false }), port, p);
      let probe = await probeGet(urlPath);
      if (probe.status === 400 && urlPath.includes('$orderby')) {
        notes.push(`${urlPath} → 400 (${probe.body.toString('utf8').slice(0, 120)}); measured without $orderby`);
        urlPath = urlPath.replace(/&\$orderby=[^&]*/, '');
        probe = await probeGet(urlPath);
      }
      check(
        probe.status === 200,
        `GET ${urlPath} → HTTP ${probe.status}: ${probe.body.toString('utf8').slice(0, 300)}`
      );
      const problem = ep.validate(JSON.parse(probe.body.toString('utf8')) as Body, {
        devices: opt.devices,
        groups: groups.size,
        checks: checks.length,
      });
      check(problem === null, `GET ${urlPath}: unexpected response: ${problem}`);
      profile.take();
      const t = hr();
      const alone = await driver.run({
        port,
        path: urlPath,
        concurrency: 1,
        requests: 20,
        maxSeconds: Math.max(1, opt.maxSeconds / 3),
        okStatus: [200],
      });
      check(alone.errors === 0 && alone.completed > 0, `GET ${urlPath} alone: ${alone.firstError}`);
      const aloneSorted = alone.latencies.sort((a, b) => a - b);
      const aloneP50 = percentile(aloneSorted, 50);
      // The server answers one request at a time (synchronous SQL on one event loop), so a wave of
      // `concurrency` requests lasts about concurrency × the time of one. Send enough for ~maxSeconds of
      // load (at least one full wave); skip the load when one wave alone would last > 4 × maxSeconds.
      const waveMs = aloneP50 * opt.concurrency;
      if (waveMs > 4 * opt.maxSeconds * 1000) {
        profiles.push({
          phase: `GET ${urlPath} (${alone.completed} requests alone)`,
          totalMs: msSince(t),
          stmts: profile.take(),
        });
        apiRows.push({
          measurement: `GET ${urlPath}`,
          result:
            `not loaded: alone p50 ${fmtMs(aloneP50)}, so ${opt.concurrency} concurrent would take ≈ ${fmtMs(waveMs)} per wave ` +
            `(p99 ≳ ${fmtMs(waveMs)}); ${fmtInt(1000 / aloneP50)} req/s max`,
          target: `p99 < 20 ms @ ${opt.concurrency}`,
          status: 'MISS',
        });
        continue;
      }
      const requests = Math.min(
        opt.requests,
        Math.max(opt.concurrency, Math.ceil((opt.maxSeconds * 1000) / Math.max(aloneP50, 0.01)))
      );
      progress(
        `GET ${urlPath}: alone p50 ${fmtMs(aloneP50)}; ${fmtInt(requests)} requests, ${opt.concurrency} concurrent…`
      );
      const load = await driver.run({
        port,
        path: urlPath,
        concurrency: opt.concurrency,
        requests,
        maxSeconds: opt.maxSeconds,
        okStatus: [200],
      });
      profiles.push({
        phase: `GET ${urlPath} (${load.completed + alone.completed} requests)`,
        totalMs: msSince(t),
        stmts: profile.take(),
      });
      check(load.errors === 0, `GET ${urlPath} under load: ${load.errors} errors, first: ${load.firstError}`);
      check(load.completed > 0, `GET ${urlPath} under load: no request completed`);
      const lat = load.latencies.sort((a, b) => a - b);
      const p99 = percentile(lat, 99);
      const cut = load.completed < opt.requests ? ` (of ${fmtInt(opt.requests)}: time budget)` : '';
      apiRows.push({
        measurement: `GET ${urlPath}`,
        result:
          `p50 ${fmtMs(percentile(lat, 50))}, p99 ${fmtMs(p99)}, ${fmtInt((load.completed / load.wallMs) * 1000)} req/s, ` +
          `${fmtInt(load.completed)} req${cut}; alone p50 ${fmtMs(aloneP50)}, ${(load.bytes / load.completed / 1024).toFixed(1)} KB`,
        target: `p99 < 20 ms @ ${opt.concurrency}`,
        status: p99 < 20 ? 'PASS' : 'MISS',
      });
    }
    rows.push(...apiRows);

    // ------------------------------------------------------------------ 7. memory, size
    const maxRssBytes = process.resourceUsage().maxRSS * 1024;
    rows.push({
      measurement: 'Peak memory (maxRSS, whole process)',
      result: fmtMb(maxRssBytes),
      target: '< 1 GB',
      status: maxRssBytes < 1024 ** 3 ? 'PASS' : 'MISS',
    });
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    rows.push({
      measurement: 'Database size',
      result: `${fmtMb(size(dbPath))} + WAL ${fmtMb(size(`${dbPath}-wal`))} (${(size(dbPath) / opt.devices / 1024).toFixed(1)} KB/device)`,
      target: '—',
      status: '',
    });

    printReport(null);
  } catch (err) {
    printReport('failed, see the error at the end');
    throw err;
  } finally {
    if (driver) {
      await driver.close();
    }
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    }
    await raw.close();
    if (tempDir) {
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  }
}

if (isMainThread) {
  main().catch((err: unknown) => {
    console.error(err instanceof BenchFailure ? err.message : err);
    process.exit(1);
  });
} else {
  loadWorkerMain();
}
