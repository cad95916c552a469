import type { DeviceReport, ScannerFinding, SoftwareItem } from '../deviceReport';
import {
  clip,
  cvssScore,
  FindingList,
  ImportFormatError,
  type ImportOptions,
  isObject,
  isoDate,
  type JsonObject,
  mapSeverity,
  optionalArray,
  requireString,
  SoftwareList,
  str,
  usableVersion,
  scannedArtifactReport,
} from './common';

/**
 * Trivy JSON (SchemaVersion 2) → a device report. Findings are Trivy's own, taken as they are
 * (scanner 'trivy'); the software list is each result's `Packages` when Trivy listed them
 * (`--list-all-pkgs`), else the packages its vulnerabilities name. Trivy's CycloneDX output is a
 * CycloneDX BOM and goes through cyclonedx.ts.
 */

/** CVSS sources in order of preference after NVD: the vendor/advisory that also publishes vectors. */
const CVSS_SOURCE_ORDER = ['nvd', 'ghsa', 'redhat'];

interface CvssPick {
  score?: number;
  vector?: string;
}

/** NVD's v3 score, else another source's v3, else a v4.0, else a v2 (NVD first at each step). */
export function pickTrivyCvss(cvss: unknown): CvssPick {
  if (!isObject(cvss)) {
    return {};
  }
  const sources = Object.keys(cvss).sort((a, b) => {
    const ia = CVSS_SOURCE_ORDER.indexOf(a);
    const ib = CVSS_SOURCE_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  for (const [scoreKey, vectorKey] of [
    ['V3Score', 'V3Vector'],
    ['V40Score', 'V40Vector'],
    ['V2Score', 'V2Vector'],
  ] as const) {
    for (const s of sources) {
      const entry = cvss[s];
      if (!isObject(entry)) {
        continue;
      }
      const score = cvssScore(entry[scoreKey]);
      const vector = str(entry[vectorKey]);
      if (score !== undefined || vector) {
        return { score, vector: clip(vector, 256) };
      }
    }
  }
  return {};
}

function packageVersion(p: JsonObject): string {
  const version = str(p.Version) ?? '';
  const release = str(p.Release);
  const epoch = typeof p.Epoch === 'number' ? p.Epoch : Number(str(p.Epoch) ?? 0);
  const e = epoch && Number.isFinite(epoch) && epoch > 0 ? `${epoch}:` : '';
  return `${e}${version}${release ? `-${release}` : ''}`;
}

function identifierPurl(v: unknown): string | undefined {
  if (!isObject(v)) {
    return undefined;
  }
  const purl = str(v.PURL);
  return purl && purl.startsWith('pkg:') && purl.length <= 2048 ? purl : undefined;
}

export function trivyToDeviceReport(input: unknown, opts: ImportOptions = {}): DeviceReport {
  if (Array.isArray(input)) {
    throw new ImportFormatError(
      'a bare array is Trivy SchemaVersion 1 output; only SchemaVersion 2 is supported (current Trivy)'
    );
  }
  if (!isObject(input)) {
    throw new ImportFormatError('Trivy report must be a JSON object');
  }
  if (input.SchemaVersion === undefined && input.ArtifactName === undefined && input.Results === undefined) {
    throw new ImportFormatError(
      'not a Trivy JSON report: SchemaVersion, ArtifactName and Results are all missing',
      'SchemaVersion'
    );
  }
  if (input.SchemaVersion !== undefined && input.SchemaVersion !== 2) {
    throw new ImportFormatError(
      `SchemaVersion ${JSON.stringify(input.SchemaVersion)} is not supported (expected 2)`,
      'SchemaVersion'
    );
  }
  const results = optionalArray(input.Results, 'Results');
  const software = new SoftwareList();
  const findings = new FindingList();

  const addSoftware = (item: SoftwareItem, where: string) => {
    const v = usableVersion(item.version);
    if (v === null) {
      opts.onWarning?.(
        `${where}: version of "${item.name}" is not a usable version string; package left out of the software list`
      );
      return;
    }
    software.add({ ...item, version: v });
  };

  results.forEach((r, ri) => {
    const rWhere = `Results[${ri}]`;
    if (!isObject(r)) {
      throw new ImportFormatError('must be an object', rWhere);
    }
    const listed = new Set<string>();
    if (Array.isArray(r.Packages)) {
      r.Packages.forEach((p, pi) => {
        const where = `${rWhere}.Packages[${pi}]`;
        if (!isObject(p)) {
          throw new ImportFormatError('must be an object', where);
        }
        const name = requireString(p.Name, where, 'Name');
        const purl = identifierPurl(p.Identifier);
        const version = packageVersion(p);
        listed.add(purl ?? `${name}@${version}`);
        const item: SoftwareItem = { name: clip(name, 512)!, version, source: 'trivy' };
        if (purl) {
          item.purl = purl;
        }
        const arch = clip(str(p.Arch), 64);
        if (arch) {
          item.arch = arch;
        }
        addSoftware(item, where);
      });
    } else if (r.Packages !== undefined && r.Packages !== null) {
      throw new ImportFormatError('must be an array', `${rWhere}.Packages`);
    }

    optionalArray(r.Vulnerabilities, `${rWhere}.Vulnerabilities`).forEach((v, vi) => {
      const where = `${rWhere}.Vulnerabilities[${vi}]`;
      if (!isObject(v)) {
        throw new ImportFormatError('must be an object', where);
      }
      const id = requireString(v.VulnerabilityID, where, 'VulnerabilityID');
      const pkgName = requireString(v.PkgName, where, 'PkgName');
      const installed = str(v.InstalledVersion) ?? '';
      const purl = identifierPurl(v.PkgIdentifier);
      if (!listed.has(purl ?? `${pkgName}@${installed}`)) {
        listed.add(purl ?? `${pkgName}@${installed}`);
        const item: SoftwareItem = { name: clip(pkgName, 512)!, version: installed, source: 'trivy' };
        if (purl) {
          item.purl = purl;
        }
        addSoftware(item, where);
      }
      const cvss = pickTrivyCvss(v.CVSS);
      const aliases = (Array.isArray(v.VendorIDs) ? v.VendorIDs : [])
        .map((x) => str(x))
        .filter((x): x is string => !!x && x !== id && x.length <= 128);
      const finding: ScannerFinding = {
        scanner: 'trivy',
        vulnerabilityId: clip(id, 128)!,
        aliases: [...new Set(aliases)].slice(0, 100),
        packageName: clip(pkgName, 512)!,
        installedVersion: clip(installed, 128) ?? '',
        severity: mapSeverity(v.Severity),
        suppressed: str(v.Status) === 'not_affected',
      };
      const fixed = clip(str(v.FixedVersion), 1024);
      if (fixed) {
        finding.fixedVersion = fixed;
      }
      if (purl) {
        finding.purl = purl;
      }
      if (cvss.score !== undefined) {
        finding.cvssScore = cvss.score;
      }
      if (cvss.vector) {
        finding.cvssVector = cvss.vector;
      }
      const title = clip(str(v.Title) ?? str(v.Description), 4096);
      if (title) {
        finding.title = title;
      }
      findings.add(finding);
    });
  });

  const meta = isObject(input.Metadata) ? input.Metadata : {};
  const os = isObject(meta.OS) ? meta.OS : undefined;
  return scannedArtifactReport(
    'trivy',
    input,
    opts,
    {
      target: str(input.ArtifactName),
      osFamily: os ? str(os.Family) : undefined,
      osRelease: os ? str(os.Name) : undefined,
      architecture: isObject(meta.ImageConfig) ? str(meta.ImageConfig.architecture) : undefined,
      scannedAt: isoDate(input.CreatedAt),
    },
    software.items,
    findings.items,
    'the report has no ArtifactName'
  );
}
