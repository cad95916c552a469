import fs from 'fs';

import { describeWithSharedData, sharedDataPath } from '../../test-support/sharedData';
import { deviceReportSchema } from '../deviceReport';
import { detectFormat, ImportFormatError, toDeviceReport, type FleetFormat } from './index';

const read = (...p: string[]) => JSON.parse(fs.readFileSync(sharedDataPath(...p), 'utf8')) as unknown;
const dir = (d: string) => (fs.existsSync(sharedDataPath(d)) ? fs.readdirSync(sharedDataPath(d)).sort() : []);

describeWithSharedData('detectFormat + toDeviceReport over every real input', () => {
  const cases: Array<[string, FleetFormat]> = [
    ...dir('trivy-reports').map((f): [string, FleetFormat] => [
      `trivy-reports/${f}`,
      f.endsWith('.trivy.json') ? 'trivy' : 'cyclonedx',
    ]),
    ['grype/TestJsonImgsPresenter.grype.json', 'grype'],
    ['grype/TestJsonDirsPresenter.grype.json', 'grype'],
    ['grype/TestCycloneDxPresenterImage.grype.cdx.json', 'cyclonedx'],
    ...dir('cyclonedx-bom-examples/sbom').map((f): [string, FleetFormat] => [
      `cyclonedx-bom-examples/sbom/${f}`,
      'cyclonedx',
    ]),
    ...dir('cyclonedx-bom-examples/vex').map((f): [string, FleetFormat] => [
      `cyclonedx-bom-examples/vex/${f}`,
      'cyclonedx',
    ]),
    ['osquery/derived-deb_packages-ubuntu-18.04.json', 'osquery'],
    ['osquery/derived-rpm_packages-centos-6.json', 'osquery'],
  ];

  it('has every file to try', () => {
    expect(cases.length).toBe(14 + 3 + 8 + 11 + 2);
  });

  it.each(cases)('%s is %s and gives a valid device report', (file, format) => {
    const doc = read(file);
    expect(detectFormat(doc)).toBe(format);
    const report = toDeviceReport(format, doc, { deviceName: 'dev-1', rbacGroupName: 'Lab' });
    expect(deviceReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ id: 'dev-1', computerDnsName: 'dev-1', rbacGroupName: 'Lab' });
    // Re-importing the same file for the same device gives the same report id: idempotent ingest.
    expect(toDeviceReport(format, read(file), { deviceName: 'dev-1' }).reportId).toBe(report.reportId);
    expect(toDeviceReport(format, doc, { deviceName: 'dev-2' }).reportId).not.toBe(report.reportId);
  });

  it('identifies osquery rows with the shipped rules by default', () => {
    const r = toDeviceReport('osquery', read('osquery/derived-rpm_packages-centos-6.json'), { deviceName: 'c6' });
    expect(r.software.find((s) => s.displayName === 'openssl')).toMatchObject({ vendor: 'openssl', name: 'openssl' });
  });

  it('accepts the raw text of a file, JSON or an osquery result log', () => {
    const text = fs.readFileSync(sharedDataPath('trivy-reports', 'debian-buster.trivy.json'), 'utf8');
    expect(detectFormat(text)).toBe('trivy');
    expect(toDeviceReport('trivy', text).findings).toHaveLength(2);
  });
});

describe('detectFormat', () => {
  const logLine = {
    name: 'programs',
    hostIdentifier: 'h1',
    unixTime: 1715594400,
    columns: { name: 'Git', version: '2.45.1', publisher: 'The Git Development Community' },
    action: 'added',
  };

  it.each([
    [{ bomFormat: 'CycloneDX', specVersion: '1.5', components: [] }, 'cyclonedx'],
    [{ SchemaVersion: 2, ArtifactName: 'x', Results: [] }, 'trivy'],
    [[{ Target: 'x', Vulnerabilities: [] }], 'trivy'],
    [{ matches: [], source: { type: 'directory', target: '/' } }, 'grype'],
    [[{ name: 'bash', version: '5.0-4', maintainer: 'x' }], 'osquery'],
    [{ rows: [] }, 'osquery'],
    [logLine, 'osquery'],
    [[logLine, logLine], 'osquery'],
    [`${JSON.stringify(logLine)}\n${JSON.stringify(logLine)}\n`, 'osquery'],
    [{ reportId: 'r1', id: 'dev', software: [] }, 'native'],
  ] as Array<[unknown, FleetFormat]>)('%j → %s', (input, format) => {
    expect(detectFormat(input)).toBe(format);
  });

  it.each([
    [{ hello: 'world' }, /unrecognised input/],
    [42, /unrecognised input/],
    ['<bom xmlns="http://cyclonedx.org/schema/bom/1.5"></bom>', /XML input is not supported/],
    ['not json at all', /not JSON, and not an osquery result log/],
    [{ devices: [] }, /a batch of device reports/],
  ])('rejects %j', (input, message) => {
    expect(() => detectFormat(input)).toThrow(ImportFormatError);
    expect(() => detectFormat(input)).toThrow(message);
  });
});

describe('toDeviceReport', () => {
  it('validates native reports, applying the options and a deterministic report id', () => {
    const native = { id: 'ws-1', software: [{ vendor: 'google', name: 'chrome', version: '124.0.6367.100' }] };
    const r = toDeviceReport('native', native, { rbacGroupName: 'Workstations' });
    expect(r).toMatchObject({ id: 'ws-1', rbacGroupName: 'Workstations', machineTags: [] });
    expect(r.reportId).toBe(toDeviceReport('native', native).reportId);
    expect(toDeviceReport('native', { ...native, reportId: 'mine' }).reportId).toBe('mine');
    expect(() => toDeviceReport('native', { id: 'ws-1', software: [{ name: '' }] })).toThrow(
      /the native input does not make a valid device report: software\[0\]\.name/
    );
  });

  it('turns input errors into ImportFormatError', () => {
    expect(() => toDeviceReport('trivy', '{oops')).toThrow(/^not valid JSON/);
    expect(() => toDeviceReport('grype', { matches: 'no' })).toThrow(ImportFormatError);
    expect(() => toDeviceReport('nessus' as FleetFormat, {})).toThrow(/unknown format "nessus"/);
  });

  it('uses an explicit report id and device id', () => {
    const r = toDeviceReport(
      'trivy',
      { SchemaVersion: 2, ArtifactName: 'img', Results: [] },
      { reportId: 'rep-9', deviceId: 'dev-9', deviceName: 'web-01' }
    );
    expect(r).toMatchObject({ reportId: 'rep-9', id: 'dev-9', computerDnsName: 'web-01' });
  });

  it('reports a device id that the schema refuses', () => {
    expect(() => toDeviceReport('trivy', { SchemaVersion: 2, ArtifactName: 'a\u0001b', Results: [] })).toThrow(
      /id: must not contain control characters/
    );
  });
});
