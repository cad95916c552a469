/**
 * History and the event timeline: snapshots of the org and group scores after every scoring pass
 * (coalesced, and at least hourly from the service's timer), and events for what changed the risk.
 */
import { insertMany, type Queryable, type SqlValue } from '../store/db';
import {
  activeScope,
  configurationScore,
  exposureDistribution,
  exposureScore,
  type Scope,
  type ViewContext,
} from './views';

export interface HistorySettings {
  /** Snapshots closer together than this replace the previous one (a burst of reports is one point). */
  minIntervalMs: number;
  retentionDays: number;
  /** An org exposure move of at least this many points between snapshots is an event. */
  scoreChangeThreshold: number;
  /** An EPSS rise of at least this much on an exposed CVE is an event. */
  epssJump: number;
}

export const DEFAULT_HISTORY: HistorySettings = {
  minIntervalMs: 60_000,
  retentionDays: 400,
  scoreChangeThreshold: 10,
  epssJump: 0.2,
};

async function scopeCounts(ctx: ViewContext, scope: Scope) {
  const s = activeScope(ctx, scope);
  const r = await ctx.q.get<{
    open: number;
    critical: number;
    high: number;
    medium: number;
    low: number;
    kev: number;
    cves: number;
  }>(
    `SELECT COUNT(*) AS open,
            SUM(CASE WHEN sev = 'Critical' THEN 1 ELSE 0 END) AS critical, SUM(CASE WHEN sev = 'High' THEN 1 ELSE 0 END) AS high,
            SUM(CASE WHEN sev = 'Medium' THEN 1 ELSE 0 END) AS medium, SUM(CASE WHEN sev = 'Low' THEN 1 ELSE 0 END) AS low,
            SUM(kev) AS kev, COUNT(DISTINCT cve_id) AS cves
     FROM (SELECT f.device_id, f.cve_id, MAX(COALESCE(c.severity, f.scanner_severity)) AS sev,
                  MAX(CASE WHEN k.cve_id IS NOT NULL OR c.cisa_exploit_add IS NOT NULL THEN 1 ELSE 0 END) AS kev
           FROM finding f JOIN device d ON d.id = f.device_id LEFT JOIN cve c ON c.id = f.cve_id LEFT JOIN kev k ON k.cve_id = f.cve_id
           WHERE f.status = 'open' ${s.sql} GROUP BY f.device_id, f.cve_id) x`,
    s.params
  );
  return {
    open: Number(r?.open ?? 0),
    critical: Number(r?.critical ?? 0),
    high: Number(r?.high ?? 0),
    medium: Number(r?.medium ?? 0),
    low: Number(r?.low ?? 0),
    kev: Number(r?.kev ?? 0),
    cves: Number(r?.cves ?? 0),
  };
}

/**
 * Snapshots the org (scope '') and every device group. Returns the org exposure before and after, so
 * the caller can record a large move as an event.
 */
export async function takeSnapshot(
  ctx: ViewContext,
  settings: HistorySettings = DEFAULT_HISTORY
): Promise<{ before: number | null; after: number | null }> {
  const groups = (await ctx.q.all<{ g: string }>("SELECT DISTINCT COALESCE(rbac_group_name, '') AS g FROM device")).map(
    (r) => r.g
  );
  const scopes: Array<[string, Scope]> = [
    ['', { groups: null }],
    ...groups.map((g): [string, Scope] => [`group:${g}`, { groups: [g] }]),
  ];
  const previousOrg = await ctx.q.get<{ taken_at: string; exposure_score: number | null }>(
    "SELECT taken_at, exposure_score FROM score_snapshot WHERE scope = '' ORDER BY taken_at DESC LIMIT 1"
  );
  const rows: SqlValue[][] = [];
  let orgAfter: number | null = null;
  for (const [key, scope] of scopes) {
    const exposure = await exposureScore(ctx, scope);
    const secure = await configurationScore(ctx, scope);
    const [dist] = await exposureDistribution(ctx, scope, false);
    const c = await scopeCounts(ctx, scope);
    if (key === '') {
      orgAfter = exposure.exactScore;
    }
    rows.push([
      ctx.now,
      key,
      exposure.exactScore,
      secure.score,
      secure.maxScore,
      dist.total,
      exposure.activeDevices,
      dist.None,
      dist.Low,
      dist.Medium,
      dist.High,
      c.open,
      c.critical,
      c.high,
      c.medium,
      c.low,
      c.kev,
      c.cves,
    ]);
  }
  // A burst of passes is one point: a snapshot taken shortly after the previous one replaces it.
  const cutoff = new Date(Date.parse(ctx.now) - settings.minIntervalMs).toISOString();
  await ctx.q.run('DELETE FROM score_snapshot WHERE taken_at > ? AND taken_at <= ?', [cutoff, ctx.now]);
  await insertMany(
    ctx.q,
    'score_snapshot',
    [
      'taken_at',
      'scope',
      'exposure_score',
      'secure_score',
      'secure_max',
      'devices_total',
      'devices_active',
      'level_none',
      'level_low',
      'level_medium',
      'level_high',
      'findings_open',
      'critical',
      'high',
      'medium',
      'low',
      'known_exploited',
      'exposed_cves',
    ],
    rows,
    'ON CONFLICT (scope, taken_at) DO NOTHING'
  );
  const retention = new Date(Date.parse(ctx.now) - settings.retentionDays * 86400_000).toISOString();
  await ctx.q.run('DELETE FROM score_snapshot WHERE taken_at < ?', [retention]);
  await ctx.q.run('DELETE FROM event WHERE occurred_at < ?', [retention]);
  return { before: previousOrg?.exposure_score ?? null, after: orgAfter };
}

export interface HistoryPoint {
  time: string;
  exposureScore: number | null;
  secureScore: number | null;
  secureMax: number | null;
  devicesTotal: number;
  devicesActive: number;
  levels: { None: number; Low: number; Medium: number; High: number };
  findingsOpen: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  knownExploited: number;
  exposedCves: number;
}

const INTERVALS: Record<string, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3600_000,
  '6h': 21600_000,
  '1d': 86400_000,
  '1w': 604800_000,
};
export const HISTORY_INTERVALS = Object.keys(INTERVALS);

/**
 * The snapshots of a scope between `from` and `to`, at most one per interval (the last of each
 * bucket), so a long range draws a readable line. The point just before `from` is included so a line
 * starts at the range's left edge.
 */
export async function scoreHistory(
  q: Queryable,
  scopeKey: string,
  from: string,
  to: string,
  interval: string | null
): Promise<HistoryPoint[]> {
  const before = await q.all<Record<string, number | string | null>>(
    'SELECT * FROM score_snapshot WHERE scope = ? AND taken_at < ? ORDER BY taken_at DESC LIMIT 1',
    [scopeKey, from]
  );
  const rows = await q.all<Record<string, number | string | null>>(
    'SELECT * FROM score_snapshot WHERE scope = ? AND taken_at >= ? AND taken_at <= ? ORDER BY taken_at',
    [scopeKey, from, to]
  );
  const bucketMs = interval ? INTERVALS[interval] : null;
  const picked: Array<Record<string, number | string | null>> = [...before];
  for (const r of rows) {
    const last = picked[picked.length - 1];
    if (bucketMs && last && picked.length > before.length) {
      const b1 = Math.floor(Date.parse(String(last.taken_at)) / bucketMs);
      const b2 = Math.floor(Date.parse(String(r.taken_at)) / bucketMs);
      if (b1 === b2) {
        picked[picked.length - 1] = r;
        continue;
      }
    }
    picked.push(r);
  }
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
  return picked.map((r) => ({
    time: String(r.taken_at),
    exposureScore: num(r.exposure_score),
    secureScore: num(r.secure_score),
    secureMax: num(r.secure_max),
    devicesTotal: Number(r.devices_total),
    devicesActive: Number(r.devices_active),
    levels: {
      None: Number(r.level_none),
      Low: Number(r.level_low),
      Medium: Number(r.level_medium),
      High: Number(r.level_high),
    },
    findingsOpen: Number(r.findings_open),
    critical: Number(r.critical),
    high: Number(r.high),
    medium: Number(r.medium),
    low: Number(r.low),
    knownExploited: Number(r.known_exploited),
    exposedCves: Number(r.exposed_cves),
  }));
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

export const EVENT_TYPES = [
  'NewVulnerability',
  'KnownExploited',
  'EpssIncrease',
  'NewConfigurationAssessment',
  'ExposureScoreChange',
  'RemediationCompleted',
  'ExceptionExpired',
  'ExceptionResurfaced',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface NewEvent {
  type: EventType;
  title: string;
  cveId?: string | null;
  productKey?: string | null;
  checkId?: string | null;
  devicesThen: number;
  scoreBefore?: number | null;
  scoreAfter?: number | null;
  detail?: Record<string, unknown>;
}

async function activeDeviceCount(q: Queryable, activeSince: string): Promise<number> {
  const r = await q.get<{ n: number }>('SELECT COUNT(*) AS n FROM device WHERE last_seen >= ?', [activeSince]);
  return Number(r?.n ?? 0);
}

/** Open findings of active devices only: an inactive device counts nowhere (as in Defender). */
const ACTIVE_FINDING = `status = 'open' AND device_id IN (SELECT id FROM device WHERE last_seen >= ?)`;

export async function recordEvents(q: Queryable, now: string, activeSince: string, events: NewEvent[]): Promise<void> {
  if (events.length === 0) {
    return;
  }
  const total = await activeDeviceCount(q, activeSince);
  await insertMany(
    q,
    'event',
    [
      'occurred_at',
      'type',
      'title',
      'cve_id',
      'product_key',
      'check_id',
      'devices_then',
      'devices_total',
      'score_before',
      'score_after',
      'detail',
    ],
    events.map((e) => [
      now,
      e.type,
      e.title,
      e.cveId ?? null,
      e.productKey ?? null,
      e.checkId ?? null,
      e.devicesThen,
      total,
      e.scoreBefore ?? null,
      e.scoreAfter ?? null,
      JSON.stringify(e.detail ?? {}),
    ])
  );
}

/**
 * CVEs exposing the fleet for the first time (among the devices in scope of this pass, or all): one
 * event per product, listing its new CVEs, with the devices exposed now.
 */
export async function detectNewExposure(
  q: Queryable,
  deviceIds: readonly string[] | null,
  now: string,
  activeSince: string
): Promise<NewEvent[]> {
  const scoped = deviceIds !== null;
  const rows = await q.all<{ cve_id: string; product_key: string; device_id: string }>(
    scoped
      ? // The scope drives the loop: its findings by primary key, not a scan of every open finding.
        `SELECT f.cve_id, f.product_key, MIN(f.device_id) AS device_id
         FROM scope_device s CROSS JOIN finding f CROSS JOIN device dv
         WHERE f.device_id = s.id AND dv.id = f.device_id AND f.status = 'open' AND dv.last_seen >= ?
           AND NOT EXISTS (SELECT 1 FROM cve_exposure e WHERE e.cve_id = f.cve_id)
         GROUP BY f.cve_id, f.product_key`
      : `SELECT f.cve_id, f.product_key, MIN(f.device_id) AS device_id
         FROM finding f WHERE ${ACTIVE_FINDING}
           AND NOT EXISTS (SELECT 1 FROM cve_exposure e WHERE e.cve_id = f.cve_id)
         GROUP BY f.cve_id, f.product_key`,
    [activeSince]
  );
  if (rows.length === 0) {
    return [];
  }
  const byProduct = new Map<string, { name: string; cves: Set<string> }>();
  for (const r of rows) {
    let p = byProduct.get(r.product_key);
    if (!p) {
      // The product's name as one exposed device reports it: a primary-key lookup, not a scan.
      const named = await q.get<{ display_name: string }>(
        'SELECT display_name FROM device_software WHERE device_id = ? AND product_key = ? LIMIT 1',
        [r.device_id, r.product_key]
      );
      p = { name: named?.display_name ?? r.product_key, cves: new Set<string>() };
      byProduct.set(r.product_key, p);
    }
    p.cves.add(r.cve_id);
  }
  const cves = [...new Set(rows.map((r) => r.cve_id))];
  await insertMany(
    q,
    'cve_exposure',
    ['cve_id', 'exposed_devices', 'first_exposed_at', 'updated_at'],
    cves.map((c) => [c, 0, now, now]),
    'ON CONFLICT DO NOTHING'
  );
  const events: NewEvent[] = [];
  for (const [productKey, p] of byProduct) {
    const list = [...p.cves].sort();
    const devices = await q.get<{ n: number }>(
      `SELECT COUNT(DISTINCT device_id) AS n FROM finding WHERE ${ACTIVE_FINDING} AND product_key = ? AND cve_id IN (${list.map(() => '?').join(', ')})`,
      [activeSince, productKey, ...list]
    );
    events.push({
      type: 'NewVulnerability',
      title: list.length === 1 ? `${list[0]} in ${p.name}` : `${list.length} new vulnerabilities in ${p.name}`,
      cveId: list.length === 1 ? list[0] : null,
      productKey,
      devicesThen: Number(devices?.n ?? 0),
      detail: { cves: list },
    });
  }
  return events;
}

export async function exposedDevicesByCve(
  q: Queryable,
  cveIds: readonly string[],
  activeSince: string
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < cveIds.length; i += 500) {
    const part = cveIds.slice(i, i + 500);
    const rows = await q.all<{ cve_id: string; n: number }>(
      `SELECT cve_id, COUNT(DISTINCT device_id) AS n FROM finding WHERE ${ACTIVE_FINDING} AND cve_id IN (${part.map(() => '?').join(', ')}) GROUP BY cve_id`,
      [activeSince, ...part]
    );
    for (const r of rows) {
      out.set(r.cve_id, Number(r.n));
    }
  }
  return out;
}

export interface EventQuery {
  from: string;
  to: string;
  types: EventType[] | null;
  top: number;
  skip: number;
  /** Devices seen since then are active: "currently impacted" counts only them. */
  activeSince: string;
}

export async function listEvents(q: Queryable, query: EventQuery) {
  const types = query.types && query.types.length > 0 ? query.types : null;
  const rows = await q.all<{
    id: number;
    occurred_at: string;
    type: string;
    title: string;
    cve_id: string | null;
    product_key: string | null;
    check_id: string | null;
    devices_then: number;
    devices_total: number;
    score_before: number | null;
    score_after: number | null;
    detail: string;
  }>(
    `SELECT * FROM event WHERE occurred_at >= ? AND occurred_at <= ? ${types ? `AND type IN (${types.map(() => '?').join(', ')})` : ''}
     ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?`,
    [query.from, query.to, ...(types ?? []), query.top, query.skip]
  );
  const total = await activeDeviceCount(q, query.activeSince);
  const out = [];
  for (const r of rows) {
    const detail = JSON.parse(r.detail) as { cves?: string[] };
    const cves = detail.cves ?? (r.cve_id ? [r.cve_id] : []);
    let devicesNow: number | null = null;
    if (cves.length > 0) {
      const n = await q.get<{ n: number }>(
        `SELECT COUNT(DISTINCT device_id) AS n FROM finding WHERE ${ACTIVE_FINDING} AND cve_id IN (${cves.map(() => '?').join(', ')})
           ${r.product_key && r.type === 'NewVulnerability' ? 'AND product_key = ?' : ''}`,
        [query.activeSince, ...cves, ...(r.product_key && r.type === 'NewVulnerability' ? [r.product_key] : [])]
      );
      devicesNow = Number(n?.n ?? 0);
    } else if (r.check_id) {
      const n = await q.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM device_configuration WHERE check_id = ? AND status = 'noncompliant' AND device_id IN (SELECT id FROM device WHERE last_seen >= ?)",
        [r.check_id, query.activeSince]
      );
      devicesNow = Number(n?.n ?? 0);
    }
    out.push({
      id: String(r.id),
      time: r.occurred_at,
      type: r.type,
      title: r.title,
      cveId: r.cve_id,
      productKey: r.product_key,
      checkId: r.check_id,
      cves,
      originallyImpactedDevices: Number(r.devices_then),
      originallyImpactedPercent:
        Number(r.devices_total) > 0 ? Math.round((1000 * Number(r.devices_then)) / Number(r.devices_total)) / 10 : 0,
      currentlyImpactedDevices: devicesNow,
      currentlyImpactedPercent: devicesNow !== null && total > 0 ? Math.round((1000 * devicesNow) / total) / 10 : null,
      scoreBefore: r.score_before === null ? null : Math.round(Number(r.score_before) * 100) / 100,
      scoreAfter: r.score_after === null ? null : Math.round(Number(r.score_after) * 100) / 100,
      detail,
    });
  }
  return out;
}
