import {
  alertPressure,
  DEFAULT_SCORING,
  exposureLevel,
  findingRisk,
  riskLevelFromAlerts,
  scoringModelId,
  scoreDevice,
  type ScoringConfig,
} from '../domain/scoring';
import { insertMany, type Queryable, type SqlValue } from '../store/db';
import { setDeviceScope } from './findings';
import { exceptionCoverage, findingMitigatedCondition, isNever, type SqlCondition } from './exceptionCoverage';

/** The signals of one open finding that the scoring model reads. */
export interface FindingSignalsRow {
  device_id: string;
  product_key: string;
  cve_id: string;
  cvss: number | null;
  in_kev: number;
  ransomware: number;
  epss: number | null;
  public_exploit: number;
  severity: string | null;
  /** 1 when a mitigating exception (third party control, alternate mitigation) covers the finding. */
  mitigated: number;
}

/**
 * Open findings with what the model needs, for the devices in `scope_device` (or all). Suppressed and
 * fixed findings do not count. The CVSS is NVD's, else the scanner's. `mitigated` flags the findings a
 * mitigating exception covers (`findingMitigatedCondition`, whose parameters come first): they stay
 * in the finding counts but not in the score. The statement's own parameters follow the condition's.
 */
/**
 * Scoped to `scope_device`, the scope drives the loop (CROSS JOIN fixes SQLite's join order): a few
 * devices' findings are read by primary key, not found by scanning every open finding.
 */
export function findingSignalsSql(scoped: boolean, mitigated: SqlCondition = { sql: '0 = 1', params: [] }): string {
  const join = isNever(mitigated) ? '' : 'LEFT JOIN device dg ON dg.id = f.device_id';
  return `SELECT f.device_id, f.product_key, f.cve_id, COALESCE(c.cvss_score, f.scanner_cvss) AS cvss,
      CASE WHEN k.cve_id IS NOT NULL OR c.cisa_exploit_add IS NOT NULL THEN 1 ELSE 0 END AS in_kev,
      COALESCE(k.known_ransomware, 0) AS ransomware, e.epss, COALESCE(c.public_exploit, 0) AS public_exploit,
      COALESCE(c.severity, f.scanner_severity) AS severity,
      ${isNever(mitigated) ? '0' : `CASE WHEN ${mitigated.sql} THEN 1 ELSE 0 END`} AS mitigated
    FROM ${scoped ? 'scope_device s CROSS JOIN finding f' : 'finding f'}
      LEFT JOIN cve c ON c.id = f.cve_id LEFT JOIN kev k ON k.cve_id = f.cve_id LEFT JOIN epss e ON e.cve_id = f.cve_id ${join}
    WHERE f.status = 'open' ${scoped ? 'AND f.device_id = s.id' : ''}`;
}

export function riskOf(row: FindingSignalsRow, cfg: ScoringConfig): number {
  return findingRisk(
    {
      cvssScore: row.cvss === null ? null : Number(row.cvss),
      inKev: Number(row.in_kev) === 1,
      knownRansomware: Number(row.ransomware) === 1,
      epss: row.epss === null ? null : Number(row.epss),
      publicExploit: Number(row.public_exploit) === 1,
    },
    cfg
  );
}

export interface DeviceAlertRow {
  device_id: string;
  severity: 'Critical' | 'High' | 'Medium' | 'Low' | 'Informational';
  status: 'New' | 'InProgress' | 'Resolved';
  created_on: string;
}

export function isActive(lastSeen: string, now: string, cfg: ScoringConfig): boolean {
  return Date.parse(lastSeen) >= Date.parse(now) - cfg.activeDays * 86400_000;
}

const SEVERITY_COLUMNS = { Critical: 'critical', High: 'high', Medium: 'medium', Low: 'low' } as const;

/**
 * Re-scores the devices in scope (all when `deviceIds` is null): device exposure, level, risk level,
 * finding counts, and per vulnerable product the device's score without it. A device not seen within
 * the activity window gets no score ("No data") and does not count in the org.
 *
 * Exceptions in effect at `now`: findings a mitigating one covers do not count in `exposure_score`
 * (nor in `score_without_after` / `cve_count_after`); `raw_exposure_score`, `score_without` and
 * `cve_count` ignore exceptions. Without exceptions both sets are equal.
 */
export async function scoreDevices(
  tx: Queryable,
  deviceIds: readonly string[] | null,
  now: string,
  cfg: ScoringConfig = DEFAULT_SCORING
): Promise<{ scored: number }> {
  const scoped = deviceIds !== null;
  if (scoped) {
    await setDeviceScope(tx, deviceIds);
  }
  const scopeClause = (col: string) => (scoped ? `WHERE ${col} IN (SELECT id FROM scope_device)` : '');
  const devices = await tx.all<{ id: string; last_seen: string; device_value: 'Low' | 'Normal' | 'High' }>(
    `SELECT id, last_seen, device_value FROM device ${scopeClause('id')}`
  );
  const mitigation = findingMitigatedCondition(await exceptionCoverage(tx, now));
  const findingsByDevice = new Map<string, FindingSignalsRow[]>();
  for (const row of await tx.all<FindingSignalsRow>(findingSignalsSql(scoped, mitigation), mitigation.params)) {
    let list = findingsByDevice.get(row.device_id);
    if (!list) {
      list = [];
      findingsByDevice.set(row.device_id, list);
    }
    list.push(row);
  }
  const alertsByDevice = new Map<string, DeviceAlertRow[]>();
  for (const a of await tx.all<DeviceAlertRow>(
    `SELECT device_id, severity, status, created_on FROM device_alert ${scopeClause('device_id')}`
  )) {
    let list = alertsByDevice.get(a.device_id);
    if (!list) {
      list = [];
      alertsByDevice.set(a.device_id, list);
    }
    list.push(a);
  }

  const scoreRows: SqlValue[][] = [];
  const productRows: SqlValue[][] = [];
  const nowDate = new Date(now);
  for (const d of devices) {
    const findings = findingsByDevice.get(d.id) ?? [];
    const alerts = (alertsByDevice.get(d.id) ?? []).map((a) => ({
      severity: a.severity,
      status: a.status,
      createdOn: a.created_on,
    }));
    const products = new Map<string, number[]>();
    /** The products' risks without the mitigated findings (the same map when nothing is mitigated). */
    let productsAfter = products;
    const cves = new Map<string, { severity: string | null; kev: boolean }>();
    for (const f of findings) {
      let risks = products.get(f.product_key);
      if (!risks) {
        risks = [];
        products.set(f.product_key, risks);
      }
      risks.push(riskOf(f, cfg));
      cves.set(f.cve_id, { severity: f.severity, kev: Number(f.in_kev) === 1 });
    }
    if (findings.some((f) => Number(f.mitigated) === 1)) {
      productsAfter = new Map();
      for (const f of findings) {
        if (Number(f.mitigated) !== 1) {
          productsAfter.set(f.product_key, [...(productsAfter.get(f.product_key) ?? []), riskOf(f, cfg)]);
        }
      }
    }
    const active = isActive(d.last_seen, now, cfg);
    const counts = { critical: 0, high: 0, medium: 0, low: 0, kev: 0 };
    for (const c of cves.values()) {
      const col = SEVERITY_COLUMNS[c.severity as keyof typeof SEVERITY_COLUMNS];
      if (col) {
        counts[col]++;
      }
      if (c.kev) {
        counts.kev++;
      }
    }
    let score: number | null = null;
    let rawScore: number | null = null;
    let pressure = 0;
    if (active) {
      const result = scoreDevice({ products: productsAfter, alerts, now: nowDate }, cfg);
      const raw = productsAfter === products ? result : scoreDevice({ products, alerts, now: nowDate }, cfg);
      score = result.score;
      rawScore = raw.score;
      pressure = result.alertPressure;
      const after = new Map(result.contributions.map((c) => [c.productKey, c]));
      for (const c of raw.contributions) {
        const risks = products.get(c.productKey) ?? [];
        const a = after.get(c.productKey);
        productRows.push([
          d.id,
          c.productKey,
          c.cveCount,
          Math.max(0, ...risks),
          c.scoreWithout,
          a ? a.scoreWithout : result.score,
          a ? a.cveCount : 0,
        ]);
      }
    } else {
      pressure = alertPressure(alerts, nowDate, cfg);
    }
    scoreRows.push([
      d.id,
      active ? 1 : 0,
      score,
      rawScore,
      exposureLevel(score),
      riskLevelFromAlerts(alerts),
      pressure,
      cfg.deviceValueWeights[d.device_value] ?? 1,
      cves.size,
      counts.critical,
      counts.high,
      counts.medium,
      counts.low,
      counts.kev,
      scoringModelId(cfg),
      now,
    ]);
  }
  await tx.run(`DELETE FROM device_product_score ${scopeClause('device_id')}`);
  await tx.run(`DELETE FROM device_score ${scopeClause('device_id')}`);
  await insertMany(
    tx,
    'device_score',
    [
      'device_id',
      'active',
      'exposure_score',
      'raw_exposure_score',
      'exposure_level',
      'risk_level',
      'alert_pressure',
      'weight',
      'open_findings',
      'critical',
      'high',
      'medium',
      'low',
      'known_exploited',
      'scoring_model',
      'computed_at',
    ],
    scoreRows
  );
  await insertMany(
    tx,
    'device_product_score',
    ['device_id', 'product_key', 'cve_count', 'max_risk', 'score_without', 'score_without_after', 'cve_count_after'],
    productRows
  );
  return { scored: devices.length };
}
