/**
 * NVD applicability: does a CVE's `configurations` apply to one installed product on one device?
 *
 * Vocabulary: the *target* is the installed product's CPE (concrete version, see buildTargetCpe); the
 * *platform* is every other CPE of the device: its OS CPE(s) and its other installed products.
 *
 * Semantics (NVD CVE API 2.0, `configurations[]`):
 * - a CVE applies when any configuration applies;
 * - a configuration without operator, or with OR, is satisfied by any of its nodes; with AND by all;
 * - a node's operator (OR/AND) combines its cpeMatch entries; `negate` inverts a node or a
 *   configuration (a negated part never makes the target vulnerable by itself: it has no hits);
 * - a cpeMatch entry is satisfied when its criterion matches the target or any platform CPE;
 * - only a `vulnerable: true` entry that matches the target itself is a *hit*: a configuration applies
 *   only when it is satisfied *and* has a hit in a satisfied node. A platform CPE alone never makes
 *   the target vulnerable (Chrome is not vulnerable because the device runs a vulnerable Fedora);
 * - unknown OS: when the platform holds no `o:` CPE at all, a `vulnerable: false` entry naming an OS
 *   (`cpe:2.3:o:microsoft:windows:-`) counts as satisfied: we cannot exclude it, so Acrobat in range
 *   on a device of unknown OS is reported (as `viaPlatform`), not silently dropped. With a known OS
 *   (any `o:` CPE in the platform) the entry must really match one;
 * - `viaPlatform` says the target alone (no platform CPE, no unknown-OS assumption) would not satisfy
 *   any applying configuration: the answer depends on the device.
 *
 * Criterion matching (criterionMatches) is attribute-wise, per NISTIR 7696, with these decisions:
 * - version `*` (ANY) or `-` (NA: NVD uses it for "all versions" of products without versions, e.g.
 *   `redis:redis:-` in CVE-2022-0543): the version* bounds apply (compareVersions); without bounds,
 *   every target version matches, even an unknown one. With bounds, a target whose version is unknown or
 *   not a valid version (isValidVersion) never matches;
 * - a literal version must be the same version as the target's (compareVersions === 0, so `131.0`
 *   matches `131.0.0`); bounds given with a literal version (NVD never does) must hold too;
 * - other attributes: SUPERSET or EQUAL match; a target attribute that is ANY means "unknown" and does
 *   not exclude a match (target_sw '' of an identity, edition, language…); NA matches only `*` or `-`;
 * - so sw_edition: the identity's '' is NA, the standard edition: plain Firefox is matched by criteria
 *   `*` or `-`, never by `esr`; Firefox ESR (`esr`) by `*` or `esr`, never by `-`. Adobe Acrobat DC
 *   identities must carry `continuous`/`classic` as NVD does;
 * - update: the identity's '' is NA (no update): `office:2007:sp3` does not match Office 2007 without
 *   a service pack, `office:2016:*` matches;
 * - a criterion whose CPE does not parse, or whose bounds are not strings, never matches (nothing
 *   throws); vulnerableProductIndex lists such criteria so callers can report them.
 */

import {
  compareAttribute,
  CPE_ATTRIBUTES,
  parseCpe,
  plainValue,
  wildcardMatches,
  type CpeAttribute,
  type ParsedCpe,
} from './cpe';
import type { Configuration, ConfigurationNode, CpeMatchCriterion } from './types';
import { compareVersions, hasRangeBounds, isValidVersion, versionInRange, type VersionRange } from './version';

/** Why a CVE applies to a target: the criterion that matched and what it says about fixes. */
export interface MatchResult {
  /** The matched criterion (CPE match string), the one with the highest upper bound. */
  criteria: string;
  matchCriteriaId?: string;
  /**
   * The criterion's versionEndExcluding: the lowest version known to fix it on that line. Absent when
   * the chosen criterion has no versionEndExcluding (exact version, versionEndIncluding, open range).
   */
  fixedIn?: string;
  /** The criterion's versionEndIncluding: the last affected version (the fix is some later version). */
  lastAffected?: string;
  /** True when only configurations that need the platform (an AND platform node) apply. */
  viaPlatform: boolean;
}

// ---------------------------------------------------------------------------------------------
// Criterion parsing (memoised: the same criteria strings are matched over and over)
// ---------------------------------------------------------------------------------------------

const PARSE_CACHE_LIMIT = 50_000;
const parseCache = new Map<string, ParsedCpe | null>();

function parseCriteria(criteria: unknown): ParsedCpe | null {
  if (typeof criteria !== 'string') {
    return null;
  }
  const cached = parseCache.get(criteria);
  if (cached !== undefined || parseCache.has(criteria)) {
    return cached ?? null;
  }
  const parsed = parseCpe(criteria);
  if (parseCache.size >= PARSE_CACHE_LIMIT) {
    parseCache.clear();
  }
  parseCache.set(criteria, parsed);
  return parsed;
}

const BOUND_KEYS = [
  'versionStartIncluding',
  'versionStartExcluding',
  'versionEndIncluding',
  'versionEndExcluding',
] as const;

/** The criterion's bounds, or null when a bound is present but not a string (a malformed entry). */
function rangeOf(c: CpeMatchCriterion): VersionRange | null {
  for (const k of BOUND_KEYS) {
    const v: unknown = c[k];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return null;
    }
  }
  return {
    startIncluding: c.versionStartIncluding ?? undefined,
    startExcluding: c.versionStartExcluding ?? undefined,
    endIncluding: c.versionEndIncluding ?? undefined,
    endExcluding: c.versionEndExcluding ?? undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// One criterion against one CPE
// ---------------------------------------------------------------------------------------------

/** A non-version attribute: SUPERSET/EQUAL match; a target ANY is "unknown" and does not exclude. */
function attributeAccepts(source: CpeAttribute, target: CpeAttribute): boolean {
  const r = compareAttribute(source, target);
  return r === 'SUPERSET' || r === 'EQUAL' || (r === 'SUBSET' && target.type === 'ANY');
}

function versionAccepts(source: CpeAttribute, range: VersionRange, target: CpeAttribute): boolean {
  const tv = plainValue(target); // null: unknown (ANY), NA, or a (meaningless) wildcard target
  const bounded = hasRangeBounds(range);
  if (bounded && (tv === null || !versionInRange(tv, range))) {
    return false;
  }
  if (source.type === 'ANY' || source.type === 'NA') {
    return true;
  }
  if (tv === null) {
    return false;
  }
  if (source.leading || source.trailing) {
    return wildcardMatches(source, tv);
  }
  if (isValidVersion(source.value) && isValidVersion(tv)) {
    return compareVersions(source.value, tv) === 0;
  }
  return source.value === tv;
}

/**
 * Whether one cpeMatch criterion matches a concrete CPE (the installed product, or a platform CPE),
 * version bounds included. Never throws; an unparsable criterion matches nothing.
 */
export function criterionMatches(criterion: CpeMatchCriterion, target: ParsedCpe): boolean {
  if (!criterion || typeof criterion !== 'object' || !target) {
    return false;
  }
  const source = parseCriteria(criterion.criteria);
  const range = rangeOf(criterion);
  if (!source || !range) {
    return false;
  }
  for (const name of CPE_ATTRIBUTES) {
    if (name !== 'version' && !attributeAccepts(source[name], target[name])) {
      return false;
    }
  }
  return versionAccepts(source.version, range, target.version);
}

// ---------------------------------------------------------------------------------------------
// Configurations
// ---------------------------------------------------------------------------------------------

interface Context {
  target: ParsedCpe;
  platform: readonly ParsedCpe[];
  /** No `o:` CPE in the platform: an OS entry of a platform node cannot be ruled out. */
  unknownOs: boolean;
}

interface Evaluation {
  satisfied: boolean;
  /** Vulnerable entries that matched the target, in satisfied (non-negated) parts. */
  hits: CpeMatchCriterion[];
}

const NONE: Evaluation = { satisfied: false, hits: [] };

function partOf(criteria: unknown): string | null {
  const p = parseCriteria(criteria);
  return p ? plainValue(p.part) : null;
}

function entrySatisfied(entry: CpeMatchCriterion, onTarget: boolean, ctx: Context): boolean {
  if (onTarget || ctx.platform.some((p) => criterionMatches(entry, p))) {
    return true;
  }
  return entry.vulnerable !== true && ctx.unknownOs && partOf(entry.criteria) === 'o';
}

function evaluateNode(node: ConfigurationNode, ctx: Context): Evaluation {
  if (!node || typeof node !== 'object' || !Array.isArray(node.cpeMatch) || node.cpeMatch.length === 0) {
    return node?.negate === true ? { satisfied: true, hits: [] } : NONE;
  }
  const hits: CpeMatchCriterion[] = [];
  let all = true;
  let any = false;
  for (const entry of node.cpeMatch) {
    if (!entry || typeof entry !== 'object') {
      all = false;
      continue;
    }
    const onTarget = criterionMatches(entry, ctx.target);
    if (entry.vulnerable === true && onTarget) {
      hits.push(entry);
    }
    if (entrySatisfied(entry, onTarget, ctx)) {
      any = true;
    } else {
      all = false;
    }
  }
  // NVD only uses OR and AND; anything else is read as OR (the more common, less demanding one).
  const inner = node.operator === 'AND' ? all : any;
  if (node.negate === true) {
    return { satisfied: !inner, hits: [] };
  }
  return inner ? { satisfied: true, hits } : NONE;
}

function evaluateConfiguration(config: Configuration, ctx: Context): Evaluation {
  if (!config || typeof config !== 'object' || !Array.isArray(config.nodes) || config.nodes.length === 0) {
    return NONE;
  }
  const results = config.nodes.map((n) => evaluateNode(n, ctx));
  const inner = config.operator === 'AND' ? results.every((r) => r.satisfied) : results.some((r) => r.satisfied);
  if (config.negate === true) {
    return { satisfied: !inner, hits: [] };
  }
  if (!inner) {
    return NONE;
  }
  return { satisfied: true, hits: results.filter((r) => r.satisfied).flatMap((r) => r.hits) };
}

function hasOsCpe(platform: readonly ParsedCpe[]): boolean {
  return platform.some((p) => p && plainValue(p.part) === 'o');
}

/** The upper end of what a hit covers, to pick the criterion whose fix covers every matched range. */
interface UpperBound {
  /** null: open-ended (no end bound on a range): no version is known to fix it. */
  version: string | null;
  /** 0 literal version, 1 versionEndExcluding, 2 versionEndIncluding (at an equal version). */
  strength: number;
}

function upperBoundOf(c: CpeMatchCriterion): UpperBound {
  const src = parseCriteria(c.criteria);
  const literal = src ? plainValue(src.version) : null;
  if (typeof c.versionEndIncluding === 'string' && c.versionEndIncluding.trim() !== '') {
    return { version: c.versionEndIncluding, strength: 2 };
  }
  if (typeof c.versionEndExcluding === 'string' && c.versionEndExcluding.trim() !== '') {
    return { version: c.versionEndExcluding, strength: 1 };
  }
  if (literal !== null) {
    return { version: literal, strength: 0 };
  }
  return { version: null, strength: 3 };
}

/** Positive when `a` reaches higher than `b`. An excluded end E is below an included end E. */
function compareUpper(a: UpperBound, b: UpperBound): number {
  if (a.version === null || b.version === null) {
    return a.version === b.version ? 0 : a.version === null ? 1 : -1;
  }
  const c = compareVersions(a.version, b.version);
  if (c !== 0) {
    return c;
  }
  // Same version: "up to and including E" reaches higher than "up to E, excluded"; an exact E equals
  // an included E, but the range is preferred (it names lastAffected).
  const rank = (u: UpperBound) => (u.strength === 1 ? 0 : u.strength === 0 ? 1 : 2);
  return rank(a) - rank(b);
}

/**
 * Whether the CVE (its `configurations`) applies to the target on a device whose other CPEs are
 * `platform` (pass [] when the device is not known: OS platform entries then count as satisfied and
 * the result says `viaPlatform`). Returns null when it does not apply (also for no configurations).
 *
 * When several vulnerable criteria match, the result names the one reaching highest: a
 * versionEndExcluding E beats lower ends; a versionEndIncluding at or above it wins (then only
 * lastAffected is known); a range without end wins over all (no fix known: neither fixedIn nor
 * lastAffected). So `fixedIn`, when present, fixes every matched range.
 */
export function evaluateConfigurations(
  configurations: readonly Configuration[] | null | undefined,
  target: ParsedCpe,
  platform: readonly ParsedCpe[] = []
): MatchResult | null {
  if (!Array.isArray(configurations) || configurations.length === 0 || !target) {
    return null;
  }
  const plat = Array.isArray(platform) ? platform.filter((p) => p && typeof p === 'object') : [];
  const full: Context = { target, platform: plat, unknownOs: !hasOsCpe(plat) };
  const alone: Context = { target, platform: [], unknownOs: false };

  let best: CpeMatchCriterion | null = null;
  let bestUpper: UpperBound | null = null;
  let unconditional = false;
  for (const config of configurations) {
    const r = evaluateConfiguration(config, full);
    if (!r.satisfied || r.hits.length === 0) {
      continue;
    }
    if (!unconditional) {
      const a = evaluateConfiguration(config, alone);
      unconditional = a.satisfied && a.hits.length > 0;
    }
    for (const hit of r.hits) {
      const upper = upperBoundOf(hit);
      if (!bestUpper || compareUpper(upper, bestUpper) > 0) {
        best = hit;
        bestUpper = upper;
      }
    }
  }
  if (!best || !bestUpper) {
    return null;
  }
  const result: MatchResult = { criteria: best.criteria, viaPlatform: !unconditional };
  if (best.matchCriteriaId) {
    result.matchCriteriaId = best.matchCriteriaId;
  }
  if (bestUpper.strength === 1 && bestUpper.version !== null) {
    result.fixedIn = bestUpper.version;
  } else if (bestUpper.strength === 2 && bestUpper.version !== null) {
    result.lastAffected = bestUpper.version;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Candidate index
// ---------------------------------------------------------------------------------------------

export interface ProductKey {
  part: 'a' | 'o' | 'h';
  /** Lower-case, unescaped (ProductIdentity's convention). */
  vendor: string;
  product: string;
}

export interface VulnerableProductIndex {
  /** Distinct (part, vendor, product) of the vulnerable criteria, in order of first appearance. */
  products: ProductKey[];
  /** Vulnerable criteria whose part, vendor or product is ANY/NA or has wildcards (not indexable). */
  wildcard: string[];
  /** Vulnerable criteria that are not CPE 2.3 formatted strings (they never match). */
  invalid: string[];
}

function* vulnerableEntries(configurations: readonly Configuration[] | null | undefined): Generator<CpeMatchCriterion> {
  if (!Array.isArray(configurations)) {
    return;
  }
  for (const config of configurations) {
    if (!config || !Array.isArray(config.nodes)) {
      continue;
    }
    for (const node of config.nodes) {
      if (!node || !Array.isArray(node.cpeMatch)) {
        continue;
      }
      for (const entry of node.cpeMatch) {
        if (entry && entry.vulnerable === true) {
          yield entry;
        }
      }
    }
  }
}

/** Every vulnerable criterion sorted into indexable products, wildcard criteria and invalid ones. */
export function vulnerableProductIndex(
  configurations: readonly Configuration[] | null | undefined
): VulnerableProductIndex {
  const products: ProductKey[] = [];
  const seen = new Set<string>();
  const wildcard: string[] = [];
  const invalid: string[] = [];
  for (const entry of vulnerableEntries(configurations)) {
    const p = parseCriteria(entry.criteria);
    if (!p) {
      invalid.push(String(entry.criteria));
      continue;
    }
    const part = plainValue(p.part);
    const vendor = plainValue(p.vendor);
    const product = plainValue(p.product);
    if ((part !== 'a' && part !== 'o' && part !== 'h') || !vendor || !product) {
      wildcard.push(entry.criteria);
      continue;
    }
    const key = `${part}\u0000${vendor}\u0000${product}`;
    if (!seen.has(key)) {
      seen.add(key);
      products.push({ part, vendor, product });
    }
  }
  return { products, wildcard, invalid };
}

/**
 * The distinct (part, vendor, product) of every vulnerable criterion: which CVEs are candidates for an
 * installed product. Criteria with a wildcard part/vendor/product and unparsable criteria are not in
 * it (see vulnerableProductIndex, which lists them).
 */
export function vulnerableProducts(configurations: readonly Configuration[] | null | undefined): ProductKey[] {
  return vulnerableProductIndex(configurations).products;
}
