/**
 * Prometheus metrics (`GET /metrics`): what Grafana alerting and Prometheus rules need, at bounded
 * cardinality. Grafana-managed alert rules cannot query the TVM data source (a frontend plugin), so
 * the scores reach alerting through Prometheus (DESIGN §8).
 *
 * Cardinality: no label carries a CVE, a device, a product or a recommendation. The only open-ended
 * label is `group` (the device group, rbacGroupName): one value per device group, at most
 * MAX_GROUP_LABELS of them; beyond that the smallest groups are summed into `group="(other groups)"`
 * in the counts and left out of the per-group scores. Every other label takes a fixed set of values.
 *
 * Cost: the gauges are filled at scrape time by `collect()` from figures computed once per scrape and
 * shared by every gauge and by concurrent scrapes (see `Figures`). The live figures come from the
 * precomputed per-device tables (device_score) through the engine's views and stay cheap at 10,000
 * devices. The secure score (which scans every configuration result) and the recommendation counts
 * (the full recommendations view) are refreshed at a rate bounded by what they cost (`Figures`).
 */
import type { Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { EXCEPTION_STATUSES, JUSTIFICATIONS } from '../domain/exceptions';
import { PRIORITIES, TASK_STATUSES } from '../domain/remediation';
import { scoringModelId } from '../domain/scoring';
import { CHECK_CATEGORIES, secureScore, type SecureScore } from '../domain/secureScore';
import {
  configurationMitigatedCondition,
  coverageOf,
  findingMitigatedCondition,
  isNever,
} from '../engine/exceptionCoverage';
import { exceptionEntities, type ExceptionEntity } from '../engine/exceptions';
import { catchUpExceptionExpiry } from '../engine/pipeline';
import { taskEntities, type TaskEntity } from '../engine/remediation';
import {
  activeScope,
  exposureDistribution,
  exposureScore,
  exposureScoreByGroups,
  recommendations,
  ORG,
  type DistributionRow,
  type ExposureScore,
  type ViewContext,
} from '../engine/views';
import type { Db } from '../store/db';
import { getFeedStates, type FeedState } from '../store/knowledgeRepo';
import type { ServiceContext } from './app';
import { openApiDocument } from './openapi';

/** More device groups than this are not given their own label value (see the module comment). */
export const MAX_GROUP_LABELS = 200;
export const OTHER_GROUPS = '(other groups)';

const LEVELS = ['None', 'Low', 'Medium', 'High'] as const;
const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Unknown'] as const;
const DEVICE_VALUES = ['Low', 'Normal', 'High'] as const;
const SOURCES = ['inventory', 'nvd', 'kev', 'epss'] as const;
const KNOWLEDGE_FEEDS = ['nvd', 'kev', 'epss'] as const;
/** The recommendation kinds that exist: software ones are Application, configuration ones a check category. */
const RECOMMENDATION_KINDS: ReadonlyArray<readonly [string, string]> = [
  ...(['Update', 'Upgrade', 'Uninstall'] as const).map((t) => ['Application', t] as const),
  ...CHECK_CATEGORIES.map((c) => [c, 'ConfigurationChange'] as const),
];

// ------------------------------------------------------------------------------------------ figures

interface FindingCounts {
  group: string;
  deviceValue: string;
  open: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  knownExploited: number;
  /** Known exploited and not covered by a mitigating exception: what still needs someone to act. */
  knownExploitedUnmitigated: number;
}

/** Cheap at every scrape: views over device_score and small tables. */
interface LiveFigures {
  time: string;
  org: ExposureScore;
  groups: ExposureScore[];
  distribution: DistributionRow[];
  findings: FindingCounts[];
  tasks: TaskEntity[];
  exceptions: ExceptionEntity[];
  feeds: FeedState[];
  lastInventoryUpdate: string | null;
  computeSeconds: number;
}

interface SlowFigures {
  /** Secure Score for Devices per device group, and for the organization under the key null. */
  secure: Map<string | null, SecureScore>;
  recommendations: Array<{ category: string; remediationType: string; open: boolean }>;
  computeSeconds: number;
}

async function liveFigures(ctx: ServiceContext): Promise<LiveFigures> {
  const started = performance.now();
  const view = viewOf(ctx);
  const org = await exposureScore(view, ORG);
  const groups = await exposureScoreByGroups(view, ORG);
  const distribution = await exposureDistribution(view, ORG, true);
  // The machines' own counts (GET /api/machines: vulnerabilities, criticalVulnerabilities, …,
  // knownExploitedVulnerabilities) summed over the active devices, as every view counts them.
  const active = activeScope(view, ORG);
  const findings = await ctx.db.all<{
    grp: string;
    device_value: string;
    open: number;
    critical: number;
    high: number;
    medium: number;
    low: number;
    kev: number;
  }>(
    `SELECT COALESCE(d.rbac_group_name, '') AS grp, d.device_value, SUM(ds.open_findings) AS open,
            SUM(ds.critical) AS critical, SUM(ds.high) AS high, SUM(ds.medium) AS medium, SUM(ds.low) AS low,
            SUM(ds.known_exploited) AS kev
     FROM device_score ds JOIN device d ON d.id = ds.device_id WHERE 1 = 1 ${active.sql} GROUP BY 1, 2`,
    active.params
  );
  // One per (device, CVE), like the machines' counts, leaving out what a mitigating exception covers.
  const mitigated = findingMitigatedCondition(await coverageOf(view), 'f', "COALESCE(dg.rbac_group_name, '')");
  const activeDg = activeScope(view, ORG, 'dg');
  const unmitigated = await ctx.db.all<{ grp: string; device_value: string; n: number }>(
    `SELECT COALESCE(dg.rbac_group_name, '') AS grp, dg.device_value, COUNT(DISTINCT f.device_id || ' ' || f.cve_id) AS n
     FROM finding f JOIN device dg ON dg.id = f.device_id
       LEFT JOIN cve c ON c.id = f.cve_id LEFT JOIN kev k ON k.cve_id = f.cve_id
     WHERE f.status = 'open' AND (k.cve_id IS NOT NULL OR c.cisa_exploit_add IS NOT NULL)
       ${isNever(mitigated) ? '' : `AND NOT ${mitigated.sql}`} ${activeDg.sql}
     GROUP BY 1, 2`,
    [...(isNever(mitigated) ? [] : mitigated.params), ...activeDg.params]
  );
  const unmitigatedOf = new Map(unmitigated.map((r) => [`${r.grp}\u0000${r.device_value}`, Number(r.n)]));
  // updated_at is the service's clock when a report was applied (device.last_seen is the agent's).
  const inventory = await ctx.db.get<{ t: string | null }>('SELECT MAX(updated_at) AS t FROM device');
  return {
    time: view.now,
    org,
    groups,
    distribution,
    findings: findings.map((r) => ({
      group: r.grp,
      deviceValue: r.device_value,
      open: Number(r.open ?? 0),
      critical: Number(r.critical ?? 0),
      high: Number(r.high ?? 0),
      medium: Number(r.medium ?? 0),
      low: Number(r.low ?? 0),
      knownExploited: Number(r.kev ?? 0),
      knownExploitedUnmitigated: unmitigatedOf.get(`${r.grp}\u0000${r.device_value}`) ?? 0,
    })),
    tasks: await taskEntities(ctx.db, view.now, ORG, ctx.settings.remediation.retentionDays),
    exceptions: await exceptionEntities(ctx.db, view.now),
    feeds: await getFeedStates(ctx.db),
    lastInventoryUpdate: inventory?.t ?? null,
    computeSeconds: (performance.now() - started) / 1000,
  };
}

async function slowFigures(ctx: ServiceContext): Promise<SlowFigures> {
  const started = performance.now();
  const view = viewOf(ctx);
  const list = await recommendations(view, ORG);
  return {
    secure: await secureScoresByGroup(view),
    recommendations: list.map((r) => ({
      category: r.recommendationCategory,
      remediationType: r.remediationType,
      // Open: exposed active devices (every listed recommendation has some) and not fully excepted.
      open: r.status === 'Active',
    })),
    computeSeconds: (performance.now() - started) / 1000,
  };
}

/**
 * Secure Score for Devices of the organization and of every device group in one pass over the
 * configuration results: the counts of views.configurationScore (a result a mitigating exception
 * covers counts as compliant), grouped by device group as well. The organization's is computed from
 * the same rows, so its figures and the groups' agree. The tests hold both to GET /api/configurationScore.
 */
async function secureScoresByGroup(view: ViewContext): Promise<Map<string | null, SecureScore>> {
  const s = activeScope(view, ORG);
  const m = configurationMitigatedCondition(await coverageOf(view));
  const rows = await view.q.all<{ grp: string; check_id: string; compliant: number; applicable: number }>(
    `SELECT COALESCE(d.rbac_group_name, '') AS grp, c.check_id,
            SUM(CASE WHEN c.status = 'compliant' ${isNever(m) ? '' : `OR (c.status = 'noncompliant' AND ${m.sql})`} THEN 1 ELSE 0 END) AS compliant,
            SUM(CASE WHEN c.status <> 'notApplicable' THEN 1 ELSE 0 END) AS applicable
     FROM device_configuration c JOIN device d ON d.id = c.device_id WHERE 1 = 1 ${s.sql} GROUP BY 1, 2`,
    [...m.params, ...s.params]
  );
  const byGroup = new Map<string, Array<{ checkId: string; compliant: number; applicable: number }>>();
  for (const r of rows) {
    const list = byGroup.get(r.grp) ?? [];
    list.push({ checkId: r.check_id, compliant: Number(r.compliant), applicable: Number(r.applicable) });
    byGroup.set(r.grp, list);
  }
  const out = new Map<string | null, SecureScore>([[null, secureScore(view.checks, [...byGroup.values()].flat())]]);
  for (const [group, results] of byGroup) {
    out.set(group, secureScore(view.checks, results));
  }
  return out;
}

function viewOf(ctx: ServiceContext): ViewContext {
  return { q: ctx.db, now: ctx.clock().toISOString(), cfg: ctx.settings.scoring, checks: ctx.settings.checks };
}

/**
 * A computation shared by every gauge of a scrape and by concurrent scrapes. Figures are a function
 * of the data and the clock: a result is reused while the service's clock has moved less than
 * `maxAgeMs` and no write was committed. After a write, a cheap computation is redone at once, and a
 * costly one at most once every COST_FACTOR times what it took, so it never takes more than about
 * 1/COST_FACTOR of the service's time however often Prometheus scrapes and devices report.
 * A computation in flight is shared; a failed one is not kept.
 */
export const COST_FACTOR = 30;
export const CHEAP_MS = 100;

export class Figures<T> {
  private last: { clockAt: number; startedAt: number; version: number; costMs: number; value: Promise<T> } | null =
    null;

  constructor(
    private readonly db: Pick<Db, 'dataVersion'>,
    private readonly clock: () => Date,
    private readonly maxAgeMs: number,
    private readonly compute: () => Promise<T>
  ) {}

  get(): Promise<T> {
    const clockAt = this.clock().getTime();
    const last = this.last;
    if (last && Math.abs(clockAt - last.clockAt) < this.maxAgeMs) {
      if (last.version === this.db.dataVersion) {
        return last.value;
      }
      if (last.costMs >= CHEAP_MS && performance.now() - last.startedAt < COST_FACTOR * last.costMs) {
        return last.value;
      }
    }
    const startedAt = performance.now();
    const entry = { clockAt, startedAt, version: this.db.dataVersion, costMs: Infinity, value: this.compute() };
    this.last = entry;
    entry.value.then(
      () => {
        entry.costMs = performance.now() - startedAt;
      },
      () => {
        if (this.last === entry) {
          this.last = null;
        }
      }
    );
    return entry.value;
  }
}

// ------------------------------------------------------------------------------------------ labels

/** The groups that get their own label value: the largest MAX_GROUP_LABELS by device count. */
function labelledGroups(distribution: readonly DistributionRow[]): Set<string> {
  return new Set(
    [...distribution]
      .sort((a, b) => b.total - a.total || (a.rbacGroupName ?? '').localeCompare(b.rbacGroupName ?? ''))
      .slice(0, MAX_GROUP_LABELS)
      .map((d) => d.rbacGroupName ?? '')
  );
}

const groupLabel = (kept: Set<string>, group: string) => (kept.has(group) ? group : OTHER_GROUPS);

const unixSeconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * The route template a request matched, from the OpenAPI document (`/api/machines/{id}`), never the
 * URL itself: ids in paths would make one series per device. Templates with fewer parameters win,
 * so `/api/remediationTasks/export.csv` is not taken for `/api/remediationTasks/{id}`. Express
 * matches paths case-insensitively, and so does this.
 */
export function routeMatcher(paths: readonly string[]): (path: string) => string {
  const templates = [...new Set(paths)]
    .map((t) => ({
      t,
      re: new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i'),
      params: (t.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params || a.t.localeCompare(b.t));
  return (path) => templates.find((x) => x.re.test(path))?.t ?? 'unmatched';
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

// ------------------------------------------------------------------------------------------ registry

export interface ServiceMetrics {
  registry: Registry;
  /** Observes every request's duration by route template; mount before the routes. */
  observeRequests: RequestHandler;
  /** The exposition; mount behind the same auth as the read API. */
  scrape: (req: Request, res: Response) => Promise<void>;
}

/** One registry per app: tests create many apps in one process, and each gets its own metrics. */
export function createMetrics(ctx: ServiceContext, version: string): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const live = new Figures(ctx.db, ctx.clock, 5_000, () => liveFigures(ctx));
  const slow = new Figures(ctx.db, ctx.clock, 300_000, () => slowFigures(ctx));

  /** A gauge whose series are rebuilt from the figures at every scrape (series that vanish are dropped). */
  function gauge<T, L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    source: { get: () => Promise<T> },
    fill: (set: (labels: Partial<Record<L, string>>, value: number) => void, figures: T) => void
  ): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const figures = await source.get();
        this.reset();
        fill((labels, value) => this.set(labels, value), figures);
      },
    });
  }

  // Scores ---------------------------------------------------------------------------------------
  gauge(
    'tvm_exposure_score',
    'Exposure score, 0-100 (higher is worse): the device-value-weighted mean of the active devices\' exposure scores, for the organization (scope="organization") and per device group (scope="group"). Absent while no device is active.',
    ['scope', 'group'],
    live,
    (set, f) => {
      if (f.org.exactScore !== null) {
        set({ scope: 'organization' }, f.org.exactScore);
      }
      const kept = labelledGroups(f.distribution);
      for (const g of f.groups) {
        const name = g.rbacGroupName ?? '';
        if (g.exactScore !== null && kept.has(name)) {
          set({ scope: 'group', group: name }, g.exactScore);
        }
      }
    }
  );
  // Per-group scores are labelled for the groups the live figures keep (see labelledGroups).
  const withGroups = {
    get: async () => ({ ...(await slow.get()), keptGroups: labelledGroups((await live.get()).distribution) }),
  };
  const secure = (name: string, help: string, value: (s: SecureScore) => number | null): void =>
    gauge(name, help, ['scope', 'group'], withGroups, (set, f) => {
      for (const [group, score] of f.secure) {
        const v = value(score);
        if (v === null) {
          continue;
        }
        if (group === null) {
          set({ scope: 'organization' }, v);
        } else if (f.keptGroups.has(group)) {
          set({ scope: 'group', group }, v);
        }
      }
    });
  const refreshNote = 'refreshed like tvm_recommendations_open';
  secure(
    'tvm_secure_score_points',
    `Secure Score for Devices in points (per configuration check: impact x the compliant share of the active devices it applies to), for the organization and per device group; ${refreshNote}.`,
    (s) => s.points
  );
  secure(
    'tvm_secure_score_max_points',
    `The maximum Secure Score for Devices in points (the impacts of the checks that apply); ${refreshNote}.`,
    (s) => s.maxPoints
  );
  secure(
    'tvm_secure_score_percent',
    `Secure Score for Devices as a percentage of its maximum, 0-100 (higher is better); ${refreshNote}. Absent while no check applies.`,
    (s) => (s.maxPoints > 0 ? s.percent : null)
  );
  gauge(
    'tvm_scoring_model_info',
    'The exposure scoring model in use (docs/scoring-model.md); always 1.',
    ['model'],
    live,
    (set) => set({ model: scoringModelId(ctx.settings.scoring) }, 1)
  );

  // Devices and findings -------------------------------------------------------------------------
  gauge(
    'tvm_devices',
    'Devices per device group and exposure level (None: inactive, not seen within the activity window, or no data).',
    ['group', 'exposure_level'],
    live,
    (set, f) => {
      const kept = labelledGroups(f.distribution);
      const sums = new Map<string, Record<(typeof LEVELS)[number], number>>();
      for (const row of f.distribution) {
        const g = groupLabel(kept, row.rbacGroupName ?? '');
        const s = sums.get(g) ?? { None: 0, Low: 0, Medium: 0, High: 0 };
        for (const level of LEVELS) {
          s[level] += row[level];
        }
        sums.set(g, s);
      }
      for (const [group, s] of sums) {
        for (const level of LEVELS) {
          set({ group, exposure_level: level }, s[level]);
        }
      }
    }
  );
  gauge(
    'tvm_device_groups',
    `Device groups (rbacGroupName; devices without one form the group ""). At most ${MAX_GROUP_LABELS} get their own "group" label value; the rest are summed as "${OTHER_GROUPS}".`,
    [],
    live,
    (set, f) => set({}, f.distribution.length)
  );
  gauge(
    'tvm_findings_open',
    "Open vulnerabilities on active devices, one per (device, CVE), by severity (Unknown: neither NVD nor the scanner gives one) and device group: the sum of the machines' vulnerability counts.",
    ['group', 'severity'],
    live,
    (set, f) => {
      const kept = labelledGroups(f.distribution);
      const sums = new Map<string, Record<(typeof SEVERITIES)[number], number>>();
      for (const g of kept) {
        sums.set(g, { Critical: 0, High: 0, Medium: 0, Low: 0, Unknown: 0 });
      }
      for (const r of f.findings) {
        const g = groupLabel(kept, r.group);
        const s = sums.get(g) ?? { Critical: 0, High: 0, Medium: 0, Low: 0, Unknown: 0 };
        s.Critical += r.critical;
        s.High += r.high;
        s.Medium += r.medium;
        s.Low += r.low;
        s.Unknown += Math.max(0, r.open - r.critical - r.high - r.medium - r.low);
        sums.set(g, s);
      }
      for (const [group, s] of sums) {
        for (const severity of SEVERITIES) {
          set({ group, severity }, s[severity]);
        }
      }
    }
  );
  // The same counts by group and device value, with or without what mitigating exceptions cover.
  const knownExploitedGauge = (name: string, help: string, count: (r: FindingCounts) => number) =>
    gauge(name, help, ['group', 'device_value'], live, (set, f) => {
      const kept = labelledGroups(f.distribution);
      const sums = new Map<string, number>();
      for (const g of kept) {
        for (const v of DEVICE_VALUES) {
          sums.set(JSON.stringify([g, v]), 0);
        }
      }
      for (const r of f.findings) {
        const key = JSON.stringify([groupLabel(kept, r.group), r.deviceValue]);
        sums.set(key, (sums.get(key) ?? 0) + count(r));
      }
      for (const [key, n] of sums) {
        const [group, value] = JSON.parse(key) as [string, string];
        set({ group, device_value: value }, n);
      }
    });
  knownExploitedGauge(
    'tvm_findings_known_exploited',
    'Open vulnerabilities listed in CISA KEV (known exploited) on active devices, one per (device, CVE), by device group and device value (Low, Normal, High).',
    (r) => r.knownExploited
  );
  knownExploitedGauge(
    'tvm_findings_known_exploited_unmitigated',
    'Known-exploited open vulnerabilities on active devices that no mitigating exception (third-party control, alternate mitigation) covers, one per (device, CVE), by device group and device value: what alerts should page on.',
    (r) => r.knownExploitedUnmitigated
  );

  // Recommendations, remediation, exceptions -----------------------------------------------------
  gauge(
    'tvm_recommendations_open',
    `Security recommendations with exposed active devices and not under a full exception, by category and remediation type. Costly to compute (tvm_metrics_compute_seconds{figures="recommendations"}): reused for up to 5 minutes while nothing changes, and after a change redone once ${COST_FACTOR} times that cost has passed.`,
    ['category', 'remediation_type'],
    slow,
    (set, f) => {
      const counts = new Map(RECOMMENDATION_KINDS.map(([c, t]) => [JSON.stringify([c, t]), 0]));
      for (const r of f.recommendations) {
        if (r.open) {
          const key = JSON.stringify([r.category, r.remediationType]);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      for (const [key, n] of counts) {
        const [category, type] = JSON.parse(key) as [string, string];
        set({ category, remediation_type: type }, n);
      }
    }
  );
  gauge(
    'tvm_remediation_activities',
    'Remediation activities by status and priority (completed and cancelled ones are kept for TVM_REMEDIATION_RETENTION_DAYS).',
    ['status', 'priority'],
    live,
    (set, f) => {
      for (const status of TASK_STATUSES) {
        for (const priority of PRIORITIES) {
          set({ status, priority }, f.tasks.filter((t) => t.status === status && t.priority === priority).length);
        }
      }
    }
  );
  gauge(
    'tvm_remediation_activities_overdue',
    'Active remediation activities past their due date, by priority.',
    ['priority'],
    live,
    (set, f) => {
      for (const priority of PRIORITIES) {
        set({ priority }, f.tasks.filter((t) => t.overdue && t.priority === priority).length);
      }
    }
  );
  gauge(
    'tvm_exceptions',
    'Exceptions by status (InEffect = active; Resurfaced = voided because exposure grew) and justification.',
    ['status', 'justification'],
    live,
    (set, f) => {
      for (const status of EXCEPTION_STATUSES) {
        for (const justification of JUSTIFICATIONS) {
          set(
            { status, justification },
            f.exceptions.filter((e) => e.status === status && e.justification === justification).length
          );
        }
      }
    }
  );

  // Data freshness -------------------------------------------------------------------------------
  gauge(
    'tvm_source_last_update_timestamp_seconds',
    'When each source last updated the store, as a Unix time: inventory = the last device report applied; nvd, kev, epss = the last import of that feed. Absent until the first one. Alert on time() - this.',
    ['source'],
    live,
    (set, f) => {
      if (f.lastInventoryUpdate) {
        set({ source: 'inventory' }, unixSeconds(f.lastInventoryUpdate));
      }
      for (const feed of f.feeds) {
        if ((SOURCES as readonly string[]).includes(feed.feed)) {
          set({ source: feed.feed }, unixSeconds(feed.importedAt));
        }
      }
    }
  );
  gauge(
    'tvm_source_data_timestamp_seconds',
    "The date of the imported knowledge itself, as a Unix time: NVD's newest lastModified, the KEV catalog's dateReleased, the EPSS score date. Re-importing an old file does not move it.",
    ['source'],
    live,
    (set, f) => {
      for (const feed of f.feeds) {
        const t = feed.released ? unixSeconds(feed.released) : NaN;
        if ((KNOWLEDGE_FEEDS as readonly string[]).includes(feed.feed) && Number.isFinite(t)) {
          set({ source: feed.feed }, t);
        }
      }
    }
  );

  // The service itself ---------------------------------------------------------------------------
  gauge('tvm_build_info', 'The TVM service version; always 1.', ['version'], live, (set) => set({ version }, 1));
  new Gauge({
    name: 'tvm_metrics_compute_seconds',
    help: 'How long the last computation of the figures behind these metrics took, in seconds: "live" ones (at most once per scrape) and "recommendations" (see tvm_recommendations_open).',
    labelNames: ['figures'],
    registers: [registry],
    async collect() {
      const [l, s] = await Promise.all([live.get(), slow.get()]);
      this.reset();
      this.set({ figures: 'live' }, l.computeSeconds);
      this.set({ figures: 'recommendations' }, s.computeSeconds);
    },
  });

  const duration = new Histogram({
    name: 'tvm_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template (never the URL: unmatched paths are "unmatched") and status code.',
    labelNames: ['method', 'route', 'code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const route = routeMatcher([
    '/health',
    '/metrics',
    '/api/openapi.json',
    ...Object.keys(openApiDocument(version).paths),
  ]);
  const observeRequests: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      const method = req.method.toUpperCase();
      end({
        method: HTTP_METHODS.has(method) ? method : 'OTHER',
        route: route(req.originalUrl.split('?')[0]),
        code: String(res.statusCode),
      });
    });
    next();
  };

  return {
    registry,
    observeRequests,
    async scrape(_req, res) {
      // As every read does: an exception expiry that has passed counts from its instant.
      await catchUpExceptionExpiry(ctx.db, ctx.settings, ctx.clock().toISOString());
      // One after the other, so neither's measured cost includes the other's (the store is synchronous).
      await live.get();
      await slow.get();
      const body = await registry.metrics();
      res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(body);
    },
  };
}
