/**
 * The exposure model `tvm-exposure-1`: pure functions from a device's findings and alerts to a 0–100
 * exposure score, and from device scores to the organization's score. docs/scoring-model.md explains
 * every formula and constant; this header is the short version.
 *
 * 1. A finding's risk `r = min(1, S · (β + (1 − β)·L) · M)`: severity S = CVSS/10 (unknown: 0.5),
 *    likelihood L = 1 in KEV (observed exploitation beats prediction), else max(EPSS, public-exploit
 *    floor), KEV/ransomware modifier M (Grype's 1.05 / 1.1), severity baseline β = 5 %.
 * 2. A risk is split at θ = β + (1 − β)·λ, the risk of a CVSS 10 finding at the likelihood noise floor
 *    λ = 1 %: the part above θ is "acute" (a = (r − θ)/(1 − θ)), the part below it "hygiene"
 *    (h = η · min(r, θ)/θ). Findings with L < λ are never acute, whatever their CVSS.
 * 3. Device: `E = 100 · (1 − Π(1 − a) · (1 − c_H · (1 − Π(1 − h))) · (1 − A))`: a noisy-OR of the acute
 *    parts (unbounded: a KEV CVE can make a device High on its own), a hygiene noisy-OR bounded by
 *    c_H = 0.4 (200 or 2,000 unlikely findings stay below 40), and the alert pressure A.
 * 4. Organization: the device-value-weighted mean of active devices' scores.
 *
 * Exactness: the products Π(1 − ·) are kept as sums of integer logarithms (units of 1e-9 neper), so
 * combining products, and removing one product or finding, is exact integer addition/subtraction: the
 * score "without" a product equals the score recomputed from scratch, bit for bit, in any order. The
 * org mean is summed in BigInt fixed point for the same reason. All functions are deterministic and
 * monotone: removing a finding, a product or an alert never raises a device's or the org's score.
 */
import { z } from 'zod';

/** The model's name in API responses (`scoringModel`). Bump it when any formula or default changes. */
export const SCORING_MODEL = 'tvm-exposure-1';

export type AlertSeverity = 'Critical' | 'High' | 'Medium' | 'Low' | 'Informational';
export type AlertStatus = 'New' | 'InProgress' | 'Resolved';
export type DeviceValue = 'Low' | 'Normal' | 'High';
/** Defender's `exposureLevel`; 'None' means "No data" (an inactive device has no score). */
export type ExposureLevel = 'None' | 'Low' | 'Medium' | 'High';
/** Defender's `riskScore`: the highest severity of the device's unresolved alerts. */
export type RiskLevel = 'None' | 'Informational' | 'Low' | 'Medium' | 'High';

export interface DeviceAlert {
  severity: AlertSeverity;
  status: AlertStatus;
  /** ISO-8601 creation time. */
  createdOn: string;
}

/** What the model reads from one open finding (a CVE of a product installed on a device). */
export interface FindingSignals {
  /** CVSS base score 0–10 (v3.1, else v4.0, v3.0, v2), null when the CVE has none. */
  cvssScore: number | null;
  /** Listed in CISA KEV (or NVD carries `cisaExploitAdd`). */
  inKev: boolean;
  /** KEV `knownRansomwareCampaignUse` = Known. Only counts with `inKev`. */
  knownRansomware: boolean;
  /** EPSS probability 0–1, null when unscored. */
  epss: number | null;
  /** An exploit is public (NVD reference tagged Exploit, Exploit-DB, Metasploit). */
  publicExploit: boolean;
}

/** Every constant of the model; DEFAULT_SCORING holds the documented values. */
export interface ScoringConfig {
  /** Devices not seen, and alerts not raised, in this many days do not count. Defender: 30. */
  readonly activeDays: number;
  /** Severity S of a finding without CVSS: 0.5 ("unknown = medium", as Grype). */
  readonly unknownSeverity: number;
  /** β: the share of a finding's risk that counts whatever its likelihood (severity always counts a little). */
  readonly severityBaseline: number;
  /** Likelihood of a finding with a public exploit but lower EPSS and no KEV listing. */
  readonly publicExploitFloor: number;
  /** Risk multiplier of a KEV-listed CVE (Grype: 1.05). */
  readonly kevModifier: number;
  /** Risk multiplier of a KEV-listed CVE known to be used by ransomware (Grype: 1.1; replaces kevModifier). */
  readonly ransomwareModifier: number;
  /** λ: below this likelihood a finding only counts as hygiene, never as acute exposure. */
  readonly likelihoodNoiseFloor: number;
  /** η: each finding's hygiene weight (the hygiene term is a noisy-OR of η · its share). */
  readonly hygieneWeight: number;
  /** c_H: the most the hygiene term can add, as a fraction of 100. Must stay below 0.695 (High). */
  readonly hygieneCap: number;
  /** Per-severity weight of an unresolved recent alert (combined by noisy-OR). */
  readonly alertWeights: Readonly<Record<AlertSeverity, number>>;
  /** Weight of a device in the org mean (never multiplies the device's own score). */
  readonly deviceValueWeights: Readonly<Record<DeviceValue, number>>;
  /** EPSS at or above which a recommendation gets the "high EPSS" threat flag. Does not affect scores. */
  readonly highEpss: number;
}

export const DEFAULT_SCORING: ScoringConfig = Object.freeze({
  activeDays: 30,
  unknownSeverity: 0.5,
  severityBaseline: 0.05,
  publicExploitFloor: 0.5,
  kevModifier: 1.05,
  ransomwareModifier: 1.1,
  likelihoodNoiseFloor: 0.01,
  hygieneWeight: 0.05,
  hygieneCap: 0.4,
  alertWeights: Object.freeze({ Critical: 0.6, High: 0.4, Medium: 0.2, Low: 0.05, Informational: 0 }),
  // High = 2: fleet-size independent (Defender's legacy High = devices/10 inverts below 10 devices).
  deviceValueWeights: Object.freeze({ Low: 0.75, Normal: 1, High: 2 }),
  highEpss: 0.1,
});

// ---------------------------------------------------------------------------------------------
// Configuration validation
// ---------------------------------------------------------------------------------------------

const fraction = z.number().min(0).max(1);
const alertWeightsSchema = z.strictObject({
  Critical: fraction,
  High: fraction,
  Medium: fraction,
  Low: fraction,
  Informational: fraction,
});
const deviceValueWeightsSchema = z.strictObject({
  Low: z.number().positive().max(1000),
  Normal: z.number().positive().max(1000),
  High: z.number().positive().max(1000),
});
const configShape = {
  activeDays: z.number().int().min(1).max(3650),
  unknownSeverity: fraction,
  severityBaseline: z.number().min(0).max(0.5),
  publicExploitFloor: fraction,
  kevModifier: z.number().min(1).max(2),
  ransomwareModifier: z.number().min(1).max(2),
  likelihoodNoiseFloor: z.number().min(0).max(0.5),
  hygieneWeight: z.number().min(0).max(0.5),
  // Below 0.695 so that hygiene alone (score < 100·cap) can never round to High.
  hygieneCap: z.number().min(0).max(0.69),
  alertWeights: alertWeightsSchema,
  deviceValueWeights: deviceValueWeightsSchema,
  highEpss: fraction,
};
/** A complete, valid ScoringConfig. */
export const scoringConfigSchema = z.strictObject(configShape);
const overridesSchema = z
  .strictObject({
    ...configShape,
    alertWeights: alertWeightsSchema.partial(),
    deviceValueWeights: deviceValueWeightsSchema.partial(),
  })
  .partial();

/**
 * DEFAULT_SCORING with the given overrides (an operator setting; nested weights may be partial).
 * Throws an Error listing every invalid field.
 */
export function resolveScoringConfig(overrides: unknown = {}): ScoringConfig {
  const parsed = overridesSchema.safeParse(overrides ?? {});
  if (!parsed.success) {
    throw new Error(`Invalid scoring configuration:\n${z.prettifyError(parsed.error)}`);
  }
  const o = parsed.data;
  const merged = {
    ...DEFAULT_SCORING,
    ...o,
    alertWeights: { ...DEFAULT_SCORING.alertWeights, ...o.alertWeights },
    deviceValueWeights: { ...DEFAULT_SCORING.deviceValueWeights, ...o.deviceValueWeights },
  };
  const full = scoringConfigSchema.safeParse(merged);
  if (!full.success) {
    throw new Error(`Invalid scoring configuration:\n${z.prettifyError(full.error)}`);
  }
  return full.data;
}

/**
 * The model id to report with scores computed under `cfg`: SCORING_MODEL for the defaults, and
 * `tvm-exposure-1+custom` when an operator changed any constant that affects scores (so scores from
 * different settings are never compared as if they were the same model).
 */
export function scoringModelId(cfg: ScoringConfig = DEFAULT_SCORING): string {
  const { highEpss: _a, ...mine } = cfg;
  const { highEpss: _b, ...defaults } = DEFAULT_SCORING;
  return canonicalJson(mine) === canonicalJson(defaults) ? SCORING_MODEL : `${SCORING_MODEL}+custom`;
}

function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Finding risk
// ---------------------------------------------------------------------------------------------

function clamp01(x: number): number {
  return x > 1 ? 1 : x > 0 ? x : 0; // NaN → 0
}

/** S: CVSS / 10, clamped to [0, 1]; `unknownSeverity` when there is no (finite) CVSS. */
export function findingSeverity(cvssScore: number | null, cfg: ScoringConfig = DEFAULT_SCORING): number {
  if (cvssScore === null || !Number.isFinite(cvssScore)) {
    return cfg.unknownSeverity;
  }
  return clamp01(cvssScore / 10);
}

/**
 * L: 1 when the CVE is in KEV (FIRST: evidence of exploitation supersedes EPSS), otherwise EPSS (0
 * when unscored), raised to the public-exploit floor when an exploit is public.
 */
export function findingLikelihood(
  signals: Pick<FindingSignals, 'inKev' | 'epss' | 'publicExploit'>,
  cfg: ScoringConfig = DEFAULT_SCORING
): number {
  if (signals.inKev) {
    return 1;
  }
  const epss = signals.epss === null ? 0 : clamp01(signals.epss);
  return signals.publicExploit ? Math.max(epss, cfg.publicExploitFloor) : epss;
}

/** r = min(1, S · (β + (1 − β)·L) · M), in [0, 1]. */
export function findingRisk(signals: FindingSignals, cfg: ScoringConfig = DEFAULT_SCORING): number {
  const severity = findingSeverity(signals.cvssScore, cfg);
  const likelihood = findingLikelihood(signals, cfg);
  // Grype's modifiers, exclusive: ransomware use replaces the plain KEV boost; without KEV, neither.
  const modifier = signals.inKev ? (signals.knownRansomware ? cfg.ransomwareModifier : cfg.kevModifier) : 1;
  const base = cfg.severityBaseline + (1 - cfg.severityBaseline) * likelihood;
  return clamp01(severity * base * modifier);
}

/**
 * θ: the risk of a CVSS 10 finding exactly at the likelihood noise floor. Every finding whose
 * likelihood is below the floor has r < θ (S ≤ 1, no modifier without KEV), so it is never acute.
 */
export function acuteThreshold(cfg: ScoringConfig = DEFAULT_SCORING): number {
  return cfg.severityBaseline + (1 - cfg.severityBaseline) * cfg.likelihoodNoiseFloor;
}

/** How one risk enters the device score: its acute probability and its hygiene probability. */
export interface RiskComponents {
  /** a = (r − θ)/(1 − θ) above θ, else 0: enters the unbounded noisy-OR. */
  acute: number;
  /** h = η · min(r, θ)/θ: enters the bounded hygiene noisy-OR. */
  hygiene: number;
}

export function riskComponents(risk: number, cfg: ScoringConfig = DEFAULT_SCORING): RiskComponents {
  const r = clamp01(risk);
  const t = acuteThreshold(cfg);
  const acute = r <= t ? 0 : (r - t) / (1 - t);
  const share = t > 0 ? Math.min(r, t) / t : r > 0 ? 1 : 0;
  return { acute, hygiene: cfg.hygieneWeight * share };
}

// ---------------------------------------------------------------------------------------------
// Per-product factors
// ---------------------------------------------------------------------------------------------

/**
 * The multiplicative factors of a set of findings (a product on a device, a whole device, or one
 * finding), kept as integer logarithms so they combine and un-combine exactly. Treat as opaque: build
 * with productFactors/combineFactors/subtractFactors, read with deviceExposure. Safe to persist as JSON.
 */
export interface ProductFactors {
  /** Findings whose acute probability is 1 (e.g. KEV with CVSS ≥ 9.6): any makes the acute term certain. */
  readonly certain: number;
  /** Σ −ln(1 − a) over the other findings, in LOG_UNIT units (an integer). */
  readonly acute: number;
  /** Σ −ln(1 − h) over all findings, in LOG_UNIT units (an integer). */
  readonly hygiene: number;
}

/** One unit of the integer logarithms in ProductFactors, in nepers. */
export const LOG_UNIT = 1e-9;
const UNITS_PER_NEPER = 1e9;
// Integer sums stay exact below 2^53 units: ≥ 240,000 findings per device even at the largest term.
const MAX_PROBABILITY = 1 - Number.EPSILON;

export const NO_FACTORS: ProductFactors = Object.freeze({ certain: 0, acute: 0, hygiene: 0 });

/** −ln(1 − p) in integer units; p ∈ [0, 1) (1 is clamped just below). Rounding is monotone. */
function logUnits(p: number): number {
  return Math.round(-Math.log1p(-Math.min(p, MAX_PROBABILITY)) * UNITS_PER_NEPER);
}

/** The factors of one product's findings, given their risks (findingRisk). Order does not matter. */
export function productFactors(risks: readonly number[], cfg: ScoringConfig = DEFAULT_SCORING): ProductFactors {
  let certain = 0;
  let acute = 0;
  let hygiene = 0;
  for (const risk of risks) {
    const c = riskComponents(risk, cfg);
    if (c.acute >= 1) {
      certain++;
    } else {
      acute += logUnits(c.acute);
    }
    hygiene += logUnits(c.hygiene);
  }
  return { certain, acute, hygiene };
}

/** The factors of the union of disjoint sets of findings (exact; order does not matter). */
export function combineFactors(list: readonly ProductFactors[]): ProductFactors {
  let certain = 0;
  let acute = 0;
  let hygiene = 0;
  for (const f of list) {
    certain += f.certain;
    acute += f.acute;
    hygiene += f.hygiene;
  }
  return { certain, acute, hygiene };
}

/**
 * `total` without `part` (which must be included in it): exact, so deviceExposure of the result equals
 * the score recomputed without those findings. Throws a RangeError when `part` is not part of `total`.
 */
export function subtractFactors(total: ProductFactors, part: ProductFactors): ProductFactors {
  const out = {
    certain: total.certain - part.certain,
    acute: total.acute - part.acute,
    hygiene: total.hygiene - part.hygiene,
  };
  if (out.certain < 0 || out.acute < 0 || out.hygiene < 0) {
    throw new RangeError('subtractFactors: part is not included in total');
  }
  return out;
}

/**
 * A device's exposure score, unrounded, in [0, 100]:
 * `100 · (1 − Π(1 − a) · (1 − c_H·(1 − Π(1 − h))) · (1 − A))`. No findings and no alerts give exactly 0.
 */
export function deviceExposure(
  factors: ProductFactors,
  alertPressure: number,
  cfg: ScoringConfig = DEFAULT_SCORING
): number {
  const acuteSurvival = factors.certain > 0 ? 0 : Math.exp(-factors.acute * LOG_UNIT);
  const hygieneSurvival = Math.exp(-factors.hygiene * LOG_UNIT);
  const hygieneTerm = cfg.hygieneCap * (1 - hygieneSurvival);
  const calm = acuteSurvival * (1 - hygieneTerm) * (1 - clamp01(alertPressure));
  return 100 * (1 - calm);
}

// ---------------------------------------------------------------------------------------------
// Alerts
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

function isRecent(createdOn: string, since: number): boolean {
  const t = Date.parse(createdOn);
  // An alert without a readable date is counted: a security signal is never dropped silently.
  return Number.isNaN(t) || t >= since;
}

/**
 * A in [0, 1]: noisy-OR of the severity weights of the unresolved alerts created within the last
 * `activeDays` (alerts dated in the future count). Throws a RangeError for an invalid `now`.
 */
export function alertPressure(alerts: readonly DeviceAlert[], now: Date, cfg: ScoringConfig = DEFAULT_SCORING): number {
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) {
    throw new RangeError('alertPressure: invalid now');
  }
  const since = nowMs - cfg.activeDays * DAY_MS;
  const survivals: number[] = [];
  for (const a of alerts) {
    if (a.status !== 'Resolved' && isRecent(a.createdOn, since)) {
      survivals.push(1 - clamp01(cfg.alertWeights[a.severity] ?? 0));
    }
  }
  // Sorted, so the float product does not depend on the alerts' order.
  survivals.sort((x, y) => x - y);
  let calm = 1;
  for (const s of survivals) {
    calm *= s;
  }
  return 1 - calm;
}

const RISK_RANK: Readonly<Record<AlertSeverity, number>> = {
  Informational: 1,
  Low: 2,
  Medium: 3,
  High: 4,
  Critical: 4,
};
const RISK_LEVELS: readonly RiskLevel[] = ['None', 'Informational', 'Low', 'Medium', 'High'];

/** Defender's device `riskScore`: the highest severity among unresolved alerts (Critical counts as High). */
export function riskLevelFromAlerts(alerts: ReadonlyArray<Pick<DeviceAlert, 'severity' | 'status'>>): RiskLevel {
  let rank = 0;
  for (const a of alerts) {
    if (a.status !== 'Resolved') {
      rank = Math.max(rank, RISK_RANK[a.severity] ?? 0);
    }
  }
  return RISK_LEVELS[rank];
}

// ---------------------------------------------------------------------------------------------
// Levels
// ---------------------------------------------------------------------------------------------

/** Defender's bands, on the score rounded to an integer: Low 0–29, Medium 30–69, High 70–100. */
export const EXPOSURE_BANDS = Object.freeze({ mediumFrom: 30, highFrom: 70 });

/**
 * The band of a device (or org) score; null (no data: inactive device) → 'None'. The band is decided on
 * the score rounded half up to an integer, as dashboards show it, so 29.5 is Medium and 69.4 Medium.
 */
export function exposureLevel(score: number | null): ExposureLevel {
  if (score === null || !Number.isFinite(score)) {
    return 'None';
  }
  const shown = Math.round(score);
  return shown >= EXPOSURE_BANDS.highFrom ? 'High' : shown >= EXPOSURE_BANDS.mediumFrom ? 'Medium' : 'Low';
}

// ---------------------------------------------------------------------------------------------
// One device, with its breakdown
// ---------------------------------------------------------------------------------------------

export interface DeviceScoreInput {
  /** product_key → the risks (findingRisk) of the device's open findings of that product. */
  products: ReadonlyMap<string, readonly number[]>;
  alerts: readonly DeviceAlert[];
  now: Date;
}

export interface FindingContribution {
  /** Position of the finding in the product's risk array. */
  index: number;
  risk: number;
  /** The device's score without this finding (exact). */
  scoreWithout: number;
  /** score − scoreWithout (≥ 0). */
  contribution: number;
}

export interface ProductContribution {
  productKey: string;
  /** Number of findings (CVEs) of the product on the device. */
  cveCount: number;
  maxRisk: number;
  factors: ProductFactors;
  /** The device's score without this product's findings (exact): what updating it would bring. */
  scoreWithout: number;
  /** score − scoreWithout (≥ 0). Contributions do not add up to the score (the combination is not additive). */
  contribution: number;
  /** Per finding, in the order of the input risks. */
  findings: FindingContribution[];
}

export interface DeviceScore {
  /** Unrounded, in [0, 100]. */
  score: number;
  level: Exclude<ExposureLevel, 'None'>;
  factors: ProductFactors;
  alertPressure: number;
  /** The score the findings alone give (no alerts). */
  scoreWithoutAlerts: number;
  /** Largest contribution first, then by product key. */
  contributions: ProductContribution[];
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Scores one (active) device and explains it per product and per finding. */
export function scoreDevice(input: DeviceScoreInput, cfg: ScoringConfig = DEFAULT_SCORING): DeviceScore {
  const pressure = alertPressure(input.alerts, input.now, cfg);
  const perProduct = [...input.products.entries()].map(([productKey, risks]) => ({
    productKey,
    risks,
    factors: productFactors(risks, cfg),
  }));
  const total = combineFactors(perProduct.map((p) => p.factors));
  const score = deviceExposure(total, pressure, cfg);
  // A computed score is finite, so its level is never 'None'.
  const level = exposureLevel(score) as DeviceScore['level'];

  const contributions = perProduct.map(({ productKey, risks, factors }): ProductContribution => {
    const scoreWithout = deviceExposure(subtractFactors(total, factors), pressure, cfg);
    return {
      productKey,
      cveCount: risks.length,
      maxRisk: risks.reduce((m, r) => Math.max(m, clamp01(r)), 0),
      factors,
      scoreWithout,
      contribution: score - scoreWithout,
      findings: risks.map((risk, index) => {
        const without = deviceExposure(subtractFactors(total, productFactors([risk], cfg)), pressure, cfg);
        return { index, risk, scoreWithout: without, contribution: score - without };
      }),
    };
  });
  contributions.sort((a, b) => b.contribution - a.contribution || byCodeUnits(a.productKey, b.productKey));

  return {
    score,
    level,
    factors: total,
    alertPressure: pressure,
    scoreWithoutAlerts: deviceExposure(total, 0, cfg),
    contributions,
  };
}

// ---------------------------------------------------------------------------------------------
// Organization
// ---------------------------------------------------------------------------------------------

export interface WeightedDeviceScore {
  score: number;
  deviceValue: DeviceValue;
}

/**
 * The exact sums behind the org score: Σ w·E and Σ w in fixed point (scores in units of 2^-30 points,
 * weights in units of 2^-20), as BigInt so they are exact and order-independent at any fleet size.
 */
export interface OrgTotals {
  readonly weightedScore: bigint;
  readonly weight: bigint;
  readonly devices: number;
}

const SCORE_SCALE = 2 ** 30;
const WEIGHT_SCALE = 2 ** 20;

function scoreUnits(score: number): bigint {
  return BigInt(Math.round(Math.min(100, Math.max(0, Number.isFinite(score) ? score : 0)) * SCORE_SCALE));
}

function weightUnits(value: DeviceValue, cfg: ScoringConfig): bigint {
  const w = cfg.deviceValueWeights[value] ?? cfg.deviceValueWeights.Normal;
  return BigInt(Math.round(w * WEIGHT_SCALE));
}

export function orgTotals(devices: readonly WeightedDeviceScore[], cfg: ScoringConfig = DEFAULT_SCORING): OrgTotals {
  let weightedScore = 0n;
  let weight = 0n;
  for (const d of devices) {
    const w = weightUnits(d.deviceValue, cfg);
    weightedScore += w * scoreUnits(d.score);
    weight += w;
  }
  return { weightedScore, weight, devices: devices.length };
}

export function orgExposureFromTotals(totals: OrgTotals): number | null {
  if (totals.weight <= 0n) {
    return null;
  }
  return Number(totals.weightedScore) / Number(totals.weight) / SCORE_SCALE;
}

/**
 * The org (or device group) exposure: Σ w_d·E_d / Σ w_d over the devices given — the caller passes the
 * active devices only. null when there are none. Device value weighs the mean; it never scales E_d.
 */
export function orgExposure(
  devices: readonly WeightedDeviceScore[],
  cfg: ScoringConfig = DEFAULT_SCORING
): number | null {
  return orgExposureFromTotals(orgTotals(devices, cfg));
}

export interface DeviceScoreChange {
  deviceValue: DeviceValue;
  score: number;
  /** The device's score after the change (e.g. a product's scoreWithout). */
  scoreWithout: number;
}

/**
 * The exact drop of the org score if the given devices' scores became `scoreWithout` (a
 * recommendation's `exposureImpact`): equal to orgExposure(now) − orgExposure(recomputed after).
 * 0 when the org has no devices.
 */
export function orgExposureImpact(
  totals: OrgTotals,
  changes: readonly DeviceScoreChange[],
  cfg: ScoringConfig = DEFAULT_SCORING
): number {
  let drop = 0n;
  for (const c of changes) {
    drop += weightUnits(c.deviceValue, cfg) * (scoreUnits(c.score) - scoreUnits(c.scoreWithout));
  }
  const before = orgExposureFromTotals(totals);
  const after = orgExposureFromTotals({ ...totals, weightedScore: totals.weightedScore - drop });
  return before === null || after === null ? 0 : before - after;
}
