/**
 * Pure helpers for security recommendations: Defender-style ids and names, the fix to recommend for a
 * product's CVEs, threat flags, and the priority order. See docs/scoring-model.md ("Recommendations").
 */
import { DEFAULT_SCORING, type ScoringConfig } from './scoring';
import { compareVersions, isValidVersion } from './version';

/** Software recommendation id: `va-_-{vendor}-_-{product}` (lower case, as Defender's). */
export function recommendationId(vendor: string, product: string): string {
  return `va-_-${vendor.trim().toLowerCase()}-_-${product.trim().toLowerCase()}`;
}

/** Configuration recommendation id: `sca-_-scid-N`. Accepts `scid-N` (or a bare N); throws a RangeError otherwise. */
export function configurationRecommendationId(scid: string): string {
  const m = /^(?:scid-)?([1-9]\d*)$/.exec(scid.trim());
  if (!m) {
    throw new RangeError(`not a configuration check id: ${JSON.stringify(scid)}`);
  }
  return `sca-_-scid-${m[1]}`;
}

export type SoftwareRemediationType = 'Update' | 'Upgrade' | 'Uninstall';

export interface FindingFix {
  cveId: string;
  /** The lowest version that fixes the CVE on the installed line; null when no fix is known. */
  fixedIn: string | null;
}

export interface RecommendedFix {
  remediationType: SoftwareRemediationType;
  /** Update: the lowest version fixing every CVE. Upgrade: the highest known fix. Uninstall: null. */
  recommendedVersion: string | null;
  /** Why it is not a plain update (Upgrade / Uninstall), naming the CVEs without a fix. */
  note?: string;
}

const NOTE_MAX_CVES = 5;

function cveList(ids: readonly string[]): string {
  const shown = ids.slice(0, NOTE_MAX_CVES).join(', ');
  return ids.length > NOTE_MAX_CVES ? `${shown} and ${ids.length - NOTE_MAX_CVES} more` : shown;
}

/** The higher version; equal versions (`131.0` = `131.0.0`) resolve to the lower string, for determinism. */
function higher(a: string, b: string): string {
  const c = compareVersions(a, b);
  return c > 0 ? a : c < 0 ? b : a <= b ? a : b;
}

/**
 * What to recommend for one product's open CVEs:
 * - every CVE has a known fixed version → **Update** to the highest of them (by compareVersions): the
 *   lowest version that fixes every CVE found;
 * - some CVEs have no fixed version on the installed line, others do → **Upgrade**: the highest known
 *   fix is recommended, and a note says the remaining CVEs need a later line (or another product);
 * - no CVE has a known fix → **Uninstall** (remove or replace the software), recommendedVersion null.
 * A CVE listed several times counts as fixed when any of its rows has a fix (the highest is used). A
 * blank or non-version fixedIn (`*`, `-`) counts as unknown. No findings → Update with no version.
 */
export function recommendedFix(findings: readonly FindingFix[]): RecommendedFix {
  const fixOf = new Map<string, string | null>();
  for (const f of findings) {
    const fix = f.fixedIn !== null && isValidVersion(f.fixedIn) ? f.fixedIn.trim() : null;
    const prev = fixOf.get(f.cveId);
    // Per CVE, the highest fix any of its rows knows (undefined: first row of this CVE).
    fixOf.set(f.cveId, prev === undefined || prev === null ? fix : fix === null ? prev : higher(prev, fix));
  }
  let best: string | null = null;
  const unfixed: string[] = [];
  for (const [cveId, fix] of fixOf) {
    if (fix === null) {
      unfixed.push(cveId);
    } else {
      best = best === null ? fix : higher(best, fix);
    }
  }
  unfixed.sort();
  if (unfixed.length === 0) {
    return { remediationType: 'Update', recommendedVersion: best };
  }
  const total = fixOf.size;
  if (best === null) {
    return {
      remediationType: 'Uninstall',
      recommendedVersion: null,
      note: `No fixed version is known for any of the ${total} CVE${total === 1 ? '' : 's'} (${cveList(unfixed)}): uninstall or replace the software.`,
    };
  }
  return {
    remediationType: 'Upgrade',
    recommendedVersion: best,
    note: `${best} fixes ${total - unfixed.length} of ${total} CVEs; ${cveList(unfixed)} ${unfixed.length === 1 ? 'has' : 'have'} no fixed version on this line and need${unfixed.length === 1 ? 's' : ''} a later version line or another product.`,
  };
}

/**
 * The recommendation's title: "Update Google Chrome to 131.0.6778.85 or later", "Update Google Chrome"
 * (no version known), "Upgrade Google Chrome to a later version line (at least 130.0)",
 * "Upgrade Google Chrome to a later version line", "Uninstall Google Chrome".
 */
export function recommendationName(kind: SoftwareRemediationType, displayName: string, version: string | null): string {
  const name = displayName.trim();
  const v = version?.trim() || null;
  switch (kind) {
    case 'Update':
      return v ? `Update ${name} to ${v} or later` : `Update ${name}`;
    case 'Upgrade':
      return v ? `Upgrade ${name} to a later version line (at least ${v})` : `Upgrade ${name} to a later version line`;
    case 'Uninstall':
      return `Uninstall ${name}`;
  }
}

export interface ThreatSignals {
  /** Any of the CVEs is in KEV. */
  knownExploited: boolean;
  /** Any of the CVEs has a public exploit. */
  publicExploit: boolean;
  /** The highest EPSS of the CVEs; null when none is scored. */
  maxEpss: number | null;
  /** An unresolved alert names one of the CVEs on an exposed device. */
  activeAlert: boolean;
}

export interface ThreatFlags {
  knownExploited: boolean;
  publicExploit: boolean;
  /** maxEpss ≥ cfg.highEpss (0.1 by default: about the top 5 % of scored CVEs). */
  highEpss: boolean;
  activeAlert: boolean;
}

/** The recommendation's threat icons. */
export function threatFlags(
  signals: ThreatSignals,
  cfg: Pick<ScoringConfig, 'highEpss'> = DEFAULT_SCORING
): ThreatFlags {
  return {
    knownExploited: signals.knownExploited,
    publicExploit: signals.publicExploit,
    highEpss: signals.maxEpss !== null && Number.isFinite(signals.maxEpss) && signals.maxEpss >= cfg.highEpss,
    activeAlert: signals.activeAlert,
  };
}

/** What the priority order reads of a recommendation. */
export interface RecommendationRank {
  id: string;
  exposureImpact: number;
  configScoreImpact: number;
  knownExploited: boolean;
  exposedMachinesCount: number;
}

/** Descending; NaN sorts last, so the order stays total. */
function desc(a: number, b: number): number {
  const x = Number.isNaN(a) ? -Infinity : a;
  const y = Number.isNaN(b) ? -Infinity : b;
  return x > y ? -1 : x < y ? 1 : 0;
}

/**
 * Priority order (a total order; use with Array.prototype.sort): exposureImpact descending, then
 * configScoreImpact descending, then known-exploited first, then exposed devices descending, then id.
 */
export function compareRecommendations(a: RecommendationRank, b: RecommendationRank): number {
  return (
    desc(a.exposureImpact, b.exposureImpact) ||
    desc(a.configScoreImpact, b.configScoreImpact) ||
    (a.knownExploited === b.knownExploited ? 0 : a.knownExploited ? -1 : 1) ||
    desc(a.exposedMachinesCount, b.exposedMachinesCount) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
