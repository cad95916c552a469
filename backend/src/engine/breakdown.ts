import { alertPressure, exposureLevel, scoreDevice, scoringModelId } from '../domain/scoring';
import { coverageOf, findingMitigatedCondition } from './exceptionCoverage';
import { findingSignalsSql, isActive, riskOf, type FindingSignalsRow } from './scores';
import type { ViewContext } from './views';

/**
 * Why a device scores what it scores: each vulnerable product's contribution (the score drop if it
 * were remediated), each finding's risk and the signals behind it, and the alert pressure.
 */
export async function exposureBreakdown(ctx: ViewContext, deviceId: string) {
  const device = await ctx.q.get<{ last_seen: string; device_value: string }>(
    'SELECT last_seen, device_value FROM device WHERE id = ?',
    [deviceId]
  );
  if (!device) {
    return null;
  }
  // Findings a mitigating exception covers are listed (mitigated: true) but do not count.
  const mitigation = findingMitigatedCondition(await coverageOf(ctx));
  const findings = await ctx.q.all<FindingSignalsRow>(
    `${findingSignalsSql(false, mitigation)} AND f.device_id = ? ORDER BY f.product_key, f.cve_id`,
    [...mitigation.params, deviceId]
  );
  const alerts = (
    await ctx.q.all<{
      severity: 'Critical' | 'High' | 'Medium' | 'Low' | 'Informational';
      status: 'New' | 'InProgress' | 'Resolved';
      created_on: string;
    }>('SELECT severity, status, created_on FROM device_alert WHERE device_id = ?', [deviceId])
  ).map((a) => ({ severity: a.severity, status: a.status, createdOn: a.created_on }));
  const products = new Map<string, number[]>();
  const perFinding = findings.map((f) => {
    const risk = riskOf(f, ctx.cfg);
    const mitigated = Number(f.mitigated) === 1;
    if (!mitigated) {
      products.set(f.product_key, [...(products.get(f.product_key) ?? []), risk]);
    }
    return {
      cveId: f.cve_id,
      productKey: f.product_key,
      risk: Math.round(risk * 10000) / 10000,
      mitigated,
      signals: {
        cvss: f.cvss === null ? null : Number(f.cvss),
        severity: f.severity,
        knownExploited: Number(f.in_kev) === 1,
        knownRansomware: Number(f.ransomware) === 1,
        epss: f.epss === null ? null : Number(f.epss),
        publicExploit: Number(f.public_exploit) === 1,
      },
    };
  });
  const active = isActive(device.last_seen, ctx.now, ctx.cfg);
  const nowDate = new Date(ctx.now);
  const result = active ? scoreDevice({ products, alerts, now: nowDate }, ctx.cfg) : null;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    deviceId,
    scoringModel: scoringModelId(ctx.cfg),
    time: ctx.now,
    active,
    exposureScore: result ? round(result.score) : null,
    exposureLevel: exposureLevel(result ? result.score : null),
    alertPressure: round(result ? result.alertPressure : alertPressure(alerts, nowDate, ctx.cfg)),
    products: (result?.contributions ?? [])
      .map((c) => ({
        productKey: c.productKey,
        cveCount: c.cveCount,
        scoreWithout: round(c.scoreWithout),
        contribution: round(c.contribution),
      }))
      .sort((a, b) => b.contribution - a.contribution || a.productKey.localeCompare(b.productKey)),
    findings: perFinding.sort((a, b) => b.risk - a.risk || a.cveId.localeCompare(b.cveId)),
  };
}
