import { CPE_ATTRIBUTES, parseCpe, plainValue } from './cpe';
import fs from 'fs';
import path from 'path';

import { describeWithSharedData, readSharedJson } from '../test-support/sharedData';
import {
  CpeRulesError,
  identifySoftware,
  identityToCpe,
  loadRules,
  mergeRules,
  normalizeVersion,
  type IdentifiedSoftware,
  type IdentifyResult,
  type InstalledItem,
} from './normalizer';
import type { ProductIdentity } from './types';

const RULES_PATH = path.resolve(__dirname, '../../rules/cpe-rules.json');
const rules = loadRules(fs.readFileSync(RULES_PATH, 'utf8'));

function identified(r: IdentifyResult): IdentifiedSoftware {
  if ('unsupported' in r) {
    throw new Error(`expected an identity, got unsupported: ${r.reason}`);
  }
  return r;
}

function idOf(item: InstalledItem) {
  return identified(identifySoftware(item, rules));
}

function short(i: ProductIdentity): string {
  return [i.part, i.vendor, i.product, i.swEdition, i.targetSw, i.update].join(':');
}

describe('shipped CPE rules', () => {
  it('load and validate, with unique ids and dozens of products', () => {
    const raw = JSON.parse(fs.readFileSync(RULES_PATH, 'utf8')) as { rules: Array<{ id: string; skip?: boolean }> };
    expect(rules.rules).toHaveLength(raw.rules.length);
    expect(new Set(raw.rules.map((r) => r.id)).size).toBe(raw.rules.length);
    expect(raw.rules.filter((r) => !r.skip).length).toBeGreaterThan(150);
  });
});

describe('identifySoftware: Windows programs', () => {
  // [name, publisher, version] → [part:vendor:product:swEdition:targetSw:update, CPE version]
  it.each([
    ['Google Chrome', 'Google LLC', '124.0.6367.91', 'a:google:chrome:::', '124.0.6367.91'],
    ['Microsoft Edge', 'Microsoft Corporation', '124.0.2478.80', 'a:microsoft:edge_chromium:::', '124.0.2478.80'],
    ['Mozilla Firefox (x64 en-US)', 'Mozilla', '125.0.3', 'a:mozilla:firefox:::', '125.0.3'],
    ['Mozilla Firefox ESR (x64 en-US)', 'Mozilla', '115.10.0', 'a:mozilla:firefox:esr::', '115.10.0'],
    ['Mozilla Firefox 115.10.0 ESR (x64 en-US)', 'Mozilla', '115.10.0', 'a:mozilla:firefox:esr::', '115.10.0'],
    ['Mozilla Thunderbird (x64 en-US)', 'Mozilla', '115.10.1', 'a:mozilla:thunderbird:::', '115.10.1'],
    [
      'Adobe Acrobat Reader DC',
      'Adobe Systems Incorporated',
      '22.003.20282',
      'a:adobe:acrobat_reader_dc:continuous::',
      '22.003.20282',
    ],
    [
      'Adobe Acrobat Reader DC - English',
      'Adobe Systems Incorporated',
      '21.007.20099',
      'a:adobe:acrobat_reader_dc:continuous::',
      '21.007.20099',
    ],
    [
      'Adobe Acrobat Reader (64-bit)',
      'Adobe',
      '24.002.20759',
      'a:adobe:acrobat_reader_dc:continuous::',
      '24.002.20759',
    ],
    ['Adobe Acrobat DC (64-bit)', 'Adobe', '23.008.20470', 'a:adobe:acrobat_dc:continuous::', '23.008.20470'],
    ['Adobe Acrobat (64-bit)', 'Adobe', '24.002.20759', 'a:adobe:acrobat_dc:continuous::', '24.002.20759'],
    [
      'Adobe Acrobat Reader 2020',
      'Adobe Systems Incorporated',
      '20.005.30418',
      'a:adobe:acrobat_reader:classic::',
      '20.005.30418',
    ],
    ['Adobe Acrobat Reader (64-bit)', 'Adobe', '20.005.30524', 'a:adobe:acrobat_reader:classic::', '20.005.30524'],
    ['Adobe Acrobat 2020', 'Adobe Systems Incorporated', '20.005.30418', 'a:adobe:acrobat:classic::', '20.005.30418'],
    ['7-Zip 24.08 (x64)', 'Igor Pavlov', '24.08', 'a:7-zip:7-zip:::', '24.08'],
    ['7-Zip 23.01 (x64 edition)', 'Igor Pavlov', '23.01.00.0', 'a:7-zip:7-zip:::', '23.01.00.0'],
    ['WinRAR 6.22 (64-bit)', 'win.rar GmbH', '6.22.0', 'a:rarlab:winrar:::', '6.22.0'],
    ['Git', 'The Git Development Community', '2.45.1', 'a:git-scm:git:::', '2.45.1'],
    ['Zoom', 'Zoom Video Communications, Inc.', '5.17.5 (31030)', 'a:zoom:zoom::windows:', '5.17.5'],
    ['Zoom Workplace (64-bit)', 'Zoom Video Communications, Inc.', '6.0.11 (39959)', 'a:zoom:zoom::windows:', '6.0.11'],
    [
      'Microsoft Office Professional Plus 2016',
      'Microsoft Corporation',
      '16.0.4266.1001',
      'a:microsoft:office:::',
      '2016',
    ],
    [
      'Microsoft Office Professional Plus 2010',
      'Microsoft Corporation',
      '14.0.7015.1000',
      'a:microsoft:office:::sp2',
      '2010',
    ],
    ['Microsoft Office Standard 2013', 'Microsoft Corporation', '15.0.4569.1506', 'a:microsoft:office:::sp1', '2013'],
    [
      'Microsoft Office LTSC Professional Plus 2021 - en-us',
      'Microsoft Corporation',
      '16.0.14332.20685',
      'a:microsoft:office_long_term_servicing_channel:::',
      '2021',
    ],
    [
      'Microsoft 365 Apps for enterprise - en-us',
      'Microsoft Corporation',
      '16.0.17531.20152',
      'a:microsoft:365_apps:enterprise::',
      '-',
    ],
    ['Java 8 Update 401 (64-bit)', 'Oracle Corporation', '8.0.4010.10', 'a:oracle:jre:::update401', '1.8.0'],
    [
      'Java SE Development Kit 8 Update 401 (64-bit)',
      'Oracle Corporation',
      '8.0.4010.10',
      'a:oracle:jdk:::update401',
      '1.8.0',
    ],
    ['Java(TM) SE Development Kit 17.0.2 (64-bit)', 'Oracle Corporation', '17.0.2.0', 'a:oracle:jdk:::', '17.0.2'],
    [
      'Eclipse Temurin JDK with Hotspot 17.0.10+7 (x64)',
      'Eclipse Adoptium',
      '17.0.10.7',
      'a:oracle:openjdk:::',
      '17.0.10',
    ],
    ['Notepad++ (64-bit x64)', 'Notepad++ Team', '8.6.5', 'a:notepad-plus-plus:notepad++:::', '8.6.5'],
    ['VLC media player', 'VideoLAN', '3.0.20', 'a:videolan:vlc_media_player:::', '3.0.20'],
    ['PuTTY release 0.80 (64-bit)', 'Simon Tatham', '0.80.0.0', 'a:putty:putty:::', '0.80.0.0'],
    ['WinSCP 6.3.3', 'Martin Prikryl', '6.3.3', 'a:winscp:winscp:::', '6.3.3'],
    ['KeePass Password Safe 2.56', 'Dominik Reichl', '2.56', 'a:keepass:keepass:::', '2.56'],
    [
      'Microsoft Visual Studio Code (User)',
      'Microsoft Corporation',
      '1.89.1',
      'a:microsoft:visual_studio_code:::',
      '1.89.1',
    ],
    ['Slack', 'Slack Technologies Inc.', '4.38.125', 'a:slack:slack:::', '4.38.125'],
    ['Microsoft Teams', 'Microsoft', '24102.2223.2870.9480', 'a:microsoft:teams:::', '24102.2223.2870.9480'],
    ['Python 3.12.3 (64-bit)', 'Python Software Foundation', '3.12.3150.0', 'a:python:python:::', '3.12.3'],
    ['Node.js', 'Node.js Foundation', '20.12.2', 'a:nodejs:node.js:::', '20.12.2'],
    ['OpenSSL 3.2.1 Light (64-bit)', 'OpenSSL Win64 Installer Team', '3.2.1', 'a:openssl:openssl:::', '3.2.1'],
    ['Microsoft .NET Runtime - 8.0.4 (x64)', 'Microsoft Corporation', '64.16.33519', 'a:microsoft:.net:::', '8.0.4'],
    [
      'Wireshark 4.2.4 x64',
      'The Wireshark developer community, https://www.wireshark.org',
      '4.2.4',
      'a:wireshark:wireshark:::',
      '4.2.4',
    ],
    ['Git version 2.20.1', 'The Git Development Community', '2.20.1', 'a:git-scm:git:::', '2.20.1'],
  ])('%s (%s %s)', (name, publisher, version, expected, cpeVersion) => {
    const r = idOf({ name, publisher, version, source: 'programs' });
    expect(short(r.identity)).toBe(expected);
    expect(r.version).toBe(cpeVersion);
    expect(r.ruleId).toBeDefined();
  });

  it('gives Firefox ESR and Zoom the other names NVD has used for them', () => {
    expect(
      idOf({ name: 'Mozilla Firefox ESR (x64 en-US)', version: '115.10.0', source: 'programs' }).alternates
    ).toEqual([{ part: 'a', vendor: 'mozilla', product: 'firefox_esr', swEdition: 'esr', targetSw: '', update: '' }]);
    const zoom = idOf({ name: 'Zoom', version: '5.17.5 (31030)', source: 'programs' });
    expect(zoom.alternates?.map(short)).toEqual(['a:zoom:meetings::windows:']);
  });

  it('needs no source: a native report item with a display name is identified too', () => {
    expect(short(idOf({ name: 'Google Chrome', version: '124.0.6367.91' }).identity)).toBe('a:google:chrome:::');
    expect(short(idOf({ name: 'Zoom', version: '5.17.5' }).identity)).toBe('a:zoom:zoom:::');
  });

  it.each([
    ['Security Update for Microsoft Windows (KB5034441)', 'Microsoft Corporation', 'skip-windows-kb-update'],
    ['Update for Windows 10 for x64-based Systems (KB5001716)', 'Microsoft Corporation', 'skip-windows-kb-update'],
    ['Hotfix for Microsoft .NET Framework 3.5 SP1 (KB953595)', 'Microsoft Corporation', 'skip-windows-kb-update'],
    ['Intel(R) Graphics Driver', 'Intel Corporation', 'skip-driver'],
    ['NVIDIA Graphics Driver 551.86', 'NVIDIA Corporation', 'skip-driver'],
    ['Realtek High Definition Audio Driver', 'Realtek Semiconductor Corp.', 'skip-driver'],
    ['Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130', 'Microsoft Corporation', 'skip-vcredist'],
    ['Microsoft Visual C++ 2022 X64 Minimum Runtime - 14.38.33130', 'Microsoft Corporation', 'skip-vcredist'],
    ['Microsoft Edge WebView2 Runtime', 'Microsoft Corporation', 'skip-edge-webview2'],
    ['Microsoft Office Proofing Tools 2016 - English', 'Microsoft Corporation', 'skip-office-components'],
    ['Python 3.12.3 Core Interpreter (64-bit)', 'Python Software Foundation', 'skip-python-components'],
    ['Mozilla Maintenance Service', 'Mozilla', 'skip-updaters'],
    ['Microsoft .NET Host - 8.0.4 (x64)', 'Microsoft Corporation', 'skip-dotnet-components'],
  ])('skips %s', (name, publisher, ruleId) => {
    const r = identifySoftware({ name, publisher, version: '1.0', source: 'programs' }, rules);
    expect(r).toMatchObject({ unsupported: true, ruleId });
    expect((r as { reason: string }).reason).toMatch(new RegExp(`^skipped by rule ${ruleId}: .+`));
  });

  it('calls software no rule knows unsupported, naming it', () => {
    expect(
      identifySoftware(
        { name: 'Contoso Widget Manager', publisher: 'Contoso Ltd', version: '3.1', source: 'programs' },
        rules
      )
    ).toEqual({
      unsupported: true,
      reason: 'no CPE rule identifies "Contoso Widget Manager" (publisher "Contoso Ltd")',
    });
  });
});

describe('identifySoftware: macOS apps', () => {
  it.each([
    ['Google Chrome', 'com.google.Chrome', '124.0.6367.91', 'a:google:chrome:::', '124.0.6367.91'],
    ['Firefox', 'org.mozilla.firefox', '125.0.3', 'a:mozilla:firefox:::', '125.0.3'],
    ['Firefox', 'org.mozilla.firefox', '115.10.0esr', 'a:mozilla:firefox:esr::', '115.10.0esr'],
    ['zoom.us', 'us.zoom.xos', '5.17.5 (31030)', 'a:zoom:zoom::macos:', '5.17.5'],
    ['Visual Studio Code', 'com.microsoft.VSCode', '1.89.1', 'a:microsoft:visual_studio_code:::', '1.89.1'],
    ['Microsoft Edge', 'com.microsoft.edgemac', '124.0.2478.80', 'a:microsoft:edge_chromium:::', '124.0.2478.80'],
    ['Slack', 'com.tinyspeck.slackmacgap', '4.38.125', 'a:slack:slack:::', '4.38.125'],
    ['VLC', 'org.videolan.vlc', '3.0.20', 'a:videolan:vlc_media_player:::', '3.0.20'],
    [
      'Adobe Acrobat Reader',
      'com.adobe.Reader',
      '24.002.20759',
      'a:adobe:acrobat_reader_dc:continuous::',
      '24.002.20759',
    ],
  ])('%s (%s %s)', (name, bundleId, version, expected, cpeVersion) => {
    const r = idOf({ name, bundleId, version, source: 'apps' });
    expect(short(r.identity)).toBe(expected);
    expect(r.version).toBe(cpeVersion);
  });

  it('skips Office for Mac apps, whose version does not name the NVD product', () => {
    expect(
      identifySoftware(
        { name: 'Microsoft Word', bundleId: 'com.microsoft.Word', version: '16.84', source: 'apps' },
        rules
      )
    ).toMatchObject({
      unsupported: true,
      ruleId: 'skip-office-mac-apps',
    });
  });
});

describe('identifySoftware: Linux distro packages', () => {
  it.each([
    ['deb_packages', 'openssl', '1.1.1-1ubuntu2.1~18.04.23', 'a:openssl:openssl:::', '1.1.1'],
    ['deb_packages', 'libssl1.1', '1.1.1f-1ubuntu2.22', 'a:openssl:openssl:::', '1.1.1f'],
    ['deb_packages', 'libssl3', '3.0.2-0ubuntu1.15', 'a:openssl:openssl:::', '3.0.2'],
    ['rpm_packages', 'openssl-libs', '1:1.0.2k-16.el7', 'a:openssl:openssl:::', '1.0.2k'],
    ['deb_packages', 'curl', '7.58.0-2ubuntu3.24', 'a:haxx:curl:::', '7.58.0'],
    ['deb_packages', 'libcurl4', '7.58.0-2ubuntu3.24', 'a:haxx:libcurl:::', '7.58.0'],
    ['deb_packages', 'libcurl3-gnutls', '7.81.0-1ubuntu1.16', 'a:haxx:libcurl:::', '7.81.0'],
    ['rpm_packages', 'libcurl', '7.19.7-53.el6_9', 'a:haxx:libcurl:::', '7.19.7'],
    ['deb_packages', 'nginx', '1.18.0-6ubuntu14.4', 'a:f5:nginx:::', '1.18.0'],
    ['deb_packages', 'nginx-core', '1.18.0-6ubuntu14.4', 'a:f5:nginx:::', '1.18.0'],
    ['deb_packages', 'apache2', '2.4.52-1ubuntu4.9', 'a:apache:http_server:::', '2.4.52'],
    ['deb_packages', 'apache2-bin', '2.4.52-1ubuntu4.9', 'a:apache:http_server:::', '2.4.52'],
    ['rpm_packages', 'httpd', '2.4.6-99.el7.centos.1', 'a:apache:http_server:::', '2.4.6'],
    ['deb_packages', 'sudo', '1.9.9-1ubuntu2.4', 'a:sudo_project:sudo:::', '1.9.9'],
    ['deb_packages', 'openssh-server', '1:8.9p1-3ubuntu0.6', 'a:openbsd:openssh:::', '8.9p1'],
    ['rpm_packages', 'openssh-server', '7.4p1-23.el7_9', 'a:openbsd:openssh:::', '7.4p1'],
    ['deb_packages', 'bash', '4.4.18-2ubuntu1', 'a:gnu:bash:::', '4.4.18'],
    ['deb_packages', 'zlib1g', '1:1.2.11.dfsg-0ubuntu2', 'a:zlib:zlib:::', '1.2.11'],
    ['deb_packages', 'libgmp10', '2:6.1.2+dfsg-2', 'a:gmplib:gmp:::', '6.1.2'],
    ['deb_packages', 'git', '1:2.20.1-2+deb10u3', 'a:git-scm:git:::', '2.20.1'],
    ['deb_packages', 'apt', '1.6.3ubuntu0.1', 'a:debian:advanced_package_tool:::', '1.6.3'],
    ['deb_packages', 'redis-server', '5:7.0.15-1~deb12u1', 'a:redis:redis:::', '7.0.15'],
    ['deb_packages', 'postgresql-14', '14.11-0ubuntu0.22.04.1', 'a:postgresql:postgresql:::', '14.11'],
    ['deb_packages', 'mysql-server-8.0', '8.0.36-0ubuntu0.22.04.1', 'a:oracle:mysql:::', '8.0.36'],
    ['deb_packages', 'docker-ce', '5:26.1.1-1~ubuntu.22.04~jammy', 'a:docker:docker:::', '26.1.1'],
    ['deb_packages', 'openjdk-17-jre-headless', '17.0.10+7-1~22.04.1', 'a:oracle:openjdk:::', '17.0.10'],
    ['rpm_packages', 'bind-libs', '32:9.8.2-0.68.rc1.el6_10.1', 'a:isc:bind:::', '9.8.2'],
    ['apk_packages', 'libcrypto1.1', '1.1.1c-r0', 'a:openssl:openssl:::', '1.1.1c'],
    ['deb_packages', 'python3.10', '3.10.12-1~22.04.3', 'a:python:python:::', '3.10.12'],
  ])('%s %s %s', (source, name, version, expected, cpeVersion) => {
    const r = idOf({ name, version, source });
    expect(short(r.identity)).toBe(expected);
    expect(r.version).toBe(cpeVersion);
  });

  it('knows nginx by its former NVD vendor too', () => {
    expect(idOf({ name: 'nginx', version: '1.18.0-6', source: 'deb_packages' }).alternates?.map(short)).toEqual([
      'a:nginx:nginx:::',
    ]);
  });

  it('takes the source from the purl of scanner/SBOM items', () => {
    const r = idOf({
      name: 'openssl',
      version: '1.1.0k-1~deb9u1',
      source: 'trivy',
      purl: 'pkg:deb/debian/openssl@1.1.0k-1~deb9u1?arch=amd64',
    });
    expect(short(r.identity)).toBe('a:openssl:openssl:::');
    expect(r.version).toBe('1.1.0k');
  });

  it('leaves distro packages without a rule unsupported (vendor unknown), and skips kernels', () => {
    const r = identifySoftware({ name: 'libfoo-bar2', version: '1.2-3', source: 'deb_packages' }, rules);
    expect(r).toMatchObject({ unsupported: true });
    expect((r as { reason: string }).reason).toMatch(
      /^distro package "libfoo-bar2" has no CPE rule: its vendor is unknown/
    );
    expect(
      identifySoftware(
        { name: 'linux-image-5.15.0-105-generic', version: '5.15.0-105.115', source: 'deb_packages' },
        rules
      )
    ).toMatchObject({
      unsupported: true,
      ruleId: 'skip-linux-kernel-packages',
    });
    expect(
      identifySoftware({ name: 'kernel', version: '3.10.0-1160.el7', source: 'rpm_packages' }, rules)
    ).toMatchObject({
      unsupported: true,
      ruleId: 'skip-linux-kernel-packages',
    });
  });

  it('does not apply distro package rules to Windows programs of the same name', () => {
    expect(identifySoftware({ name: 'file', version: '5.0', source: 'programs' }, rules)).toMatchObject({
      unsupported: true,
    });
    expect(short(idOf({ name: 'file', version: '5.04-30.el6', source: 'rpm_packages' }).identity)).toBe(
      'a:file_project:file:::'
    );
  });
});

describe('identifySoftware: items that already name their product', () => {
  it('uses a CPE, unescaping its attributes', () => {
    const r = idOf({
      name: 'package-1',
      version: '1.1.1',
      cpe: 'cpe:2.3:a:anchore\\:oss:anchore\\/engine:0.9.2:*:*:en:*:*:*:*',
    });
    expect(r.identity).toEqual({
      part: 'a',
      vendor: 'anchore:oss',
      product: 'anchore/engine',
      swEdition: '',
      targetSw: '',
      update: '',
    });
    expect(r.version).toBe('0.9.2');
    expect(r.ruleId).toBeUndefined();
  });

  it('takes the item version when the CPE has none', () => {
    expect(idOf({ name: 'x', version: '2.4.49', cpe: 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*' }).version).toBe(
      '2.4.49'
    );
  });

  it('uses CPE-style vendor + name, with the edition', () => {
    expect(idOf({ vendor: 'google', name: 'chrome', version: '124.0.6367.100' })).toEqual({
      identity: { part: 'a', vendor: 'google', product: 'chrome', swEdition: '', targetSw: '', update: '' },
      version: '124.0.6367.100',
    });
    expect(idOf({ vendor: 'mozilla', name: 'firefox', edition: 'esr', version: '115.10.0' }).identity.swEdition).toBe(
      'esr'
    );
  });

  it('falls back to the rules when vendor/name are display values', () => {
    const r = idOf({ vendor: 'Google LLC', name: 'Google Chrome', version: '124.0.6367.91' });
    expect(short(r.identity)).toBe('a:google:chrome:::');
  });

  it('round-trips identities through identityToCpe, escapes included', () => {
    const samples: Array<[InstalledItem, string]> = [
      [
        { name: 'Notepad++ (64-bit x64)', version: '8.6.5' },
        'cpe:2.3:a:notepad-plus-plus:notepad\\+\\+:8.6.5:-:*:*:-:*:*:*',
      ],
      [
        { name: 'Mozilla Firefox ESR (x64 en-US)', version: '115.10.0' },
        'cpe:2.3:a:mozilla:firefox:115.10.0:-:*:*:esr:*:*:*',
      ],
      [
        { name: 'Java 8 Update 401 (64-bit)', version: '8.0.4010.10' },
        'cpe:2.3:a:oracle:jre:1.8.0:update401:*:*:-:*:*:*',
      ],
      [
        { name: 'Zoom', version: '5.17.5 (31030)', source: 'programs' },
        'cpe:2.3:a:zoom:zoom:5.17.5:-:*:*:-:windows:*:*',
      ],
      [
        { name: 'Microsoft .NET Runtime - 8.0.4 (x64)', version: '8.0.4' },
        'cpe:2.3:a:microsoft:.net:8.0.4:-:*:*:-:*:*:*',
      ],
    ];
    for (const [item, cpe] of samples) {
      const r = idOf(item);
      expect(identityToCpe(r.identity, r.version)).toBe(cpe);
      const back = idOf({ name: 'anything', cpe });
      expect(back.identity).toEqual(r.identity);
      expect(back.version).toBe(r.version);
    }
  });
});

describe('normalizeVersion', () => {
  it.each([
    ['5.17.5 (31030)', 'generic', '5.17.5'],
    ['v1.8.0', 'generic', '1.8.0'],
    ['2.45.1.windows.1', 'generic', '2.45.1'],
    ['124.0.6367.91', 'generic', '124.0.6367.91'],
    ['  ', 'generic', ''],
    ['1:2.3.4-1ubuntu1', 'deb', '2.3.4'],
    ['1:1.2.11.dfsg-0ubuntu2', 'deb', '1.2.11'],
    ['2:6.1.2+dfsg-2', 'deb', '6.1.2'],
    ['1.6.3ubuntu0.1', 'deb', '1.6.3'],
    ['1.1.0k-1~deb9u1', 'deb', '1.1.0k'],
    ['2.0.5-1+deb10u1', 'deb', '2.0.5'],
    ['1:1.2.3+really1.2.2-1', 'deb', '1.2.2'],
    ['1.0~rc1-2', 'deb', '1.0~rc1'],
    ['1:1.0.2k-16.el7', 'rpm', '1.0.2k'],
    ['2.8.14-23.el6', 'rpm', '2.8.14'],
    ['1.1.1c-r0', 'apk', '1.1.1c'],
  ] as const)('%s (%s) → %s', (raw, scheme, expected) => {
    expect(normalizeVersion(raw, scheme)).toBe(expected);
  });
});

describe('loadRules / mergeRules', () => {
  it('accepts a bare array, an object and JSON text', () => {
    const rule = { id: 'acme', name: '^Acme Widget$', vendor: 'acme', product: 'widget' };
    expect(loadRules([rule]).rules).toHaveLength(1);
    expect(loadRules({ rules: [rule] }).rules).toHaveLength(1);
    expect(loadRules(JSON.stringify({ version: 1, rules: [rule] })).rules).toHaveLength(1);
  });

  it.each([
    [[{ id: 'bad', name: '([a-z', vendor: 'a', product: 'b' }], /rules\[0\]\.name: invalid regular expression/],
    [[{ id: 'r', name: 'x' }], /rules\[0\]: a rule needs `vendor` and `product`, or `skip: true`/],
    [[{ id: 'r', vendor: 'a', product: 'b' }], /rules\[0\]: a rule needs a `name` or a `bundleId` pattern/],
    [[{ id: 'r', name: 'x', skip: true, vendor: 'a' }], /rules\[0\]\.vendor: a skip rule names no product/],
    [
      [{ id: 'r', name: 'x', vendor: 'Google LLC', product: 'b' }],
      /rules\[0\]\.vendor: vendor must be a CPE attribute value/,
    ],
    [
      [{ id: 'r', name: 'x', source: '@windows', vendor: 'a', product: 'b' }],
      /rules\[0\]\.source: unknown source alias @windows/,
    ],
    [[{ id: 'r', name: 'x', vendor: 'a', product: 'b', colour: 'red' }], /rules\[0\]: Unrecognized key/],
    [
      [
        { id: 'same', name: 'x', vendor: 'a', product: 'b' },
        { id: 'same', name: 'y', vendor: 'a', product: 'c' },
      ],
      /rules\[1\]\.id: duplicates rules\[0\]\.id \(same\)/,
    ],
    [{ rules: [{ id: 'r', name: 'x', vendor: 'a', product: 'b', part: 'q' }] }, /rules\[0\]\.part/],
    ['{not json', /not valid JSON/],
  ])('rejects %j', (input, message) => {
    expect(() => loadRules(input)).toThrow(CpeRulesError);
    expect(() => loadRules(input)).toThrow(message);
  });

  it('puts user rules first, and a user rule replaces the shipped rule of the same id', () => {
    const user = loadRules([
      {
        id: 'in-house-chrome',
        name: '^Google Chrome$',
        publisher: '^Contoso',
        vendor: 'contoso',
        product: 'chrome_fork',
      },
      { id: 'winrar', name: '^WinRAR\\b', skip: true, reason: 'tracked by the vendor portal' },
    ]);
    const merged = mergeRules(rules, user);
    expect(merged.rules).toHaveLength(rules.rules.length + 1);
    expect(
      short(
        identified(identifySoftware({ name: 'Google Chrome', publisher: 'Contoso IT', version: '1.0' }, merged))
          .identity
      )
    ).toBe('a:contoso:chrome_fork:::');
    expect(
      short(
        identified(identifySoftware({ name: 'Google Chrome', publisher: 'Google LLC', version: '1.0' }, merged))
          .identity
      )
    ).toBe('a:google:chrome:::');
    expect(identifySoftware({ name: 'WinRAR 6.22 (64-bit)', version: '6.22.0' }, merged)).toEqual({
      unsupported: true,
      ruleId: 'winrar',
      reason: 'skipped by rule winrar: tracked by the vendor portal',
    });
  });

  it('expands named and numbered groups in outputs', () => {
    const set = loadRules([
      {
        id: 'vs',
        name: '^Visual Studio (Community|Professional) (?<year>20\\d\\d)$',
        vendor: 'microsoft',
        product: 'visual_studio_$<year>',
        update: '$1',
      },
    ]);
    const r = identified(identifySoftware({ name: 'Visual Studio Community 2022', version: '17.9.6' }, set));
    expect(r.identity).toMatchObject({ product: 'visual_studio_2022', update: 'community' });
    expect(r.version).toBe('17.9.6');
  });
});

interface NvdCve {
  id: string;
  configurations?: Array<{ nodes: Array<{ cpeMatch: Array<{ criteria: string }> }> }>;
}

/** A criterion's attributes as plain strings ('' for ANY and NA), for comparing with identities. */
function flatCpe(criteria: string): Record<(typeof CPE_ATTRIBUTES)[number], string> {
  const c = parseCpe(criteria)!;
  return Object.fromEntries(CPE_ATTRIBUTES.map((k) => [k, plainValue(c[k]) ?? ''])) as Record<
    (typeof CPE_ATTRIBUTES)[number],
    string
  >;
}

function criteriaOf(cve: NvdCve) {
  return (cve.configurations ?? []).flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch.map((m) => flatCpe(m.criteria))));
}

describeWithSharedData('shipped rules name products as the real NVD records do', () => {
  const nvd = (id: string) => readSharedJson<NvdCve>('nvd-cve-api-2.0', `${id}.json`);
  const grypeNvd = (file: string) => readSharedJson<{ cve: NvdCve }>('grype', 'nvd-testdata', file).cve;

  it.each([
    ['CVE-2024-4671', { name: 'Google Chrome', version: '124.0.6367.91' }],
    ['CVE-2024-9680', { name: 'Mozilla Firefox (x64 en-US)', version: '131.0' }],
    ['CVE-2024-9680', { name: 'Mozilla Firefox ESR (x64 en-US)', version: '128.3.0' }],
    ['CVE-2024-9680', { name: 'Mozilla Thunderbird (x64 en-US)', version: '128.3.0' }],
    ['CVE-2023-21608', { name: 'Adobe Acrobat Reader DC', version: '22.003.20282' }],
    ['CVE-2023-21608', { name: 'Adobe Acrobat DC (64-bit)', version: '22.003.20282' }],
    ['CVE-2023-21608', { name: 'Adobe Acrobat Reader 2020', version: '20.005.30418' }],
    ['CVE-2023-21608', { name: 'Adobe Acrobat 2020', version: '20.005.30418' }],
    ['CVE-2025-0411', { name: '7-Zip 24.08 (x64)', version: '24.08' }],
    ['CVE-2023-38831', { name: 'WinRAR 6.22 (64-bit)', version: '6.22.0' }],
    ['CVE-2025-48384', { name: 'Git', version: '2.45.1' }],
    ['CVE-2017-11882', { name: 'Microsoft Office Professional Plus 2016', version: '16.0.4266.1001' }],
    ['CVE-2017-11882', { name: 'Microsoft Office Professional Plus 2010', version: '14.0.7015.1000' }],
    ['CVE-2017-11882', { name: 'Microsoft Office Standard 2013', version: '15.0.4569.1506' }],
    ['CVE-2021-41773', { name: 'apache2', version: '2.4.49-1', source: 'deb_packages' }],
    ['CVE-2021-41773', { name: 'httpd', version: '2.4.49-1.el8', source: 'rpm_packages' }],
    ['CVE-2021-23017', { name: 'nginx', version: '1.18.0-6ubuntu14.4', source: 'deb_packages' }],
    ['CVE-2023-38545', { name: 'libcurl4', version: '8.2.1-1', source: 'deb_packages' }],
    [
      'CVE-2022-21449',
      { name: 'Java(TM) SE Development Kit 17.0.2 (64-bit)', publisher: 'Oracle Corporation', version: '17.0.2.0' },
    ],
  ] as Array<[string, InstalledItem]>)('%s has a criterion for %j', (cveId, item) => {
    const r = idOf(item);
    const hit = criteriaOf(nvd(cveId)).find(
      (c) =>
        c.part === r.identity.part &&
        c.vendor === r.identity.vendor &&
        c.product === r.identity.product &&
        (r.identity.swEdition === '' || c.swEdition === r.identity.swEdition) &&
        (r.identity.update === '' || c.update === r.identity.update) &&
        (c.version === '' || c.version === r.version || r.identity.vendor !== 'microsoft')
    );
    expect(hit).toBeDefined();
    if (r.identity.vendor === 'microsoft') {
      expect(hit?.version).toBe(r.version); // Office is named by year (and service pack)
    }
  });

  it('Firefox ESR and plain Firefox fall on different NVD editions', () => {
    const c = criteriaOf(nvd('CVE-2024-9680')).filter((x) => x.product === 'firefox');
    expect(new Set(c.map((x) => x.swEdition))).toEqual(new Set(['esr', '']));
  });

  it.each([
    ['cve-2022-0543.json', { name: 'redis-server', version: '5:6.0.16-1', source: 'deb_packages' }],
    ['platform-cpe.json', { name: 'Python 3.10.4 (64-bit)', version: '3.10.4150.0', source: 'programs' }],
  ] as Array<[string, InstalledItem]>)('Grype NVD test record %s names %j', (file, item) => {
    const r = idOf(item);
    expect(
      criteriaOf(grypeNvd(file)).some((c) => c.vendor === r.identity.vendor && c.product === r.identity.product)
    ).toBe(true);
  });
});

describe('identifySoftware answers', () => {
  it('are the caller’s own objects (repeated items are answered from a cache)', () => {
    const item = { name: 'Mozilla Firefox ESR (x64 en-US)', version: '115.10.0', source: 'programs' };
    const first = idOf(item);
    first.identity.vendor = 'changed';
    first.alternates![0].product = 'changed';
    const second = idOf({ ...item });
    expect(short(second.identity)).toBe('a:mozilla:firefox:esr::');
    expect(second.alternates![0].product).toBe('firefox_esr');
  });
});
