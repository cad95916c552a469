import type { DeviceReport, ScannerFinding, SoftwareItem } from '../deviceReport';
import {
  clip,
  cvssScore,
  defaultReportId,
  ImportFormatError,
  type ImportOptions,
  isCveId,
  isObject,
  isoDate,
  type JsonObject,
  mapSeverity,
  optionalArray,
  osPlatformOf,
  parsePurl,
  prefixVector,
  purlPackageName,
  purlVersion,
  severityFromScore,
  SoftwareList,
  str,
  toCpe23,
  usableVersion,
} from './common';

/**
 * CycloneDX 1.2–1.7 JSON BOM (SBOM, VEX or a scanner's BOM with `vulnerabilities[]`) → a device report.
 *
 * Software: every component, nested ones included, except those that are not installed software
 * (operating-system → the report's OS, container, device, file, data, ML model, crypto asset) and
 * Trivy's lock-file/target grouping components. Name and version from the purl when there is one
 * (Maven `group:artifact`, npm `@scope/name`), else group + name; `cpe` when present (2.2 URIs
 * converted). Identical items (the same package at several paths) are listed once. The BOM's subject
 * (`metadata.component`) names the device and is not itself listed.
 *
 * Findings (scanner 'cyclonedx'): one per (vulnerability, affected component). Severity, score and
 * vector come from the rating with the newest CVSS method (v4 > v3.1 > v3 > v2; NVD first among
 * equals). `analysis.state` not_affected / false_positive / resolved / resolved_with_pedigree marks
 * the finding suppressed (resolved: remediated in the component the BOM describes). When
 * `affects[].versions` lists the component's version, that status (affected/unaffected) decides; when
 * several statements cover one vulnerability and component, an explicit version statement wins over a
 * general one, and an active statement wins over a suppressing one.
 */

const NOT_SOFTWARE_TYPES = new Set([
  'operating-system',
  'container',
  'device',
  'file',
  'data',
  'machine-learning-model',
  'cryptographic-asset',
]);

const SUPPRESSING_STATES = new Set(['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']);

const METHOD_RANK: Record<string, { rank: number; version: '4.0' | '3.1' | '3.0' | '2.0' }> = {
  cvssv4: { rank: 0, version: '4.0' },
  cvssv31: { rank: 1, version: '3.1' },
  cvssv3: { rank: 2, version: '3.0' },
  cvssv2: { rank: 3, version: '2.0' },
};

interface ComponentRef {
  name: string;
  version: string;
  purl?: string;
}

interface Candidate {
  key: string;
  finding: ScannerFinding;
  /** The affects entry listed the installed version explicitly. */
  explicit: boolean;
}

// ----- versions (for VEX `affects[].versions`) -----------------------------------------------

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-_+~:]/);
  const pb = b.split(/[.\-_+~:]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) {
        return d < 0 ? -1 : 1;
      }
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** Whether a version is inside a `vers:` range such as `vers:generic/>=2.9|<=4.1`. */
export function inVersRange(version: string, range: string): boolean {
  const m = /^vers:[^/]+\/(.*)$/.exec(range.trim());
  if (!m) {
    return false;
  }
  const body = m[1].trim();
  if (body === '*') {
    return true;
  }
  let lower: { v: string; incl: boolean } | null = null;
  const hit = (lo: typeof lower, hi: { v: string; incl: boolean } | null) => {
    if (lo) {
      const c = compareVersions(version, lo.v);
      if (c < 0 || (c === 0 && !lo.incl)) {
        return false;
      }
    }
    if (hi) {
      const c = compareVersions(version, hi.v);
      if (c > 0 || (c === 0 && !hi.incl)) {
        return false;
      }
    }
    return true;
  };
  for (const raw of body.split('|')) {
    const c = decodeURIComponent(raw.trim());
    const op = /^(>=|<=|!=|>|<|=)?(.*)$/.exec(c)!;
    const v = op[2].trim();
    switch (op[1]) {
      case '>=':
      case '>':
        if (lower && hit(lower, null)) {
          return true;
        }
        lower = { v, incl: op[1] === '>=' };
        break;
      case '<=':
      case '<':
        if (hit(lower, { v, incl: op[1] === '<=' })) {
          return true;
        }
        lower = null;
        break;
      case '!=':
        if (compareVersions(version, v) === 0) {
          return false;
        }
        break;
      default:
        if (compareVersions(version, v) === 0) {
          return true;
        }
    }
  }
  return lower !== null && hit(lower, null);
}

/** The status `affects[].versions` gives the installed version, or null when it does not list it. */
function listedStatus(version: string, versions: unknown): string | null {
  if (!version || !Array.isArray(versions)) {
    return null;
  }
  for (const e of versions) {
    if (!isObject(e)) {
      continue;
    }
    const status = str(e.status) ?? 'affected';
    const exact = str(e.version);
    if (exact !== undefined && compareVersions(exact, version) === 0) {
      return status;
    }
    const range = str(e.range);
    if (range && inVersRange(version, range)) {
      return status;
    }
  }
  return null;
}

// ----- ratings, ids, fixes --------------------------------------------------------------------

interface RatingPick {
  severity: ScannerFinding['severity'];
  score?: number;
  vector?: string;
}

export function pickRating(ratings: unknown, advisorySource: string | undefined): RatingPick {
  const list = Array.isArray(ratings) ? ratings.filter(isObject) : [];
  const sourceName = (r: JsonObject) => (isObject(r.source) ? (str(r.source.name) ?? '') : '').toLowerCase();
  const cvss = list
    .map((r, i) => ({ r, i, m: METHOD_RANK[(str(r.method) ?? '').toLowerCase()] }))
    .filter((x) => x.m !== undefined)
    .sort(
      (a, b) =>
        a.m.rank - b.m.rank || Number(sourceName(b.r) === 'nvd') - Number(sourceName(a.r) === 'nvd') || a.i - b.i
    );
  if (cvss.length) {
    const { r, m } = cvss[0];
    const score = cvssScore(r.score);
    const sev = mapSeverity(r.severity);
    return {
      severity: sev !== 'Unknown' ? sev : score !== undefined ? severityFromScore(score) : 'Unknown',
      score,
      vector: clip(prefixVector(str(r.vector), m.version), 256),
    };
  }
  // No CVSS rating: the advisory source's own severity, else the first severity given.
  const withSeverity = list.filter((r) => mapSeverity(r.severity) !== 'Unknown');
  const own = advisorySource ? withSeverity.find((r) => sourceName(r) === advisorySource.toLowerCase()) : undefined;
  const chosen = own ?? withSeverity[0];
  return { severity: chosen ? mapSeverity(chosen.severity) : 'Unknown' };
}

/** "Upgrade jquery to version 3.4.0" / "... to version 2.6.7.4, 2.9.10.7 or higher." → the version list. */
export function fixedVersionFromRecommendation(text: string | undefined): string | undefined {
  if (!text) {
    return undefined;
  }
  const m =
    /\b(?:upgrade|update)\b.*?\bto (?:the )?(?:fixed )?versions? ([^\s,]+(?:\s*,\s*[^\s,]+)*(?:\s*(?:,|or|and)\s*[^\s,]+)?)/i.exec(
      text
    );
  if (!m) {
    return undefined;
  }
  const list = m[1]
    .replace(/\s+or (?:higher|later|above|newer)\b.*$/i, '')
    .split(/\s*(?:,|\bor\b|\band\b)\s*/)
    .map((v) => v.trim().replace(/[.;]+$/, ''))
    .filter((v) => /^v?\d[\w.\-+~:]*$/.test(v));
  return list.length ? list.join(', ') : undefined;
}

function chooseId(v: JsonObject, where: string): { id: string; aliases: string[] } {
  const original = str(v.id);
  if (!original) {
    throw new ImportFormatError('id missing', where);
  }
  const refIds = (Array.isArray(v.references) ? v.references : [])
    .map((r) => (isObject(r) ? str(r.id) : undefined))
    .filter((x): x is string => !!x);
  const id = isCveId(original) ? original : (refIds.find(isCveId) ?? original);
  const aliases = [...new Set([original, ...refIds].filter((x) => x !== id && x.length <= 128))].slice(0, 100);
  return { id, aliases };
}

// ----- components -----------------------------------------------------------------------------

function componentName(c: JsonObject, where: string): string {
  const name = str(c.name);
  if (!name) {
    throw new ImportFormatError('name missing', where);
  }
  return name;
}

function hasTrivyGroupingProperty(c: JsonObject): boolean {
  return (
    Array.isArray(c.properties) && c.properties.some((p) => isObject(p) && str(p.name) === 'aquasecurity:trivy:Class')
  );
}

function toRef(c: JsonObject, where: string): ComponentRef {
  const rawName = componentName(c, where);
  const purl = str(c.purl);
  const parsed = purl ? parsePurl(purl) : null;
  const group = str(c.group);
  const name = parsed
    ? purlPackageName(parsed)
    : group
      ? `${group}${group.startsWith('@') || !group.includes('.') ? '/' : ':'}${rawName}`
      : rawName;
  return {
    name,
    version: str(c.version) ?? (parsed ? purlVersion(parsed) : undefined) ?? '',
    purl: purl && purl.startsWith('pkg:') && purl.length <= 2048 ? purl : undefined,
  };
}

export function cyclonedxToDeviceReport(input: unknown, opts: ImportOptions = {}): DeviceReport {
  if (!isObject(input)) {
    throw new ImportFormatError('CycloneDX BOM must be a JSON object');
  }
  if (input.bomFormat !== 'CycloneDX') {
    // Every CycloneDX JSON document carries it (required by the 1.2-1.7 schemas).
    throw new ImportFormatError(
      input.bomFormat === undefined
        ? 'not a CycloneDX BOM: bomFormat "CycloneDX" is missing'
        : `bomFormat is ${JSON.stringify(input.bomFormat)}, expected "CycloneDX"`,
      'bomFormat'
    );
  }
  const spec = str(input.specVersion);
  if (spec && !/^1\.\d+$/.test(spec)) {
    throw new ImportFormatError(`specVersion ${spec} is not supported (CycloneDX 1.x)`, 'specVersion');
  }

  const refs = new Map<string, ComponentRef>();
  const software = new SoftwareList();
  let osComponent: JsonObject | undefined;

  const visit = (list: unknown[], path: string, listSoftware: boolean) => {
    list.forEach((c, i) => {
      const where = `${path}[${i}]`;
      if (!isObject(c)) {
        throw new ImportFormatError('must be an object', where);
      }
      const ref = toRef(c, where);
      const bomRef = str(c['bom-ref']);
      if (bomRef) {
        refs.set(bomRef, ref);
      }
      const type = (str(c.type) ?? '').toLowerCase();
      if (type === 'operating-system') {
        osComponent ??= c;
      }
      const grouping = type === 'application' && !ref.purl && !c.cpe && hasTrivyGroupingProperty(c);
      if (listSoftware && !NOT_SOFTWARE_TYPES.has(type) && !grouping) {
        const version = usableVersion(ref.version);
        if (version === null) {
          opts.onWarning?.(`${where}: version of "${ref.name}" is not a usable version string; component left out`);
        } else {
          const item: SoftwareItem = { name: clip(ref.name, 512)!, version, source: 'cyclonedx' };
          if (ref.purl) {
            item.purl = ref.purl;
          }
          const cpe = toCpe23(str(c.cpe));
          if (cpe) {
            item.cpe = cpe;
          }
          const publisher = clip(str(c.publisher) ?? (isObject(c.supplier) ? str(c.supplier.name) : undefined), 512);
          if (publisher) {
            item.publisher = publisher;
          }
          software.add(item);
        }
      }
      visit(optionalArray(c.components, `${where}.components`), `${where}.components`, listSoftware);
    });
  };

  const metadata = isObject(input.metadata) ? input.metadata : {};
  const subject = isObject(metadata.component) ? metadata.component : undefined;
  let subjectRef: ComponentRef | undefined;
  let subjectBomRef: string | undefined;
  if (subject) {
    subjectRef = toRef(subject, 'metadata.component');
    subjectBomRef = str(subject['bom-ref']);
    if (subjectBomRef) {
      refs.set(subjectBomRef, subjectRef);
    }
    if ((str(subject.type) ?? '').toLowerCase() === 'operating-system') {
      osComponent = subject;
    }
    visit(optionalArray(subject.components, 'metadata.component.components'), 'metadata.component.components', true);
  }
  visit(optionalArray(input.components, 'components'), 'components', true);

  const resolve = (ref: string): ComponentRef => {
    const direct = refs.get(ref);
    if (direct) {
      return direct;
    }
    // BOM-Link to another BOM: urn:cdx:<serial>/<version>#<bom-ref>
    const hash = ref.indexOf('#');
    const local = hash >= 0 ? decodeURIComponent(ref.slice(hash + 1)) : ref;
    const viaLocal = refs.get(local);
    if (viaLocal) {
      return viaLocal;
    }
    const p = local.startsWith('pkg:') ? parsePurl(local) : null;
    if (p) {
      return {
        name: purlPackageName(p),
        version: purlVersion(p) ?? '',
        purl: local.length <= 2048 ? local.split('#')[0] : undefined,
      };
    }
    return { name: local || ref, version: '' };
  };

  const candidates: Candidate[] = [];
  optionalArray(input.vulnerabilities, 'vulnerabilities').forEach((v, vi) => {
    const where = `vulnerabilities[${vi}]`;
    if (!isObject(v)) {
      throw new ImportFormatError('must be an object', where);
    }
    const { id, aliases } = chooseId(v, where);
    const advisory = isObject(v.source) ? str(v.source.name) : undefined;
    const rating = pickRating(v.ratings, advisory);
    const analysis = isObject(v.analysis) ? v.analysis : {};
    const state = (str(analysis.state) ?? '').toLowerCase();
    const fixed = fixedVersionFromRecommendation(str(v.recommendation));
    const title = clip(str(v.description) ?? str(v.detail), 4096);

    let affects = optionalArray(v.affects, `${where}.affects`);
    if (!affects.length) {
      if (!subjectRef) {
        opts.onWarning?.(`${where}: ${id} names no affected component and the BOM has no metadata.component; left out`);
        return;
      }
      affects = [{ ref: subjectBomRef ?? '#metadata.component' }];
    }
    affects.forEach((a, ai) => {
      const aWhere = `${where}.affects[${ai}]`;
      if (!isObject(a)) {
        throw new ImportFormatError('must be an object', aWhere);
      }
      const refStr = str(a.ref);
      if (!refStr) {
        throw new ImportFormatError('ref missing', aWhere);
      }
      const comp = refStr === '#metadata.component' && subjectRef ? subjectRef : resolve(refStr);
      const listed = listedStatus(comp.version, a.versions);
      const suppressed = listed !== null ? listed === 'unaffected' : SUPPRESSING_STATES.has(state);
      const finding: ScannerFinding = {
        scanner: 'cyclonedx',
        vulnerabilityId: clip(id, 128)!,
        aliases,
        packageName: clip(comp.name, 512)!,
        installedVersion: clip(comp.version, 128) ?? '',
        severity: rating.severity,
        suppressed,
      };
      if (fixed) {
        finding.fixedVersion = clip(fixed, 1024);
      }
      if (comp.purl) {
        finding.purl = comp.purl;
      }
      if (rating.score !== undefined) {
        finding.cvssScore = rating.score;
      }
      if (rating.vector) {
        finding.cvssVector = rating.vector;
      }
      if (title) {
        finding.title = title;
      }
      candidates.push({
        key: JSON.stringify([
          finding.vulnerabilityId,
          finding.packageName,
          finding.installedVersion,
          finding.purl ?? '',
        ]),
        finding,
        explicit: listed !== null,
      });
    });
  });

  // One finding per (vulnerability, component): explicit version statements over general ones,
  // then an active statement over a suppressing one.
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byKey.get(c.key);
    if (list) {
      list.push(c);
    } else {
      byKey.set(c.key, [c]);
    }
  }
  const findings: ScannerFinding[] = [];
  for (const list of byKey.values()) {
    const pool = list.some((c) => c.explicit) ? list.filter((c) => c.explicit) : list;
    const chosen = pool.find((c) => !c.finding.suppressed) ?? pool[0];
    const aliases = [...new Set(list.flatMap((c) => c.finding.aliases))].slice(0, 100);
    findings.push({ ...chosen.finding, aliases });
  }

  const subjectName = subjectRef?.name;
  const deviceId = opts.deviceId ?? opts.deviceName ?? subjectName ?? str(input.serialNumber);
  if (!deviceId) {
    throw new ImportFormatError(
      'no device id: the BOM has no metadata.component or serialNumber; pass deviceId (or deviceName)'
    );
  }
  const report: DeviceReport = {
    reportId: opts.reportId ?? defaultReportId('cyclonedx', input, deviceId),
    id: deviceId,
    machineTags: [],
    software: software.items,
  };
  if (candidates.length || Array.isArray(input.vulnerabilities)) {
    report.findings = findings;
  }
  const name = clip(opts.deviceName ?? subjectName, 253);
  if (name) {
    report.computerDnsName = name;
  }
  if (osComponent) {
    const osName = str(osComponent.name);
    const osVer = str(osComponent.version);
    const platform = osPlatformOf(osName);
    if (platform) {
      report.osPlatform = platform;
    }
    const osVersion = clip([osName, osVer].filter(Boolean).join(' '), 128);
    if (osVersion) {
      report.osVersion = osVersion;
    }
  }
  if (opts.osPlatform) {
    report.osPlatform = opts.osPlatform;
  }
  const ts = isoDate(metadata.timestamp);
  if (ts) {
    report.lastSeen = ts;
  }
  if (opts.rbacGroupName) {
    report.rbacGroupName = opts.rbacGroupName;
  }
  return report;
}
