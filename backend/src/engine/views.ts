/**
 * The read model: what the dashboards and the Defender-compatible API show, computed from the
 * precomputed per-device tables (device_score, device_product_score) with set-based queries.
 * Every function takes a device-group scope; inactive devices (not seen within the activity window)
 * count in nothing but the device list, where they show "No data".
 */
import {
  compareRecommendations,
  configurationRecommendationId,
  recommendationId,
  recommendationName,
  recommendedFix,
  threatFlags,
} from '../domain/recommendations';
import { recommendationExceptionStatus, type RecommendationExceptionStatus } from '../domain/exceptions';
import { DEFAULT_SCORING, exposureLevel, orgExposure, scoringModelId, type ScoringConfig } from '../domain/scoring';
import { configScoreImpact, secureScore, type ConfigurationCheck } from '../domain/secureScore';
import type { Queryable, SqlValue } from '../store/db';
import { configurationMitigatedCondition, coverageOf, isNever, type ResolvedCoverage } from './exceptionCoverage';

export interface Scope {
  /** Device groups (rbacGroupName) to restrict to; null = the whole organization. */
  groups: string[] | null;
}

export const ORG: Scope = { groups: null };

export interface ViewContext {
  q: Queryable;
  now: string;
  cfg: ScoringConfig;
  checks: readonly ConfigurationCheck[];
}

export function activeCutoff(now: string, cfg: ScoringConfig = DEFAULT_SCORING): string {
  return new Date(Date.parse(now) - cfg.activeDays * 86400_000).toISOString();
}

/** `AND d.last_seen >= ? AND d.rbac_group_name IN (…)` with its parameters. */
export function activeScope(ctx: ViewContext, scope: Scope, alias = 'd'): { sql: string; params: SqlValue[] } {
  let sql = `AND ${alias}.last_seen >= ?`;
  const params: SqlValue[] = [activeCutoff(ctx.now, ctx.cfg)];
  if (scope.groups) {
    if (scope.groups.length === 0) {
      return { sql: 'AND 1 = 0', params: [] };
    }
    sql += ` AND COALESCE(${alias}.rbac_group_name, '') IN (${scope.groups.map(() => '?').join(', ')})`;
    params.push(...scope.groups);
  }
  return { sql, params };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------

export interface ExposureScore {
  time: string;
  score: number | null;
  /** Unrounded, for exact arithmetic (recommendation impacts add up to it). */
  exactScore: number | null;
  level: 'None' | 'Low' | 'Medium' | 'High';
  activeDevices: number;
  scoringModel: string;
  rbacGroupName?: string;
}

async function weightedScores(ctx: ViewContext, scope: Scope) {
  const s = activeScope(ctx, scope);
  return ctx.q.all<{ exposure_score: number; device_value: 'Low' | 'Normal' | 'High'; grp: string | null }>(
    `SELECT ds.exposure_score, d.device_value, d.rbac_group_name AS grp FROM device_score ds JOIN device d ON d.id = ds.device_id
     WHERE ds.exposure_score IS NOT NULL ${s.sql}`,
    s.params
  );
}

type WeightedRow = Awaited<ReturnType<typeof weightedScores>>[number];

function scoreOfRows(ctx: ViewContext, rows: readonly WeightedRow[]): ExposureScore {
  const exact = orgExposure(
    rows.map((r) => ({ score: Number(r.exposure_score), deviceValue: r.device_value })),
    ctx.cfg
  );
  return {
    time: ctx.now,
    score: exact === null ? null : round2(exact),
    exactScore: exact,
    level: exposureLevel(exact),
    activeDevices: rows.length,
    scoringModel: scoringModelId(ctx.cfg),
  };
}

export async function exposureScore(ctx: ViewContext, scope: Scope): Promise<ExposureScore> {
  return scoreOfRows(ctx, await weightedScores(ctx, scope));
}

export async function exposureScoreByGroups(ctx: ViewContext, scope: Scope): Promise<ExposureScore[]> {
  const groups = new Map<string, WeightedRow[]>();
  for (const r of await weightedScores(ctx, scope)) {
    const g = r.grp ?? '';
    const list = groups.get(g);
    if (list) {
      list.push(r);
    } else {
      groups.set(g, [r]);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([g, list]) => ({ ...scoreOfRows(ctx, list), rbacGroupName: g, rbacGroupId: g }));
}

export interface DistributionRow {
  rbacGroupName?: string;
  None: number;
  Low: number;
  Medium: number;
  High: number;
  total: number;
}

/** Devices per exposure level; inactive devices are "None" (No data). */
export async function exposureDistribution(
  ctx: ViewContext,
  scope: Scope,
  byGroup: boolean
): Promise<DistributionRow[]> {
  const cutoff = activeCutoff(ctx.now, ctx.cfg);
  const groupFilter = scope.groups
    ? `WHERE COALESCE(d.rbac_group_name, '') IN (${scope.groups.map(() => '?').join(', ')})`
    : '';
  const rows = await ctx.q.all<{ grp: string | null; level: string; n: number }>(
    `SELECT ${byGroup ? "COALESCE(d.rbac_group_name, '')" : "''"} AS grp,
       CASE WHEN d.last_seen < ? OR ds.exposure_score IS NULL THEN 'None' ELSE ds.exposure_level END AS level, COUNT(*) AS n
     FROM device d LEFT JOIN device_score ds ON ds.device_id = d.id ${groupFilter}
     GROUP BY 1, 2`,
    [cutoff, ...(scope.groups ?? [])]
  );
  const out = new Map<string, DistributionRow>();
  for (const r of rows) {
    const g = r.grp ?? '';
    const row = out.get(g) ?? {
      None: 0,
      Low: 0,
      Medium: 0,
      High: 0,
      total: 0,
      ...(byGroup ? { rbacGroupName: g } : {}),
    };
    const level = (['None', 'Low', 'Medium', 'High'] as const).find((l) => l === r.level) ?? 'None';
    row[level] += Number(r.n);
    row.total += Number(r.n);
    out.set(g, row);
  }
  if (!byGroup && out.size === 0) {
    return [{ None: 0, Low: 0, Medium: 0, High: 0, total: 0 }];
  }
  return [...out.values()].sort((a, b) => (a.rbacGroupName ?? '').localeCompare(b.rbacGroupName ?? ''));
}

export interface ConfigurationResultCounts {
  checkId: string;
  compliant: number;
  applicable: number;
  /** Non-compliant results a mitigating exception covers: compliant for the secure score. */
  mitigated: number;
}

async function configurationCounts(ctx: ViewContext, scope: Scope): Promise<ConfigurationResultCounts[]> {
  const s = activeScope(ctx, scope);
  const m = configurationMitigatedCondition(await coverageOf(ctx));
  const rows = await ctx.q.all<{ check_id: string; compliant: number; applicable: number; mitigated: number }>(
    `SELECT c.check_id, SUM(CASE WHEN c.status = 'compliant' THEN 1 ELSE 0 END) AS compliant,
            SUM(CASE WHEN c.status <> 'notApplicable' THEN 1 ELSE 0 END) AS applicable,
            ${isNever(m) ? '0' : `SUM(CASE WHEN c.status = 'noncompliant' AND ${m.sql} THEN 1 ELSE 0 END)`} AS mitigated
     FROM device_configuration c JOIN device d ON d.id = c.device_id WHERE 1 = 1 ${s.sql} GROUP BY c.check_id`,
    [...m.params, ...s.params]
  );
  return rows.map((r) => ({
    checkId: r.check_id,
    compliant: Number(r.compliant),
    applicable: Number(r.applicable),
    mitigated: Number(r.mitigated),
  }));
}

/** Secure Score for Devices after exceptions: a mitigated non-compliant result counts as compliant. */
export async function configurationScore(ctx: ViewContext, scope: Scope) {
  const results = (await configurationCounts(ctx, scope)).map((r) => ({
    checkId: r.checkId,
    compliant: r.compliant + r.mitigated,
    applicable: r.applicable,
  }));
  const s = secureScore(ctx.checks, results);
  return {
    time: ctx.now,
    score: round2(s.points),
    maxScore: round2(s.maxPoints),
    percent: round2(s.percent),
    categories: Object.entries(s.byCategory).map(([category, c]) => ({
      category,
      score: round2(c.points),
      maxScore: round2(c.maxPoints),
      percent: round2(c.percent),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Recommendations
// ---------------------------------------------------------------------------------------------

export interface Recommendation {
  id: string;
  productName: string;
  recommendationName: string;
  weaknesses: number;
  vendor: string;
  recommendedVersion: string;
  recommendedProgram: string;
  recommendedVendor: string;
  recommendationCategory: 'Application' | 'OS' | 'Network' | 'Accounts' | 'SecurityControls';
  subCategory: string;
  severityScore: number;
  publicExploit: boolean;
  activeAlert: boolean;
  knownExploited: boolean;
  highEpss: boolean;
  maxEpss: number | null;
  associatedThreats: string[];
  remediationType: 'ConfigurationChange' | 'Update' | 'Upgrade' | 'Uninstall';
  /** Defender's API status: Exception when every exposed group of the view is excepted (full exception). */
  status: 'Active' | 'Exception';
  /** Defender's UI status column: Active / Partial exception / Full exception. */
  statusDetail: RecommendationExceptionStatus;
  /** The exceptions that take effect on this recommendation now (suspended ones excluded). */
  exceptionIds: string[];
  /** Remediation activities still Active for it, in the view's groups. */
  activeRemediationTasks: number;
  configScoreImpact: number;
  /** configScoreImpact counting results covered by a mitigating exception as compliant. */
  configScoreImpactAfterExceptions: number;
  /** Defender's "Impact": the drop of the org score ignoring exceptions, if remediated. */
  exposureImpact: number;
  /** Unrounded exposureImpact. */
  exactExposureImpact: number;
  /** Defender's "Impact (after exceptions)": the exact drop of the current org score if remediated. */
  exposureImpactAfterExceptions: number;
  exactExposureImpactAfterExceptions: number;
  totalMachineCount: number;
  exposedMachinesCount: number;
  /** Exposed devices less those a mitigating exception covers entirely for this recommendation. */
  exposedMachinesCountAfterExceptions: number;
  nonProductivityImpactedAssets: number;
  relatedComponent: string;
  tags: string[];
  exposedCriticalDevices: number;
  /** Our extension: the product key (software recommendations) or the check id. */
  productKey?: string;
  checkId?: string;
  note?: string;
}

/** `part:vendor:product:edition` → the Defender-style vendor and product name (edition appended). */
export function splitProductKey(productKey: string): { vendor: string; product: string } {
  if (productKey.startsWith('pkg:')) {
    return { vendor: 'package', product: productKey.slice(4) };
  }
  const [, vendor = '', product = '', edition = ''] = productKey.split(':');
  return { vendor, product: edition ? `${product}_${edition}` : product };
}

interface ProductAggregate {
  product_key: string;
  exposed: number;
  exposed_after: number;
  impact_num: number;
  impact_after_num: number;
  high_value: number;
  internet_facing: number;
}

export async function softwareRecommendations(ctx: ViewContext, scope: Scope): Promise<Recommendation[]> {
  const s = activeScope(ctx, scope);
  const totalWeight = await ctx.q.get<{ w: number | null }>(
    `SELECT SUM(ds.weight) AS w FROM device_score ds JOIN device d ON d.id = ds.device_id WHERE ds.exposure_score IS NOT NULL ${s.sql}`,
    s.params
  );
  const weight = Number(totalWeight?.w ?? 0);
  const aggregates = await ctx.q.all<ProductAggregate>(
    `SELECT p.product_key, COUNT(*) AS exposed, SUM(CASE WHEN p.cve_count_after > 0 THEN 1 ELSE 0 END) AS exposed_after,
            SUM(ds.weight * (ds.raw_exposure_score - p.score_without)) AS impact_num,
            SUM(ds.weight * (ds.exposure_score - p.score_without_after)) AS impact_after_num,
            SUM(CASE WHEN d.device_value = 'High' THEN 1 ELSE 0 END) AS high_value,
            SUM(CASE WHEN d.internet_facing = 1 THEN 1 ELSE 0 END) AS internet_facing
     FROM device_product_score p JOIN device_score ds ON ds.device_id = p.device_id JOIN device d ON d.id = p.device_id
     WHERE ds.exposure_score IS NOT NULL ${s.sql} GROUP BY p.product_key`,
    s.params
  );
  if (aggregates.length === 0) {
    return [];
  }
  const details = await productDetails(ctx, scope);
  const out: Recommendation[] = [];
  for (const a of aggregates) {
    const d = details.get(a.product_key);
    const { vendor, product } = splitProductKey(a.product_key);
    const fix = recommendedFix(d?.fixes ?? []);
    const displayName = d?.displayName ?? product;
    const productName = productTitle(displayName, vendor, product);
    const flags = threatFlags(
      {
        knownExploited: d?.knownExploited ?? false,
        publicExploit: d?.publicExploit ?? false,
        maxEpss: d?.maxEpss ?? null,
        activeAlert: d?.activeAlert ?? false,
      },
      ctx.cfg
    );
    const exact = weight > 0 ? Number(a.impact_num) / weight : 0;
    const exactAfter = weight > 0 ? Number(a.impact_after_num) / weight : 0;
    const tags: string[] = [];
    if (Number(a.internet_facing) > 0) {
      tags.push('internetFacing');
    }
    if (fix.remediationType !== 'Update') {
      tags.push('No security update');
    }
    out.push({
      id: recommendationId(vendor, product),
      productName: product,
      recommendationName: recommendationName(fix.remediationType, productName, fix.recommendedVersion),
      weaknesses: d?.cves.size ?? 0,
      vendor,
      recommendedVersion: fix.recommendedVersion ?? '',
      recommendedProgram: '',
      recommendedVendor: '',
      recommendationCategory: 'Application',
      subCategory: '',
      severityScore: 0,
      publicExploit: flags.publicExploit,
      activeAlert: flags.activeAlert,
      knownExploited: flags.knownExploited,
      highEpss: flags.highEpss,
      maxEpss: d?.maxEpss ?? null,
      associatedThreats: [],
      remediationType: fix.remediationType,
      status: 'Active',
      statusDetail: 'Active',
      exceptionIds: [],
      activeRemediationTasks: 0,
      configScoreImpact: 0,
      configScoreImpactAfterExceptions: 0,
      exposureImpact: round2(exact),
      exactExposureImpact: exact,
      exposureImpactAfterExceptions: round2(exactAfter),
      exactExposureImpactAfterExceptions: exactAfter,
      totalMachineCount: d?.installed ?? Number(a.exposed),
      exposedMachinesCount: Number(a.exposed),
      exposedMachinesCountAfterExceptions: Number(a.exposed_after),
      nonProductivityImpactedAssets: 0,
      relatedComponent: displayName,
      tags,
      exposedCriticalDevices: Number(a.high_value),
      productKey: a.product_key,
      ...(fix.note ? { note: fix.note } : {}),
    });
  }
  return out;
}

/**
 * A product's name for people: the reported display name without version and architecture noise
 * ("7-Zip 24.08 (x64)" → "7-Zip"), or, when only the CPE name is known ("chrome"), vendor and product
 * in title case ("Google Chrome").
 */
export function productTitle(displayName: string, vendor: string, product: string): string {
  const stripped = displayName
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\bv?\d+(\.\d+)+\S*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (stripped && stripped !== product) {
    return stripped;
  }
  const title = (s: string) =>
    s
      .split(/[_\s]+/)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(' ');
  return vendor && vendor !== 'package' && !product.startsWith(vendor)
    ? `${title(vendor)} ${title(product)}`
    : title(product);
}

interface ProductDetail {
  displayName: string;
  installed: number;
  cves: Set<string>;
  fixes: Array<{ cveId: string; fixedIn: string | null }>;
  knownExploited: boolean;
  publicExploit: boolean;
  maxEpss: number | null;
  activeAlert: boolean;
}

/** Per vulnerable product in scope: its CVEs with their fixes, threat signals and installations. */
async function productDetails(ctx: ViewContext, scope: Scope): Promise<Map<string, ProductDetail>> {
  const s = activeScope(ctx, scope);
  const rows = await ctx.q.all<{
    product_key: string;
    cve_id: string;
    fixed_in: string | null;
    in_kev: number;
    public_exploit: number;
    epss: number | null;
  }>(
    `SELECT f.product_key, f.cve_id, MAX(f.fixed_in) AS fixed_in,
            MAX(CASE WHEN k.cve_id IS NOT NULL OR c.cisa_exploit_add IS NOT NULL THEN 1 ELSE 0 END) AS in_kev,
            MAX(COALESCE(c.public_exploit, 0)) AS public_exploit, MAX(e.epss) AS epss
     FROM finding f JOIN device d ON d.id = f.device_id LEFT JOIN cve c ON c.id = f.cve_id
       LEFT JOIN kev k ON k.cve_id = f.cve_id LEFT JOIN epss e ON e.cve_id = f.cve_id
     WHERE f.status = 'open' ${s.sql} GROUP BY f.product_key, f.cve_id`,
    s.params
  );
  const out = new Map<string, ProductDetail>();
  for (const r of rows) {
    let d = out.get(r.product_key);
    if (!d) {
      d = {
        displayName: '',
        installed: 0,
        cves: new Set(),
        fixes: [],
        knownExploited: false,
        publicExploit: false,
        maxEpss: null,
        activeAlert: false,
      };
      out.set(r.product_key, d);
    }
    d.cves.add(r.cve_id);
    d.fixes.push({ cveId: r.cve_id, fixedIn: r.fixed_in });
    d.knownExploited ||= Number(r.in_kev) === 1;
    d.publicExploit ||= Number(r.public_exploit) === 1;
    if (r.epss !== null) {
      d.maxEpss = Math.max(d.maxEpss ?? 0, Number(r.epss));
    }
  }
  const keys = [...out.keys()];
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    const installs = await ctx.q.all<{ product_key: string; installed: number; display_name: string }>(
      `SELECT ds.product_key, COUNT(DISTINCT ds.device_id) AS installed, MIN(ds.display_name) AS display_name
       FROM device_software ds JOIN device d ON d.id = ds.device_id
       WHERE ds.uninstalled_at IS NULL AND ds.product_key IN (${part.map(() => '?').join(', ')}) ${s.sql} GROUP BY ds.product_key`,
      [...part, ...s.params]
    );
    for (const r of installs) {
      const d = out.get(r.product_key);
      if (d) {
        d.installed = Number(r.installed);
        d.displayName = r.display_name;
      }
    }
  }
  // An unresolved alert that names one of the product's CVEs on a device in scope.
  const alerts = await ctx.q.all<{ cves: string }>(
    `SELECT a.cves FROM device_alert a JOIN device d ON d.id = a.device_id WHERE a.status <> 'Resolved' AND a.cves <> '[]' ${s.sql}`,
    s.params
  );
  const alerted = new Set<string>(alerts.flatMap((a) => JSON.parse(a.cves) as string[]));
  for (const d of out.values()) {
    d.activeAlert = [...d.cves].some((c) => alerted.has(c));
  }
  return out;
}

export async function configurationRecommendations(ctx: ViewContext, scope: Scope): Promise<Recommendation[]> {
  const results = await configurationCounts(ctx, scope);
  const byId = new Map(ctx.checks.map((c) => [c.id, c]));
  const s = activeScope(ctx, scope);
  const exposedHighValue = new Map(
    (
      await ctx.q.all<{ check_id: string; n: number }>(
        `SELECT c.check_id, COUNT(*) AS n FROM device_configuration c JOIN device d ON d.id = c.device_id
         WHERE c.status = 'noncompliant' AND d.device_value = 'High' ${s.sql} GROUP BY c.check_id`,
        s.params
      )
    ).map((r) => [r.check_id, Number(r.n)])
  );
  const out: Recommendation[] = [];
  for (const r of results) {
    const check = byId.get(r.checkId);
    const failing = r.applicable - r.compliant;
    if (!check || failing <= 0) {
      continue;
    }
    const impact = configScoreImpact(check, r);
    const impactAfter = configScoreImpact(check, { ...r, compliant: r.compliant + r.mitigated });
    out.push({
      id: configurationRecommendationId(check.id),
      productName: '',
      recommendationName: check.recommendationName,
      weaknesses: 0,
      vendor: '',
      recommendedVersion: '',
      recommendedProgram: '',
      recommendedVendor: '',
      recommendationCategory: check.category,
      subCategory: check.subCategory,
      severityScore: check.impact,
      publicExploit: false,
      activeAlert: false,
      knownExploited: false,
      highEpss: false,
      maxEpss: null,
      associatedThreats: [],
      remediationType: 'ConfigurationChange',
      status: 'Active',
      statusDetail: 'Active',
      exceptionIds: [],
      activeRemediationTasks: 0,
      configScoreImpact: round2(impact),
      configScoreImpactAfterExceptions: round2(impactAfter),
      exposureImpact: 0,
      exactExposureImpact: 0,
      exposureImpactAfterExceptions: 0,
      exactExposureImpactAfterExceptions: 0,
      totalMachineCount: r.applicable,
      exposedMachinesCount: failing,
      exposedMachinesCountAfterExceptions: Math.max(0, failing - r.mitigated),
      nonProductivityImpactedAssets: 0,
      relatedComponent: check.title,
      tags: [],
      exposedCriticalDevices: exposedHighValue.get(check.id) ?? 0,
      checkId: check.id,
    });
  }
  return out;
}

/**
 * All recommendations of the scope, with their exception status and remediation activities, in
 * priority order: by the impact after exceptions (what remediating would still change), full
 * exceptions last. Recommendations under exception stay listed (Defender's API lists them with status
 * Exception; its UI filters them out by default): filter with `status eq 'Active'`.
 */
export async function recommendations(ctx: ViewContext, scope: Scope): Promise<Recommendation[]> {
  const list = [...(await softwareRecommendations(ctx, scope)), ...(await configurationRecommendations(ctx, scope))];
  await applyExceptionStatus(ctx, scope, list, await coverageOf(ctx));
  await countRemediationTasks(ctx, scope, list);
  const key = (r: Recommendation) => ({
    id: r.id,
    exposureImpact: r.exactExposureImpactAfterExceptions,
    configScoreImpact: r.configScoreImpactAfterExceptions,
    knownExploited: r.knownExploited,
    exposedMachinesCount: r.exposedMachinesCount,
  });
  return list.sort(
    (a, b) =>
      Number(a.statusDetail === 'FullException') - Number(b.statusDetail === 'FullException') ||
      compareRecommendations(key(a), key(b))
  );
}

/** Sets status, statusDetail and exceptionIds from the recommendation exceptions in effect. */
async function applyExceptionStatus(
  ctx: ViewContext,
  scope: Scope,
  list: Recommendation[],
  coverage: readonly ResolvedCoverage[]
): Promise<void> {
  const byRecommendation = new Map<string, ResolvedCoverage[]>();
  for (const c of coverage) {
    if (c.target.kind === 'Recommendation') {
      const k = c.target.key.toLowerCase();
      byRecommendation.set(k, [...(byRecommendation.get(k) ?? []), c]);
    }
  }
  const excepted = list.filter((r) => byRecommendation.has(r.id.toLowerCase()));
  if (excepted.length === 0) {
    return;
  }
  const s = activeScope(ctx, scope);
  const groupsOf = new Map<string, string[]>();
  const products = excepted.filter((r) => r.productKey).map((r) => r.productKey ?? '');
  if (products.length > 0) {
    for (const row of await ctx.q.all<{ k: string; g: string }>(
      `SELECT p.product_key AS k, COALESCE(d.rbac_group_name, '') AS g
       FROM device_product_score p JOIN device_score ds ON ds.device_id = p.device_id JOIN device d ON d.id = p.device_id
       WHERE ds.exposure_score IS NOT NULL AND p.product_key IN (${products.map(() => '?').join(', ')}) ${s.sql}
       GROUP BY p.product_key, COALESCE(d.rbac_group_name, '')`,
      [...products, ...s.params]
    )) {
      groupsOf.set(`p:${row.k}`, [...(groupsOf.get(`p:${row.k}`) ?? []), row.g]);
    }
  }
  const checks = excepted.filter((r) => r.checkId).map((r) => r.checkId ?? '');
  if (checks.length > 0) {
    for (const row of await ctx.q.all<{ k: string; g: string }>(
      `SELECT c.check_id AS k, COALESCE(d.rbac_group_name, '') AS g
       FROM device_configuration c JOIN device d ON d.id = c.device_id
       WHERE c.status = 'noncompliant' AND c.check_id IN (${checks.map(() => '?').join(', ')}) ${s.sql}
       GROUP BY c.check_id, COALESCE(d.rbac_group_name, '')`,
      [...checks, ...s.params]
    )) {
      groupsOf.set(`c:${row.k}`, [...(groupsOf.get(`c:${row.k}`) ?? []), row.g]);
    }
  }
  for (const r of excepted) {
    const entries = byRecommendation.get(r.id.toLowerCase()) ?? [];
    const groups = groupsOf.get(r.productKey ? `p:${r.productKey}` : `c:${r.checkId}`) ?? [];
    r.statusDetail = recommendationExceptionStatus(groups, entries);
    r.status = r.statusDetail === 'FullException' ? 'Exception' : 'Active';
    r.exceptionIds = entries.map((e) => e.exceptionId);
  }
}

/** Active remediation activities per recommendation, among those whose groups meet the view's scope. */
async function countRemediationTasks(ctx: ViewContext, scope: Scope, list: Recommendation[]): Promise<void> {
  const rows = await ctx.q.all<{ recommendation_id: string; rbac_group_names: string }>(
    "SELECT recommendation_id, rbac_group_names FROM remediation_task WHERE status = 'Active'"
  );
  if (rows.length === 0) {
    return;
  }
  const counts = new Map<string, number>();
  for (const r of rows) {
    const groups = JSON.parse(r.rbac_group_names) as string[];
    if (scope.groups === null || groups.some((g) => scope.groups?.includes(g))) {
      const k = r.recommendation_id.toLowerCase();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  for (const r of list) {
    r.activeRemediationTasks = counts.get(r.id.toLowerCase()) ?? 0;
  }
}
