/**
 * Inventories of the read model: software, weaknesses (CVEs), devices, and the vulnerable-devices
 * report, each in the scope of a device group and over active devices.
 */
import { compareVersions } from '../domain/version';
import type { SqlValue } from '../store/db';
import { coverageOf, cveExceptedCondition } from './exceptionCoverage';
import {
  activeCutoff,
  activeScope,
  softwareRecommendations,
  productTitle,
  splitProductKey,
  type Scope,
  type ViewContext,
} from './views';

const round2 = (x: number) => Math.round(x * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Software
// ---------------------------------------------------------------------------------------------

export interface Software {
  id: string;
  name: string;
  vendor: string;
  displayName: string;
  weaknesses: number | null;
  publicExploit: boolean;
  activeAlert: boolean;
  knownExploited: boolean;
  exposedMachines: number | null;
  installedMachines: number;
  impactScore: number;
  versions: number;
  /** false for software no CPE identifies: weaknesses and exposure are then unknown, not zero. */
  supported: boolean;
  productKey: string;
}

export function softwareId(productKey: string): string {
  const { vendor, product } = splitProductKey(productKey);
  return productKey.startsWith('unsupported:')
    ? `unsupported-_-${productKey.slice('unsupported:'.length)}`
    : `${vendor}-_-${product}`;
}

export async function softwareInventory(ctx: ViewContext, scope: Scope): Promise<Software[]> {
  const s = activeScope(ctx, scope);
  const installs = await ctx.q.all<{
    product_key: string;
    installed: number;
    versions: number;
    display_name: string;
    supported: number;
  }>(
    `SELECT ds.product_key, COUNT(DISTINCT ds.device_id) AS installed, COUNT(DISTINCT ds.version) AS versions,
            MIN(ds.display_name) AS display_name, MAX(ds.supported) AS supported
     FROM device_software ds JOIN device d ON d.id = ds.device_id
     WHERE ds.uninstalled_at IS NULL ${s.sql} GROUP BY ds.product_key`,
    s.params
  );
  const recs = new Map((await softwareRecommendations(ctx, scope)).map((r) => [r.productKey, r]));
  // Scanner-only products (findings with no installed row) still belong in the inventory.
  const out: Software[] = installs.map((i) => {
    const r = recs.get(i.product_key);
    const supported = Number(i.supported) === 1 || i.product_key.startsWith('pkg:');
    const { vendor, product } = splitProductKey(i.product_key);
    return {
      id: softwareId(i.product_key),
      name: i.product_key.startsWith('unsupported:') ? i.display_name : product,
      vendor: i.product_key.startsWith('unsupported:') ? '' : vendor,
      // One product, however each device spelled it: "7-Zip", not "7-Zip 24.08 (x64)".
      displayName: i.product_key.startsWith('unsupported:')
        ? i.display_name
        : productTitle(i.display_name, vendor, product),
      weaknesses: supported ? (r?.weaknesses ?? 0) : null,
      publicExploit: r?.publicExploit ?? false,
      activeAlert: r?.activeAlert ?? false,
      knownExploited: r?.knownExploited ?? false,
      exposedMachines: supported ? (r?.exposedMachinesCount ?? 0) : null,
      installedMachines: Number(i.installed),
      impactScore: r?.exposureImpact ?? 0,
      versions: Number(i.versions),
      supported,
      productKey: i.product_key,
    };
  });
  return out.sort(
    (a, b) =>
      b.impactScore - a.impactScore || (b.exposedMachines ?? -1) - (a.exposedMachines ?? -1) || a.id.localeCompare(b.id)
  );
}

export async function softwareDistribution(ctx: ViewContext, scope: Scope, productKey: string) {
  const s = activeScope(ctx, scope);
  const rows = await ctx.q.all<{ version: string; installations: number; vulnerabilities: number }>(
    `SELECT ds.version, COUNT(DISTINCT ds.device_id) AS installations,
            (SELECT COUNT(DISTINCT f.cve_id) FROM finding f WHERE f.product_key = ds.product_key AND f.version = ds.version AND f.status = 'open') AS vulnerabilities
     FROM device_software ds JOIN device d ON d.id = ds.device_id
     WHERE ds.uninstalled_at IS NULL AND ds.product_key = ? ${s.sql} GROUP BY ds.product_key, ds.version`,
    [productKey, ...s.params]
  );
  return rows
    .map((r) => ({
      version: r.version,
      installations: Number(r.installations),
      vulnerabilities: Number(r.vulnerabilities),
    }))
    .sort((a, b) => compareVersions(b.version, a.version));
}

// ---------------------------------------------------------------------------------------------
// Weaknesses
// ---------------------------------------------------------------------------------------------

export const VULNERABILITY_COLUMNS = `c.id, c.description, c.severity, c.cvss_score, c.cvss_vector, c.cvss_version, c.published, c.last_modified,
  c.public_exploit, c.vuln_status, c.cwes, e.epss, e.percentile, k.cve_id AS kev_id, k.date_added AS kev_added, k.due_date AS kev_due,
  k.known_ransomware, c.cisa_exploit_add`;

export interface VulnerabilityRow {
  id: string;
  description: string | null;
  severity: string | null;
  cvss_score: number | null;
  cvss_vector: string | null;
  cvss_version: string | null;
  published: string | null;
  last_modified: string | null;
  public_exploit: number | null;
  vuln_status: string | null;
  cwes: string | null;
  epss: number | null;
  percentile: number | null;
  kev_id: string | null;
  kev_added: string | null;
  kev_due: string | null;
  known_ransomware: number | null;
  cisa_exploit_add: string | null;
}

export function vulnerabilityEntity(
  r: VulnerabilityRow,
  exposedMachines: number,
  now: string,
  relatedSoftware: string[] = []
) {
  const published = r.published ?? null;
  return {
    id: r.id,
    name: r.id,
    description: r.description ?? '',
    severity: r.severity ?? 'Unknown',
    cvssV3: r.cvss_score === null ? null : Number(r.cvss_score),
    cvssVector: r.cvss_vector ?? '',
    cvssVersion: r.cvss_version ?? null,
    exposedMachines,
    publishedOn: published,
    updatedOn: r.last_modified ?? null,
    ageDays: published ? Math.max(0, Math.floor((Date.parse(now) - Date.parse(published)) / 86400_000)) : null,
    publicExploit: Number(r.public_exploit ?? 0) === 1 || r.kev_id !== null,
    exploitVerified: r.kev_id !== null || r.cisa_exploit_add !== null,
    exploitInKit: false,
    exploitTypes: [] as string[],
    exploitUris: [] as string[],
    cveSupportability: 'Supported',
    epss: r.epss === null ? null : Number(r.epss),
    epssPercentile: r.percentile === null ? null : Number(r.percentile),
    knownExploited: r.kev_id !== null || r.cisa_exploit_add !== null,
    kevDateAdded: r.kev_added ?? r.cisa_exploit_add ?? null,
    kevDueDate: r.kev_due ?? null,
    knownRansomwareCampaignUse: Number(r.known_ransomware ?? 0) === 1,
    vulnStatus: r.vuln_status ?? null,
    cwes: r.cwes ? (JSON.parse(r.cwes) as string[]) : [],
    relatedSoftware,
  };
}

export type Vulnerability = ReturnType<typeof vulnerabilityEntity>;

/** CVEs exposing at least one active device in scope, with their exposure and related software. */
export async function weaknesses(ctx: ViewContext, scope: Scope): Promise<Vulnerability[]> {
  const s = activeScope(ctx, scope);
  const excepted = cveExceptedCondition(await coverageOf(ctx));
  const exposure = await ctx.q.all<{ cve_id: string; exposed: number; software: string }>(
    `SELECT f.cve_id, COUNT(DISTINCT f.device_id) AS exposed, GROUP_CONCAT(DISTINCT f.product_key) AS software
     FROM finding f JOIN device d ON d.id = f.device_id WHERE f.status = 'open' ${s.sql} AND NOT ${excepted.sql} GROUP BY f.cve_id`,
    [...s.params, ...excepted.params]
  );
  const out: Vulnerability[] = [];
  for (let i = 0; i < exposure.length; i += 500) {
    const part = exposure.slice(i, i + 500);
    const rows = await ctx.q.all<VulnerabilityRow>(
      `SELECT ${VULNERABILITY_COLUMNS} FROM cve c LEFT JOIN epss e ON e.cve_id = c.id LEFT JOIN kev k ON k.cve_id = c.id
       WHERE c.id IN (${part.map(() => '?').join(', ')})`,
      part.map((p) => p.cve_id)
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const p of part) {
      const software = p.software.split(',').map((k) => softwareId(k));
      const row: VulnerabilityRow = byId.get(p.cve_id) ?? (await scannerOnlyVulnerability(ctx, p.cve_id));
      out.push(vulnerabilityEntity(row, Number(p.exposed), ctx.now, software));
    }
  }
  return out.sort(
    (a, b) =>
      Number(b.knownExploited) - Number(a.knownExploited) ||
      (b.cvssV3 ?? 0) - (a.cvssV3 ?? 0) ||
      b.exposedMachines - a.exposedMachines ||
      a.id.localeCompare(b.id)
  );
}

/** A vulnerability only a scanner reported (no NVD record here): what the scanner said of it. */
async function scannerOnlyVulnerability(ctx: ViewContext, id: string): Promise<VulnerabilityRow> {
  const f = await ctx.q.get<{
    severity: string | null;
    cvss: number | null;
    title: string | null;
    first: string | null;
  }>(
    `SELECT MAX(scanner_severity) AS severity, MAX(scanner_cvss) AS cvss, MAX(scanner_title) AS title, MIN(first_detected) AS first
     FROM finding WHERE cve_id = ?`,
    [id]
  );
  const e = await ctx.q.get<{ epss: number; percentile: number }>(
    'SELECT epss, percentile FROM epss WHERE cve_id = ?',
    [id]
  );
  const k = await ctx.q.get<{ date_added: string; due_date: string; known_ransomware: number }>(
    'SELECT date_added, due_date, known_ransomware FROM kev WHERE cve_id = ?',
    [id]
  );
  return {
    id,
    description: f?.title ?? null,
    severity: f?.severity ?? null,
    cvss_score: f?.cvss ?? null,
    cvss_vector: null,
    cvss_version: null,
    published: null,
    last_modified: null,
    public_exploit: 0,
    vuln_status: 'Not in NVD knowledge (reported by a scanner)',
    cwes: null,
    epss: e?.epss ?? null,
    percentile: e?.percentile ?? null,
    kev_id: k ? id : null,
    kev_added: k?.date_added ?? null,
    kev_due: k?.due_date ?? null,
    known_ransomware: k?.known_ransomware ?? null,
    cisa_exploit_add: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Devices
// ---------------------------------------------------------------------------------------------

/** SQL of the machine list: one row per device, Defender's fields plus ours. */
export function machineSelect(ctx: ViewContext): { sql: string; params: SqlValue[] } {
  const cutoff = activeCutoff(ctx.now, ctx.cfg);
  return {
    sql: `SELECT d.id, d.computer_dns_name, d.os_platform, d.os_version, d.os_architecture, d.rbac_group_name, d.machine_tags,
            d.device_value, d.internet_facing, d.first_seen, d.last_seen,
            CASE WHEN d.last_seen >= ? THEN 'Active' ELSE 'Inactive' END AS health_status,
            CASE WHEN d.last_seen < ? OR ds.exposure_score IS NULL THEN NULL ELSE ds.exposure_score END AS exposure_score,
            CASE WHEN d.last_seen < ? OR ds.exposure_score IS NULL THEN 'None' ELSE ds.exposure_level END AS exposure_level,
            COALESCE(ds.risk_level, 'None') AS risk_level, COALESCE(ds.open_findings, 0) AS open_findings,
            COALESCE(ds.critical, 0) AS critical, COALESCE(ds.high, 0) AS high, COALESCE(ds.medium, 0) AS medium,
            COALESCE(ds.low, 0) AS low, COALESCE(ds.known_exploited, 0) AS known_exploited
          FROM device d LEFT JOIN device_score ds ON ds.device_id = d.id`,
    params: [cutoff, cutoff, cutoff],
  };
}

export interface MachineRow {
  id: string;
  computer_dns_name: string;
  os_platform: string | null;
  os_version: string | null;
  os_architecture: string | null;
  rbac_group_name: string | null;
  machine_tags: string;
  device_value: string;
  internet_facing: number;
  first_seen: string;
  last_seen: string;
  health_status: string;
  exposure_score: number | null;
  exposure_level: string;
  risk_level: string;
  open_findings: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  known_exploited: number;
}

export function machineEntity(r: MachineRow) {
  return {
    id: r.id,
    computerDnsName: r.computer_dns_name,
    osPlatform: r.os_platform,
    version: r.os_version,
    osArchitecture: r.os_architecture,
    rbacGroupName: r.rbac_group_name,
    rbacGroupId: r.rbac_group_name,
    machineTags: JSON.parse(r.machine_tags) as string[],
    deviceValue: r.device_value,
    internetFacing: Number(r.internet_facing) === 1,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    healthStatus: r.health_status,
    exposureScore: r.exposure_score === null ? null : round2(Number(r.exposure_score)),
    exposureLevel: r.exposure_level,
    riskScore: r.risk_level,
    vulnerabilities: Number(r.open_findings),
    criticalVulnerabilities: Number(r.critical),
    highVulnerabilities: Number(r.high),
    mediumVulnerabilities: Number(r.medium),
    lowVulnerabilities: Number(r.low),
    knownExploitedVulnerabilities: Number(r.known_exploited),
  };
}

export type Machine = ReturnType<typeof machineEntity>;

export function machineRef(m: {
  id: string;
  computer_dns_name: string;
  os_platform: string | null;
  rbac_group_name: string | null;
}) {
  return {
    id: m.id,
    computerDnsName: m.computer_dns_name,
    osPlatform: m.os_platform,
    rbacGroupName: m.rbac_group_name,
  };
}

// ---------------------------------------------------------------------------------------------
// Vulnerable devices report
// ---------------------------------------------------------------------------------------------

/**
 * Active devices in scope with open findings, by their worst severity, by exploitability (known
 * exploited > public exploit > none), and by the age of their oldest open finding.
 */
export async function vulnerableDevicesReport(ctx: ViewContext, scope: Scope) {
  const s = activeScope(ctx, scope);
  const rows = await ctx.q.all<{
    device_id: string;
    severity: string | null;
    kev: number;
    exploit: number;
    first: string;
  }>(
    `SELECT f.device_id, COALESCE(c.severity, f.scanner_severity) AS severity,
            CASE WHEN k.cve_id IS NOT NULL OR c.cisa_exploit_add IS NOT NULL THEN 1 ELSE 0 END AS kev,
            COALESCE(c.public_exploit, 0) AS exploit, f.first_detected AS first
     FROM finding f JOIN device d ON d.id = f.device_id LEFT JOIN cve c ON c.id = f.cve_id LEFT JOIN kev k ON k.cve_id = f.cve_id
     WHERE f.status = 'open' ${s.sql}`,
    s.params
  );
  const rank: Record<string, number> = { Critical: 4, High: 3, Medium: 2, Low: 1 };
  const perDevice = new Map<string, { sev: number; exploit: number; oldest: string }>();
  for (const r of rows) {
    const d = perDevice.get(r.device_id) ?? { sev: 0, exploit: 0, oldest: r.first };
    d.sev = Math.max(d.sev, rank[r.severity ?? ''] ?? 0);
    d.exploit = Math.max(d.exploit, Number(r.kev) === 1 ? 2 : Number(r.exploit) === 1 ? 1 : 0);
    d.oldest = r.first < d.oldest ? r.first : d.oldest;
    perDevice.set(r.device_id, d);
  }
  const bySeverity = { Critical: 0, High: 0, Medium: 0, Low: 0, Unknown: 0 };
  const byExploitability = { KnownExploited: 0, PublicExploit: 0, NoKnownExploit: 0 };
  const byAge = { '0-30 days': 0, '31-90 days': 0, '91-180 days': 0, 'over 180 days': 0 };
  const now = Date.parse(ctx.now);
  for (const d of perDevice.values()) {
    const sev = (['Unknown', 'Low', 'Medium', 'High', 'Critical'] as const)[d.sev];
    bySeverity[sev]++;
    byExploitability[d.exploit === 2 ? 'KnownExploited' : d.exploit === 1 ? 'PublicExploit' : 'NoKnownExploit']++;
    const days = (now - Date.parse(d.oldest)) / 86400_000;
    byAge[days <= 30 ? '0-30 days' : days <= 90 ? '31-90 days' : days <= 180 ? '91-180 days' : 'over 180 days']++;
  }
  return { time: ctx.now, vulnerableDevices: perDevice.size, bySeverity, byExploitability, byAge };
}
