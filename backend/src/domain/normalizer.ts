import { z } from 'zod';

import type { SoftwareItem } from '../ingest/deviceReport';
import { buildTargetCpe, formatCpe, parseCpe, plainValue, type CpeAttribute } from './cpe';
import type { ProductIdentity } from './types';

/**
 * The software normalizer: maps an installed item (an osquery row, an SBOM component, a native
 * report entry) to the product identity NVD uses (CPE part/vendor/product + the qualifiers that
 * matter for matching), or says why it cannot.
 *
 * Pure: rules arrive as data (`loadRules` validates and compiles them); nothing here does I/O.
 *
 * Order of evidence, strongest first:
 *  1. a CPE 2.3 formatted string on the item;
 *  2. `vendor` + `name` that already look like CPE attribute values (lower-case, no spaces);
 *  3. the first matching rule (user rules before shipped ones, see `mergeRules`), which either names
 *     the product or skips the item (KB updates, drivers, redistributables) with a reason;
 *  4. otherwise the item is unsupported — distro packages without a rule included: their package
 *     name would be a product guess with an unknown vendor, which matches nothing reliably.
 */

/** An installed item: a SoftwareItem (version may be absent) plus the macOS bundle id when known. */
export type InstalledItem = Pick<SoftwareItem, 'name'> &
  Partial<Omit<SoftwareItem, 'name'>> & {
    /** macOS `apps.bundle_identifier` (e.g. com.google.Chrome). */
    bundleId?: string;
  };

export interface IdentifiedSoftware {
  identity: ProductIdentity;
  /** The version to compare against NVD ranges (distro revision, epoch and build suffixes removed). */
  version: string;
  /** Other names NVD has used for the same product (e.g. nginx:nginx before f5:nginx). */
  alternates?: ProductIdentity[];
  /** Which rule identified it; absent when the item carried a CPE or CPE-style vendor/name. */
  ruleId?: string;
}

export interface UnsupportedSoftware {
  unsupported: true;
  reason: string;
  /** The skip rule that matched, when a rule excluded the item on purpose. */
  ruleId?: string;
}

export type IdentifyResult = IdentifiedSoftware | UnsupportedSoftware;

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/** Source aliases usable in a rule's `source`: `@distro` = every Linux package database table. */
export const SOURCE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  '@distro': ['deb_packages', 'rpm_packages', 'apk_packages'],
};

/** Sources whose items are distribution packages (Debian/RPM/Alpine version schemes). */
const DISTRO_SOURCES = new Set(SOURCE_ALIASES['@distro']);

/** purl type → the osquery-style source name rules use. */
const PURL_TYPE_SOURCES: Readonly<Record<string, string>> = {
  deb: 'deb_packages',
  rpm: 'rpm_packages',
  apk: 'apk_packages',
  npm: 'npm_packages',
  pypi: 'python_packages',
  gem: 'gem_packages',
  maven: 'maven',
  golang: 'go_modules',
  nuget: 'nuget',
  composer: 'composer',
  cargo: 'cargo',
};

const TEMPLATE = /\$(?:<([A-Za-z_][A-Za-z0-9_]*)>|(\d))/;
/** A CPE attribute value as a rule writes it (unescaped, lower-case, no spaces or colons). */
const CPE_VALUE = /^[a-z0-9._\-+~!@#%&()/\\]+$/;

function regexField(what: string) {
  return z
    .string()
    .min(1, `${what} must not be empty`)
    .max(2000)
    .superRefine((src, ctx) => {
      try {
        new RegExp(src, 'i');
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(e as Error).message}` });
      }
    });
}

function cpeOutput(what: string) {
  return z
    .string()
    .max(128)
    .refine((v) => v === '' || TEMPLATE.test(v) || CPE_VALUE.test(v), {
      message: `${what} must be a CPE attribute value: lower-case, no spaces or colons (or a $1/$<name> template)`,
    });
}

const alternateSchema = z
  .object({
    vendor: cpeOutput('vendor').pipe(z.string().min(1)),
    product: cpeOutput('product').pipe(z.string().min(1)),
  })
  .strict();

export const cpeRuleSchema = z
  .object({
    id: z.string().trim().min(1).max(128),
    description: z.string().max(1000).optional(),
    /** Only items from these sources (osquery table names or `@distro`). Absent: any source. */
    source: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** Regex (case-insensitive) on the item's display name or name. */
    name: regexField('name').optional(),
    /** Regex on the publisher; the item must have one. */
    publisher: regexField('publisher').optional(),
    /** Regex on the macOS bundle identifier; the item must have one. */
    bundleId: regexField('bundleId').optional(),
    /** Regex on the raw version string. */
    version: regexField('version').optional(),
    /** Exclude the item on purpose (KB updates, drivers, redistributables...). */
    skip: z.literal(true).optional(),
    reason: z.string().max(500).optional(),
    part: z.enum(['a', 'o', 'h']).optional(),
    vendor: cpeOutput('vendor').optional(),
    product: cpeOutput('product').optional(),
    swEdition: cpeOutput('swEdition').optional(),
    targetSw: cpeOutput('targetSw').optional(),
    update: cpeOutput('update').optional(),
    /** The version NVD uses when it is not the installed version (Office "2016", Java "1.8.0"). */
    cpeVersion: z.string().max(128).optional(),
    /** Regex applied to the normalised version; its first group becomes the version. */
    versionExtract: regexField('versionExtract').optional(),
    alternates: z.array(alternateSchema).max(10).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (!r.name && !r.bundleId) {
      ctx.addIssue({ code: 'custom', message: 'a rule needs a `name` or a `bundleId` pattern' });
    }
    if (r.skip) {
      for (const k of ['vendor', 'product', 'swEdition', 'targetSw', 'update', 'cpeVersion', 'alternates'] as const) {
        if (r[k] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [k], message: 'a skip rule names no product' });
        }
      }
    } else if (!r.vendor || !r.product) {
      ctx.addIssue({ code: 'custom', message: 'a rule needs `vendor` and `product`, or `skip: true`' });
    }
    if (r.source !== undefined) {
      for (const s of Array.isArray(r.source) ? r.source : [r.source]) {
        if (s.startsWith('@') && !SOURCE_ALIASES[s]) {
          ctx.addIssue({
            code: 'custom',
            path: ['source'],
            message: `unknown source alias ${s} (known: ${Object.keys(SOURCE_ALIASES).join(', ')})`,
          });
        }
      }
    }
  });

export const cpeRulesFileSchema = z.union([
  z.array(cpeRuleSchema),
  z
    .object({
      $schema: z.string().optional(),
      description: z.string().optional(),
      version: z.literal(1).optional(),
      rules: z.array(cpeRuleSchema),
    })
    .strict(),
]);

export type CpeRule = z.infer<typeof cpeRuleSchema>;

interface CompiledRule {
  readonly rule: CpeRule;
  readonly sources: ReadonlySet<string> | null;
  readonly name: RegExp | null;
  readonly publisher: RegExp | null;
  readonly bundleId: RegExp | null;
  readonly version: RegExp | null;
  readonly versionExtract: RegExp | null;
}

/** A validated, compiled rule list; first match wins. */
export interface CpeRuleSet {
  readonly rules: readonly CompiledRule[];
}

/** The rules the normalizer runs with (shipped, possibly preceded by the user's). */
export type NormalizerRules = CpeRuleSet;

export class CpeRulesError extends Error {
  override readonly name = 'CpeRulesError';
  constructor(
    message: string,
    readonly issues: string[]
  ) {
    super(message);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  }
  return out;
}

function compile(rule: CpeRule): CompiledRule {
  const sources =
    rule.source === undefined
      ? null
      : new Set(
          (Array.isArray(rule.source) ? rule.source : [rule.source]).flatMap((s) =>
            (SOURCE_ALIASES[s] ?? [s]).map((x) => x.toLowerCase())
          )
        );
  const re = (s: string | undefined) => (s === undefined ? null : new RegExp(s, 'i'));
  return {
    rule,
    sources,
    name: re(rule.name),
    publisher: re(rule.publisher),
    bundleId: re(rule.bundleId),
    version: re(rule.version),
    versionExtract: re(rule.versionExtract),
  };
}

/**
 * Validates a rules document (a JSON string, `{rules: [...]}` or a bare array) and compiles it.
 * Throws CpeRulesError listing every problem with its place (`rules[3].name: invalid regular expression`).
 */
export function loadRules(json: unknown): CpeRuleSet {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (e) {
      throw new CpeRulesError(`CPE rules: not valid JSON: ${(e as Error).message}`, []);
    }
  }
  const parsed = cpeRulesFileSchema.safeParse(data);
  if (!parsed.success) {
    const arrayInput = Array.isArray(data);
    // A union reports the branch that fits the input's shape best; re-run the matching branch for clear paths.
    const branch = arrayInput
      ? z.array(cpeRuleSchema).safeParse(data)
      : (cpeRulesFileSchema.options[1] as z.ZodTypeAny).safeParse(data);
    const issues = (branch.success ? parsed.error.issues : branch.error.issues).map((i) => {
      const p = formatPath(arrayInput ? ['rules', ...i.path] : i.path);
      return `${p || '(root)'}: ${i.message}`;
    });
    throw new CpeRulesError(`CPE rules are invalid: ${issues.slice(0, 10).join('; ')}`, issues);
  }
  const rules = Array.isArray(parsed.data) ? parsed.data : parsed.data.rules;
  const seen = new Map<string, number>();
  const dupes: string[] = [];
  rules.forEach((r, i) => {
    const prev = seen.get(r.id);
    if (prev !== undefined) {
      dupes.push(`rules[${i}].id: duplicates rules[${prev}].id (${r.id})`);
    }
    seen.set(r.id, i);
  });
  if (dupes.length) {
    throw new CpeRulesError(`CPE rules are invalid: ${dupes.join('; ')}`, dupes);
  }
  return Object.freeze({ rules: Object.freeze(rules.map(compile)) });
}

/**
 * User rules first, then the shipped ones; a user rule with the id of a shipped rule replaces it.
 */
export function mergeRules(shipped: CpeRuleSet, user: CpeRuleSet): CpeRuleSet {
  const userIds = new Set(user.rules.map((r) => r.rule.id));
  return Object.freeze({
    rules: Object.freeze([...user.rules, ...shipped.rules.filter((r) => !userIds.has(r.rule.id))]),
  });
}

// ---------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------

export type VersionScheme = 'deb' | 'rpm' | 'apk' | 'generic';

export function versionSchemeOf(source: string | undefined): VersionScheme {
  switch (source) {
    case 'deb_packages':
      return 'deb';
    case 'rpm_packages':
      return 'rpm';
    case 'apk_packages':
      return 'apk';
    default:
      return 'generic';
  }
}

/** Debian upstream version: no epoch, no Debian revision, no repack/distro suffixes. */
function debianUpstream(v: string): string {
  let s = v.replace(/^\d+:/, '');
  const dash = s.lastIndexOf('-');
  if (dash > 0) {
    s = s.slice(0, dash);
  }
  const really = /\+really(.+)$/i.exec(s);
  if (really) {
    s = really[1];
  }
  // Repackaged tarballs: 1.2.11.dfsg, 6.1.2+dfsg, 3.0+ds1, 2.4~repack.
  s = s.replace(/[+~.](?:dfsg|ds|repack|nmu)\d*(?:[+~.].*)?$/i, '');
  // Native packages carry the distro in the version: 1.6.3ubuntu0.1, 2.2+deb10u1, 1.0~bpo10+1.
  s = s.replace(/[+~]?(?:ubuntu|deb\d+u|bpo|build|esm)\d.*$/i, '');
  return s;
}

function rpmUpstream(v: string): string {
  const s = v.replace(/^\d+:/, '');
  const dash = s.lastIndexOf('-');
  return dash > 0 ? s.slice(0, dash) : s;
}

/**
 * The version to compare against NVD ranges, from the version string as installed.
 *
 * - deb: `1:2.3.4-1ubuntu1` → `2.3.4` (epoch and revision dropped, `+dfsg` repack tags dropped)
 * - rpm: `[epoch:]version-release` → `version`
 * - apk: `1.1.1c-r0` → `1.1.1c`
 * - otherwise: a build in parentheses or after a space goes (`5.17.5 (31030)` → `5.17.5`), as do a
 *   leading `v` (`v1.8.0`) and Git for Windows' `.windows.N`.
 */
export function normalizeVersion(raw: string | undefined, scheme: VersionScheme = 'generic'): string {
  const v = (raw ?? '').trim();
  if (!v) {
    return '';
  }
  switch (scheme) {
    case 'deb':
      return debianUpstream(v);
    case 'rpm':
      return rpmUpstream(v);
    case 'apk':
      return v.replace(/-r\d+$/, '');
    default: {
      let s = v.replace(/\s*\([^)]*\)\s*$/, '').trim();
      s = s.split(/\s+/)[0] ?? '';
      s = s.replace(/^v(?=\d)/i, '').replace(/\.windows\.\d+$/i, '');
      return s;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// CPE strings (parsing and formatting live in ./cpe)
// ---------------------------------------------------------------------------------------------

/** The CPE 2.3 formatted string of an identity at a version, as the matcher reads it. */
export function identityToCpe(identity: ProductIdentity, version: string): string {
  return formatCpe(buildTargetCpe(identity, version));
}

/** The identity a reported CPE names: plain attribute values ('' for ANY/NA), or null if it names no product. */
function identityFromCpe(cpe: string): { identity: ProductIdentity; version: string } | null {
  const c = parseCpe(cpe);
  if (!c) {
    return null;
  }
  const v = (a: CpeAttribute) => plainValue(a) ?? '';
  const part = v(c.part);
  const identity: ProductIdentity = {
    part: part === 'o' || part === 'h' ? part : 'a',
    vendor: v(c.vendor),
    product: v(c.product),
    swEdition: v(c.swEdition),
    targetSw: v(c.targetSw),
    update: v(c.update),
  };
  if (!identity.vendor || !identity.product) {
    return null;
  }
  return { identity, version: v(c.version) };
}

// ---------------------------------------------------------------------------------------------
// Identification
// ---------------------------------------------------------------------------------------------

/** Lower-case, no whitespace: a value someone already wrote as a CPE attribute. */
const CPE_STYLE = /^[a-z0-9][a-z0-9._\-+~!]*$|^\.[a-z0-9][a-z0-9._\-+~!]*$/;

function purlType(purl: string | undefined): string | undefined {
  const m = purl ? /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\//.exec(purl) : null;
  return m ? m[1].toLowerCase() : undefined;
}

/** The source rules see: a known table as given, else what the purl type implies, else the raw source. */
export function effectiveSource(item: Pick<InstalledItem, 'source' | 'purl'>): string | undefined {
  const src = item.source?.toLowerCase();
  if (src && (DISTRO_SOURCES.has(src) || src === 'programs' || src === 'apps')) {
    return src;
  }
  const t = purlType(item.purl);
  if (t && PURL_TYPE_SOURCES[t]) {
    return PURL_TYPE_SOURCES[t];
  }
  return src;
}

function expand(template: string, groups: RegExpExecArray | null): string {
  return template.replace(
    /\$(?:<([A-Za-z_][A-Za-z0-9_]*)>|(\d))/g,
    (_m, named: string | undefined, idx: string | undefined) => {
      if (!groups) {
        return '';
      }
      if (named !== undefined) {
        return groups.groups?.[named] ?? '';
      }
      return groups[Number(idx)] ?? '';
    }
  );
}

function blankIdentity(part: 'a' | 'o' | 'h', vendor: string, product: string): ProductIdentity {
  return { part, vendor, product, swEdition: '', targetSw: '', update: '' };
}

function matchRule(r: CompiledRule, item: InstalledItem, source: string | undefined): RegExpExecArray | null | false {
  if (r.sources && (!source || !r.sources.has(source))) {
    return false;
  }
  let groups: RegExpExecArray | null = null;
  if (r.name) {
    const candidates = [item.displayName, item.name].filter((x): x is string => !!x);
    for (const c of candidates) {
      const m = r.name.exec(c.trim());
      if (m) {
        groups = m;
        break;
      }
    }
    if (!groups) {
      return false;
    }
  }
  if (r.bundleId) {
    const m = item.bundleId ? r.bundleId.exec(item.bundleId) : null;
    if (!m) {
      return false;
    }
    groups ??= m;
  }
  if (r.publisher && !(item.publisher && r.publisher.test(item.publisher))) {
    return false;
  }
  if (r.version && !r.version.test(item.version ?? '')) {
    return false;
  }
  return groups;
}

function describe(item: InstalledItem): string {
  const name = item.displayName ?? item.name;
  return item.publisher ? `"${name}" (publisher "${item.publisher}")` : `"${name}"`;
}

/**
 * Identifies an installed item as NVD names it, or says why it cannot (`unsupported`): skipped by a
 * rule (KB updates, drivers...), a distro package without a rule, or nothing matched.
 */
export function identifySoftware(item: InstalledItem, rules: CpeRuleSet): IdentifyResult {
  const source = effectiveSource(item);
  // A fleet repeats the same few thousand items endlessly: remember answers per rule set.
  const key = JSON.stringify([
    source,
    item.name,
    item.displayName,
    item.publisher,
    item.bundleId,
    item.version,
    item.cpe,
    item.vendor,
    item.edition,
  ]);
  let cache = resultCache.get(rules);
  if (!cache) {
    cache = new Map();
    resultCache.set(rules, cache);
  }
  const hit = cache.get(key);
  if (hit) {
    return copyResult(hit);
  }
  const result = identifyUncached(item, rules, source);
  if (cache.size >= MAX_CACHED_RESULTS) {
    cache.clear();
  }
  cache.set(key, result);
  return copyResult(result);
}

const MAX_CACHED_RESULTS = 50_000;
const resultCache = new WeakMap<CpeRuleSet, Map<string, IdentifyResult>>();

/** Callers get their own objects: a cached answer must not be changed through them. */
function copyResult(r: IdentifyResult): IdentifyResult {
  if ('unsupported' in r) {
    return { ...r };
  }
  const out: IdentifiedSoftware = { ...r, identity: { ...r.identity } };
  if (r.alternates) {
    out.alternates = r.alternates.map((a) => ({ ...a }));
  }
  return out;
}

function identifyUncached(item: InstalledItem, rules: CpeRuleSet, source: string | undefined): IdentifyResult {
  const scheme = versionSchemeOf(source);
  const installed = normalizeVersion(item.version, scheme);

  if (item.cpe) {
    const named = identityFromCpe(item.cpe);
    if (named) {
      return { identity: named.identity, version: named.version || installed };
    }
  }

  if (item.vendor && CPE_STYLE.test(item.vendor) && CPE_STYLE.test(item.name)) {
    const identity = blankIdentity('a', item.vendor, item.name);
    if (item.edition) {
      identity.swEdition = item.edition.toLowerCase();
    }
    return { identity, version: installed };
  }

  for (const r of rules.rules) {
    const groups = matchRule(r, item, source);
    if (groups === false) {
      continue;
    }
    const rule = r.rule;
    if (rule.skip) {
      return {
        unsupported: true,
        ruleId: rule.id,
        reason: `skipped by rule ${rule.id}${rule.reason ? `: ${rule.reason}` : ''}`,
      };
    }
    const out = (t: string | undefined) => (t ? expand(t, groups).toLowerCase().trim() : '');
    const identity: ProductIdentity = {
      part: rule.part ?? 'a',
      vendor: out(rule.vendor),
      product: out(rule.product),
      swEdition: out(rule.swEdition),
      targetSw: out(rule.targetSw),
      update: out(rule.update),
    };
    if (!identity.vendor || !identity.product) {
      continue; // a template that expanded to nothing: let a later rule try
    }
    let version = installed;
    if (r.versionExtract) {
      const m = r.versionExtract.exec(installed);
      if (m) {
        version = m[1] ?? m[0];
      }
    }
    if (rule.cpeVersion !== undefined) {
      const v = expand(rule.cpeVersion, groups).trim();
      if (v) {
        version = v;
      }
    }
    const result: IdentifiedSoftware = { identity, version, ruleId: rule.id };
    if (rule.alternates?.length) {
      result.alternates = rule.alternates.map((a) => ({ ...identity, vendor: out(a.vendor), product: out(a.product) }));
    }
    return result;
  }

  if (source && DISTRO_SOURCES.has(source)) {
    return {
      unsupported: true,
      reason: `distro package "${item.name}" has no CPE rule: its vendor is unknown, so it is not matched against NVD (scanner and OSV results still apply)`,
    };
  }
  return { unsupported: true, reason: `no CPE rule identifies ${describe(item)}` };
}
