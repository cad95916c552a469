import { identifySoftware } from '../../domain/normalizer';
import { describeWithSharedData, readSharedJson } from '../../test-support/sharedData';
import { deviceReportSchema, type SoftwareItem } from '../deviceReport';
import { ImportFormatError } from './common';
import { detectOsqueryTable, osqueryToDeviceReport } from './osquery';
import { shippedRules } from './shippedRules';

const rules = shippedRules();

function byName(items: SoftwareItem[], name: string): SoftwareItem {
  const found = items.filter((i) => i.name === name || i.displayName === name);
  expect(found).toHaveLength(1);
  return found[0];
}

type Row = Record<string, string>;

describeWithSharedData('osquery deb_packages (derived Ubuntu 18.04 rows)', () => {
  const rows = readSharedJson<Row[]>('osquery', 'derived-deb_packages-ubuntu-18.04.json');
  const report = osqueryToDeviceReport(rows, { deviceName: 'ubuntu-1804', rules });

  it('recognises the table and validates', () => {
    expect(detectOsqueryTable(rows[0])).toBe('deb_packages');
    expect(() => deviceReportSchema.parse(report)).not.toThrow();
    expect(report).toMatchObject({ id: 'ubuntu-1804', computerDnsName: 'ubuntu-1804', osPlatform: 'Linux' });
  });

  it('lists every installed package, not those removed with their config files kept', () => {
    const installed = rows.filter((r) => !/\b(config-files|not-installed)$/.test(r.status));
    expect(rows).toHaveLength(91);
    expect(installed.length).toBeLessThan(rows.length);
    expect(report.software).toHaveLength(installed.length);
    // git is "deinstall ok config-files" in this dpkg status file
    expect(rows.find((r) => r.name === 'git')?.status).toBe('deinstall ok config-files');
    expect(report.software.some((s) => s.displayName === 'git' || s.name === 'git')).toBe(false);
  });

  it('keeps the full Debian version and puts the upstream version in the CPE', () => {
    expect(byName(report.software, 'bash')).toEqual({
      vendor: 'gnu',
      name: 'bash',
      displayName: 'bash',
      version: '4.4.18-2ubuntu1',
      cpe: 'cpe:2.3:a:gnu:bash:4.4.18:-:*:*:-:*:*:*',
      arch: 'amd64',
      source: 'deb_packages',
    });
    const zlib = byName(report.software, 'zlib1g');
    expect(zlib).toMatchObject({ vendor: 'zlib', name: 'zlib', version: '1:1.2.11.dfsg-0ubuntu2' });
    expect(zlib.cpe).toBe('cpe:2.3:a:zlib:zlib:1.2.11:-:*:*:-:*:*:*');
    expect(byName(report.software, 'fdisk')).toMatchObject({
      vendor: 'kernel',
      name: 'util-linux',
      version: '2.31.1-0.4ubuntu3.1',
    });
    expect(byName(report.software, 'libgnutls30')).toMatchObject({ vendor: 'gnu', name: 'gnutls' });
  });

  it('leaves packages no rule knows raw, for the engine to report as not supported', () => {
    const adduser = byName(report.software, 'adduser');
    expect(adduser.vendor).toBeUndefined();
    expect(adduser.cpe).toBeUndefined();
    expect(identifySoftware(adduser, rules)).toMatchObject({ unsupported: true });
  });

  it('identifies an imported item the same way again (idempotent identity)', () => {
    for (const item of report.software.filter((s) => s.cpe)) {
      const again = identifySoftware(item, rules);
      expect('identity' in again && again.identity.vendor).toBe(item.vendor);
    }
  });

  it('writes package URLs when the distro is known', () => {
    const withPurls = osqueryToDeviceReport(rows, { deviceName: 'ubuntu-1804', rules, distro: 'ubuntu-18.04' });
    expect(byName(withPurls.software, 'bash').purl).toBe(
      'pkg:deb/ubuntu/bash@4.4.18-2ubuntu1?arch=amd64&distro=ubuntu-18.04'
    );
    expect(byName(withPurls.software, 'zlib1g').purl).toBe(
      'pkg:deb/ubuntu/zlib1g@1.2.11.dfsg-0ubuntu2?arch=amd64&epoch=1&distro=ubuntu-18.04'
    );
    expect(() => deviceReportSchema.parse(withPurls)).not.toThrow();
  });

  it('leaves rows raw without rules', () => {
    const raw = osqueryToDeviceReport(rows, { deviceName: 'ubuntu-1804' });
    expect(byName(raw.software, 'bash')).toEqual({
      name: 'bash',
      version: '4.4.18-2ubuntu1',
      arch: 'amd64',
      source: 'deb_packages',
    });
  });
});

describeWithSharedData('osquery rpm_packages (derived CentOS 6 rows)', () => {
  const rows = readSharedJson<Row[]>('osquery', 'derived-rpm_packages-centos-6.json');
  const report = osqueryToDeviceReport(rows, { deviceName: 'centos-6', rules });

  it('lists every package, versions as [epoch:]version-release', () => {
    expect(detectOsqueryTable(rows[0])).toBe('rpm_packages');
    expect(() => deviceReportSchema.parse(report)).not.toThrow();
    expect(report.software).toHaveLength(rows.length);
    expect(rows).toHaveLength(129);
    const expected = rows.map((r) => `${r.epoch ? `${r.epoch}:` : ''}${r.version}-${r.release}`).sort();
    expect(report.software.map((s) => s.version).sort()).toEqual(expected);
  });

  it('spot-checks packages', () => {
    expect(byName(report.software, 'tar')).toMatchObject({
      vendor: 'gnu',
      name: 'tar',
      version: '2:1.23-15.el6_8',
      arch: 'x86_64',
    });
    expect(byName(report.software, 'tar').cpe).toBe('cpe:2.3:a:gnu:tar:1.23:-:*:*:-:*:*:*');
    const bind = report.software.filter((s) => s.vendor === 'isc');
    expect(bind.map((b) => [b.displayName, b.version, b.cpe])).toEqual([
      ['bind-libs', '32:9.8.2-0.68.rc1.el6_10.1', 'cpe:2.3:a:isc:bind:9.8.2:-:*:*:-:*:*:*'],
      ['bind-utils', '32:9.8.2-0.68.rc1.el6_10.1', 'cpe:2.3:a:isc:bind:9.8.2:-:*:*:-:*:*:*'],
    ]);
    expect(byName(report.software, 'openssl')).toMatchObject({ vendor: 'openssl', version: '1.0.1e-57.el6' });
    expect(byName(report.software, 'curl').cpe).toBe('cpe:2.3:a:haxx:curl:7.19.7:-:*:*:-:*:*:*');
    expect(byName(report.software, 'libcurl').cpe).toBe('cpe:2.3:a:haxx:libcurl:7.19.7:-:*:*:-:*:*:*');
  });

  it('writes rpm package URLs with the epoch as a qualifier', () => {
    const r = osqueryToDeviceReport(rows, { deviceName: 'centos-6', rules, distro: 'centos-6' });
    expect(byName(r.software, 'tar').purl).toBe('pkg:rpm/centos/tar@1.23-15.el6_8?arch=x86_64&epoch=2&distro=centos-6');
  });
});

const programs: Row[] = [
  {
    name: 'Google Chrome',
    version: '124.0.6367.91',
    publisher: 'Google LLC',
    install_location: '',
    identifying_number: '{7C0F}',
  },
  {
    name: 'Mozilla Firefox (x64 en-US)',
    version: '125.0.3',
    publisher: 'Mozilla',
    install_location: 'C:\\Program Files\\Mozilla Firefox',
  },
  { name: 'Zoom', version: '5.17.5 (31030)', publisher: 'Zoom Video Communications, Inc.', install_location: '' },
  {
    name: 'Security Update for Microsoft Windows (KB5034441)',
    version: '',
    publisher: 'Microsoft Corporation',
    install_location: '',
  },
];

describe('osquery programs and apps rows', () => {
  it('identifies Windows programs, keeping the raw name, publisher and version', () => {
    const r = osqueryToDeviceReport(programs, { deviceName: 'ws-0042', rules });
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    expect(r.osPlatform).toBe('Windows');
    expect(r.software).toEqual([
      {
        vendor: 'google',
        name: 'chrome',
        displayName: 'Google Chrome',
        publisher: 'Google LLC',
        version: '124.0.6367.91',
        cpe: 'cpe:2.3:a:google:chrome:124.0.6367.91:-:*:*:-:*:*:*',
        source: 'programs',
      },
      {
        vendor: 'mozilla',
        name: 'firefox',
        displayName: 'Mozilla Firefox (x64 en-US)',
        publisher: 'Mozilla',
        version: '125.0.3',
        cpe: 'cpe:2.3:a:mozilla:firefox:125.0.3:-:*:*:-:*:*:*',
        source: 'programs',
      },
      {
        vendor: 'zoom',
        name: 'zoom',
        displayName: 'Zoom',
        publisher: 'Zoom Video Communications, Inc.',
        version: '5.17.5 (31030)',
        cpe: 'cpe:2.3:a:zoom:zoom:5.17.5:-:*:*:-:windows:*:*',
        source: 'programs',
      },
      {
        name: 'Security Update for Microsoft Windows (KB5034441)',
        publisher: 'Microsoft Corporation',
        version: '',
        source: 'programs',
      },
    ]);
  });

  it('identifies macOS apps by bundle id and uses the user-facing version', () => {
    const apps: Row[] = [
      {
        name: 'Google Chrome.app',
        path: '/Applications/Google Chrome.app',
        bundle_identifier: 'com.google.Chrome',
        bundle_short_version: '124.0.6367.91',
        bundle_version: '6367.91',
      },
      {
        name: 'zoom.us.app',
        path: '/Applications/zoom.us.app',
        bundle_identifier: 'us.zoom.xos',
        bundle_short_version: '5.17.5 (31030)',
        bundle_version: '5.17.5.31030',
      },
      {
        name: 'Things3.app',
        path: '/Applications/Things3.app',
        bundle_identifier: 'com.culturedcode.ThingsMac',
        bundle_short_version: '3.20.1',
        display_name: 'Things',
      },
    ];
    const r = osqueryToDeviceReport(apps, { deviceName: 'mac-7', rules });
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    expect(r.osPlatform).toBe('macOS');
    expect(r.software[0]).toMatchObject({
      vendor: 'google',
      name: 'chrome',
      displayName: 'Google Chrome',
      version: '124.0.6367.91',
      source: 'apps',
    });
    expect(r.software[1]).toMatchObject({
      vendor: 'zoom',
      name: 'zoom',
      displayName: 'zoom.us',
      cpe: 'cpe:2.3:a:zoom:zoom:5.17.5:-:*:*:-:macos:*:*',
    });
    expect(r.software[2]).toEqual({ name: 'Things3', displayName: 'Things', version: '3.20.1', source: 'apps' });
  });

  it('uses the table option for rows whose columns do not say their table', () => {
    const bare = [{ name: 'Google Chrome', version: '124.0.6367.91' }];
    expect(() => osqueryToDeviceReport(bare, { deviceName: 'x' })).toThrow(
      /cannot tell the osquery table .*pass the table option/
    );
    const r = osqueryToDeviceReport({ rows: bare }, { deviceName: 'x', table: 'programs', rules });
    expect(r.software[0]).toMatchObject({ vendor: 'google', name: 'chrome', source: 'programs' });
  });
});

function line(o: object): string {
  return JSON.stringify(o);
}

describe('osqueryd result logs', () => {
  const base = {
    hostIdentifier: 'host-uuid-1',
    calendarTime: 'Mon May 13 10:00:00 2024 UTC',
    epoch: 0,
    counter: 0,
    numerics: false,
  };
  const decorations = { host_uuid: '4C4C4544-0042', hostname: 'ws-0042.corp.example' };

  it('replays differential added/removed lines per query', () => {
    const text = [
      line({
        ...base,
        name: 'pack_software_programs',
        unixTime: 1715594400,
        decorations,
        columns: programs[0],
        action: 'added',
      }),
      line({
        ...base,
        name: 'pack_software_programs',
        unixTime: 1715594400,
        decorations,
        columns: programs[1],
        action: 'added',
      }),
      line({
        ...base,
        name: 'pack_software_programs',
        unixTime: 1715594400,
        decorations,
        columns: programs[2],
        action: 'added',
      }),
      '',
      line({
        ...base,
        name: 'pack_software_programs',
        unixTime: 1715680800,
        decorations,
        columns: programs[1],
        action: 'removed',
      }),
    ].join('\n');
    const r = osqueryToDeviceReport(text, { rules });
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    expect(r.id).toBe('host-uuid-1');
    expect(r.computerDnsName).toBe('ws-0042.corp.example');
    expect(r.lastSeen).toBe('2024-05-14T10:00:00.000Z');
    expect(r.software.map((s) => s.name)).toEqual(['chrome', 'zoom']);
  });

  it('lets the latest snapshot replace a query’s rows, and reads os_version and system_info', () => {
    const text = [
      line({ ...base, name: 'programs', unixTime: 1715594400, snapshot: programs, action: 'snapshot' }),
      line({ ...base, name: 'programs', unixTime: 1715680800, snapshot: programs.slice(0, 1), action: 'snapshot' }),
      line({
        ...base,
        name: 'os',
        unixTime: 1715680800,
        snapshot: [
          {
            name: 'Microsoft Windows 11 Pro',
            version: '10.0.22631',
            major: '10',
            minor: '0',
            build: '22631',
            platform: 'windows',
            platform_like: 'windows',
            codename: '',
          },
        ],
        action: 'snapshot',
      }),
      line({
        ...base,
        name: 'sysinfo',
        unixTime: 1715680800,
        snapshot: [{ hostname: 'WS-0042', uuid: '4C4C4544-0042', cpu_brand: 'Intel' }],
        action: 'snapshot',
      }),
    ].join('\n');
    const r = osqueryToDeviceReport(text, { rules });
    expect(r.software.map((s) => s.name)).toEqual(['chrome']);
    expect(r).toMatchObject({
      id: 'host-uuid-1',
      computerDnsName: 'WS-0042',
      osPlatform: 'Windows11',
      osVersion: '10.0.22631',
    });
  });

  it('reads batch diffResults lines and derives the distro for package URLs', () => {
    const lines = [
      {
        ...base,
        name: 'deb',
        unixTime: 1715594400,
        diffResults: {
          added: [
            {
              name: 'openssl',
              version: '1.1.1-1ubuntu2.1~18.04.23',
              source: 'openssl',
              arch: 'amd64',
              revision: '1ubuntu2.1~18.04.23',
              status: 'install ok installed',
              maintainer: 'Ubuntu',
              admindir: '/var/lib/dpkg',
            },
            {
              name: 'sudo',
              version: '1.8.21p2-3ubuntu1.6',
              source: 'sudo',
              arch: 'amd64',
              revision: '3ubuntu1.6',
              status: 'install ok installed',
              maintainer: 'Ubuntu',
              admindir: '/var/lib/dpkg',
            },
          ],
          removed: [],
        },
      },
      {
        ...base,
        name: 'os',
        unixTime: 1715594400,
        diffResults: {
          added: [
            {
              name: 'Ubuntu',
              version: '18.04.6 LTS (Bionic Beaver)',
              major: '18',
              minor: '4',
              platform: 'ubuntu',
              platform_like: 'debian',
              codename: 'bionic',
            },
          ],
          removed: [],
        },
      },
    ];
    const r = osqueryToDeviceReport(lines, { rules });
    expect(() => deviceReportSchema.parse(r)).not.toThrow();
    expect(r).toMatchObject({ osPlatform: 'Linux', osVersion: 'ubuntu 18.04.6 LTS (Bionic Beaver)' });
    expect(r.software[0]).toMatchObject({
      vendor: 'openssl',
      name: 'openssl',
      cpe: 'cpe:2.3:a:openssl:openssl:1.1.1:-:*:*:-:*:*:*',
    });
    expect(r.software[0].purl).toBe(
      'pkg:deb/ubuntu/openssl@1.1.1-1ubuntu2.1~18.04.23?arch=amd64&distro=ubuntu-18.04.6'
    );
    expect(r.software[1]).toMatchObject({
      vendor: 'sudo_project',
      name: 'sudo',
      cpe: 'cpe:2.3:a:sudo_project:sudo:1.8.21p2:-:*:*:-:*:*:*',
    });
  });

  it('refuses a log of several hosts, and names bad lines', () => {
    const two = [
      line({ ...base, name: 'p', unixTime: 1, columns: programs[0], action: 'added' }),
      line({ ...base, hostIdentifier: 'other', name: 'p', unixTime: 1, columns: programs[1], action: 'added' }),
    ].join('\n');
    expect(() => osqueryToDeviceReport(two)).toThrow(/results of 2 hosts \(host-uuid-1, other\)/);
    const bad = [
      line({ ...base, name: 'p', unixTime: 1, columns: programs[0], action: 'added' }),
      '{"name": "p", "columns": {',
    ].join('\n');
    expect(() => osqueryToDeviceReport(bad)).toThrow(ImportFormatError);
    expect(() => osqueryToDeviceReport(bad)).toThrow(/^line 2: invalid JSON/);
    expect(() =>
      osqueryToDeviceReport([line({ ...base, name: 'p', columns: programs[0], action: 'renamed' })].join('\n'))
    ).toThrow(/line 1: unknown action "renamed"/);
    expect(() => osqueryToDeviceReport('{"a": 1}\n{"b": 2}')).toThrow(/line 1: not an osquery result log line/);
  });
});

describe('osquery input errors and ids', () => {
  it('names the row that lacks a name', () => {
    const rows = [programs[0], { version: '1.0', publisher: 'X', install_location: '' }];
    expect(() => osqueryToDeviceReport(rows, { deviceName: 'x' })).toThrow('rows[1]: name missing');
  });

  it('needs a device id when the rows carry none', () => {
    expect(() => osqueryToDeviceReport(programs)).toThrow(/no device id/);
  });

  it('rejects what is not osquery output', () => {
    expect(() => osqueryToDeviceReport({ hello: 'world' })).toThrow(/not osquery results/);
    expect(() => osqueryToDeviceReport('')).toThrow(/empty/);
    expect(() => osqueryToDeviceReport([1, 2], { deviceName: 'x' })).toThrow(
      'rows[0]: a row must be an object of column values'
    );
  });

  it('derives a deterministic report id from the input and the device', () => {
    const a = osqueryToDeviceReport(programs, { deviceName: 'ws-1' });
    const b = osqueryToDeviceReport(JSON.parse(JSON.stringify(programs)), { deviceName: 'ws-1' });
    const c = osqueryToDeviceReport(programs, { deviceName: 'ws-2' });
    expect(a.reportId).toBe(b.reportId);
    expect(a.reportId).not.toBe(c.reportId);
    expect(a.reportId).toMatch(/^osquery-[0-9a-f]{64}$/);
    expect(osqueryToDeviceReport(programs, { deviceName: 'ws-1', reportId: 'r-1' }).reportId).toBe('r-1');
  });

  it('coerces numeric column values and ignores unknown columns', () => {
    const r = osqueryToDeviceReport(
      [
        {
          name: 'bash',
          version: '4.2.46',
          release: '34.el7',
          epoch: 0,
          arch: 'x86_64',
          sha1: '',
          future_column: { x: 1 },
        },
      ],
      {
        deviceName: 'x',
        rules,
      }
    );
    expect(r.software[0]).toMatchObject({
      vendor: 'gnu',
      name: 'bash',
      version: '4.2.46-34.el7',
      source: 'rpm_packages',
    });
  });

  it('leaves out a row whose version is not printable ASCII, with a warning', () => {
    const warnings: string[] = [];
    const r = osqueryToDeviceReport([{ ...programs[0], version: '1.0\u00e9' }, programs[1]], {
      deviceName: 'x',
      onWarning: (m) => warnings.push(m),
    });
    expect(r.software).toHaveLength(1);
    expect(warnings[0]).toMatch(/^rows\[0\]: version of "Google Chrome" is not a usable version string/);
  });
});
