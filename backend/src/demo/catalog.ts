/**
 * What the demo fleet is made of: device groups, operating systems, the software each runs (as an
 * inventory agent reports it) with its real release versions, and how often configuration checks fail.
 * Pure data; fleet.ts draws devices from it with a seeded generator.
 */
import type { SoftwareItem } from '../ingest/deviceReport';

export type OsFamily = 'windows' | 'macos' | 'linux';

/**
 * A release ladder, oldest first. A bare version shipped before the replay; `[version, weeks]` ships
 * that many weeks before the replay's end (so the fleet sees it arrive, with the CVEs it fixes).
 */
export type Ladder = ReadonlyArray<string | readonly [string, number]>;

export interface App {
  /** How an inventory agent lists the product at a version on an OS. */
  item: (version: string, os: OsFamily) => SoftwareItem;
  ladder: Ladder;
  /** Weekly chance that a device on an old version takes the latest (auto-updaters are high). */
  update: number;
}

const program = (name: string, publisher: string, version: string): SoftwareItem => ({
  name,
  publisher,
  version,
  source: 'programs',
});
const mac = (name: string, displayName: string, version: string): SoftwareItem => ({
  name,
  displayName,
  version,
  source: 'apps',
});
const deb = (name: string, version: string): SoftwareItem => ({ name, version, source: 'deb_packages' });

export const APPS = {
  chrome: {
    item: (v, os) =>
      os === 'windows'
        ? program('Google Chrome', 'Google LLC', v)
        : os === 'macos'
          ? mac('Google Chrome', 'Google Chrome', v)
          : deb('google-chrome-stable', `${v}-1`),
    ladder: [
      '116.0.5845.188',
      '120.0.6099.130',
      '122.0.6261.129',
      '124.0.6367.208',
      '126.0.6478.127',
      '128.0.6613.138',
      '130.0.6723.117',
      '131.0.6778.265',
      '133.0.6943.142',
      '134.0.6998.178',
      '135.0.7049.115',
      '136.0.7103.114',
      '137.0.7151.120',
      ['138.0.7204.97', 6],
      ['138.0.7204.158', 4],
      ['138.0.7204.184', 2],
      ['139.0.7258.139', 1],
    ],
    update: 0.55,
  },
  edge: {
    item: (v, os) =>
      os === 'macos'
        ? mac('Microsoft Edge', 'Microsoft Edge', v)
        : program('Microsoft Edge', 'Microsoft Corporation', v),
    ladder: ['130.0.2849.80', '136.0.3240.76', '138.0.3351.95', ['139.0.3405.102', 2]],
    update: 0.6,
  },
  firefox: {
    item: (v, os) =>
      os === 'windows' ? program('Mozilla Firefox (x64 en-US)', 'Mozilla', v) : mac('Firefox', 'Mozilla Firefox', v),
    ladder: [
      '115.0.2',
      '118.0.2',
      '121.0',
      '124.0.2',
      '128.0.3',
      '131.0.3',
      '133.0.3',
      '135.0.1',
      ['136.0.4', 5],
      ['137.0.2', 2],
    ],
    update: 0.45,
  },
  firefoxEsr: {
    item: (v) => program('Mozilla Firefox ESR (x64 en-US)', 'Mozilla', v),
    ladder: [
      '102.15.0',
      '115.3.0',
      '115.9.0',
      '115.15.0',
      '115.16.1',
      '128.3.1',
      '128.5.0',
      '128.7.0',
      ['128.8.1', 5],
      ['128.10.0', 2],
    ],
    update: 0.3,
  },
  thunderbird: {
    item: (v) => program('Mozilla Thunderbird (x64 en-US)', 'Mozilla', v),
    ladder: [
      '102.15.0',
      '115.3.1',
      '115.10.1',
      '115.15.0',
      '115.16.0',
      '128.3.1',
      '128.5.2',
      '128.8.0',
      ['128.10.1', 3],
    ],
    update: 0.3,
  },
  sevenZip: {
    item: (v) => program(`7-Zip ${v} (x64)`, 'Igor Pavlov', v),
    ladder: ['19.00', '22.01', '23.01', '24.06', '24.07', '24.08', '24.09', '25.00', ['25.01', 3]],
    update: 0.04,
  },
  winrar: {
    item: (v) => program(`WinRAR ${v} (64-bit)`, 'win.rar GmbH', `${v}.0`),
    ladder: ['5.91', '6.02', '6.11', '6.22', '6.23', '6.24', '7.01', '7.11', '7.12', ['7.13', 4]],
    update: 0.05,
  },
  reader: {
    item: (v, os) =>
      os === 'windows'
        ? program('Adobe Acrobat Reader DC', 'Adobe', v)
        : mac('Adobe Acrobat Reader', 'Adobe Acrobat Reader DC', v),
    ladder: [
      '21.007.20099',
      '22.003.20282',
      '23.001.20093',
      '23.003.20284',
      '23.006.20320',
      '23.008.20470',
      '24.002.20933',
      '24.003.20054',
      '24.003.20112',
      '24.005.20320',
      ['25.001.20458', 5],
    ],
    update: 0.25,
  },
  office2016: {
    item: (v) => program('Microsoft Office Professional Plus 2016', 'Microsoft Corporation', v),
    ladder: ['16.0.4266.1001', '16.0.5443.1000'],
    update: 0.2,
  },
  m365: {
    item: (v, os) =>
      os === 'macos'
        ? mac('Microsoft Outlook', 'Microsoft Outlook', v)
        : program('Microsoft 365 Apps for enterprise - en-us', 'Microsoft Corporation', v),
    ladder: ['16.0.17928.20114', '16.0.18025.20140', ['16.0.18129.20158', 3]],
    update: 0.5,
  },
  teams: {
    item: (v, os) =>
      os === 'macos'
        ? mac('Microsoft Teams', 'Microsoft Teams', v)
        : program('Microsoft Teams', 'Microsoft Corporation', v),
    ladder: ['24243.1309.3132.617', '25044.2208.3471.2155', ['25122.1415.3698.6812', 3]],
    update: 0.6,
  },
  zoom: {
    item: (v, os) =>
      os === 'windows'
        ? program('Zoom Workplace (64-bit)', 'Zoom Video Communications, Inc.', v)
        : mac('zoom.us', 'zoom.us', v),
    ladder: [
      '5.13.11 (16405)',
      '5.14.5 (17687)',
      '5.15.12 (22290)',
      '5.17.11 (34827)',
      '6.0.11 (39959)',
      '6.2.11 (52881)',
      ['6.4.6 (61293)', 3],
    ],
    update: 0.35,
  },
  slack: {
    item: (v, os) => (os === 'macos' ? mac('Slack', 'Slack', v) : program('Slack', 'Slack Technologies Inc.', v)),
    ladder: ['4.39.95', '4.41.105', ['4.43.51', 3]],
    update: 0.5,
  },
  vlc: {
    item: (v, os) =>
      os === 'windows' ? program('VLC media player', 'VideoLAN', v) : mac('VLC', 'VLC media player', v),
    ladder: ['3.0.11', '3.0.16', '3.0.18', '3.0.20', '3.0.21'],
    update: 0.05,
  },
  notepadpp: {
    item: (v) => program('Notepad++ (64-bit x64)', 'Notepad++ Team', v),
    ladder: ['8.4.6', '8.5.4', '8.5.6', '8.5.8', '8.6.2', '8.6.9', '8.7.1', '8.7.9', '8.8.1', ['8.8.3', 4]],
    update: 0.05,
  },
  git: {
    item: (v, os) => (os === 'linux' ? deb('git', `1:${v}-1`) : program('Git', 'The Git Development Community', v)),
    ladder: [
      '2.39.2',
      '2.41.0',
      '2.43.0',
      '2.44.0',
      '2.45.1',
      '2.46.2',
      '2.47.1',
      '2.49.0',
      '2.50.0',
      ['2.50.1', 3],
      ['2.51.0', 1],
    ],
    update: 0.12,
  },
  putty: {
    item: (v) => program(`PuTTY release ${v} (64-bit)`, 'Simon Tatham', `${v}.0.0`),
    ladder: ['0.76', '0.78', '0.79', '0.80', '0.81', '0.83'],
    update: 0.04,
  },
  winscp: {
    item: (v) => program(`WinSCP ${v}`, 'Martin Prikryl', v),
    ladder: ['5.21.8', '6.1.2', '6.3.3', '6.3.7', '6.5.3'],
    update: 0.05,
  },
  filezilla: {
    item: (v) => program(`FileZilla ${v}`, 'Tim Kosse', v),
    ladder: ['3.63.2', '3.66.1', '3.66.5', '3.67.1', '3.69.1'],
    update: 0.06,
  },
  keepass: {
    item: (v) => program(`KeePass Password Safe ${v}`, 'Dominik Reichl', v),
    ladder: ['2.51.1', '2.53.1', '2.54', '2.57', '2.58'],
    update: 0.05,
  },
  wireshark: {
    item: (v, os) =>
      os === 'linux'
        ? deb('wireshark', `${v}-1`)
        : program(`Wireshark ${v} x64`, 'The Wireshark developer community, https://www.wireshark.org', v),
    ladder: ['3.6.16', '4.0.10', '4.0.12', '4.2.0', '4.2.6', '4.4.2', '4.4.7'],
    update: 0.06,
  },
  vscode: {
    item: (v, os) =>
      os === 'linux'
        ? deb('code', `${v}-1731512384`)
        : os === 'macos'
          ? mac('Visual Studio Code', 'Microsoft Visual Studio Code', v)
          : program('Microsoft Visual Studio Code', 'Microsoft Corporation', v),
    ladder: ['1.92.2', '1.96.4', '1.101.2', ['1.103.1', 2]],
    update: 0.5,
  },
  nodejs: {
    item: (v, os) =>
      os === 'linux' ? deb('nodejs', `${v}-1nodesource1`) : program('Node.js', 'Node.js Foundation', v),
    ladder: ['18.17.1', '18.20.4', '20.9.0', '20.11.1', '20.18.0', '22.11.0', '22.17.1'],
    update: 0.06,
  },
  python: {
    item: (v) => program(`Python ${v} (64-bit)`, 'Python Software Foundation', `${v}150.0`),
    ladder: ['3.9.13', '3.10.11', '3.11.4', '3.11.9', '3.12.4', '3.12.10', '3.13.5'],
    update: 0.04,
  },
  vmwareTools: {
    item: (v) => program('VMware Tools', 'VMware, Inc.', v),
    ladder: [
      '11.3.5.18557794',
      '12.1.5.20735119',
      '12.3.5.22544099',
      '12.4.5.23787635',
      '12.5.1.24649672',
      ['12.5.2.24697584', 5],
    ],
    update: 0.1,
  },
  tomcat: {
    item: (v, os) =>
      os === 'windows'
        ? program(
            `Apache Tomcat ${v.split('.').slice(0, 2).join('.')} Tomcat9 (remove only)`,
            'The Apache Software Foundation',
            v
          )
        : { name: 'Apache Tomcat', version: v },
    ladder: ['9.0.70', '9.0.85', '9.0.93', '9.0.98', '9.0.102', ['9.0.106', 4]],
    update: 0.08,
  },
  log4j: {
    item: (v) => ({
      name: 'org.apache.logging.log4j:log4j-core',
      version: v,
      purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${v}`,
    }),
    ladder: ['2.14.1', '2.16.0', '2.17.1', '2.20.0', '2.23.1', '2.24.3'],
    update: 0.03,
  },
  nginxOrg: {
    item: (v) => deb('nginx', `${v}-1~jammy`),
    ladder: ['1.22.0', '1.24.0', '1.26.1', '1.26.3', ['1.28.0', 3]],
    update: 0.08,
  },
  postgresql: {
    item: (v) => deb(`postgresql-${v.split('.')[0]}`, `${v}-1.pgdg22.04+1`),
    ladder: ['14.11', '15.8', '16.1', '16.4', '16.6', '16.9', ['17.5', 2]],
    update: 0.06,
  },
  redis: {
    item: (v) => deb('redis-server', `6:${v}-1rl1~jammy1`),
    ladder: ['6.2.12', '7.0.11', '7.2.4', '7.2.8', '7.4.2', ['7.4.3', 4]],
    update: 0.05,
  },
  jenkins: {
    item: (v) => deb('jenkins', v),
    ladder: ['2.401.3', '2.426.2', '2.452.4', '2.479.3', '2.504.3'],
    update: 0.08,
  },
  grafana: {
    item: (v) => deb('grafana', v),
    ladder: ['8.1.5', '9.5.21', '10.4.11', '11.3.2', '11.6.3', ['12.0.2', 3]],
    update: 0.06,
  },
  dotnet: {
    item: (v) => program(`Microsoft .NET Runtime - ${v} (x64)`, 'Microsoft Corporation', v),
    ladder: ['6.0.36', '8.0.11', ['8.0.18', 3]],
    update: 0.15,
  },
  docker: {
    item: (v, os) =>
      os === 'linux' ? deb('docker-ce', `5:${v}-1~ubuntu.22.04~jammy`) : mac('Docker', 'Docker Desktop', v),
    ladder: ['26.1.4', '27.3.1', ['28.3.2', 3]],
    update: 0.3,
  },
} satisfies Record<string, App>;

export type AppKey = keyof typeof APPS;

/** Software a report lists that the product identifies as no product NVD knows, or skips on purpose. */
export const WINDOWS_NOISE: readonly SoftwareItem[] = [
  program(
    'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810',
    'Microsoft Corporation',
    '14.40.33810.0'
  ),
  program('Microsoft Update Health Tools', 'Microsoft Corporation', '5.72.0.0'),
  program('Microsoft OneDrive', 'Microsoft Corporation', '24.211.1020.0001'),
  program('Contoso Timesheet', 'Contoso Ltd.', '3.4.2'),
];
export const MAC_NOISE: readonly SoftwareItem[] = [
  mac('iTerm', 'iTerm2', '3.5.4'),
  mac('1Password 8', '1Password', '8.10.48'),
];

export type OsKey =
  | 'win11'
  | 'win11_24h2'
  | 'win10'
  | 'server2022'
  | 'server2019'
  | 'sonoma'
  | 'sequoia'
  | 'ubuntu2004'
  | 'ubuntu2204'
  | 'ubuntu2404'
  | 'rhel8'
  | 'rhel9'
  | 'debianTesting';

export interface OsProfile {
  family: OsFamily;
  platform: string;
  version: string;
  /** Distribution packages (name → installed version), reported from the package database. */
  packages?: Readonly<Record<string, string>>;
  source?: 'deb_packages' | 'rpm_packages';
  /** The profile a release upgrade moves the device to. */
  upgradesTo?: OsKey;
}

/** Distribution packages as each release ships them (security updates keep the upstream version). */
export const OS: Record<OsKey, OsProfile> = {
  win11: { family: 'windows', platform: 'Windows11', version: '10.0.22631.4460' },
  win11_24h2: { family: 'windows', platform: 'Windows11', version: '10.0.26100.2314' },
  win10: { family: 'windows', platform: 'Windows10', version: '10.0.19045.5131' },
  server2022: { family: 'windows', platform: 'WindowsServer2022', version: '10.0.20348.2849' },
  server2019: { family: 'windows', platform: 'WindowsServer2019', version: '10.0.17763.6532' },
  sonoma: { family: 'macos', platform: 'macOS', version: '14.7.1' },
  sequoia: { family: 'macos', platform: 'macOS', version: '15.1.1' },
  ubuntu2004: {
    family: 'linux',
    platform: 'Linux',
    version: 'Ubuntu 20.04.6 LTS',
    source: 'deb_packages',
    upgradesTo: 'ubuntu2204',
    packages: {
      openssl: '1.1.1f-1ubuntu2.23',
      'libssl1.1': '1.1.1f-1ubuntu2.23',
      'openssh-server': '1:8.2p1-4ubuntu0.11',
      sudo: '1.8.31-1ubuntu1.5',
      libc6: '2.31-0ubuntu9.16',
      curl: '7.68.0-1ubuntu2.24',
      libcurl4: '7.68.0-1ubuntu2.24',
      'python3.8': '3.8.10-0ubuntu1~20.04.13',
      'xz-utils': '5.2.4-1ubuntu1.1',
      bash: '5.0-6ubuntu1.2',
      'apache2/web': '2.4.41-4ubuntu3.21',
      'nginx/web': '1.18.0-0ubuntu1.6',
    },
  },
  ubuntu2204: {
    family: 'linux',
    platform: 'Linux',
    version: 'Ubuntu 22.04.5 LTS',
    source: 'deb_packages',
    upgradesTo: 'ubuntu2404',
    packages: {
      openssl: '3.0.2-0ubuntu1.18',
      libssl3: '3.0.2-0ubuntu1.18',
      'openssh-server': '1:8.9p1-3ubuntu0.10',
      sudo: '1.9.9-1ubuntu2.4',
      libc6: '2.35-0ubuntu3.8',
      curl: '7.81.0-1ubuntu1.18',
      libcurl4: '7.81.0-1ubuntu1.18',
      'python3.10': '3.10.12-1~22.04.6',
      'xz-utils': '5.2.5-2ubuntu1',
      bash: '5.1-6ubuntu1.1',
      'apache2/web': '2.4.52-1ubuntu4.12',
      'nginx/web': '1.18.0-6ubuntu14.5',
      'tomcat9/app': '9.0.58-1ubuntu0.1',
    },
  },
  ubuntu2404: {
    family: 'linux',
    platform: 'Linux',
    version: 'Ubuntu 24.04.1 LTS',
    source: 'deb_packages',
    packages: {
      openssl: '3.0.13-0ubuntu3.4',
      libssl3t64: '3.0.13-0ubuntu3.4',
      'openssh-server': '1:9.6p1-3ubuntu13.5',
      sudo: '1.9.15p5-3ubuntu5.24.04.1',
      libc6: '2.39-0ubuntu8.3',
      curl: '8.5.0-2ubuntu10.5',
      libcurl4t64: '8.5.0-2ubuntu10.5',
      'python3.12': '3.12.3-1ubuntu0.3',
      'xz-utils': '5.6.1+really5.4.5-1build0.1',
      bash: '5.2.21-2ubuntu4',
      'apache2/web': '2.4.58-1ubuntu8.5',
      'nginx/web': '1.24.0-2ubuntu7.1',
      'tomcat10/app': '10.1.16-1',
    },
  },
  rhel8: {
    family: 'linux',
    platform: 'Linux',
    version: 'Red Hat Enterprise Linux 8.10',
    source: 'rpm_packages',
    upgradesTo: 'rhel9',
    packages: {
      openssl: '1:1.1.1k-12.el8_9',
      'openssh-server': '8.0p1-24.el8',
      sudo: '1.9.5p2-1.el8_9',
      glibc: '2.28-251.el8_10.2',
      curl: '7.61.1-34.el8_10.2',
      libcurl: '7.61.1-34.el8_10.2',
      'python3-libs': '3.6.8-62.el8_10',
      xz: '5.2.4-4.el8_6',
      bash: '4.4.20-5.el8',
      'httpd/web': '2.4.37-65.module+el8.10.0+22069+b47f5c72.3',
      'nginx/web': '1.14.1-9.module+el8.0.0+4108+af250afe',
    },
  },
  rhel9: {
    family: 'linux',
    platform: 'Linux',
    version: 'Red Hat Enterprise Linux 9.4',
    source: 'rpm_packages',
    packages: {
      openssl: '1:3.0.7-27.el9',
      'openssh-server': '8.7p1-38.el9_4.4',
      sudo: '1.9.5p2-10.el9_3',
      glibc: '2.34-100.el9_4.4',
      curl: '7.76.1-29.el9_4.1',
      libcurl: '7.76.1-29.el9_4.1',
      python3: '3.9.18-3.el9_4.6',
      xz: '5.2.5-8.el9_0',
      bash: '5.1.8-9.el9',
      'httpd/web': '2.4.57-11.el9_4.1',
      'nginx/web': '1.20.1-16.el9_4.1',
    },
  },
  debianTesting: {
    family: 'linux',
    platform: 'Linux',
    version: 'Debian GNU/Linux trixie/sid',
    source: 'deb_packages',
    packages: {
      openssl: '3.1.5-1',
      'openssh-server': '1:9.6p1-4',
      sudo: '1.9.15p5-3',
      libc6: '2.37-15',
      curl: '8.6.0-4',
      libcurl4: '8.6.0-4',
      'xz-utils': '5.6.1-1',
      bash: '5.2.21-2',
    },
  },
};

/** A package whose key is `name/role` is installed only on devices with that role. */
export const ROLE_PACKAGE = /^(.+)\/(web|app)$/;

export type Role = 'web' | 'app' | 'db' | 'cache' | 'ci' | 'monitoring' | 'node';

export interface GroupSpec {
  /** Share of the fleet. */
  share: number;
  prefix: string;
  os: ReadonlyArray<readonly [OsKey, number]>;
  /** Chance each app is installed (per device). */
  apps: Partial<Record<AppKey, number>>;
  value: { high: number; low: number };
  tags: readonly string[];
  /** Chance a device ignores updates (old versions, weak configuration). */
  laggard: number;
  server?: boolean;
}

const OFFICE = { m365: 0.92, office2016: 0.05, teams: 0.9 } as const;
const DESKTOP = { chrome: 0.85, edge: 1, reader: 0.6, zoom: 0.55, slack: 0.35, sevenZip: 0.4 } as const;

export const GROUPS: Record<string, GroupSpec> = {
  Finance: {
    share: 0.14,
    prefix: 'FIN',
    os: [
      ['win11', 0.55],
      ['win11_24h2', 0.15],
      ['win10', 0.3],
    ],
    apps: {
      ...DESKTOP,
      ...OFFICE,
      office2016: 0.12,
      firefoxEsr: 0.25,
      winrar: 0.15,
      keepass: 0.1,
      reader: 0.9,
      dotnet: 0.4,
    },
    value: { high: 0.3, low: 0 },
    tags: ['finance', 'pci'],
    laggard: 0.08,
  },
  Engineering: {
    share: 0.22,
    prefix: 'ENG',
    os: [
      ['win11', 0.35],
      ['win11_24h2', 0.1],
      ['sonoma', 0.15],
      ['sequoia', 0.25],
      ['ubuntu2204', 0.1],
      ['ubuntu2404', 0.04],
      ['debianTesting', 0.01],
    ],
    apps: {
      ...DESKTOP,
      ...OFFICE,
      firefox: 0.35,
      git: 0.85,
      vscode: 0.8,
      notepadpp: 0.6,
      putty: 0.45,
      winscp: 0.3,
      filezilla: 0.12,
      nodejs: 0.45,
      python: 0.55,
      wireshark: 0.2,
      docker: 0.4,
      keepass: 0.15,
      vlc: 0.15,
      thunderbird: 0.08,
    },
    value: { high: 0.1, low: 0.05 },
    tags: ['engineering'],
    laggard: 0.1,
  },
  Sales: {
    share: 0.18,
    prefix: 'SLS',
    os: [
      ['win11', 0.45],
      ['win11_24h2', 0.1],
      ['win10', 0.15],
      ['sonoma', 0.15],
      ['sequoia', 0.15],
    ],
    apps: { ...DESKTOP, ...OFFICE, zoom: 0.9, firefox: 0.15, winrar: 0.12, vlc: 0.25 },
    value: { high: 0.05, low: 0.1 },
    tags: ['sales', 'laptop', 'remote'],
    laggard: 0.12,
  },
  Operations: {
    share: 0.1,
    prefix: 'OPS',
    os: [
      ['win10', 0.5],
      ['win11', 0.5],
    ],
    apps: {
      ...DESKTOP,
      ...OFFICE,
      office2016: 0.1,
      firefox: 0.2,
      notepadpp: 0.3,
      putty: 0.2,
      winscp: 0.15,
      filezilla: 0.2,
      vlc: 0.2,
    },
    value: { high: 0.05, low: 0.15 },
    tags: ['operations'],
    laggard: 0.15,
  },
  Executives: {
    share: 0.03,
    prefix: 'EXE',
    os: [
      ['sequoia', 0.6],
      ['win11_24h2', 0.4],
    ],
    apps: { ...DESKTOP, ...OFFICE, zoom: 0.95, slack: 0.6 },
    value: { high: 1, low: 0 },
    tags: ['vip', 'laptop'],
    laggard: 0.02,
  },
  Kiosks: {
    share: 0.06,
    prefix: 'KSK',
    os: [['win10', 1]],
    apps: { chrome: 1, edge: 1, reader: 0.8, office2016: 0.4, vlc: 0.3 },
    value: { high: 0, low: 0.9 },
    tags: ['kiosk', 'shared'],
    laggard: 0.45,
  },
  'Servers-EU': {
    share: 0.135,
    prefix: 'srv-eu',
    os: [
      ['ubuntu2204', 0.35],
      ['ubuntu2404', 0.28],
      ['rhel9', 0.14],
      ['rhel8', 0.05],
      ['ubuntu2004', 0.03],
      ['server2022', 0.1],
      ['server2019', 0.05],
    ],
    apps: {},
    value: { high: 0.5, low: 0.05 },
    tags: ['prod', 'eu'],
    laggard: 0.15,
    server: true,
  },
  'Servers-US': {
    share: 0.135,
    prefix: 'srv-us',
    os: [
      ['ubuntu2204', 0.3],
      ['ubuntu2404', 0.3],
      ['rhel9', 0.18],
      ['rhel8', 0.04],
      ['server2022', 0.12],
      ['server2019', 0.06],
    ],
    apps: {},
    value: { high: 0.5, low: 0.05 },
    tags: ['prod', 'us'],
    laggard: 0.15,
    server: true,
  },
};

/** Server roles: the share of servers with each, and what they install. */
export const ROLES: ReadonlyArray<{ role: Role; share: number; apps: readonly AppKey[]; internetFacing: number }> = [
  { role: 'web', share: 0.35, apps: [], internetFacing: 0.7 },
  { role: 'app', share: 0.25, apps: ['tomcat'], internetFacing: 0.2 },
  { role: 'db', share: 0.15, apps: ['postgresql'], internetFacing: 0 },
  { role: 'cache', share: 0.08, apps: ['redis'], internetFacing: 0 },
  { role: 'node', share: 0.1, apps: ['nodejs'], internetFacing: 0.4 },
  { role: 'ci', share: 0.04, apps: ['jenkins', 'git'], internetFacing: 0.1 },
  { role: 'monitoring', share: 0.03, apps: ['grafana'], internetFacing: 0.1 },
];

/**
 * How often each configuration check of the shipped catalog fails on a typical device (before the
 * device's own hygiene and its group's are applied). Checks not listed pass everywhere they apply.
 */
export const CHECK_FAILURE: Readonly<Record<string, number>> = {
  'scid-2000': 0.02,
  'scid-2010': 0.04,
  'scid-2011': 0.08,
  'scid-2012': 0.1,
  'scid-2013': 0.15,
  'scid-2014': 0.35,
  'scid-2015': 0.2,
  'scid-2020': 0.15,
  'scid-2021': 0.1,
  'scid-2022': 0.55,
  'scid-2030': 0.45,
  'scid-2031': 0.4,
  'scid-2032': 0.4,
  'scid-2040': 0.03,
  'scid-2041': 0.02,
  'scid-2050': 0.25,
  'scid-2070': 0.05,
  'scid-2071': 0.45,
  'scid-2072': 0.35,
  'scid-2073': 0.05,
  'scid-2074': 0.35,
  'scid-2075': 0.45,
  'scid-2076': 0.4,
  'scid-2077': 0.08,
  'scid-2078': 0.15,
  'scid-2079': 0.3,
  'scid-2090': 0.1,
  'scid-2091': 0.02,
  'scid-2092': 0.25,
  'scid-2093': 0.1,
  'scid-2094': 0.2,
  'scid-2095': 0.5,
  'scid-2096': 0.03,
  'scid-2097': 0.2,
  'scid-2098': 0.05,
  'scid-2100': 0.15,
  'scid-2101': 0.12,
  'scid-2102': 0.03,
  'scid-2103': 0.2,
  'scid-2104': 0.15,
  'scid-2105': 0.3,
  'scid-2106': 0.25,
  'scid-2110': 0.2,
  'scid-2111': 0.08,
  'scid-2112': 0.1,
  'scid-2113': 0.05,
  'scid-2114': 0.55,
  'scid-2115': 0.6,
};

/** Checks that only apply where a product is installed. */
export const CHECK_NEEDS: Readonly<Record<string, readonly AppKey[]>> = {
  'scid-2110': ['m365', 'office2016'],
  'scid-2111': ['m365', 'office2016'],
  'scid-2112': ['edge'],
  'scid-2113': ['chrome'],
  'scid-2114': ['reader'],
  'scid-2115': ['chrome', 'edge', 'firefox', 'firefoxEsr'],
};

/** Checks some groups fail far more often (kiosks are shared, servers are patched by hand). */
export const GROUP_CHECK_FAILURE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Kiosks: { 'scid-2020': 0.6, 'scid-2104': 0.9, 'scid-2090': 0.4, 'scid-2100': 0.4 },
  'Servers-EU': { 'scid-2020': 0.5, 'scid-2100': 0.5, 'scid-2104': 0.3, 'scid-2073': 0.1 },
  'Servers-US': { 'scid-2020': 0.5, 'scid-2100': 0.5, 'scid-2104': 0.3, 'scid-2073': 0.12 },
};

/** Checks the agents start to report partway through the replay (new configuration assessments). */
export const LATE_CHECKS: readonly string[] = ['scid-2030', 'scid-2031', 'scid-2032'];
