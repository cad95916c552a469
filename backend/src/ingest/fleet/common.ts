import { createHash } from 'node:crypto';

import { MAX_VERSION_LENGTH, type DeviceReport, type ScannerFinding, type SoftwareItem } from '../deviceReport';
import { severityFromScore as cvssSeverity } from '../knowledge/cvss';

/** Malformed importer input: the message names what is wrong and where (`Results[2].Vulnerabilities[0]: ...`). */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
  constructor(
    message: string,
    /** Where in the input, e.g. `Results[2].Vulnerabilities[0]`; '' for the whole document. */
    readonly where = ''
  ) {
    super(where ? `${where}: ${message}` : message);
  }
}

/** Options every importer takes. */
export interface ImportOptions {
  /** Stable device id; defaults to deviceName, else the id the input carries (hostIdentifier, ArtifactName, ...). */
  deviceId?: string;
  /** Device name (computerDnsName, and the id unless deviceId is given); defaults to the input's own. */
  deviceName?: string;
  /** Defaults to a sha256 of the input and the device id, so re-importing a file is idempotent. */
  reportId?: string;
  rbacGroupName?: string;
  /** Overrides the OS platform derived from the input (e.g. "Linux", "Windows11"). */
  osPlatform?: string;
  /** Told about input parts that were left out (a component with an unusable version, ...). */
  onWarning?: (message: string) => void;
}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A trimmed non-empty string, or undefined (numbers are accepted as their decimal text). */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t ? t : undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v)) {
    return String(v);
  }
  return undefined;
}

export function requireString(v: unknown, where: string, field: string): string {
  const s = str(v);
  if (s === undefined) {
    throw new ImportFormatError(`${field} missing`, where);
  }
  return s;
}

export function optionalArray(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v)) {
    throw new ImportFormatError('must be an array', where);
  }
  return v;
}

/** Cuts a text to the schema's limit (names and titles are descriptive; a cut keeps the report valid). */
export function clip(s: string | undefined, max: number): string | undefined {
  if (s === undefined) {
    return undefined;
  }
  const t = s.trim();
  if (!t) {
    return undefined;
  }
  return t.length > max ? t.slice(0, max) : t;
}

/** A version usable as SoftwareItem.version (printable ASCII, bounded), or null. */
export function usableVersion(v: string | undefined): string | null {
  const t = (v ?? '').trim();
  if (t.length > MAX_VERSION_LENGTH || !/^[\x20-\x7e]*$/.test(t)) {
    return null;
  }
  return t;
}

/** Adds a software item unless the identical item is already there (same package at two paths). */
export class SoftwareList {
  private readonly seen = new Set<string>();
  readonly items: SoftwareItem[] = [];

  add(item: SoftwareItem): void {
    const key = JSON.stringify([
      item.vendor,
      item.name,
      item.version,
      item.cpe,
      item.purl,
      item.displayName,
      item.publisher,
      item.edition,
      item.source,
      item.arch,
    ]);
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.items.push(item);
    }
  }
}

/**
 * Adds findings, one per (vulnerability, package, installed version, purl): the same vulnerable
 * package found in two lock files of one device is one exposure of that device.
 */
export class FindingList {
  private readonly index = new Map<string, number>();
  readonly items: ScannerFinding[] = [];

  static key(f: Pick<ScannerFinding, 'vulnerabilityId' | 'packageName' | 'installedVersion' | 'purl'>): string {
    return JSON.stringify([f.vulnerabilityId, f.packageName, f.installedVersion, f.purl ?? '']);
  }

  add(f: ScannerFinding): void {
    const key = FindingList.key(f);
    const at = this.index.get(key);
    if (at === undefined) {
      this.index.set(key, this.items.length);
      this.items.push(f);
      return;
    }
    const prev = this.items[at];
    const aliases = [...new Set([...prev.aliases, ...f.aliases])].slice(0, 100);
    this.items[at] = { ...prev, aliases };
  }
}

const SEVERITY_MAP: Record<string, ScannerFinding['severity']> = {
  critical: 'Critical',
  high: 'High',
  important: 'High',
  medium: 'Medium',
  moderate: 'Medium',
  low: 'Low',
  negligible: 'Low',
  info: 'Informational',
  informational: 'Informational',
  none: 'Informational',
  unknown: 'Unknown',
};

/** Scanner severity words (Trivy CRITICAL, Grype Negligible, CycloneDX info/none) → our scale. */
export function mapSeverity(s: unknown): ScannerFinding['severity'] {
  const k = typeof s === 'string' ? s.trim().toLowerCase() : '';
  return SEVERITY_MAP[k] ?? 'Unknown';
}

/** CVSS base score → qualitative severity (CVSS v3/v4 bands); a scanner finding has no "None". */
export function severityFromScore(score: number): ScannerFinding['severity'] {
  const band = cvssSeverity(score);
  return band === 'None' ? 'Informational' : band;
}

export function cvssScore(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

export function isCveId(id: string): boolean {
  return /^CVE-\d{4}-\d{4,}$/i.test(id);
}

const LINUX_FAMILIES = new Set([
  'alpine',
  'alma',
  'almalinux',
  'amazon',
  'amzn',
  'arch',
  'azurelinux',
  'bottlerocket',
  'cbl-mariner',
  'centos',
  'chainguard',
  'debian',
  'echo',
  'fedora',
  'gentoo',
  'linux',
  'mariner',
  'minimos',
  'opensuse',
  'opensuse-leap',
  'opensuse-tumbleweed',
  'opensuse.leap',
  'opensuse.tumbleweed',
  'ol',
  'oracle',
  'photon',
  'redhat',
  'rhel',
  'rocky',
  'sles',
  'suse',
  'suse linux enterprise server',
  'ubuntu',
  'wolfi',
]);

/** An OS family/distro name → the device's osPlatform ("Linux", "Windows", "macOS") or undefined. */
export function osPlatformOf(family: string | undefined): string | undefined {
  const f = (family ?? '').trim().toLowerCase();
  if (!f) {
    return undefined;
  }
  if (LINUX_FAMILIES.has(f) || f.includes('linux')) {
    return 'Linux';
  }
  if (f.startsWith('windows')) {
    return 'Windows';
  }
  if (f === 'darwin' || f === 'macos' || f === 'mac os x' || f === 'osx') {
    return 'macOS';
  }
  return undefined;
}

/** A parsable date → ISO-8601 UTC, else undefined. */
export function isoDate(v: unknown): string | undefined {
  let d: Date | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) {
    d = new Date(v > 1e12 ? v : v * 1000);
  } else if (typeof v === 'string' && v.trim()) {
    const t = v.trim();
    d = /^\d+$/.test(t) ? new Date(Number(t) * 1000) : new Date(t);
  }
  if (!d || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) {
    return undefined;
  }
  return d.toISOString();
}

/** Deterministic report id: the same input for the same device always yields the same id. */
export function defaultReportId(format: string, input: unknown, deviceId: string): string {
  const h = createHash('sha256');
  h.update(`${format}\n${deviceId}\n`);
  h.update(typeof input === 'string' ? input : JSON.stringify(input));
  return `${format}-${h.digest('hex')}`;
}

export interface ParsedPurl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Parses a package URL (pkg:type/namespace/name@version?qualifiers#subpath), or null. */
export function parsePurl(purl: string): ParsedPurl | null {
  const m = /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\/+([^?#]+)(?:\?([^#]*))?(?:#.*)?$/.exec(purl.trim());
  if (!m) {
    return null;
  }
  const type = m[1].toLowerCase();
  let path = m[2].replace(/\/+$/, '');
  let version: string | undefined;
  const at = path.lastIndexOf('@');
  if (at > 0 && at > path.lastIndexOf('/')) {
    version = decode(path.slice(at + 1));
    path = path.slice(0, at);
  }
  const segs = path.split('/').map(decode);
  const name = segs.pop() ?? '';
  if (!name) {
    return null;
  }
  const qualifiers: Record<string, string> = {};
  for (const kv of (m[3] ?? '').split('&')) {
    const eq = kv.indexOf('=');
    if (eq > 0) {
      qualifiers[kv.slice(0, eq).toLowerCase()] = decode(kv.slice(eq + 1));
    }
  }
  return { type, namespace: segs.length ? segs.join('/') : undefined, name, version: version || undefined, qualifiers };
}

/**
 * The package name people use for a purl: Maven `group:artifact`, npm `@scope/name`, Go/Composer
 * `namespace/name`; OS packages (deb, rpm, apk) just the name (their namespace is the distro).
 */
export function purlPackageName(p: ParsedPurl): string {
  if (!p.namespace) {
    return p.name;
  }
  switch (p.type) {
    case 'maven':
      return `${p.namespace}:${p.name}`;
    case 'deb':
    case 'rpm':
    case 'apk':
    case 'alpm':
    case 'qpkg':
    case 'pypi':
    case 'gem':
    case 'nuget':
    case 'cargo':
    case 'hex':
    case 'pub':
    case 'conda':
    case 'generic':
      return p.name;
    default:
      return `${p.namespace}/${p.name}`;
  }
}

/** The installed version a purl carries, with the epoch qualifier put back for OS packages. */
export function purlVersion(p: ParsedPurl): string | undefined {
  if (!p.version) {
    return undefined;
  }
  const epoch = p.qualifiers.epoch;
  if (epoch && epoch !== '0' && (p.type === 'rpm' || p.type === 'deb') && !/^\d+:/.test(p.version)) {
    return `${epoch}:${p.version}`;
  }
  return p.version;
}

/** CPE 2.2 URI (`cpe:/a:vendor:product:version`) → 2.3 formatted string; 2.3 strings pass through. */
export function toCpe23(cpe: string | undefined): string | undefined {
  const c = (cpe ?? '').trim();
  if (/^cpe:2\.3:[aoh]:/i.test(c)) {
    return c.length <= 1024 ? c : undefined;
  }
  const m = /^cpe:\/([aoh]):(.*)$/i.exec(c);
  if (!m) {
    return undefined;
  }
  const esc = (p: string | undefined) => {
    const v = decode(p ?? '');
    if (v === '' || v === '*') {
      return '*';
    }
    if (v === '-') {
      return '-';
    }
    return v.replace(/[^A-Za-z0-9_.\-]/g, (ch) => `\\${ch}`);
  };
  const [vendor, product, version, update, edition, language] = m[2].split(':');
  // A packed 2.2 edition: ~edition~sw_edition~target_sw~target_hw~other.
  const packed = edition?.startsWith('~') ? edition.slice(1).split('~') : [edition];
  const out = [
    'cpe',
    '2.3',
    m[1].toLowerCase(),
    esc(vendor),
    esc(product),
    esc(version),
    esc(update),
    esc(packed[0]),
    esc(language),
    esc(packed[1]),
    esc(packed[2]),
    esc(packed[3]),
    esc(packed[4]),
  ];
  return out.join(':');
}

/** Adds the `CVSS:x.y/` prefix a bare CVSS v3/v4 vector leaves implicit (CycloneDX ratings often do). */
export function prefixVector(
  vector: string | undefined,
  version: '3.0' | '3.1' | '4.0' | '2.0' | undefined
): string | undefined {
  const v = vector?.trim();
  if (!v) {
    return undefined;
  }
  if (/^CVSS:/i.test(v) || !version || version === '2.0') {
    return v;
  }
  return `CVSS:${version}/${v}`;
}

/** What a scanner report says of the artifact it scanned (an image, a directory, a host). */
export interface ScannedArtifact {
  /** The scanner's name for it (Trivy ArtifactName, Grype source.target): the default device id. */
  target?: string;
  /** OS family or distro name ("debian", "alpine"), for the platform. */
  osFamily?: string;
  /** Its version text ("10.1"). */
  osRelease?: string;
  architecture?: string;
  scannedAt?: string;
}

/** The device report of one scanned artifact, as Trivy and Grype imports build it. */
export function scannedArtifactReport(
  format: 'trivy' | 'grype',
  input: unknown,
  opts: ImportOptions,
  artifact: ScannedArtifact,
  software: SoftwareItem[],
  findings: ScannerFinding[],
  missingTargetHint: string
): DeviceReport {
  const deviceId = opts.deviceId ?? opts.deviceName ?? artifact.target;
  if (!deviceId) {
    throw new ImportFormatError(`no device id: ${missingTargetHint}; pass deviceId (or deviceName)`);
  }
  const report: DeviceReport = {
    reportId: opts.reportId ?? defaultReportId(format, input, deviceId),
    id: deviceId,
    machineTags: [],
    software,
    findings,
  };
  const name = clip(opts.deviceName ?? artifact.target, 253);
  if (name) {
    report.computerDnsName = name;
  }
  const platform = opts.osPlatform ?? osPlatformOf(artifact.osFamily);
  if (platform) {
    report.osPlatform = platform;
  }
  const osVersion = clip([artifact.osFamily, artifact.osRelease].filter(Boolean).join(' '), 128);
  if (osVersion) {
    report.osVersion = osVersion;
  }
  const arch = clip(artifact.architecture, 32);
  if (arch) {
    report.osArchitecture = arch;
  }
  if (artifact.scannedAt) {
    report.lastSeen = artifact.scannedAt;
  }
  if (opts.rbacGroupName) {
    report.rbacGroupName = opts.rbacGroupName;
  }
  return report;
}
