import { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';
import type { CvssVersion, Severity } from '../../domain/types';

/**
 * CVSS helpers: severity bands and a cross-check of a recorded base score against its vector, computed
 * with ae-cvss-calculator. The recorded numbers stay authoritative; the check only produces warnings.
 */

/** CVSS v3/v4 qualitative bands: Critical ≥ 9, High ≥ 7, Medium ≥ 4, Low > 0, None = 0. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) {
    return 'Critical';
  }
  if (score >= 7) {
    return 'High';
  }
  if (score >= 4) {
    return 'Medium';
  }
  if (score > 0) {
    return 'Low';
  }
  return 'None';
}

/** CVSS v2 has no Critical (and no None): High ≥ 7, Medium ≥ 4, else Low. */
export function severityFromV2Score(score: number): Severity {
  if (score >= 7) {
    return 'High';
  }
  if (score >= 4) {
    return 'Medium';
  }
  return 'Low';
}

/** `HIGH` / `high` → `High`; null when it is not a severity name. */
export function severityFromName(name: string | undefined): Severity | null {
  switch (name?.toUpperCase()) {
    case 'CRITICAL':
      return 'Critical';
    case 'HIGH':
      return 'High';
    case 'MEDIUM':
      return 'Medium';
    case 'LOW':
      return 'Low';
    case 'NONE':
      return 'None';
    default:
      return null;
  }
}

const PREFIX: Record<CvssVersion, string | null> = {
  '2.0': null,
  '3.0': 'CVSS:3.0/',
  '3.1': 'CVSS:3.1/',
  '4.0': 'CVSS:4.0/',
};

export type VectorCheck = { ok: true; baseScore: number } | { ok: false; reason: string };

/**
 * Parses `vector` as a CVSS `version` vector and computes its base score. Not ok when the vector has the
 * wrong prefix, an unknown metric/value, or lacks a base metric.
 */
export function computeBaseScore(version: CvssVersion, vector: string): VectorCheck {
  // The same few thousand vectors recur across the whole NVD: memoise (bounded).
  const key = `${version} ${vector}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const result = compute(version, vector);
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  cache.set(key, result);
  return result;
}

const CACHE_LIMIT = 20_000;
const cache = new Map<string, VectorCheck>();

function compute(version: CvssVersion, vector: string): VectorCheck {
  const prefix = PREFIX[version];
  if (prefix !== null ? !vector.startsWith(prefix) : vector.startsWith('CVSS:')) {
    return { ok: false, reason: `not a CVSS ${version} vector` };
  }
  try {
    const v =
      version === '2.0'
        ? new Cvss2(vector)
        : version === '3.0'
          ? new Cvss3P0(vector)
          : version === '3.1'
            ? new Cvss3P1(vector)
            : new Cvss4P0(vector);
    if (!v.isBaseFullyDefined()) {
      return { ok: false, reason: 'the vector lacks base metrics' };
    }
    const scores = v.calculateScores();
    const base = scores.base;
    if (typeof base !== 'number' || !Number.isFinite(base)) {
      return { ok: false, reason: 'no base score could be computed' };
    }
    return { ok: true, baseScore: base };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
