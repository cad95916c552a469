/**
 * A deterministic synthetic fleet for the benchmark (bench.ts). Pure: the same options and device
 * index always give the same report, so any device can be regenerated alone (for the one-device
 * updates) and a fleet of 100,000 devices never has to be held in memory.
 *
 * A device has ~`products` installed items: 10–25 products the imported NVD knowledge names (versions
 * picked just inside or just outside the CVEs' ranges, so a realistic share of devices is vulnerable)
 * and a long tail drawn from a few thousand synthetic products shared across the fleet with a Zipf-like
 * popularity (real fleets share most of their software). Devices fall in 8 device groups with their
 * own OS mix, device values, tags, configuration-check results and, rarely, an alert.
 */
import { buildTargetCpe, escapeCpeValue, parseCpe, plainValue } from '../domain/cpe';
import { evaluateConfigurations } from '../domain/nvdMatch';
import type { Configuration, ProductIdentity } from '../domain/types';
import { isValidVersion } from '../domain/version';
import type { DeviceAlert, DeviceReport, SoftwareItem } from '../ingest/deviceReport';
import { mulberry32 } from '../util/random';

/** A 32-bit mix of integers (seeds of per-device generators). */
export function hashInts(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** Samples ranks 0..n-1 with P(r) ∝ 1 / (r + 1)^s. */
export class Zipf {
  private readonly cdf: Float64Array;
  constructor(
    readonly n: number,
    s: number
  ) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, s);
      this.cdf[r] = sum;
    }
    for (let r = 0; r < n; r++) {
      this.cdf[r] /= sum;
    }
  }
  sample(rand: () => number): number {
    const u = rand();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}

// ------------------------------------------------------------------------------ known products

/** A product the knowledge names, with versions the matcher finds vulnerable and versions it does not. */
export interface KnownProduct {
  part: 'a' | 'o' | 'h';
  vendor: string;
  product: string;
  /** CPE sw_edition ("esr"); null for the standard edition. */
  edition: string | null;
  /** Versions some CVE applies to (just inside a range, or an exact vulnerable version). */
  inside: string[];
  /** Versions next to the ranges that no CVE applies to (patched, or older than a range). */
  outside: string[];
  /** CVEs that name the product. */
  cves: string[];
}

/** Moves the last numeric component of a version by `delta` (keeping zero padding); null when it cannot. */
export function stepVersion(version: string, delta: 1 | -1): string | null {
  const parts = version.split(/(\d+)/);
  for (let i = parts.length - 1; i >= 0; i--) {
    if (!/^\d+$/.test(parts[i])) {
      continue;
    }
    const n = Number(parts[i]);
    if (!Number.isSafeInteger(n) || (delta < 0 && n === 0)) {
      if (delta < 0) {
        continue;
      }
      return null;
    }
    // Zero padding is kept where the version had it ("24.09" → "24.08"), not invented ("3.10" → "3.9").
    const next = parts[i].startsWith('0') ? String(n + delta).padStart(parts[i].length, '0') : String(n + delta);
    return [...parts.slice(0, i), next, ...parts.slice(i + 1)].join('');
  }
  return null;
}

function candidateVersions(c: {
  version: string | null;
  startIncluding?: string;
  startExcluding?: string;
  endIncluding?: string;
  endExcluding?: string;
}): string[] {
  const out: Array<string | null | undefined> = [];
  if (c.version) {
    out.push(c.version, stepVersion(c.version, 1), stepVersion(c.version, -1));
  }
  if (c.endExcluding) {
    out.push(stepVersion(c.endExcluding, -1), c.endExcluding, stepVersion(c.endExcluding, 1));
  }
  if (c.endIncluding) {
    out.push(c.endIncluding, stepVersion(c.endIncluding, -1), stepVersion(c.endIncluding, 1));
  }
  if (c.startIncluding) {
    out.push(c.startIncluding, stepVersion(c.startIncluding, -1));
  }
  if (c.startExcluding) {
    out.push(c.startExcluding, stepVersion(c.startExcluding, 1));
  }
  return out.filter((v): v is string => typeof v === 'string' && isValidVersion(v) && /^[\x20-\x7e]+$/.test(v));
}

/**
 * The products the knowledge names as vulnerable (`cve_product`, restricted to `parts`), with versions
 * read off the CVEs' configurations: every range bound and its neighbours, each classified by the real
 * matcher (`evaluateConfigurations`) against all CVEs of the product, so "inside" really is vulnerable.
 * Products without a version on each side are dropped (a product whose every version is vulnerable
 * would make every device that has it vulnerable).
 */
export function knownProductsFrom(
  products: ReadonlyArray<{ part: string; vendor: string; product: string }>,
  cves: ReadonlyArray<{ id: string; configurations: Configuration[] }>,
  parts: ReadonlyArray<'a' | 'o' | 'h'> = ['a']
): KnownProduct[] {
  const wanted = new Set(
    products
      .filter((p) => (parts as readonly string[]).includes(p.part))
      .map((p) => `${p.part}:${p.vendor}:${p.product}`)
  );
  // (part, vendor, product, edition) → the CVEs naming it and the candidate versions.
  const groups = new Map<
    string,
    {
      part: 'a' | 'o' | 'h';
      vendor: string;
      product: string;
      edition: string | null;
      cves: Set<string>;
      candidates: Set<string>;
    }
  >();
  const cveConfigs = new Map<string, Configuration[]>();
  for (const cve of cves) {
    cveConfigs.set(cve.id, cve.configurations);
    for (const config of cve.configurations ?? []) {
      for (const node of config.nodes ?? []) {
        for (const m of node.cpeMatch ?? []) {
          if (!m.vulnerable) {
            continue;
          }
          const cpe = parseCpe(m.criteria);
          if (!cpe) {
            continue;
          }
          const part = plainValue(cpe.part) as 'a' | 'o' | 'h' | null;
          const vendor = plainValue(cpe.vendor);
          const product = plainValue(cpe.product);
          if (!part || !vendor || !product || !wanted.has(`${part}:${vendor}:${product}`)) {
            continue;
          }
          // Updates ("sp3") and targets make a product identity of their own; keep the plain product.
          if (cpe.update.type === 'VALUE' || cpe.targetSw.type === 'VALUE') {
            continue;
          }
          const edition = cpe.swEdition.type === 'VALUE' ? plainValue(cpe.swEdition) : null;
          const key = `${part}:${vendor}:${product}:${edition ?? ''}`;
          let g = groups.get(key);
          if (!g) {
            g = { part, vendor, product, edition, cves: new Set(), candidates: new Set() };
            groups.set(key, g);
          }
          g.cves.add(cve.id);
          for (const v of candidateVersions({
            version: cpe.version.type === 'VALUE' ? plainValue(cpe.version) : null,
            startIncluding: m.versionStartIncluding,
            startExcluding: m.versionStartExcluding,
            endIncluding: m.versionEndIncluding,
            endExcluding: m.versionEndExcluding,
          })) {
            g.candidates.add(v);
          }
        }
      }
    }
  }
  const out: KnownProduct[] = [];
  for (const g of groups.values()) {
    const identity: ProductIdentity = {
      part: g.part,
      vendor: g.vendor,
      product: g.product,
      swEdition: g.edition ?? '',
      targetSw: '',
      update: '',
    };
    // CVEs naming the product under another edition ("*") apply too: classify against all its CVEs.
    const allCves = [...cves.filter((c) => groupsNaming(c.configurations, g.vendor, g.product))].map((c) => c.id);
    const inside: string[] = [];
    const outside: string[] = [];
    const candidates = g.candidates.size > 0 ? [...g.candidates] : ['1.0'];
    for (const v of candidates.sort()) {
      const target = buildTargetCpe(identity, v);
      const vulnerable = allCves.some((id) => evaluateConfigurations(cveConfigs.get(id), target, []) !== null);
      (vulnerable ? inside : outside).push(v);
    }
    // Every version vulnerable (criteria without bounds): no device could be patched; left out.
    if (inside.length === 0 || outside.length === 0) {
      continue;
    }
    out.push({
      part: g.part,
      vendor: g.vendor,
      product: g.product,
      edition: g.edition,
      inside,
      outside,
      cves: [...g.cves].sort(),
    });
  }
  return out.sort((a, b) =>
    `${a.vendor}:${a.product}:${a.edition ?? ''}`.localeCompare(`${b.vendor}:${b.product}:${b.edition ?? ''}`)
  );
}

function groupsNaming(configurations: Configuration[], vendor: string, product: string): boolean {
  for (const config of configurations ?? []) {
    for (const node of config.nodes ?? []) {
      for (const m of node.cpeMatch ?? []) {
        if (m.vulnerable && m.criteria.toLowerCase().includes(`:${vendor}:${product}:`)) {
          return true;
        }
      }
    }
  }
  return false;
}

// ------------------------------------------------------------------------------ long tail

export interface TailProduct {
  vendor: string;
  name: string;
  displayName: string;
  publisher: string;
  versions: string[];
  /** False: reported by display name only, as many Windows programs are (often unsupported). */
  cpeStyle: boolean;
}

const SYLLABLES = [
  'ac',
  'bel',
  'cor',
  'dax',
  'en',
  'fir',
  'gal',
  'hex',
  'ion',
  'jun',
  'kor',
  'lum',
  'mer',
  'nov',
  'or',
  'pix',
  'qua',
  'ros',
  'syn',
  'tor',
  'ul',
  'vex',
  'wan',
  'xen',
  'yar',
  'zet',
];
const NOUNS = [
  'agent',
  'studio',
  'client',
  'viewer',
  'sync',
  'tools',
  'runtime',
  'driver',
  'manager',
  'suite',
  'helper',
  'desk',
  'connect',
  'edit',
  'scan',
  'update',
  'player',
  'sdk',
  'launcher',
  'monitor',
];

function word(h: number, syllables: number): string {
  let s = '';
  for (let i = 0; i < syllables; i++) {
    s += SYLLABLES[(h >>> (i * 5)) % SYLLABLES.length];
  }
  return s;
}

function tailVersions(p: number, rand: () => number): string[] {
  const n = 1 + Math.floor(rand() * 5);
  const style = p % 5;
  const major = 1 + Math.floor(rand() * 30);
  const out: string[] = [];
  for (let j = 0; j < n; j++) {
    switch (style) {
      case 0:
        out.push(`${major}.${j}.${Math.floor(rand() * 20)}`);
        break;
      case 1:
        out.push(
          `${major}.${Math.floor(rand() * 5)}.${1000 + Math.floor(rand() * 9000)}.${j * 7 + Math.floor(rand() * 7)}`
        );
        break;
      case 2:
        out.push(`${2019 + Math.floor(rand() * 7)}.${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}.${j}`);
        break;
      case 3:
        out.push(`${major}.${j + 1}`);
        break;
      default:
        out.push(`${major}.${j}.${Math.floor(rand() * 10)}-${1 + Math.floor(rand() * 4)}`);
    }
  }
  return [...new Set(out)];
}

/** `size` synthetic products (none named by the knowledge: `exclude` holds "vendor:product"), in popularity order. */
export function buildTail(size: number, seed: number, exclude: ReadonlySet<string>): TailProduct[] {
  const rand = mulberry32(hashInts(seed, 0x7a11));
  const out: TailProduct[] = [];
  const used = new Set<string>();
  for (let p = 0; out.length < size; p++) {
    const h = hashInts(seed, p);
    const vendor = `${word(h, 2 + (h % 2))}${p % 7 === 0 ? '_software' : ''}`;
    const name = `${word(hashInts(h, 1), 2)}_${NOUNS[h % NOUNS.length]}`;
    const key = `${vendor}:${name}`;
    if (used.has(key) || exclude.has(key)) {
      continue;
    }
    used.add(key);
    const title = (s: string) =>
      s.replace(/(^|_)([a-z])/g, (_m, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`);
    out.push({
      vendor,
      name,
      displayName: `${title(vendor)} ${title(name)} ${p}`,
      publisher: `${title(vendor)} Ltd`,
      versions: tailVersions(p, rand),
      cpeStyle: rand() < 0.85,
    });
  }
  return out;
}

// ------------------------------------------------------------------------------ devices

export const DEVICE_GROUPS: ReadonlyArray<{
  name: string;
  prefix: string;
  weight: number;
  os: ReadonlyArray<readonly [string, number]>;
  highShare: number;
  lowShare: number;
  internetFacingShare: number;
}> = [
  {
    name: 'Workstations',
    prefix: 'ws',
    weight: 30,
    os: [
      ['Windows11', 60],
      ['Windows10', 30],
      ['macOS', 10],
    ],
    highShare: 0.03,
    lowShare: 0.12,
    internetFacingShare: 0,
  },
  {
    name: 'Servers',
    prefix: 'srv',
    weight: 8,
    os: [
      ['WindowsServer2022', 65],
      ['Linux', 35],
    ],
    highShare: 0.35,
    lowShare: 0,
    internetFacingShare: 0.2,
  },
  {
    name: 'Finance',
    prefix: 'fin',
    weight: 9,
    os: [
      ['Windows11', 70],
      ['Windows10', 25],
      ['macOS', 5],
    ],
    highShare: 0.3,
    lowShare: 0.02,
    internetFacingShare: 0,
  },
  {
    name: 'Engineering',
    prefix: 'eng',
    weight: 16,
    os: [
      ['macOS', 40],
      ['Linux', 30],
      ['Windows11', 30],
    ],
    highShare: 0.05,
    lowShare: 0.05,
    internetFacingShare: 0,
  },
  {
    name: 'Sales',
    prefix: 'sal',
    weight: 13,
    os: [
      ['Windows11', 55],
      ['macOS', 35],
      ['Windows10', 10],
    ],
    highShare: 0.02,
    lowShare: 0.1,
    internetFacingShare: 0,
  },
  {
    name: 'HR',
    prefix: 'hr',
    weight: 5,
    os: [
      ['Windows11', 70],
      ['Windows10', 30],
    ],
    highShare: 0.1,
    lowShare: 0.05,
    internetFacingShare: 0,
  },
  {
    name: 'Datacenter Linux',
    prefix: 'lnx',
    weight: 14,
    os: [['Linux', 100]],
    highShare: 0.25,
    lowShare: 0.05,
    internetFacingShare: 0.15,
  },
  {
    name: 'Executives',
    prefix: 'exe',
    weight: 5,
    os: [
      ['macOS', 50],
      ['Windows11', 50],
    ],
    highShare: 0.6,
    lowShare: 0,
    internetFacingShare: 0,
  },
];

const OS_VERSIONS: Record<string, readonly string[]> = {
  Windows11: ['10.0.22631', '10.0.26100', '10.0.22621'],
  Windows10: ['10.0.19045', '10.0.19044'],
  WindowsServer2022: ['10.0.20348'],
  macOS: ['15.1.1', '14.7.1', '13.7.1'],
  Linux: ['Ubuntu 22.04', 'Ubuntu 24.04', 'RHEL 9.4', 'Debian 12'],
};

const TAGS = ['VIP', 'PCI', 'Kiosk', 'Lab', 'Contractor', 'Remote'];
const ALERT_SEVERITIES = ['High', 'Medium', 'Low', 'Informational', 'Critical'] as const;

export interface ConfigurationCheckRef {
  id: string;
  platforms: readonly string[];
}

export interface FleetOptions {
  seed: number;
  /** Mean installed items per device (each device varies ±15%). */
  products: number;
  known: readonly KnownProduct[];
  tail: readonly TailProduct[];
  checks: readonly ConfigurationCheckRef[];
  /**
   * Chance that an installed known product has a vulnerable version, on well-patched devices and on
   * laggards (`laggardShare` of the fleet).
   */
  vulnerableShare: { patched: number; laggard: number };
  laggardShare: number;
}

/** The fleet generator: precomputed samplers over the options. */
export class Fleet {
  private readonly tailZipf: Zipf;
  private readonly knownZipf: Zipf | null;
  private readonly groupCdf: number[];
  private readonly checkRates: Map<string, number>;

  constructor(readonly opts: FleetOptions) {
    if (opts.tail.length < opts.products * 2) {
      throw new Error(
        `the long tail (${opts.tail.length}) must hold at least twice the products per device (${opts.products})`
      );
    }
    this.tailZipf = new Zipf(opts.tail.length, 1.0);
    this.knownZipf = opts.known.length > 0 ? new Zipf(opts.known.length, 0.6) : null;
    let sum = 0;
    this.groupCdf = DEVICE_GROUPS.map((g) => (sum += g.weight));
    this.checkRates = new Map(opts.checks.map((c) => [c.id, 0.55 + 0.4 * ((hashString(c.id) % 1000) / 1000)]));
  }

  static deviceId(index: number): string {
    return `bench-${String(index).padStart(6, '0')}`;
  }

  /**
   * Device `index`'s report of `round` (round 1 is its first report). `changes` > 0 gives the same
   * device with that many known products moved across their ranges and one tail product upgraded:
   * the "agent reports a few updates" case.
   */
  report(index: number, round: number, lastSeen: string, changes = 0): DeviceReport {
    const rand = mulberry32(hashInts(this.opts.seed, index));
    const { opts } = this;
    const total = this.groupCdf[this.groupCdf.length - 1];
    const g = rand() * total;
    const group = DEVICE_GROUPS[this.groupCdf.findIndex((c) => g < c)];
    const osPlatform = pickWeighted(group.os, rand);
    const osVersions = OS_VERSIONS[osPlatform];
    const osVersion = osVersions[Math.floor(rand() * osVersions.length)];
    const v = rand();
    const deviceValue = v < group.highShare ? 'High' : v < group.highShare + group.lowShare ? 'Low' : 'Normal';
    const machineTags = rand() < 0.1 ? [TAGS[Math.floor(rand() * TAGS.length)]] : [];
    const internetFacing = rand() < group.internetFacingShare;
    const family = osPlatform.startsWith('Windows') ? 'Windows' : osPlatform;
    const source = family === 'Windows' ? 'programs' : family === 'macOS' ? 'apps' : 'deb_packages';

    const count = Math.max(1, Math.round(opts.products * (0.85 + 0.3 * rand())));
    const software: SoftwareItem[] = [];
    const vulnerableCves: string[] = [];

    // Known products: 10–25 of them (as many as the knowledge names), some in a vulnerable version.
    const knownItems: Array<{ k: KnownProduct; inside: boolean; pick: number }> = [];
    const share = rand() < opts.laggardShare ? opts.vulnerableShare.laggard : opts.vulnerableShare.patched;
    if (this.knownZipf) {
      const want = Math.min(opts.known.length, count, 10 + Math.floor(rand() * 16));
      const picked = new Set<number>();
      for (let tries = 0; picked.size < want && tries < want * 20; tries++) {
        picked.add(this.knownZipf.sample(rand));
      }
      for (const r of [...picked].sort((a, b) => a - b)) {
        const k = opts.known[r];
        const inside = k.outside.length === 0 || rand() < share;
        knownItems.push({ k, inside, pick: Math.floor(rand() * 1000) });
      }
    }
    // The long tail: distinct products from the shared, skewed pool.
    const tailCount = Math.max(0, count - knownItems.length);
    const tailPicked = new Set<number>();
    while (tailPicked.size < tailCount) {
      tailPicked.add(this.tailZipf.sample(rand));
    }
    const tailItems = [...tailPicked]
      .sort((a, b) => a - b)
      .map((p) => ({ t: opts.tail[p], pick: Math.floor(rand() * 1000) }));

    // A few alerts, and configuration results for the checks of the device's platform.
    const alertRand = rand();
    const configurations = opts.checks
      .filter((c) => c.platforms.includes(family))
      .map((c) => {
        const u = rand();
        const status =
          u < 0.02
            ? ('notApplicable' as const)
            : u < (this.checkRates.get(c.id) ?? 0.8)
              ? ('compliant' as const)
              : ('noncompliant' as const);
        return { id: c.id, status };
      });

    if (changes > 0) {
      const change = mulberry32(hashInts(this.opts.seed, index, round));
      for (let c = 0; c < changes && knownItems.length > 0; c++) {
        const it = knownItems[Math.floor(change() * knownItems.length)];
        if (it.k.outside.length > 0) {
          it.inside = !it.inside;
        }
        it.pick += 1 + Math.floor(change() * 5);
      }
      if (tailItems.length > 0) {
        tailItems[Math.floor(change() * tailItems.length)].pick += 1;
      }
    }

    for (const { k, inside, pick } of knownItems) {
      const versions = inside ? k.inside : k.outside;
      const version = versions[pick % versions.length];
      if (inside) {
        vulnerableCves.push(...k.cves);
      }
      if (k.part === 'a' && CPE_STYLE.test(k.vendor) && CPE_STYLE.test(k.product)) {
        software.push({ vendor: k.vendor, name: k.product, version, ...(k.edition ? { edition: k.edition } : {}) });
      } else {
        const e = (s: string | null) => (s ? escapeCpeValue(s) : '*');
        software.push({
          name: k.product,
          version,
          cpe: `cpe:2.3:${k.part}:${e(k.vendor)}:${e(k.product)}:${escapeCpeValue(version)}:*:*:*:${e(k.edition)}:*:*:*`,
        });
      }
    }
    for (const { t, pick } of tailItems) {
      // Popular versions first: most devices run one of the newest two.
      const idx =
        t.versions.length - 1 - (pick % 10 < 7 ? pick % Math.min(2, t.versions.length) : pick % t.versions.length);
      const version = t.versions[idx];
      software.push(
        t.cpeStyle
          ? { vendor: t.vendor, name: t.name, version, displayName: t.displayName, publisher: t.publisher, source }
          : { name: t.displayName, publisher: t.publisher, version, source }
      );
    }

    let alerts: DeviceAlert[] | undefined;
    if (alertRand < 0.03) {
      const severity = ALERT_SEVERITIES[Math.floor(alertRand * 1000) % ALERT_SEVERITIES.length];
      alerts = [
        {
          id: `bench-alert-${index}`,
          severity,
          title:
            vulnerableCves.length > 0 ? `Exploitation attempt of ${vulnerableCves[0]}` : 'Suspicious process behaviour',
          status: 'New',
          createdOn: new Date(Date.parse(lastSeen) - 3600_000).toISOString(),
          cves: vulnerableCves.length > 0 ? [vulnerableCves[0]] : [],
        },
      ];
    }

    return {
      reportId: `bench-r${round}-${index}`,
      id: Fleet.deviceId(index),
      computerDnsName: `${group.prefix}-${String(index).padStart(6, '0')}.corp.example`,
      osPlatform,
      osVersion,
      osArchitecture: 'x64',
      lastSeen,
      rbacGroupName: group.name,
      machineTags,
      deviceValue,
      internetFacing,
      software,
      ...(configurations.length > 0 ? { configurations } : {}),
      ...(alerts ? { alerts } : {}),
    };
  }
}

/** The normalizer's test for a CPE-style vendor/product (then taken as the CPE identity as is). */
const CPE_STYLE = /^[a-z0-9][a-z0-9._\-+~!]*$/;

function pickWeighted(options: ReadonlyArray<readonly [string, number]>, rand: () => number): string {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let u = rand() * total;
  for (const [name, w] of options) {
    if (u < w) {
      return name;
    }
    u -= w;
  }
  return options[options.length - 1][0];
}
