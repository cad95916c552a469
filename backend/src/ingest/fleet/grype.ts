import type { DeviceReport, ScannerFinding, SoftwareItem } from '../deviceReport';
import {
  clip,
  cvssScore,
  FindingList,
  ImportFormatError,
  type ImportOptions,
  isCveId,
  isObject,
  isoDate,
  type JsonObject,
  mapSeverity,
  requireString,
  SoftwareList,
  str,
  toCpe23,
  usableVersion,
  scannedArtifactReport,
} from './common';

/**
 * Grype JSON → a device report: one ScannerFinding per match (scanner 'grype'), software from the
 * matched artifacts. `ignoredMatches` (matches an ignore rule or VEX statement dismissed) are kept as
 * suppressed findings. The finding is keyed on the CVE when Grype reports a GHSA/distro advisory
 * with a related CVE; the advisory id stays in `aliases`.
 */

interface CvssEntry {
  source: string;
  version: string;
  vector?: string;
  score?: number;
}

function cvssEntries(v: unknown): CvssEntry[] {
  if (!Array.isArray(v)) {
    return [];
  }
  const out: CvssEntry[] = [];
  for (const c of v) {
    if (!isObject(c)) {
      continue;
    }
    const metrics = isObject(c.metrics) ? c.metrics : {};
    const vector = str(c.vector);
    const version = str(c.version) ?? (vector ? (/^CVSS:(\d\.\d)/.exec(vector)?.[1] ?? '2.0') : '');
    const score = cvssScore(metrics.baseScore);
    if (score === undefined && !vector) {
      continue;
    }
    out.push({ source: (str(c.source) ?? '').toLowerCase(), version, vector, score });
  }
  return out;
}

/** Rank: NVD v3.x (3.1 over 3.0), then any other v3.x, then v4.0, then v2 (NVD first within each). */
function cvssRank(c: CvssEntry): number {
  const other = c.source.includes('nvd') ? 0 : 1;
  if (c.version.startsWith('3')) {
    return other * 2 + (c.version === '3.1' ? 0 : 1);
  }
  if (c.version.startsWith('4')) {
    return 4 + other;
  }
  if (c.version.startsWith('2')) {
    return 6 + other;
  }
  return 8;
}

export function pickGrypeCvss(entries: CvssEntry[]): CvssEntry | undefined {
  return [...entries].sort((a, b) => cvssRank(a) - cvssRank(b))[0];
}

function artifactCpe(cpes: unknown): string | undefined {
  if (!Array.isArray(cpes)) {
    return undefined;
  }
  for (const c of cpes) {
    const raw = typeof c === 'string' ? c : isObject(c) ? str(c.cpe) : undefined;
    const cpe = toCpe23(raw);
    if (cpe) {
      return cpe;
    }
  }
  return undefined;
}

function matchToFinding(
  m: unknown,
  where: string,
  suppressed: boolean
): { finding: ScannerFinding; artifact: JsonObject } {
  if (!isObject(m)) {
    throw new ImportFormatError('must be an object', where);
  }
  const vuln = m.vulnerability;
  if (!isObject(vuln)) {
    throw new ImportFormatError('vulnerability missing', where);
  }
  const artifact = m.artifact;
  if (!isObject(artifact)) {
    throw new ImportFormatError('artifact missing', where);
  }
  const originalId = requireString(vuln.id, `${where}.vulnerability`, 'id');
  const pkgName = requireString(artifact.name, `${where}.artifact`, 'name');
  const related = (Array.isArray(m.relatedVulnerabilities) ? m.relatedVulnerabilities : []).filter(isObject);
  const relatedIds = related.map((r) => str(r.id)).filter((x): x is string => !!x);

  let id = originalId;
  if (!isCveId(originalId)) {
    const cve = relatedIds.find(isCveId);
    if (cve) {
      id = cve;
    }
  }
  const aliases = [...new Set([originalId, ...relatedIds].filter((x) => x !== id && x.length <= 128))].slice(0, 100);

  // The chosen record's own CVSS first, then the related records' (NVD data usually sits on the CVE).
  const candidates = [...cvssEntries(vuln.cvss), ...related.flatMap((r) => cvssEntries(r.cvss))];
  const cvss = pickGrypeCvss(candidates);

  const fix = isObject(vuln.fix) ? vuln.fix : {};
  const details = Array.isArray(m.matchDetails) ? m.matchDetails.filter(isObject) : [];
  const suggested = details.map((d) => (isObject(d.fix) ? str(d.fix.suggestedVersion) : undefined)).find(Boolean);
  const versions = Array.isArray(fix.versions) ? fix.versions.map((x) => str(x)).filter(Boolean) : [];
  const fixedVersion = suggested ?? versions[0];

  const severity = mapSeverity(vuln.severity);
  const finding: ScannerFinding = {
    scanner: 'grype',
    vulnerabilityId: clip(id, 128)!,
    aliases,
    packageName: clip(pkgName, 512)!,
    installedVersion: clip(str(artifact.version), 128) ?? '',
    severity,
    suppressed,
  };
  if (fixedVersion) {
    finding.fixedVersion = clip(fixedVersion, 1024);
  }
  const purl = str(artifact.purl);
  if (purl && purl.startsWith('pkg:') && purl.length <= 2048) {
    finding.purl = purl;
  }
  if (cvss?.score !== undefined) {
    finding.cvssScore = cvss.score;
  }
  if (cvss?.vector) {
    finding.cvssVector = clip(cvss.vector, 256);
  }
  const title = clip(str(vuln.description) ?? related.map((r) => str(r.description)).find(Boolean), 4096);
  if (title) {
    finding.title = title;
  }
  return { finding, artifact };
}

function artifactToSoftware(a: JsonObject, name: string): SoftwareItem {
  const item: SoftwareItem = { name: clip(name, 512)!, version: str(a.version) ?? '', source: 'grype' };
  const purl = str(a.purl);
  if (purl && purl.startsWith('pkg:') && purl.length <= 2048) {
    item.purl = purl;
  }
  const cpe = artifactCpe(a.cpes);
  if (cpe) {
    item.cpe = cpe;
  }
  const meta = isObject(a.metadata) ? a.metadata : {};
  const arch = clip(str(meta.architecture) ?? str(meta.arch), 64);
  if (arch) {
    item.arch = arch;
  }
  return item;
}

function sourceTarget(source: unknown): string | undefined {
  if (!isObject(source)) {
    return undefined;
  }
  const t = source.target;
  if (typeof t === 'string') {
    return str(t);
  }
  if (isObject(t)) {
    return str(t.userInput) ?? str(t.path) ?? str(t.name) ?? str(t.imageID);
  }
  return undefined;
}

export function grypeToDeviceReport(input: unknown, opts: ImportOptions = {}): DeviceReport {
  if (!isObject(input)) {
    throw new ImportFormatError('Grype report must be a JSON object');
  }
  if (!Array.isArray(input.matches)) {
    throw new ImportFormatError('must be an array', 'matches');
  }
  const software = new SoftwareList();
  const seenArtifacts = new Set<string>();
  const findings = new FindingList();

  const take = (list: unknown[], field: string, suppressed: boolean) => {
    list.forEach((m, i) => {
      const where = `${field}[${i}]`;
      const { finding, artifact } = matchToFinding(m, where, suppressed);
      findings.add(finding);
      const key = str(artifact.id) ?? JSON.stringify([artifact.name, artifact.version, artifact.purl]);
      if (seenArtifacts.has(key)) {
        return;
      }
      seenArtifacts.add(key);
      const item = artifactToSoftware(artifact, finding.packageName);
      const v = usableVersion(item.version);
      if (v === null) {
        opts.onWarning?.(
          `${where}.artifact: version of "${item.name}" is not a usable version string; left out of the software list`
        );
        return;
      }
      software.add({ ...item, version: v });
    });
  };
  take(input.matches, 'matches', false);
  if (input.ignoredMatches !== undefined && input.ignoredMatches !== null) {
    if (!Array.isArray(input.ignoredMatches)) {
      throw new ImportFormatError('must be an array', 'ignoredMatches');
    }
    take(input.ignoredMatches, 'ignoredMatches', true);
  }

  const distro = isObject(input.distro) ? input.distro : undefined;
  const descriptor = isObject(input.descriptor) ? input.descriptor : {};
  return scannedArtifactReport(
    'grype',
    input,
    opts,
    {
      target: sourceTarget(input.source),
      osFamily: distro ? str(distro.name) : undefined,
      osRelease: distro ? str(distro.version) : undefined,
      scannedAt: isoDate(descriptor.timestamp),
    },
    software.items,
    findings.items,
    'source.target is missing'
  );
}
