import { type Rand, mulberry32, pick, randomInt as int, shuffled } from '../util/random';
import fs from 'fs';
import path from 'path';
import {
  acuteThreshold,
  alertPressure,
  combineFactors,
  DEFAULT_SCORING,
  deviceExposure,
  exposureLevel,
  findingLikelihood,
  findingRisk,
  findingSeverity,
  NO_FACTORS,
  orgExposure,
  orgExposureFromTotals,
  orgExposureImpact,
  orgTotals,
  productFactors,
  resolveScoringConfig,
  riskComponents,
  riskLevelFromAlerts,
  SCORING_MODEL,
  scoringConfigSchema,
  scoringModelId,
  scoreDevice,
  subtractFactors,
  type DeviceAlert,
  type DeviceValue,
  type FindingSignals,
  type WeightedDeviceScore,
} from './scoring';

// ---------------------------------------------------------------------------------------------
// Test helpers: a seeded PRNG (mulberry32) and generators of random findings, alerts and devices.
// ---------------------------------------------------------------------------------------------


const NOW = new Date('2025-09-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

function signals(cvssScore: number | null, epss: number | null, more: Partial<FindingSignals> = {}): FindingSignals {
  return { cvssScore, epss, inKev: false, knownRansomware: false, publicExploit: false, ...more };
}

function randomSignals(rand: Rand): FindingSignals {
  return {
    cvssScore: rand() < 0.1 ? null : Math.round(rand() * 100) / 10,
    epss: rand() < 0.15 ? null : rand() ** 4,
    inKev: rand() < 0.05,
    knownRansomware: rand() < 0.3,
    publicExploit: rand() < 0.1,
  };
}

function randomAlert(rand: Rand): DeviceAlert {
  return {
    severity: pick(rand, ['Critical', 'High', 'Medium', 'Low', 'Informational'] as const),
    status: pick(rand, ['New', 'InProgress', 'Resolved'] as const),
    createdOn: daysAgo(rand() * 45),
  };
}

interface RandomDevice {
  products: Map<string, number[]>;
  alerts: DeviceAlert[];
}

function randomDevice(rand: Rand, maxProducts = 8, maxFindings = 12): RandomDevice {
  const products = new Map<string, number[]>();
  const n = int(rand, 0, maxProducts);
  for (let p = 0; p < n; p++) {
    const risks = Array.from({ length: int(rand, 1, maxFindings) }, () => findingRisk(randomSignals(rand)));
    products.set(`a:vendor${p}:product${p}:`, risks);
  }
  const alerts = rand() < 0.4 ? Array.from({ length: int(rand, 1, 4) }, () => randomAlert(rand)) : [];
  return { products, alerts };
}

const score = (d: RandomDevice) => scoreDevice({ products: d.products, alerts: d.alerts, now: NOW }).score;

function withoutFinding(d: RandomDevice, key: string, index: number): RandomDevice {
  const products = new Map(d.products);
  const risks = (products.get(key) ?? []).filter((_, i) => i !== index);
  if (risks.length) {
    products.set(key, risks);
  } else {
    products.delete(key);
  }
  return { products, alerts: d.alerts };
}

const RUNS = 400;

// ---------------------------------------------------------------------------------------------
// Finding risk
// ---------------------------------------------------------------------------------------------

describe('findingRisk', () => {
  it('is S·(β + (1−β)·L) with S = CVSS/10 and L = EPSS', () => {
    expect(findingRisk(signals(8, 0.2))).toBeCloseTo(0.8 * (0.05 + 0.95 * 0.2), 12);
    expect(findingRisk(signals(10, 0))).toBeCloseTo(0.05, 12);
    expect(findingRisk(signals(0, 0.9))).toBe(0);
  });

  it('uses severity 0.5 when the CVE has no CVSS (or a non-finite one)', () => {
    expect(findingSeverity(null)).toBe(0.5);
    expect(findingSeverity(Number.NaN)).toBe(0.5);
    expect(findingRisk(signals(null, 0.2))).toBeCloseTo(0.5 * (0.05 + 0.95 * 0.2), 12);
  });

  it('clamps CVSS and EPSS into range, and treats a missing EPSS as 0', () => {
    expect(findingSeverity(12)).toBe(1);
    expect(findingSeverity(-1)).toBe(0);
    expect(findingLikelihood({ inKev: false, epss: 3, publicExploit: false })).toBe(1);
    expect(findingLikelihood({ inKev: false, epss: -0.5, publicExploit: false })).toBe(0);
    expect(findingLikelihood({ inKev: false, epss: null, publicExploit: false })).toBe(0);
    expect(findingLikelihood({ inKev: false, epss: Number.NaN, publicExploit: false })).toBe(0);
  });

  it('takes likelihood 1 for KEV whatever EPSS says (observed exploitation beats prediction)', () => {
    expect(findingLikelihood({ inKev: true, epss: 0.0001, publicExploit: false })).toBe(1);
    expect(findingRisk(signals(7, 0.0001, { inKev: true }))).toBeCloseTo(0.7 * 1.05, 12);
  });

  it('raises likelihood to the public-exploit floor, but never lowers EPSS', () => {
    expect(findingLikelihood({ inKev: false, epss: 0.01, publicExploit: true })).toBe(0.5);
    expect(findingLikelihood({ inKev: false, epss: 0.8, publicExploit: true })).toBe(0.8);
  });

  it("applies Grype's KEV (1.05) or ransomware (1.1) modifier, exclusively, and only to KEV CVEs", () => {
    expect(findingRisk(signals(7.8, 0.97811, { inKev: true, knownRansomware: true }))).toBeCloseTo(0.78 * 1.1, 12);
    expect(findingRisk(signals(7.8, 0.97811, { inKev: true }))).toBeCloseTo(0.78 * 1.05, 12);
    expect(findingRisk(signals(7.8, 0.2, { knownRansomware: true }))).toBe(findingRisk(signals(7.8, 0.2)));
  });

  it('caps the risk at 1', () => {
    expect(findingRisk(signals(9.8, 1, { inKev: true, knownRansomware: true }))).toBe(1);
  });

  it('stays in [0, 1] and never decreases when a signal gets worse (random)', () => {
    const rand = mulberry32(11);
    for (let i = 0; i < 2000; i++) {
      const s = randomSignals(rand);
      const r = findingRisk(s);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(1);
      const worse = [
        { ...s, inKev: true },
        { ...s, publicExploit: true },
        { ...s, epss: Math.min(1, (s.epss ?? 0) + rand() * 0.5) },
        { ...s, cvssScore: s.cvssScore === null ? null : Math.min(10, s.cvssScore + rand() * 3) },
        { ...s, knownRansomware: true },
      ];
      for (const w of worse) {
        expect(findingRisk(w)).toBeGreaterThanOrEqual(r);
      }
    }
  });
});

describe('riskComponents', () => {
  const theta = acuteThreshold();

  it('splits at θ = β + (1 − β)·λ = 0.0595', () => {
    expect(theta).toBeCloseTo(0.0595, 12);
    expect(riskComponents(theta)).toEqual({ acute: 0, hygiene: 0.05 });
    expect(riskComponents(1)).toEqual({ acute: 1, hygiene: 0.05 });
    expect(riskComponents(0)).toEqual({ acute: 0, hygiene: 0 });
    expect(riskComponents(theta / 2).hygiene).toBeCloseTo(0.025, 12);
  });

  it('never gives an acute part to a finding below the likelihood noise floor, whatever its CVSS', () => {
    const rand = mulberry32(12);
    const violations: Array<{ cvss: number; epss: number }> = [];
    for (let i = 0; i < 5000; i++) {
      const cvss = rand() < 0.5 ? 10 : Math.round(rand() * 100) / 10;
      const epss = i === 0 ? 0.01 - Number.EPSILON : rand() * 0.01;
      const r = findingRisk(signals(cvss, epss, { knownRansomware: rand() < 0.5 }));
      if (r > theta || riskComponents(r).acute !== 0) {
        violations.push({ cvss, epss });
      }
    }
    expect(violations).toEqual([]);
  });

  it('is continuous and non-decreasing in the risk', () => {
    const violations: number[] = [];
    let prev = riskComponents(0);
    for (let i = 1; i <= 10000; i++) {
      const c = riskComponents(i / 10000);
      const da = c.acute - prev.acute;
      const dh = c.hygiene - prev.hygiene;
      if (da < 0 || dh < 0 || da >= 0.001 || dh >= 0.001) {
        violations.push(i / 10000);
      }
      prev = c;
    }
    expect(violations).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Factors and device exposure
// ---------------------------------------------------------------------------------------------

describe('product factors', () => {
  it('are integers, independent of the order of the risks', () => {
    const rand = mulberry32(21);
    for (let i = 0; i < RUNS; i++) {
      const risks = Array.from({ length: int(rand, 0, 30) }, () => findingRisk(randomSignals(rand)));
      const f = productFactors(risks);
      expect(Number.isSafeInteger(f.acute) && Number.isSafeInteger(f.hygiene) && Number.isSafeInteger(f.certain)).toBe(
        true
      );
      expect(productFactors(shuffled(rand, risks))).toEqual(f);
    }
  });

  it('combine and subtract exactly: a product removed equals the product never added', () => {
    const rand = mulberry32(22);
    for (let i = 0; i < RUNS; i++) {
      const riskLists = Array.from({ length: int(rand, 1, 10) }, () =>
        Array.from({ length: int(rand, 1, 20) }, () => findingRisk(randomSignals(rand)))
      );
      const parts = riskLists.map((risks) => productFactors(risks));
      const total = combineFactors(parts);
      // Additive: the factors of all findings at once are the combination of the per-product ones.
      expect(productFactors(riskLists.flat())).toEqual(total);
      const k = int(rand, 0, parts.length - 1);
      const rest = combineFactors(parts.filter((_, j) => j !== k));
      expect(subtractFactors(total, parts[k])).toEqual(rest);
      expect(combineFactors(shuffled(rand, parts))).toEqual(total);
    }
  });

  it('count a certain acute finding (KEV with CVSS ≥ 9.6) apart, and make the device 100', () => {
    const f = productFactors([findingRisk(signals(9.8, 0.5, { inKev: true }))]);
    expect(f.certain).toBe(1);
    expect(deviceExposure(f, 0)).toBe(100);
  });

  it('refuse to subtract what is not included', () => {
    const a = productFactors([0.3]);
    expect(() => subtractFactors(NO_FACTORS, a)).toThrow(RangeError);
    expect(subtractFactors(a, a)).toEqual(NO_FACTORS);
  });

  it('give exactly 0 for no findings and no alerts', () => {
    expect(deviceExposure(NO_FACTORS, 0)).toBe(0);
    expect(deviceExposure(productFactors([]), 0)).toBe(0);
    expect(scoreDevice({ products: new Map(), alerts: [], now: NOW }).score).toBe(0);
  });
});

describe('alertPressure', () => {
  const alert = (severity: DeviceAlert['severity'], status: DeviceAlert['status'] = 'New', age = 1): DeviceAlert => ({
    severity,
    status,
    createdOn: daysAgo(age),
  });

  it('is a noisy-OR of the severity weights of unresolved alerts of the last 30 days', () => {
    expect(alertPressure([], NOW)).toBe(0);
    expect(alertPressure([alert('High')], NOW)).toBeCloseTo(0.4, 12);
    expect(alertPressure([alert('High'), alert('Medium')], NOW)).toBeCloseTo(1 - 0.6 * 0.8, 12);
    expect(alertPressure([alert('Critical')], NOW)).toBeCloseTo(0.6, 12);
    expect(alertPressure([alert('Low')], NOW)).toBeCloseTo(0.05, 12);
    expect(alertPressure([alert('Informational')], NOW)).toBe(0);
  });

  it('ignores resolved alerts and alerts older than the activity window', () => {
    expect(alertPressure([alert('High', 'Resolved')], NOW)).toBe(0);
    expect(alertPressure([alert('High', 'InProgress')], NOW)).toBeCloseTo(0.4, 12);
    expect(alertPressure([alert('High', 'New', 30)], NOW)).toBeCloseTo(0.4, 12);
    expect(alertPressure([alert('High', 'New', 30.001)], NOW)).toBe(0);
    expect(alertPressure([alert('High', 'New', 40)], NOW, resolveScoringConfig({ activeDays: 60 }))).toBeCloseTo(
      0.4,
      12
    );
  });

  it('counts alerts dated in the future or without a readable date (never drops a signal)', () => {
    expect(alertPressure([alert('High', 'New', -2)], NOW)).toBeCloseTo(0.4, 12);
    expect(alertPressure([{ severity: 'High', status: 'New', createdOn: 'yesterday' }], NOW)).toBeCloseTo(0.4, 12);
  });

  it('rejects an invalid now', () => {
    expect(() => alertPressure([], new Date('nope'))).toThrow(RangeError);
  });

  it('does not depend on the order of the alerts, and stays in [0, 1] (random)', () => {
    const rand = mulberry32(31);
    for (let i = 0; i < RUNS; i++) {
      const alerts = Array.from({ length: int(rand, 0, 12) }, () => randomAlert(rand));
      const a = alertPressure(alerts, NOW);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(1);
      expect(alertPressure(shuffled(rand, alerts), NOW)).toBe(a);
    }
  });
});

describe('riskLevelFromAlerts', () => {
  const a = (severity: DeviceAlert['severity'], status: DeviceAlert['status'] = 'New') => ({ severity, status });

  it('is the highest severity among unresolved alerts; Critical shows as High', () => {
    expect(riskLevelFromAlerts([])).toBe('None');
    expect(riskLevelFromAlerts([a('Informational')])).toBe('Informational');
    expect(riskLevelFromAlerts([a('Low'), a('Informational')])).toBe('Low');
    expect(riskLevelFromAlerts([a('Low'), a('Medium', 'InProgress')])).toBe('Medium');
    expect(riskLevelFromAlerts([a('High'), a('Medium')])).toBe('High');
    expect(riskLevelFromAlerts([a('Critical')])).toBe('High');
  });

  it('ignores resolved alerts', () => {
    expect(riskLevelFromAlerts([a('High', 'Resolved'), a('Low')])).toBe('Low');
    expect(riskLevelFromAlerts([a('Critical', 'Resolved')])).toBe('None');
  });
});

describe('exposureLevel', () => {
  it("uses Defender's bands on the score rounded to an integer", () => {
    expect(exposureLevel(0)).toBe('Low');
    expect(exposureLevel(29.49)).toBe('Low');
    expect(exposureLevel(29.5)).toBe('Medium');
    expect(exposureLevel(29.6)).toBe('Medium');
    expect(exposureLevel(30)).toBe('Medium');
    expect(exposureLevel(69.49)).toBe('Medium');
    expect(exposureLevel(69.5)).toBe('High');
    expect(exposureLevel(70)).toBe('High');
    expect(exposureLevel(100)).toBe('High');
  });

  it("is 'None' (no data) without a score", () => {
    expect(exposureLevel(null)).toBe('None');
    expect(exposureLevel(Number.NaN)).toBe('None');
  });
});

// ---------------------------------------------------------------------------------------------
// scoreDevice breakdown
// ---------------------------------------------------------------------------------------------

describe('scoreDevice', () => {
  it('explains the score per product: scoreWithout equals the score recomputed without the product', () => {
    const rand = mulberry32(41);
    for (let i = 0; i < 80; i++) {
      const d = randomDevice(rand);
      const result = scoreDevice({ ...d, now: NOW });
      expect(result.contributions).toHaveLength(d.products.size);
      for (const c of result.contributions) {
        const products = new Map(d.products);
        products.delete(c.productKey);
        expect(c.scoreWithout).toBe(score({ products, alerts: d.alerts }));
        expect(c.contribution).toBe(result.score - c.scoreWithout);
        expect(c.contribution).toBeGreaterThanOrEqual(0);
        expect(c.cveCount).toBe(d.products.get(c.productKey)?.length);
        expect(c.maxRisk).toBe(Math.max(...(d.products.get(c.productKey) ?? [])));
        for (const f of c.findings) {
          expect(f.risk).toBe(d.products.get(c.productKey)?.[f.index]);
          expect(f.scoreWithout).toBe(score(withoutFinding(d, c.productKey, f.index)));
          expect(f.contribution).toBeGreaterThanOrEqual(0);
        }
      }
      for (let k = 1; k < result.contributions.length; k++) {
        const [p, q] = [result.contributions[k - 1], result.contributions[k]];
        expect(
          p.contribution > q.contribution || (p.contribution === q.contribution && p.productKey < q.productKey)
        ).toBe(true);
      }
      expect(result.scoreWithoutAlerts).toBe(score({ products: d.products, alerts: [] }));
      expect(result.level).toBe(exposureLevel(result.score));
      expect(result.alertPressure).toBe(alertPressure(d.alerts, NOW));
    }
  });

  it('gives the product holding the only KEV CVE the whole High score', () => {
    const products = new Map([
      ['a:google:chrome:', [findingRisk(signals(8.8, 0.07356, { inKev: true }))]],
      ['a:7-zip:7-zip:', [findingRisk(signals(5.5, 0.001))]],
    ]);
    const r = scoreDevice({ products, alerts: [], now: NOW });
    expect(r.contributions.map((c) => c.productKey)).toEqual(['a:google:chrome:', 'a:7-zip:7-zip:']);
    expect(r.contributions[0].scoreWithout).toBeLessThan(30);
    expect(r.level).toBe('High');
  });
});

// ---------------------------------------------------------------------------------------------
// Organization
// ---------------------------------------------------------------------------------------------

describe('orgExposure', () => {
  it('is null for no devices', () => {
    expect(orgExposure([])).toBeNull();
    expect(orgExposureFromTotals(orgTotals([]))).toBeNull();
  });

  it('is the device-value-weighted mean (Low 0.75, Normal 1, High 2)', () => {
    expect(orgExposure([{ score: 40, deviceValue: 'Normal' }])).toBeCloseTo(40, 9);
    expect(
      orgExposure([
        { score: 90, deviceValue: 'High' },
        { score: 10, deviceValue: 'Normal' },
        { score: 20, deviceValue: 'Low' },
      ])
    ).toBeCloseTo((2 * 90 + 10 + 0.75 * 20) / 3.75, 9);
  });

  it("never scales a device's own score: a Low-value device with a KEV CVSS 7 CVE is High", () => {
    const d = scoreDevice({
      products: new Map([['x', [findingRisk(signals(7, 0.01, { inKev: true }))]]]),
      alerts: [],
      now: NOW,
    });
    expect(d.level).toBe('High');
    expect(orgExposure([{ score: d.score, deviceValue: 'Low' }])).toBeCloseTo(d.score, 9);
  });

  it('does not depend on the order of the devices (exact)', () => {
    const rand = mulberry32(51);
    for (let i = 0; i < 100; i++) {
      const devices: WeightedDeviceScore[] = Array.from({ length: int(rand, 1, 50) }, () => ({
        score: rand() * 100,
        deviceValue: pick(rand, ['Low', 'Normal', 'High'] as const),
      }));
      expect(orgExposure(shuffled(rand, devices))).toBe(orgExposure(devices));
    }
  });

  it('orgExposureImpact is exactly the drop of the recomputed org score', () => {
    const rand = mulberry32(52);
    for (let i = 0; i < 200; i++) {
      const devices: WeightedDeviceScore[] = Array.from({ length: int(rand, 1, 40) }, () => ({
        score: rand() * 100,
        deviceValue: pick(rand, ['Low', 'Normal', 'High'] as const),
      }));
      const changed = devices.map((d) =>
        rand() < 0.3 ? { ...d, scoreWithout: d.score * rand() } : { ...d, scoreWithout: d.score }
      );
      const before = orgExposure(devices) ?? 0;
      const after = orgExposure(changed.map((c) => ({ score: c.scoreWithout, deviceValue: c.deviceValue }))) ?? 0;
      const impact = orgExposureImpact(
        orgTotals(devices),
        changed.filter((c) => c.scoreWithout !== c.score)
      );
      expect(impact).toBe(before - after);
      expect(impact).toBeGreaterThanOrEqual(0);
    }
    expect(orgExposureImpact(orgTotals([]), [])).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

describe('scoring configuration', () => {
  it('has valid, documented defaults and a model id', () => {
    expect(scoringConfigSchema.parse(DEFAULT_SCORING)).toEqual(DEFAULT_SCORING);
    expect(SCORING_MODEL).toBe('tvm-exposure-1');
    expect(scoringModelId()).toBe('tvm-exposure-1');
    expect(DEFAULT_SCORING.deviceValueWeights).toEqual({ Low: 0.75, Normal: 1, High: 2 });
    expect(DEFAULT_SCORING.activeDays).toBe(30);
    expect(DEFAULT_SCORING.unknownSeverity).toBe(0.5);
  });

  it('merges overrides, nested ones partially', () => {
    const cfg = resolveScoringConfig({ activeDays: 14, deviceValueWeights: { High: 3 } });
    expect(cfg.activeDays).toBe(14);
    expect(cfg.deviceValueWeights).toEqual({ Low: 0.75, Normal: 1, High: 3 });
    expect(cfg.alertWeights).toEqual(DEFAULT_SCORING.alertWeights);
    expect(resolveScoringConfig()).toEqual(DEFAULT_SCORING);
    expect(resolveScoringConfig(undefined)).toEqual(DEFAULT_SCORING);
  });

  it('marks scores computed with changed constants as a custom model (highEpss excepted)', () => {
    expect(scoringModelId(resolveScoringConfig({ activeDays: 14 }))).toBe('tvm-exposure-1+custom');
    expect(scoringModelId(resolveScoringConfig({ alertWeights: { Low: 0.1 } }))).toBe('tvm-exposure-1+custom');
    expect(scoringModelId(resolveScoringConfig({ highEpss: 0.2 }))).toBe('tvm-exposure-1');
    expect(scoringModelId(resolveScoringConfig({ activeDays: 30 }))).toBe('tvm-exposure-1');
  });

  it('rejects invalid values, unknown keys, and a hygiene cap that could reach High', () => {
    expect(() => resolveScoringConfig({ activeDays: 0 })).toThrow(/activeDays/);
    expect(() => resolveScoringConfig({ hygieneCap: 0.7 })).toThrow(/hygieneCap/);
    expect(() => resolveScoringConfig({ deviceValueWeights: { High: 0 } })).toThrow(/High/);
    expect(() => resolveScoringConfig({ kevModifier: 0.9 })).toThrow(/kevModifier/);
    expect(() => resolveScoringConfig({ colour: 'blue' })).toThrow(/colour/);
    expect(() => resolveScoringConfig('x')).toThrow(/Invalid scoring configuration/);
  });
});

// ---------------------------------------------------------------------------------------------
// The required properties, on many random inputs
// ---------------------------------------------------------------------------------------------

describe('required properties (seeded random inputs)', () => {
  it('0 ≤ E ≤ 100', () => {
    const rand = mulberry32(101);
    for (let i = 0; i < RUNS; i++) {
      const s = score(randomDevice(rand, 15, 40));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(100);
    }
    // Extremes: everything certain, plus every alert.
    const worst = {
      products: new Map([['x', Array.from({ length: 500 }, () => 1)]]),
      alerts: Array.from({ length: 50 }, (): DeviceAlert => ({
        severity: 'Critical',
        status: 'New',
        createdOn: daysAgo(1),
      })),
    };
    expect(score(worst)).toBe(100);
  });

  it('a clean device (no findings, no alerts) scores exactly 0, and only then', () => {
    expect(score({ products: new Map(), alerts: [] })).toBe(0);
    expect(
      score({ products: new Map(), alerts: [{ severity: 'High', status: 'Resolved', createdOn: daysAgo(1) }] })
    ).toBe(0);
    expect(score({ products: new Map([['x', [findingRisk(signals(2, 0))]]]), alerts: [] })).toBeGreaterThan(0);
  });

  it('removing a finding, a product or an alert never raises the device score', () => {
    const rand = mulberry32(102);
    for (let i = 0; i < RUNS; i++) {
      const d = randomDevice(rand);
      const before = score(d);
      const keys = [...d.products.keys()];
      if (keys.length) {
        const key = pick(rand, keys);
        const index = int(rand, 0, (d.products.get(key) ?? []).length - 1);
        expect(score(withoutFinding(d, key, index))).toBeLessThanOrEqual(before);
        const products = new Map(d.products);
        products.delete(key);
        expect(score({ products, alerts: d.alerts })).toBeLessThanOrEqual(before);
      }
      if (d.alerts.length) {
        const k = int(rand, 0, d.alerts.length - 1);
        expect(score({ products: d.products, alerts: d.alerts.filter((_, j) => j !== k) })).toBeLessThanOrEqual(before);
      }
    }
  });

  it('removing a finding, a product or an alert never raises the org score', () => {
    const rand = mulberry32(103);
    for (let i = 0; i < 60; i++) {
      const fleet = Array.from({ length: int(rand, 1, 25) }, () => ({
        device: randomDevice(rand),
        deviceValue: pick(rand, ['Low', 'Normal', 'High'] as const) as DeviceValue,
      }));
      const org = (devices: typeof fleet) =>
        orgExposure(devices.map((d) => ({ score: score(d.device), deviceValue: d.deviceValue })));
      const before = org(fleet) ?? 0;
      for (let k = 0; k < 5; k++) {
        const target = int(rand, 0, fleet.length - 1);
        const d = fleet[target].device;
        const keys = [...d.products.keys()];
        let changed: RandomDevice = d;
        const what = rand();
        if (what < 0.4 && keys.length) {
          const key = pick(rand, keys);
          changed = withoutFinding(d, key, int(rand, 0, (d.products.get(key) ?? []).length - 1));
        } else if (what < 0.7 && keys.length) {
          const products = new Map(d.products);
          products.delete(pick(rand, keys));
          changed = { products, alerts: d.alerts };
        } else if (d.alerts.length) {
          changed = { products: d.products, alerts: d.alerts.slice(1) };
        }
        const after = org(fleet.map((f, j) => (j === target ? { ...f, device: changed } : f))) ?? 0;
        expect(after).toBeLessThanOrEqual(before);
      }
    }
  });

  it('a device with a KEV-listed CVE of CVSS ≥ 7 is High on its own (whatever else it has)', () => {
    const rand = mulberry32(104);
    for (let i = 0; i < RUNS; i++) {
      const kev = signals(7 + Math.round(rand() * 30) / 10, rand() < 0.5 ? null : rand() * 0.01, {
        inKev: true,
        knownRansomware: rand() < 0.3,
        publicExploit: rand() < 0.5,
      });
      const alone = { products: new Map([['kev', [findingRisk(kev)]]]), alerts: [] };
      expect(exposureLevel(score(alone))).toBe('High');
      const d = randomDevice(rand);
      d.products.set('kev', [findingRisk(kev), ...(d.products.get('kev') ?? [])]);
      expect(exposureLevel(score(d))).toBe('High');
    }
    // The boundary itself, exactly CVSS 7.0, also with a Low device value.
    const boundary = score({ products: new Map([['kev', [findingRisk(signals(7, 0, { inKev: true }))]]]), alerts: [] });
    expect(boundary).toBeGreaterThanOrEqual(70);
  });

  it('200 findings that are all low-likelihood (EPSS < 0.01, no exploit, not in KEV) stay below High', () => {
    const rand = mulberry32(105);
    const lowLikelihood = (): FindingSignals => ({
      cvssScore: rand() < 0.1 ? null : rand() < 0.3 ? 10 : Math.round(rand() * 100) / 10,
      epss: rand() < 0.2 ? null : rand() * 0.01,
      inKev: false,
      knownRansomware: rand() < 0.2,
      publicExploit: false,
    });
    for (let i = 0; i < 100; i++) {
      const n = i < 50 ? 200 : int(rand, 1, 2000);
      const products = new Map<string, number[]>();
      for (let k = 0; k < n; k++) {
        const key = `p${int(rand, 0, 30)}`;
        products.set(key, [...(products.get(key) ?? []), findingRisk(lowLikelihood())]);
      }
      const s = score({ products, alerts: [] });
      expect(s).toBeLessThanOrEqual(100 * DEFAULT_SCORING.hygieneCap);
      expect(exposureLevel(s)).not.toBe('High');
    }
    // The worst case: 5,000 CVSS 10 findings just under the floor.
    const worst = {
      products: new Map([['x', Array.from({ length: 5000 }, () => findingRisk(signals(10, 0.0099999)))]]),
      alerts: [],
    };
    expect(score(worst)).toBeLessThanOrEqual(40);
    expect(exposureLevel(score(worst))).toBe('Medium');
  });

  it('is not a cap: one KEV CVSS 9.8 is High, several public-exploit criticals are High', () => {
    expect(
      exposureLevel(
        score({ products: new Map([['x', [findingRisk(signals(9.8, 0.001, { inKev: true }))]]]), alerts: [] })
      )
    ).toBe('High');
    const poc = (cvss: number, epss: number) => findingRisk(signals(cvss, epss, { publicExploit: true }));
    for (const products of [
      new Map([
        ['a', [poc(9.8, 0.001)]],
        ['b', [poc(9.1, 0.02)]],
      ]),
      new Map([['a', [poc(9.0, 0.001), poc(9.0, 0.001), poc(9.0, 0.001)]]]),
      new Map([
        ['a', [poc(9.8, 0.01)]],
        ['b', [poc(9.8, 0.02)]],
        ['c', [poc(9.1, 0.005)]],
      ]),
    ]) {
      expect(exposureLevel(score({ products, alerts: [] }))).toBe('High');
    }
  });

  it('the same inputs give the same scores, in any order of findings, products and alerts', () => {
    const rand = mulberry32(106);
    for (let i = 0; i < RUNS; i++) {
      const d = randomDevice(rand, 10, 30);
      const a = scoreDevice({ ...d, now: NOW });
      const permuted = {
        products: new Map(shuffled(rand, [...d.products.entries()]).map(([k, risks]) => [k, shuffled(rand, risks)])),
        alerts: shuffled(rand, d.alerts),
      };
      const b = scoreDevice({ ...permuted, now: NOW });
      expect(b.score).toBe(a.score);
      expect(b.factors).toEqual(a.factors);
      expect(b.alertPressure).toBe(a.alertPressure);
      const strip = (r: typeof a) => r.contributions.map(({ findings: _f, ...c }) => c);
      expect(strip(b)).toEqual(strip(a));
      expect(scoreDevice({ ...d, now: NOW })).toEqual(a);
    }
  });

  it('raising any finding signal never lowers the score (monotone in the threat)', () => {
    const rand = mulberry32(107);
    for (let i = 0; i < RUNS; i++) {
      const base = Array.from({ length: int(rand, 1, 20) }, () => randomSignals(rand));
      const before = score({ products: new Map([['p', base.map((s) => findingRisk(s))]]), alerts: [] });
      const k = int(rand, 0, base.length - 1);
      const worse = base.map((s, j) =>
        j === k
          ? { ...s, epss: Math.min(1, (s.epss ?? 0) + rand()), publicExploit: rand() < 0.5 || s.publicExploit }
          : s
      );
      expect(
        score({ products: new Map([['p', worse.map((s) => findingRisk(s))]]), alerts: [] })
      ).toBeGreaterThanOrEqual(before);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Archetypes: frozen scores, and the documentation's table must show the same ones
// ---------------------------------------------------------------------------------------------

interface Archetype {
  key: string;
  products: Record<string, FindingSignals[]>;
  alerts?: DeviceAlert[];
  /** null: an inactive device (no score, "No data"). */
  inactive?: boolean;
  score: string | null;
  level: 'None' | 'Low' | 'Medium' | 'High';
}

const poc = (cvss: number, epss: number) => signals(cvss, epss, { publicExploit: true });

const ARCHETYPES: Archetype[] = [
  { key: 'clean-workstation', products: {}, score: '0.0000', level: 'Low' },
  {
    key: 'chrome-kev',
    // CVE-2023-7024 (Chrome WebRTC): CVSS 8.8, KEV, EPSS 0.07356, Exploit-tagged reference.
    products: { 'a:google:chrome:': [signals(8.8, 0.07356, { inKev: true, publicExploit: true })] },
    score: '92.0808',
    level: 'High',
  },
  {
    key: 'winrar-ransomware',
    // CVE-2023-38831: CVSS 7.8, KEV with knownRansomwareCampaignUse Known, EPSS 0.97811.
    products: {
      'a:rarlab:winrar:': [signals(7.8, 0.97811, { inKev: true, knownRansomware: true, publicExploit: true })],
    },
    score: '85.2036',
    level: 'High',
  },
  {
    key: 'kev-boundary',
    products: { 'a:vendor:product:': [signals(7.0, 0.001, { inKev: true })] },
    score: '72.3870',
    level: 'High',
  },
  {
    key: 'kev-critical',
    products: { 'a:vendor:product:': [signals(9.8, 0.5, { inKev: true })] },
    score: '100.0000',
    level: 'High',
  },
  {
    key: 'low-epss-200',
    // 20 products × 10 findings, CVSS 2.0–10.0, EPSS 0.0005–0.0095, no exploit, not in KEV.
    products: Object.fromEntries(
      Array.from({ length: 20 }, (_, p) => [
        `a:vendor${p}:product${p}:`,
        Array.from({ length: 10 }, (_, i) => signals(2 + ((p * 10 + i) % 9), 0.0005 + ((p * 10 + i) % 10) * 0.001)),
      ])
    ),
    score: '39.8499',
    level: 'Medium',
  },
  {
    key: 'medium-30',
    // One product, 30 CVEs of CVSS 4.0/5.0/6.0 with EPSS spread evenly over 0.02–0.2.
    products: {
      'a:vendor:product:': Array.from({ length: 30 }, (_, i) => signals(4 + (i % 3), 0.02 + (0.18 * i) / 29)),
    },
    score: '66.9824',
    level: 'Medium',
  },
  {
    key: 'public-exploit-critical',
    products: { 'a:vendor:product:': [poc(9.8, 0.02)] },
    score: '49.4110',
    level: 'Medium',
  },
  {
    key: 'public-exploit-criticals-3',
    products: { 'a:a:a:': [poc(9.8, 0.02)], 'a:b:b:': [poc(9.8, 0.03)], 'a:c:c:': [poc(9.1, 0.01)] },
    score: '86.0469',
    level: 'High',
  },
  {
    key: 'server-exploit-and-alert',
    products: { 'a:apache:http_server:': [poc(9.8, 0.6)] },
    alerts: [{ severity: 'High', status: 'New', createdOn: daysAgo(2) }],
    score: '75.4672',
    level: 'High',
  },
  {
    key: 'unknown-cvss-only',
    products: { 'a:vendor:product:': Array.from({ length: 5 }, () => signals(null, null)) },
    score: '4.0288',
    level: 'Low',
  },
  {
    key: 'critical-low-epss',
    products: { 'a:vendor:product:': [signals(9.8, 0.004)] },
    score: '1.7722',
    level: 'Low',
  },
  {
    key: 'alerts-only',
    products: {},
    alerts: [
      { severity: 'Medium', status: 'New', createdOn: daysAgo(2) },
      { severity: 'Low', status: 'InProgress', createdOn: daysAgo(12) },
      { severity: 'High', status: 'Resolved', createdOn: daysAgo(3) },
    ],
    score: '24.0000',
    level: 'Low',
  },
  {
    key: 'inactive',
    products: { 'a:google:chrome:': [signals(8.8, 0.07356, { inKev: true })] },
    inactive: true,
    score: null,
    level: 'None',
  },
];

function archetypeScore(a: Archetype): number | null {
  if (a.inactive) {
    return null;
  }
  const products = new Map(Object.entries(a.products).map(([k, list]) => [k, list.map((s) => findingRisk(s))]));
  return scoreDevice({ products, alerts: a.alerts ?? [], now: NOW }).score;
}

describe('archetypes', () => {
  it.each(ARCHETYPES.map((a) => [a.key, a] as const))('%s', (_key, a) => {
    const s = archetypeScore(a);
    expect(s === null ? null : s.toFixed(4)).toBe(a.score);
    expect(exposureLevel(s)).toBe(a.level);
  });

  it("match docs/scoring-model.md's archetype table", () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/scoring-model.md'), 'utf8');
    const table = /<!-- archetypes:begin -->([\s\S]*?)<!-- archetypes:end -->/.exec(doc);
    expect(table).not.toBeNull();
    const rows = new Map<string, { score: string; level: string }>();
    for (const line of (table?.[1] ?? '').split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      const key = /^`([a-z0-9-]+)`$/.exec(cells[1] ?? '');
      if (key) {
        rows.set(key[1], { score: cells[3], level: cells[4] });
      }
    }
    expect([...rows.keys()].sort()).toEqual(ARCHETYPES.map((a) => a.key).sort());
    for (const a of ARCHETYPES) {
      const s = archetypeScore(a);
      expect([a.key, rows.get(a.key)]).toEqual([
        a.key,
        { score: s === null ? '—' : s.toFixed(2), level: a.level === 'None' ? 'No data' : a.level },
      ]);
    }
  });
});
