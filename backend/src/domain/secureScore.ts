/**
 * Secure Score for Devices: points from the shipped configuration-check catalog
 * (backend/rules/configuration-checks.json). Pure: the caller reads the file and counts, per check,
 * the active devices it applies to and those that comply.
 *
 *   points  = Σ impact_c × compliant_c / applicable_c   over checks with applicable_c > 0
 *   max     = Σ impact_c                                  over the same checks
 *   percent = 100 × points / max                          (0 when no check applies to any device)
 *
 * A check no device applies to adds nothing to the points nor to the maximum: a Linux-only check does
 * not lower a Windows-only fleet's percentage, and adding such checks to the catalog changes nothing.
 */
import { z } from 'zod';

/** Defender's `recommendationCategory` values. */
export const CHECK_CATEGORIES = ['Application', 'OS', 'Network', 'Accounts', 'SecurityControls'] as const;
export type CheckCategory = (typeof CHECK_CATEGORIES)[number];

export const CHECK_PLATFORMS = ['Windows', 'macOS', 'Linux'] as const;
export type CheckPlatform = (typeof CHECK_PLATFORMS)[number];

export interface ConfigurationCheck {
  /** `scid-N` (Defender-style); the recommendation id is `sca-_-scid-N`. */
  id: string;
  /** The setting, e.g. "Microsoft Defender Antivirus real-time protection". */
  title: string;
  /** The recommendation shown when devices fail it, e.g. "Turn on Microsoft Defender Antivirus real-time protection". */
  recommendationName: string;
  /** What is checked and why it matters. */
  description: string;
  category: CheckCategory;
  subCategory: string;
  /** 1–10: the check's weight in the score (Defender's configurationImpact / severityScore). */
  impact: number;
  platforms: CheckPlatform[];
  /** How to fix it. */
  remediation: string;
}

export interface ConfigurationCatalog {
  catalogVersion: string;
  checks: ConfigurationCheck[];
}

const text = z.string().trim().min(1);

const checkSchema = z.strictObject({
  id: z.string().regex(/^scid-[1-9]\d{0,8}$/, 'must look like scid-N'),
  title: text,
  recommendationName: text,
  description: text,
  category: z.enum(CHECK_CATEGORIES),
  subCategory: text,
  impact: z.number().int().min(1).max(10),
  platforms: z
    .array(z.enum(CHECK_PLATFORMS))
    .min(1)
    .refine((p) => new Set(p).size === p.length, 'platforms must not repeat'),
  remediation: text,
});

const catalogSchema = z
  .strictObject({
    catalogVersion: text,
    checks: z.array(checkSchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.checks.forEach((check, i) => {
      if (seen.has(check.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate check id ${check.id}`, path: ['checks', i, 'id'] });
      }
      seen.add(check.id);
    });
  });

/** Validates the catalog file's parsed JSON. Throws an Error listing every problem. */
export function parseConfigurationCatalog(json: unknown): ConfigurationCatalog {
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`Invalid configuration-check catalog:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** The checks of a catalog file's parsed JSON (validated; ids unique). */
export function loadConfigurationChecks(json: unknown): ConfigurationCheck[] {
  return parseConfigurationCatalog(json).checks;
}

/** Per check: how many active devices it applies to, and how many of those comply. */
export interface CheckResult {
  checkId: string;
  compliant: number;
  applicable: number;
}

export interface ScorePart {
  points: number;
  maxPoints: number;
  /** 100 × points / maxPoints; 0 when maxPoints is 0. */
  percent: number;
}

export interface SecureScore extends ScorePart {
  byCategory: Record<CheckCategory, ScorePart>;
}

function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** A result's counts made consistent: non-negative, compliant ≤ applicable. */
function normalized(result: Pick<CheckResult, 'compliant' | 'applicable'>): { compliant: number; applicable: number } {
  const applicable = count(result.applicable);
  return { compliant: Math.min(count(result.compliant), applicable), applicable };
}

/** The points a check earns now: impact × compliant / applicable (0 when it applies to no device). */
export function checkPoints(
  check: Pick<ConfigurationCheck, 'impact'>,
  result: Pick<CheckResult, 'compliant' | 'applicable'>
): number {
  const { compliant, applicable } = normalized(result);
  // impact × (c / a): the ratio is ≤ 1, so the points never exceed the impact, even in floating point.
  return applicable > 0 ? check.impact * (compliant / applicable) : 0;
}

/**
 * The points gained if every applicable non-compliant device became compliant (the recommendation's
 * `configScoreImpact`): impact − impact × compliant / applicable; 0 when the check applies to no device.
 */
export function configScoreImpact(
  check: Pick<ConfigurationCheck, 'impact'>,
  result: Pick<CheckResult, 'compliant' | 'applicable'>
): number {
  return normalized(result).applicable > 0 ? check.impact - checkPoints(check, result) : 0;
}

function part(points: number, maxPoints: number): ScorePart {
  return { points, maxPoints, percent: maxPoints > 0 ? (100 * points) / maxPoints : 0 };
}

/**
 * The score, overall and per category. Results for ids not in `checks` are ignored; several results
 * for one id are added up (e.g. one row per device group). Checks count once, in catalog order.
 */
export function secureScore(checks: readonly ConfigurationCheck[], results: readonly CheckResult[]): SecureScore {
  const totals = new Map<string, { compliant: number; applicable: number }>();
  for (const r of results) {
    const t = totals.get(r.checkId) ?? { compliant: 0, applicable: 0 };
    t.compliant += count(r.compliant);
    t.applicable += count(r.applicable);
    totals.set(r.checkId, t);
  }
  const sums = Object.fromEntries(CHECK_CATEGORIES.map((c) => [c, { points: 0, maxPoints: 0 }])) as Record<
    CheckCategory,
    { points: number; maxPoints: number }
  >;
  const counted = new Set<string>();
  for (const check of checks) {
    const t = totals.get(check.id);
    if (counted.has(check.id) || !t || normalized(t).applicable === 0) {
      continue;
    }
    counted.add(check.id);
    const s = sums[check.category];
    s.points += checkPoints(check, t);
    s.maxPoints += check.impact;
  }
  // Totals are the sums of the category sums, in a fixed order: they agree exactly.
  let points = 0;
  let maxPoints = 0;
  const byCategory = {} as Record<CheckCategory, ScorePart>;
  for (const c of CHECK_CATEGORIES) {
    points += sums[c].points;
    maxPoints += sums[c].maxPoints;
    byCategory[c] = part(sums[c].points, sums[c].maxPoints);
  }
  return { ...part(points, maxPoints), byCategory };
}
