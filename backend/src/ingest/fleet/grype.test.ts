import { describeWithSharedData, readSharedJson } from '../../test-support/sharedData';
import { deviceReportSchema } from '../deviceReport';
import { ImportFormatError } from './common';
import { cyclonedxToDeviceReport } from './cyclonedx';
import { grypeToDeviceReport, pickGrypeCvss } from './grype';

interface GrypeDoc {
  matches: Array<{ vulnerability: { id: string }; artifact: { id: string; name: string; version: string } }>;
}

describeWithSharedData('Grype JSON reports (real golden outputs)', () => {
  it.each(['TestJsonImgsPresenter.grype.json', 'TestJsonDirsPresenter.grype.json'])(
    '%s: one finding per match, software from the matched artifacts',
    (file) => {
      const doc = readSharedJson<GrypeDoc>('grype', file);
      const r = grypeToDeviceReport(doc);
      expect(() => deviceReportSchema.parse(r)).not.toThrow();
      expect(r.findings).toHaveLength(doc.matches.length);
      expect(r.software).toHaveLength(new Set(doc.matches.map((m) => m.artifact.id)).size);
      expect(r.findings!.map((f) => [f.vulnerabilityId, f.packageName, f.installedVersion])).toEqual(
        doc.matches.map((m) => [m.vulnerability.id, m.artifact.name, m.artifact.version])
      );
      expect(r).toMatchObject({ osPlatform: 'Linux', osVersion: 'centos 8.0' });
    }
  );

  it('reads the image report by hand', () => {
    const r = grypeToDeviceReport(readSharedJson('grype', 'TestJsonImgsPresenter.grype.json'));
    expect(r.id).toBe('user-input');
    expect(r.lastSeen).toBeUndefined(); // descriptor.timestamp is empty in this golden file
    expect(r.findings).toEqual([
      {
        scanner: 'grype',
        vulnerabilityId: 'CVE-1999-0001',
        aliases: [],
        packageName: 'package-1',
        installedVersion: '1.1.1',
        fixedVersion: '1.2.1',
        severity: 'Low',
        cvssScore: 8.2,
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:H',
        suppressed: false,
      },
      {
        scanner: 'grype',
        vulnerabilityId: 'CVE-1999-0002',
        aliases: [],
        packageName: 'package-2',
        installedVersion: '2.2.2',
        purl: 'pkg:deb/package-2@2.2.2',
        severity: 'Critical',
        cvssScore: 8.5,
        cvssVector: 'CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:H',
        suppressed: false,
      },
    ]);
    expect(r.software).toEqual([
      {
        name: 'package-1',
        version: '1.1.1',
        cpe: 'cpe:2.3:a:anchore\\:oss:anchore\\/engine:0.9.2:*:*:en:*:*:*:*',
        arch: 'x86_64',
        source: 'grype',
      },
      {
        name: 'package-2',
        version: '2.2.2',
        purl: 'pkg:deb/package-2@2.2.2',
        cpe: 'cpe:2.3:a:anchore:engine:2.2.2:*:*:en:*:*:*:*',
        source: 'grype',
      },
    ]);
  });

  it('takes the directory target as the device id', () => {
    expect(grypeToDeviceReport(readSharedJson('grype', 'TestJsonDirsPresenter.grype.json')).id).toBe('/some/path');
    expect(
      grypeToDeviceReport(readSharedJson('grype', 'TestJsonDirsPresenter.grype.json'), { deviceId: 'srv-9' }).id
    ).toBe('srv-9');
  });

  it('reads Grype CycloneDX output through the CycloneDX importer', () => {
    const r = cyclonedxToDeviceReport(readSharedJson('grype', 'TestCycloneDxPresenterImage.grype.cdx.json'));
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    expect(r.id).toBe('user-input');
    expect(r.software.map((s) => [s.name, s.version, s.cpe])).toEqual([
      ['package-1', '1.1.1', 'cpe:2.3:a:anchore\\:oss:anchore\\/engine:0.9.2:*:*:en:*:*:*:*'],
      ['package-2', '2.2.2', 'cpe:2.3:a:anchore:engine:2.2.2:*:*:en:*:*:*:*'],
    ]);
    expect(r.findings!.map((f) => [f.vulnerabilityId, f.packageName, f.severity, f.cvssScore])).toEqual([
      ['CVE-1999-0001', 'package-1', 'Low', 8.2],
      ['CVE-1999-0002', 'package-2', 'Critical', 8.5],
    ]);
    expect(r.lastSeen).toBe('2026-03-19T15:34:26.000Z');
  });
});

describe('Grype matches keyed on the CVE', () => {
  const ghsaMatch = {
    vulnerability: {
      id: 'GHSA-jfh8-c2jp-5v3q',
      namespace: 'github:language:java',
      severity: 'Critical',
      cvss: [
        {
          source: 'ghsa',
          type: 'Secondary',
          version: '3.1',
          vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
          metrics: { baseScore: 10 },
        },
      ],
      fix: { versions: ['2.15.0'], state: 'fixed' },
    },
    relatedVulnerabilities: [
      {
        id: 'CVE-2021-44228',
        namespace: 'nvd:cpe',
        description: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP endpoints.',
        cvss: [
          {
            source: 'nvd@nist.gov',
            type: 'Primary',
            version: '2.0',
            vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C',
            metrics: { baseScore: 9.3 },
          },
          {
            source: 'nvd@nist.gov',
            type: 'Primary',
            version: '3.1',
            vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
            metrics: { baseScore: 10 },
          },
        ],
      },
    ],
    matchDetails: [{ type: 'exact-direct-match', matcher: 'java-matcher', fix: { suggestedVersion: '2.15.0' } }],
    artifact: {
      id: 'a1',
      name: 'log4j-core',
      version: '2.14.1',
      type: 'java-archive',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      cpes: [{ cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*', source: 'nvd-cpe-dictionary' }],
    },
  };

  it('uses the related CVE id and keeps the advisory id as an alias; NVD v3.x CVSS wins', () => {
    const r = grypeToDeviceReport({ matches: [ghsaMatch], source: { type: 'directory', target: '/srv/app' } });
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    expect(r.findings![0]).toEqual({
      scanner: 'grype',
      vulnerabilityId: 'CVE-2021-44228',
      aliases: ['GHSA-jfh8-c2jp-5v3q'],
      packageName: 'log4j-core',
      installedVersion: '2.14.1',
      fixedVersion: '2.15.0',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      severity: 'Critical',
      cvssScore: 10,
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      title: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP endpoints.',
      suppressed: false,
    });
    expect(r.software[0].cpe).toBe('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*');
  });

  it('keeps ignored matches as suppressed findings, and maps Negligible to Low', () => {
    const ignored = {
      ...ghsaMatch,
      vulnerability: { ...ghsaMatch.vulnerability, id: 'CVE-2021-45046', severity: 'Negligible' },
      relatedVulnerabilities: [],
    };
    const r = grypeToDeviceReport({
      matches: [ghsaMatch],
      ignoredMatches: [ignored],
      source: { type: 'directory', target: '/srv/app' },
    });
    expect(r.findings!.map((f) => [f.vulnerabilityId, f.suppressed, f.severity])).toEqual([
      ['CVE-2021-44228', false, 'Critical'],
      ['CVE-2021-45046', true, 'Low'],
    ]);
    expect(r.software).toHaveLength(1);
  });

  it('prefers NVD v3.1 over another source’s v3.1, and any v3 over v4 and v2', () => {
    const e = (source: string, version: string, score: number) => ({
      source,
      version,
      score,
      vector: `${source}-${version}`,
    });
    expect(pickGrypeCvss([e('ghsa', '3.1', 9), e('nvd', '3.0', 8), e('nvd', '3.1', 7)])?.score).toBe(7);
    expect(pickGrypeCvss([e('ghsa', '3.1', 9), e('nvd', '3.0', 8)])?.score).toBe(8);
    expect(pickGrypeCvss([e('nvd', '2.0', 5), e('nvd', '4.0', 6), e('ghsa', '3.0', 7)])?.score).toBe(7);
    expect(pickGrypeCvss([e('nvd', '2.0', 5), e('ghsa', '4.0', 6)])?.score).toBe(6);
    expect(pickGrypeCvss([])).toBeUndefined();
  });
});

describe('Grype input errors', () => {
  it('names the part that is wrong', () => {
    expect(() => grypeToDeviceReport({ source: {} })).toThrow('matches: must be an array');
    expect(() => grypeToDeviceReport({ matches: [{ vulnerability: {}, artifact: { name: 'x' } }] })).toThrow(
      ImportFormatError
    );
    expect(() => grypeToDeviceReport({ matches: [{ vulnerability: {}, artifact: { name: 'x' } }] })).toThrow(
      'matches[0].vulnerability: id missing'
    );
    expect(() => grypeToDeviceReport({ matches: [{ vulnerability: { id: 'CVE-2024-1' }, artifact: {} }] })).toThrow(
      'matches[0].artifact: name missing'
    );
    expect(() => grypeToDeviceReport({ matches: [{ vulnerability: { id: 'CVE-2024-1' } }] })).toThrow(
      'matches[0]: artifact missing'
    );
    expect(() => grypeToDeviceReport({ matches: [] })).toThrow(/no device id/);
  });
});
