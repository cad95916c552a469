import fs from 'fs';

import { describeWithSharedData, readSharedJson, sharedDataPath } from '../../test-support/sharedData';
import { deviceReportSchema } from '../deviceReport';
import { ImportFormatError } from './common';
import { cyclonedxToDeviceReport, fixedVersionFromRecommendation, inVersRange, pickRating } from './cyclonedx';

interface Component {
  type?: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  properties?: Array<{ name: string; value: string }>;
  components?: Component[];
}
interface Bom {
  specVersion: string;
  metadata?: { timestamp?: string; component?: { name: string; version?: string; 'bom-ref'?: string } };
  components?: Component[];
  vulnerabilities?: Array<{ id: string; affects?: Array<{ ref: string }>; analysis?: { state?: string } }>;
}

const NOT_SOFTWARE = [
  'operating-system',
  'container',
  'device',
  'file',
  'data',
  'machine-learning-model',
  'cryptographic-asset',
];

/** Software expected from a BOM, computed from its structure independently of the importer. */
function expectedSoftware(bom: Bom): Set<string> {
  const out = new Set<string>();
  const walk = (list: Component[] | undefined) => {
    for (const c of list ?? []) {
      const grouping =
        c.type === 'application' && !c.purl && (c.properties ?? []).some((p) => p.name === 'aquasecurity:trivy:Class');
      if (!NOT_SOFTWARE.includes(c.type ?? '') && !grouping) {
        out.add(c.purl ?? `${c.group ?? ''}/${c.name}@${c.version ?? ''}`);
      }
      walk(c.components);
    }
  };
  walk(bom.components);
  return out;
}

const SBOM_DIR = 'cyclonedx-bom-examples/sbom';
const VEX_DIR = 'cyclonedx-bom-examples/vex';
const list = (dir: string) => (fs.existsSync(sharedDataPath(dir)) ? fs.readdirSync(sharedDataPath(dir)).sort() : []);

/** Component counts from data/README.md. */
const README_COMPONENTS: Record<string, number> = {
  'keycloak-10.0.2.cdx-1.2.json': 903,
  'juice-shop-11.1.2.cdx-1.2.json': 840,
  'juice-shop-via-npm-flat.cdx-1.4.json': 1115,
  'dropwizard-1.3.15.cdx-1.2.json': 167,
  'proton-bridge-1.8.0.cdx-1.2.json': 201,
  'laravel-7.12.0.cdx-1.4.json': 62,
  'cern-lhc-vdm-editor-e564943.cdx-1.2.json': 43,
  'fluentd-multiple-lockfiles.trivy.cdx-1.7.json': 161,
};

describeWithSharedData('CycloneDX SBOM examples (real)', () => {
  it('covers every SBOM example', () => {
    expect(list(SBOM_DIR)).toEqual(Object.keys(README_COMPONENTS).sort());
  });

  it.each(Object.keys(README_COMPONENTS).sort())('%s ingests every installed component once', (file) => {
    const bom = readSharedJson<Bom>(SBOM_DIR, file);
    expect(bom.components).toHaveLength(README_COMPONENTS[file]);
    const r = cyclonedxToDeviceReport(bom);
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    const expected = expectedSoftware(bom);
    expect(r.software).toHaveLength(expected.size);
    expect(new Set(r.software.map((s) => s.purl ?? ''))).toEqual(expected);
    expect(r.software.every((s) => s.source === 'cyclonedx')).toBe(true);
    expect(r.findings ?? []).toHaveLength(0);
    // The subject names the device, group-qualified like its components (org.keycloak:keycloak-parent).
    const subject = bom.metadata!.component! as { name: string; group?: string };
    expect(
      subject.group ? [`${subject.group}:${subject.name}`, `${subject.group}/${subject.name}`] : [subject.name]
    ).toContain(r.id);
    if (bom.metadata?.timestamp) {
      expect(r.lastSeen).toBe(new Date(bom.metadata.timestamp).toISOString());
    }
  });

  it('names packages as their ecosystems do (checked by hand)', () => {
    const find = (file: string, name: string) =>
      cyclonedxToDeviceReport(readSharedJson(SBOM_DIR, file)).software.filter((s) => s.name === name);
    expect(find('keycloak-10.0.2.cdx-1.2.json', 'org.bouncycastle:bcprov-jdk15on')).toEqual([
      {
        name: 'org.bouncycastle:bcprov-jdk15on',
        version: '1.62',
        purl: 'pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar',
        source: 'cyclonedx',
      },
    ]);
    expect(find('dropwizard-1.3.15.cdx-1.2.json', 'com.fasterxml.jackson.core:jackson-annotations')[0]).toMatchObject({
      version: '2.9.10',
      publisher: 'FasterXML',
    });
    expect(find('juice-shop-via-npm-flat.cdx-1.4.json', '@babel/helper-string-parser')[0]).toMatchObject({
      version: '7.19.4',
    });
    expect(find('laravel-7.12.0.cdx-1.4.json', 'asm89/stack-cors')[0]).toMatchObject({
      version: '1.3.0',
      purl: 'pkg:composer/asm89/stack-cors@1.3.0',
    });
    expect(find('proton-bridge-1.8.0.cdx-1.2.json', 'github.com/0xAX/notificator')[0]).toMatchObject({
      version: 'v0.0.0-20191016112426-3962a5ea8da1',
    });
    expect(find('cern-lhc-vdm-editor-e564943.cdx-1.2.json', 'puppeteer')[0]).toMatchObject({
      version: '1.19.0',
      purl: 'pkg:npm/puppeteer@1.19.0',
    });
  });

  it('lists a package installed at several paths once (juice-shop flat npm BOM)', () => {
    const bom = readSharedJson<Bom>(SBOM_DIR, 'juice-shop-via-npm-flat.cdx-1.4.json');
    const r = cyclonedxToDeviceReport(bom);
    expect(r.software.length).toBeLessThan(bom.components!.length);
    expect(r.software.filter((s) => s.purl === 'pkg:npm/ansi-regex@5.0.1')).toHaveLength(1);
  });

  it('takes the OS of a Trivy BOM from its operating-system component', () => {
    const r = cyclonedxToDeviceReport(readSharedJson(SBOM_DIR, 'fluentd-multiple-lockfiles.trivy.cdx-1.7.json'));
    expect(r).toMatchObject({ osPlatform: 'Linux', osVersion: 'debian 10.2' });
    expect(r.software).toHaveLength(160);
  });
});

describeWithSharedData('CycloneDX VEX examples (real)', () => {
  it('covers every VEX example', () => {
    expect(list(VEX_DIR)).toHaveLength(11);
  });

  it.each(list(VEX_DIR))('%s ingests into a valid report, one finding per (vulnerability, component)', (file) => {
    const bom = readSharedJson<Bom>(VEX_DIR, file);
    const r = cyclonedxToDeviceReport(bom, { deviceName: 'vex-subject' });
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    const pairs = new Set((bom.vulnerabilities ?? []).flatMap((v) => (v.affects ?? []).map((a) => `${v.id}|${a.ref}`)));
    expect(r.findings ?? []).toHaveLength(pairs.size);
    expect(r.software).toHaveLength(expectedSoftware(bom).size);
  });

  it('vex.json: not_affected is suppressed; NVD rating, BOM-Link ref and recommendation read by hand', () => {
    const r = cyclonedxToDeviceReport(readSharedJson(VEX_DIR, 'vex.json'), { deviceName: 'example-app' });
    expect(r.findings).toEqual([
      {
        scanner: 'cyclonedx',
        vulnerabilityId: 'CVE-2020-25649',
        aliases: ['SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302'],
        packageName: 'com.fasterxml.jackson.core:jackson-databind',
        installedVersion: '2.10.0',
        fixedVersion: '2.6.7.4, 2.9.10.7, 2.10.5.1',
        purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar',
        severity: 'High',
        cvssScore: 7.5,
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N',
        title: expect.stringMatching(/^com\.fasterxml\.jackson\.core:jackson-databind is a library/),
        suppressed: true,
      },
    ]);
  });

  it('vex.json has no subject: it needs a device name', () => {
    expect(() => cyclonedxToDeviceReport(readSharedJson(VEX_DIR, 'vex.json'))).toThrow(/no device id/);
  });

  it('bom.json: the SBOM the VEX speaks about', () => {
    const r = cyclonedxToDeviceReport(readSharedJson(VEX_DIR, 'bom.json'));
    expect(r.id).toBe('com.example:example-app');
    expect(r.software.map((s) => `${s.name}@${s.version}`)).toContain(
      'com.fasterxml.jackson.core:jackson-databind@2.10.0'
    );
  });

  it.each([
    ['cisa-case-1.vex-affected.json', 'DEF', '1.0', false],
    ['cisa-case-1.vex-fixed.json', 'DEF', '1.1', true],
    ['cisa-case-1.vex-not_affected.json', 'ABC', '4.2', true],
    ['cisa-case-1.vex-under_investigation.json', 'GHI', '17.4', false],
  ])('%s: the product statement about Log4Shell', (file, name, version, suppressed) => {
    const r = cyclonedxToDeviceReport(readSharedJson(VEX_DIR, file));
    expect(r.id).toBe(name);
    expect(r.findings).toEqual([
      expect.objectContaining({
        vulnerabilityId: 'CVE-2021-44228',
        packageName: name,
        installedVersion: version,
        suppressed,
      }),
    ]);
  });

  it('cisa-case-2/3: suppressed exactly where the analysis says not affected or resolved', () => {
    for (const file of ['cisa-case-2.vex.json', 'cisa-case-3.vex.json']) {
      const bom = readSharedJson<Bom>(VEX_DIR, file);
      const r = cyclonedxToDeviceReport(bom);
      const expected = bom.vulnerabilities!.map((v) => [
        v.id,
        ['not_affected', 'resolved'].includes(v.analysis?.state ?? ''),
      ]);
      expect(r.findings!.map((f) => [f.vulnerabilityId, f.suppressed])).toEqual(expected);
    }
    const case3 = cyclonedxToDeviceReport(readSharedJson(VEX_DIR, 'cisa-case-3.vex.json'));
    expect(case3.findings!.find((f) => f.vulnerabilityId === 'CVE-2020-11896')).toMatchObject({
      severity: 'Critical',
      cvssScore: 10,
      suppressed: false,
    });
  });

  it('cisa-case-6: an exploitable and a not-affected statement for one product make one active finding', () => {
    const r = cyclonedxToDeviceReport(readSharedJson(VEX_DIR, 'cisa-case-6.vex.json'));
    expect(r.findings).toEqual([
      expect.objectContaining({
        vulnerabilityId: 'CVE-2021-44228',
        packageName: 'ABC',
        installedVersion: '',
        severity: 'Critical',
        cvssScore: 10,
        suppressed: false,
      }),
    ]);
  });

  it('cisa-case-8: BOM-Links to other BOMs name the products by their ref', () => {
    const r = cyclonedxToDeviceReport(readSharedJson(VEX_DIR, 'cisa-case-8.vex.json'), {
      deviceName: 'vendor-portfolio',
    });
    expect(r.findings!.map((f) => [f.vulnerabilityId, f.packageName, f.suppressed])).toEqual([
      ['CVE-2021-44228', 'product-ABC', false],
      ['CVE-2021-44228', 'product-JKL', false],
      ['CVE-2021-45105', 'product-ABC', false],
      ['CVE-2021-45105', 'product-JKL', false],
    ]);
  });
});

describe('CycloneDX structure', () => {
  const nested = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    metadata: { timestamp: '2024-05-01T10:00:00Z', component: { type: 'device', name: 'ws-0042', 'bom-ref': 'dev' } },
    components: [
      { type: 'operating-system', name: 'windows', version: '10.0.22631', 'bom-ref': 'os' },
      {
        type: 'application',
        name: 'Google Chrome',
        version: '124.0.6367.91',
        publisher: 'Google LLC',
        cpe: 'cpe:/a:google:chrome:124.0.6367.91',
        'bom-ref': 'chrome',
        components: [
          { type: 'library', group: 'org.example', name: 'inner', version: '1.0', 'bom-ref': 'inner' },
          { type: 'file', name: 'chrome.exe', version: '124.0.6367.91' },
          {
            type: 'library',
            name: 'deep',
            version: '2.0',
            components: [{ type: 'library', group: '@scope', name: 'deeper', version: '3.0' }],
          },
        ],
      },
      { type: 'container', name: 'sidecar', version: 'sha256:abc' },
    ],
  };

  it('walks nested components, skipping what is not installed software', () => {
    const r = cyclonedxToDeviceReport(nested);
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    expect(r.software).toEqual([
      {
        name: 'Google Chrome',
        version: '124.0.6367.91',
        cpe: 'cpe:2.3:a:google:chrome:124.0.6367.91:*:*:*:*:*:*:*',
        publisher: 'Google LLC',
        source: 'cyclonedx',
      },
      { name: 'org.example:inner', version: '1.0', source: 'cyclonedx' },
      { name: 'deep', version: '2.0', source: 'cyclonedx' },
      { name: '@scope/deeper', version: '3.0', source: 'cyclonedx' },
    ]);
    expect(r).toMatchObject({
      id: 'ws-0042',
      osPlatform: 'Windows',
      osVersion: 'windows 10.0.22631',
      lastSeen: '2024-05-01T10:00:00.000Z',
    });
  });

  const vexFor = (version: string) => ({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    metadata: { component: { type: 'application', name: 'ABC', version, 'bom-ref': 'product-ABC' } },
    vulnerabilities: [
      {
        id: 'CVE-2021-44228',
        ratings: [
          { method: 'CVSSv31', score: 10, severity: 'critical', vector: 'AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' },
        ],
        analysis: { state: 'exploitable' },
        affects: [
          {
            ref: 'product-ABC',
            versions: [
              { version: '2.4' },
              { version: '2.6', status: 'affected' },
              { range: 'vers:generic/>=2.9|<=4.1', status: 'affected' },
            ],
          },
        ],
      },
      {
        id: 'CVE-2021-44228',
        ratings: [{ method: 'CVSSv31', score: 0, severity: 'none' }],
        analysis: { state: 'not_affected', justification: 'code_not_present' },
        affects: [
          {
            ref: 'product-ABC',
            versions: [
              { range: 'vers:generic/>=1.0|<=2.3', status: 'unaffected' },
              { version: '2.5', status: 'unaffected' },
              { version: '4.2', status: 'unaffected' },
            ],
          },
        ],
      },
    ],
  });

  it.each([
    ['4.2', true, 'Informational'],
    ['2.6', false, 'Critical'],
    ['3.0.1', false, 'Critical'],
    ['1.5', true, 'Informational'],
    ['2.4', false, 'Critical'],
    ['5.0', false, 'Critical'], // not listed anywhere: the general statements decide, active first
  ])('VEX statements about ABC %s: suppressed=%s', (version, suppressed, severity) => {
    const r = cyclonedxToDeviceReport(vexFor(version));
    expect(r.findings).toHaveLength(1);
    expect(r.findings![0]).toMatchObject({ packageName: 'ABC', installedVersion: version, suppressed, severity });
  });

  it('attaches a vulnerability without affects to the BOM subject', () => {
    const r = cyclonedxToDeviceReport({
      bomFormat: 'CycloneDX',
      specVersion: '1.4',
      metadata: { component: { type: 'application', name: 'svc', version: '1.2' } },
      vulnerabilities: [{ id: 'GHSA-aaaa-bbbb-cccc', references: [{ id: 'CVE-2024-1234', source: { name: 'NVD' } }] }],
    });
    expect(r.findings).toEqual([
      {
        scanner: 'cyclonedx',
        vulnerabilityId: 'CVE-2024-1234',
        aliases: ['GHSA-aaaa-bbbb-cccc'],
        packageName: 'svc',
        installedVersion: '1.2',
        severity: 'Unknown',
        suppressed: false,
      },
    ]);
  });

  it('names malformed parts', () => {
    expect(() => cyclonedxToDeviceReport({ bomFormat: 'SPDX' })).toThrow(
      'bomFormat: bomFormat is "SPDX", expected "CycloneDX"'
    );
    expect(() => cyclonedxToDeviceReport({ bomFormat: 'CycloneDX', specVersion: '2.0' })).toThrow(
      /specVersion 2.0 is not supported/
    );
    expect(() =>
      cyclonedxToDeviceReport({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        components: [{ name: 'a' }, { version: '1' }],
      })
    ).toThrow('components[1]: name missing');
    expect(() =>
      cyclonedxToDeviceReport({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        components: [{ name: 'a', components: [{ type: 'library' }] }],
      })
    ).toThrow('components[0].components[0]: name missing');
    expect(() =>
      cyclonedxToDeviceReport({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        metadata: { component: { name: 'x' } },
        vulnerabilities: [{ affects: [] }],
      })
    ).toThrow(ImportFormatError);
    expect(() =>
      cyclonedxToDeviceReport({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        metadata: { component: { name: 'x' } },
        vulnerabilities: [{ affects: [] }],
      })
    ).toThrow('vulnerabilities[0]: id missing');
    expect(() =>
      cyclonedxToDeviceReport({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        metadata: { component: { name: 'x' } },
        vulnerabilities: [{ id: 'CVE-2024-1', affects: [{}] }],
      })
    ).toThrow('vulnerabilities[0].affects[0]: ref missing');
  });
});

describe('CycloneDX helpers', () => {
  it('picks the newest CVSS method, NVD first among equals', () => {
    expect(
      pickRating(
        [
          { source: { name: 'SNYK' }, score: 8.2, severity: 'high', method: 'CVSSv31', vector: 'S' },
          { source: { name: 'NVD' }, score: 7.5, severity: 'high', method: 'CVSSv31', vector: 'AV:N' },
          { source: { name: 'NVD' }, score: 5, severity: 'medium', method: 'CVSSv2', vector: 'AV:N/AC:L' },
        ],
        undefined
      )
    ).toEqual({ severity: 'High', score: 7.5, vector: 'CVSS:3.1/AV:N' });
    expect(
      pickRating(
        [
          { method: 'CVSSv4', score: 9.3, vector: 'CVSS:4.0/AV:N' },
          { method: 'CVSSv31', score: 7 },
        ],
        undefined
      )
    ).toEqual({
      severity: 'Critical',
      score: 9.3,
      vector: 'CVSS:4.0/AV:N',
    });
    expect(
      pickRating(
        [
          { source: { name: 'ubuntu' }, severity: 'low' },
          { source: { name: 'debian' }, severity: 'medium' },
        ],
        'debian'
      )
    ).toEqual({
      severity: 'Medium',
    });
    expect(pickRating(undefined, undefined)).toEqual({ severity: 'Unknown' });
  });

  it.each([
    ['Upgrade jquery to version 3.4.0', '3.4.0'],
    ['Upgrade activesupport to version 6.0.3.1, 5.2.4.3', '6.0.3.1, 5.2.4.3'],
    [
      'Upgrade com.fasterxml.jackson.core:jackson-databind to version 2.6.7.4, 2.9.10.7, 2.10.5.1 or higher.',
      '2.6.7.4, 2.9.10.7, 2.10.5.1',
    ],
    ['Update to version 2.17.1 or later.', '2.17.1'],
    ['Disable JNDI lookups.', undefined],
    [undefined, undefined],
  ])('reads the fixed version of %j', (text, expected) => {
    expect(fixedVersionFromRecommendation(text)).toBe(expected);
  });

  it.each([
    ['3.0', 'vers:generic/>=2.9|<=4.1', true],
    ['4.1', 'vers:generic/>=2.9|<=4.1', true],
    ['4.2', 'vers:generic/>=2.9|<=4.1', false],
    ['2.8.1', 'vers:generic/>=2.9|<=4.1', false],
    ['1.0', 'vers:generic/<1.0', false],
    ['0.9', 'vers:generic/<1.0', true],
    ['5.0', 'vers:generic/>=4.5', true],
    ['2.0', 'vers:generic/1.0|2.0|3.0', true],
    ['2.0', 'vers:generic/*', true],
    ['2.0', 'not-a-range', false],
  ])('%s in %s: %s', (version, range, expected) => {
    expect(inVersRange(version, range)).toBe(expected);
  });
});
