import fs from 'fs';

import { describeWithSharedData, readSharedJson, sharedDataPath } from '../../test-support/sharedData';
import { deviceReportSchema } from '../deviceReport';
import { ImportFormatError } from './common';
import { cyclonedxToDeviceReport } from './cyclonedx';
import { pickTrivyCvss, trivyToDeviceReport } from './trivy';

interface TrivyVuln {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion: string;
  PkgIdentifier?: { PURL?: string };
}
interface TrivyPkg {
  Name: string;
  Version: string;
  Release?: string;
  Epoch?: number;
  Identifier?: { PURL?: string };
}
interface TrivyReport {
  ArtifactName: string;
  CreatedAt: string;
  Metadata?: { OS?: { Family: string; Name: string } };
  Results?: Array<{ Packages?: TrivyPkg[]; Vulnerabilities?: TrivyVuln[] }>;
}

/** Counts computed straight from the file, independently of the importer. */
function expectedCounts(doc: TrivyReport) {
  const software = new Set<string>();
  const findings = new Set<string>();
  let entries = 0;
  for (const r of doc.Results ?? []) {
    const keys = new Set<string>();
    for (const p of r.Packages ?? []) {
      const v = `${p.Epoch ? `${p.Epoch}:` : ''}${p.Version}${p.Release ? `-${p.Release}` : ''}`;
      keys.add(p.Identifier?.PURL ?? `${p.Name}@${v}`);
      software.add(`${p.Name}|${v}|${p.Identifier?.PURL ?? ''}`);
    }
    for (const v of r.Vulnerabilities ?? []) {
      entries++;
      const purl = v.PkgIdentifier?.PURL;
      if (!keys.has(purl ?? `${v.PkgName}@${v.InstalledVersion}`)) {
        software.add(`${v.PkgName}|${v.InstalledVersion}|${purl ?? ''}`);
      }
      findings.add(JSON.stringify([v.VulnerabilityID, v.PkgName, v.InstalledVersion, purl ?? '']));
    }
  }
  return { software: software.size, findings: findings.size, entries };
}

const TRIVY_DIR = 'trivy-reports';
const files = fs.existsSync(sharedDataPath(TRIVY_DIR)) ? fs.readdirSync(sharedDataPath(TRIVY_DIR)) : [];
const jsonFiles = files.filter((f) => f.endsWith('.trivy.json')).sort();
const cdxFiles = files.filter((f) => f.endsWith('.cdx-1.7.json')).sort();

/** Vulnerability entries per file, as data/README.md lists them. */
const README_VULNS: Record<string, number> = {
  'debian-buster.trivy.json': 2,
  'ubuntu-1804.trivy.json': 5,
  'alpine-310.trivy.json': 4,
  'centos-7.trivy.json': 3,
  'almalinux-8.trivy.json': 1,
  'amazon-2.trivy.json': 2,
  'distroless-base.trivy.json': 4,
  'npm.trivy.json': 1,
  'pip.trivy.json': 2,
  'pom.trivy.json': 2,
  'gomod.trivy.json': 5,
};

describeWithSharedData('Trivy JSON reports (real golden outputs)', () => {
  it('covers every Trivy JSON file', () => {
    expect(jsonFiles).toEqual(Object.keys(README_VULNS).sort());
  });

  it.each(jsonFiles)('%s ingests into a valid report with the software and findings it describes', (file) => {
    const doc = readSharedJson<TrivyReport>(TRIVY_DIR, file);
    const report = trivyToDeviceReport(doc);
    expect(() => deviceReportSchema.parse(report)).not.toThrow();
    const counts = expectedCounts(doc);
    expect(counts.entries).toBe(README_VULNS[file]);
    expect(report.software).toHaveLength(counts.software);
    expect(report.findings).toHaveLength(counts.findings);
    expect(report.findings!.every((f) => f.scanner === 'trivy' && !f.suppressed)).toBe(true);
    expect(report.id).toBe(doc.ArtifactName);
    expect(report.lastSeen).toBe(new Date(doc.CreatedAt).toISOString());
    if (doc.Metadata?.OS) {
      expect(report.osPlatform).toBe('Linux');
      expect(report.osVersion).toBe(`${doc.Metadata.OS.Family} ${doc.Metadata.OS.Name}`);
    } else {
      expect(report.osPlatform).toBeUndefined();
    }
  });

  const load = (file: string) => trivyToDeviceReport(readSharedJson(TRIVY_DIR, file), { deviceName: 'scan-host' });

  it('debian-buster: two findings checked by hand', () => {
    const r = load('debian-buster.trivy.json');
    expect(r).toMatchObject({
      id: 'scan-host',
      computerDnsName: 'scan-host',
      osPlatform: 'Linux',
      osVersion: 'debian 10.1',
      osArchitecture: 'amd64',
    });
    expect(r.findings).toEqual([
      {
        scanner: 'trivy',
        vulnerabilityId: 'CVE-2019-18276',
        aliases: [],
        packageName: 'bash',
        installedVersion: '5.0-4',
        purl: 'pkg:deb/debian/bash@5.0-4?arch=amd64&distro=debian-10.1',
        severity: 'Low',
        cvssScore: 7.8,
        cvssVector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
        title: 'bash: when effective UID is not equal to its real UID the saved UID is not dropped',
        suppressed: false,
      },
      {
        scanner: 'trivy',
        vulnerabilityId: 'CVE-2019-18224',
        aliases: ['DSA-4613-1'],
        packageName: 'libidn2-0',
        installedVersion: '2.0.5-1',
        fixedVersion: '2.0.5-1+deb10u1',
        purl: 'pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.1',
        severity: 'Critical',
        cvssScore: 9.8,
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        title: 'libidn2: heap-based buffer overflow in idn2_to_ascii_4i in lib/lookup.c',
        suppressed: false,
      },
    ]);
    expect(r.software).toEqual([
      {
        name: 'bash',
        version: '5.0-4',
        purl: 'pkg:deb/debian/bash@5.0-4?arch=amd64&distro=debian-10.1',
        source: 'trivy',
      },
      {
        name: 'libidn2-0',
        version: '2.0.5-1',
        purl: 'pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.1',
        source: 'trivy',
      },
    ]);
  });

  it('almalinux-8: epoch versions and vendor advisory ids', () => {
    const [f] = load('almalinux-8.trivy.json').findings!;
    expect(f).toMatchObject({
      vulnerabilityId: 'CVE-2021-3712',
      packageName: 'openssl-libs',
      installedVersion: '1:1.1.1k-4.el8',
      fixedVersion: '1:1.1.1k-5.el8_5',
      severity: 'Medium',
      purl: 'pkg:rpm/alma/openssl-libs@1.1.1k-4.el8?arch=x86_64&distro=alma-8.5&epoch=1',
    });
    expect(load('centos-7.trivy.json').findings!.map((x) => [x.vulnerabilityId, x.aliases])).toEqual([
      ['CVE-2019-18276', []],
      ['CVE-2019-1559', ['RHSA-2019:2304']],
      ['CVE-2018-0734', ['RHSA-2019:2304']],
    ]);
  });

  it('alpine-310: one finding per vulnerable package', () => {
    const r = load('alpine-310.trivy.json');
    expect(r.findings!.map((f) => `${f.vulnerabilityId} ${f.packageName} ${f.fixedVersion}`)).toEqual([
      'CVE-2019-1549 libcrypto1.1 1.1.1d-r0',
      'CVE-2019-1551 libcrypto1.1 1.1.1d-r2',
      'CVE-2019-1549 libssl1.1 1.1.1d-r0',
      'CVE-2019-1551 libssl1.1 1.1.1d-r2',
    ]);
    expect(r.software.map((s) => `${s.name}@${s.version}`)).toEqual(['libcrypto1.1@1.1.1c-r0', 'libssl1.1@1.1.1c-r0']);
  });

  it('npm: the software list is the Packages list; jquery carries the finding', () => {
    const r = load('npm.trivy.json');
    expect(r.software).toHaveLength(12);
    expect(r.software.find((s) => s.name === 'jquery')).toEqual({
      name: 'jquery',
      version: '3.3.9',
      purl: 'pkg:npm/jquery@3.3.9',
      source: 'trivy',
    });
    expect(r.findings).toHaveLength(1);
    expect(r.findings![0]).toMatchObject({
      vulnerabilityId: 'CVE-2019-11358',
      fixedVersion: '3.4.0',
      severity: 'Medium',
      cvssScore: 6.1,
    });
    expect(r.osPlatform).toBeUndefined();
  });

  it('gomod: the same advisory in three go.mod files is one finding; unknown severity stays Unknown', () => {
    const r = load('gomod.trivy.json');
    expect(r.findings!.map((f) => f.vulnerabilityId)).toEqual(['GMS-2022-20', 'CVE-2022-23628', 'CVE-2021-38561']);
    expect(r.findings![0]).toMatchObject({
      packageName: 'github.com/docker/distribution',
      installedVersion: 'v2.7.1+incompatible',
      fixedVersion: 'v2.8.0',
      severity: 'Unknown',
      title: 'OCI Manifest Type Confusion Issue',
    });
    expect(r.findings![0].cvssScore).toBeUndefined();
  });

  it('pom: Maven packages are named group:artifact', () => {
    const r = load('pom.trivy.json');
    expect(r.findings!.map((f) => [f.vulnerabilityId, f.packageName, f.severity, f.cvssScore])).toEqual([
      ['CVE-2020-9548', 'com.fasterxml.jackson.core:jackson-databind', 'Critical', 9.8],
      ['CVE-2021-20190', 'com.fasterxml.jackson.core:jackson-databind', 'High', 8.1],
    ]);
  });
});

describeWithSharedData('Trivy CycloneDX output (through the CycloneDX importer)', () => {
  it('covers the three CycloneDX files', () => {
    expect(cdxFiles).toEqual(['fluentd-short.trivy.cdx-1.7.json', 'npm.trivy.cdx-1.7.json', 'pom.trivy.cdx-1.7.json']);
  });

  it('npm: 12 packages (the package-lock.json grouping component is not software) and the jquery finding', () => {
    const r = cyclonedxToDeviceReport(readSharedJson(TRIVY_DIR, 'npm.trivy.cdx-1.7.json'));
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    expect(r.software).toHaveLength(12);
    expect(r.software.some((s) => s.name === 'package-lock.json')).toBe(false);
    expect(r.findings).toEqual([
      expect.objectContaining({
        scanner: 'cyclonedx',
        vulnerabilityId: 'CVE-2019-11358',
        packageName: 'jquery',
        installedVersion: '3.3.9',
        fixedVersion: '3.4.0',
        severity: 'Medium',
        cvssScore: 6.1,
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
        suppressed: false,
      }),
    ]);
  });

  it('fluentd-short: the OS component becomes the report OS; three findings with their fixes', () => {
    const r = cyclonedxToDeviceReport(readSharedJson(TRIVY_DIR, 'fluentd-short.trivy.cdx-1.7.json'), {
      deviceName: 'fluentd',
    });
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    expect(r).toMatchObject({ osPlatform: 'Linux', osVersion: 'debian 10.2' });
    expect(r.software.map((s) => `${s.name}@${s.version}`)).toEqual([
      'bash@5.0-4',
      'libidn2-0@2.0.5-1',
      'activesupport@6.0.2.1',
    ]);
    expect(r.findings!.map((f) => [f.vulnerabilityId, f.packageName, f.fixedVersion, f.severity, f.cvssScore])).toEqual(
      [
        ['CVE-2019-18224', 'libidn2-0', '2.0.5-1+deb10u1', 'Critical', 9.8],
        ['CVE-2019-18276', 'bash', undefined, 'High', 7.8],
        ['CVE-2020-8165', 'activesupport', '6.0.3.1, 5.2.4.3', 'Critical', 9.8],
      ]
    );
  });

  it('pom: group:artifact names, two findings', () => {
    const r = cyclonedxToDeviceReport(readSharedJson(TRIVY_DIR, 'pom.trivy.cdx-1.7.json'));
    expect(r.software.map((s) => s.name)).toEqual([
      'com.example:log4shell',
      'com.fasterxml.jackson.core:jackson-databind',
    ]);
    expect(r.findings!.map((f) => [f.vulnerabilityId, f.fixedVersion])).toEqual([
      ['CVE-2020-9548', '2.9.10.4'],
      ['CVE-2021-20190', '2.9.10.7'],
    ]);
  });
});

describe('Trivy input errors', () => {
  const minimal = () => ({
    SchemaVersion: 2,
    ArtifactName: 'img',
    Results: [
      { Target: 'a', Vulnerabilities: [] },
      { Target: 'b' },
      { Target: 'c', Vulnerabilities: [{ PkgName: 'openssl', InstalledVersion: '1.1.1' }] },
    ],
  });

  it('names the vulnerability that lacks an id', () => {
    expect(() => trivyToDeviceReport(minimal())).toThrow(ImportFormatError);
    expect(() => trivyToDeviceReport(minimal())).toThrow('Results[2].Vulnerabilities[0]: VulnerabilityID missing');
  });

  it('names other malformed parts', () => {
    expect(() => trivyToDeviceReport([{ Target: 'x' }])).toThrow(/SchemaVersion 1/);
    expect(() => trivyToDeviceReport({ SchemaVersion: 3, Results: [] })).toThrow(
      'SchemaVersion: SchemaVersion 3 is not supported (expected 2)'
    );
    expect(() => trivyToDeviceReport({ SchemaVersion: 2, ArtifactName: 'x', Results: {} })).toThrow(
      'Results: must be an array'
    );
    expect(() =>
      trivyToDeviceReport({ SchemaVersion: 2, ArtifactName: 'x', Results: [{ Packages: [{ Version: '1' }] }] })
    ).toThrow('Results[0].Packages[0]: Name missing');
    expect(() => trivyToDeviceReport({ SchemaVersion: 2, Results: [] })).toThrow(/no device id/);
  });

  it('keeps a clean scan as a device with no findings', () => {
    const r = trivyToDeviceReport({ SchemaVersion: 2, ArtifactName: 'clean', Results: [] });
    expect(r).toMatchObject({ id: 'clean', software: [], findings: [] });
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
  });

  it('marks VEX-dismissed (not_affected) vulnerabilities suppressed', () => {
    const r = trivyToDeviceReport({
      SchemaVersion: 2,
      ArtifactName: 'x',
      Results: [
        {
          Vulnerabilities: [
            {
              VulnerabilityID: 'CVE-2024-0001',
              PkgName: 'p',
              InstalledVersion: '1',
              Status: 'not_affected',
              Severity: 'HIGH',
            },
          ],
        },
      ],
    });
    expect(r.findings![0]).toMatchObject({ suppressed: true, severity: 'High' });
  });
});

describe('pickTrivyCvss', () => {
  it('prefers NVD v3, then another v3, then v4, then v2', () => {
    expect(
      pickTrivyCvss({ redhat: { V3Score: 5.6, V3Vector: 'R' }, nvd: { V2Score: 7.5, V3Score: 9.8, V3Vector: 'N' } })
    ).toEqual({ score: 9.8, vector: 'N' });
    expect(pickTrivyCvss({ nvd: { V2Score: 7.5, V2Vector: 'AV:N' }, ghsa: { V3Score: 8.1, V3Vector: 'G' } })).toEqual({
      score: 8.1,
      vector: 'G',
    });
    expect(
      pickTrivyCvss({ nvd: { V2Score: 7.5, V2Vector: 'AV:N' }, ghsa: { V40Score: 8.7, V40Vector: 'CVSS:4.0/X' } })
    ).toEqual({
      score: 8.7,
      vector: 'CVSS:4.0/X',
    });
    expect(pickTrivyCvss({ nvd: { V2Score: 7.5, V2Vector: 'AV:N' } })).toEqual({ score: 7.5, vector: 'AV:N' });
    expect(pickTrivyCvss(undefined)).toEqual({});
  });
});
