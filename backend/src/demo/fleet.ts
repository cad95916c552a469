/**
 * The demo fleet: a few hundred devices drawn from catalog.ts with a seeded generator, and how they
 * change day by day — agents update software at their own pace (most devices stay close to current, a
 * long tail lags), servers move to newer OS releases, configuration drifts, alerts come and go,
 * devices join and retire. Remediation activities push updates to their target devices (campaigns).
 *
 * Pure and deterministic: the same options give the same devices, days and reports. seed.ts replays
 * it through the engine.
 */
import crypto from 'crypto';
import type { CheckPlatform, ConfigurationCheck } from '../domain/secureScore';
import type { DeviceAlert, DeviceReportInput, SoftwareItem } from '../ingest/deviceReport';
import { mulberry32, pick, randomInt, type Rand } from '../util/random';
import {
  APPS,
  CHECK_FAILURE,
  CHECK_NEEDS,
  GROUP_CHECK_FAILURE,
  GROUPS,
  LATE_CHECKS,
  MAC_NOISE,
  OS,
  ROLE_PACKAGE,
  ROLES,
  WINDOWS_NOISE,
  type AppKey,
  type Ladder,
  type OsFamily,
  type OsKey,
  type Role,
} from './catalog';

export interface FleetOptions {
  devices: number;
  weeks: number;
  seed: number;
  /** Checks of the shipped catalog (their platforms decide where they apply). */
  checks: readonly ConfigurationCheck[];
  /** The instant of day 0, 00:00 (alerts carry real creation times). */
  startMs: number;
}

type CheckStatus = 'compliant' | 'noncompliant' | 'notApplicable';

interface ScriptedAlert {
  alert: Omit<DeviceAlert, 'status' | 'createdOn'>;
  createdDay: number;
  /** Status changes: [day, status], in day order. */
  timeline: ReadonlyArray<readonly [number, DeviceAlert['status']]>;
  /** The agent stops listing it from this day (resolved alerts age out). */
  dropDay: number;
}

export interface DemoDevice {
  id: string;
  name: string;
  group: string;
  os: OsKey;
  value: 'Low' | 'Normal' | 'High';
  tags: string[];
  internetFacing: boolean;
  roles: Role[];
  /** Installed apps: index into the app's ladder. */
  apps: Map<AppKey, number>;
  /** Distribution packages whose version differs from the OS release (a package updated on its own). */
  packageOverrides: Map<string, string>;
  /** Web server flavour of a Linux web role. */
  webServer: 'apache' | 'nginx' | 'nginx.org' | null;
  laggard: boolean;
  /** Always on the latest version within a day of its release. */
  current: boolean;
  hygiene: number;
  reportOffset: number;
  reportHour: number;
  joinDay: number;
  retireDay: number | null;
  checks: Map<string, CheckStatus>;
  alerts: ScriptedAlert[];
  /** Campaign updates: the day an app is pushed to its latest version. */
  pushes: Map<AppKey, number>;
  /** Campaign fixes: the day a failing check is fixed. */
  fixes: Map<string, number>;
  /** The day the OS is upgraded to its next release (a campaign), if scheduled. */
  osUpgradeDay: number | null;
}

export interface LadderEntry {
  version: string;
  /** First replay day it is available (0 when it shipped before the replay). */
  day: number;
}

/** A ladder with each version's release day in a replay of `weeks` weeks. */
export function ladderDays(ladder: Ladder, weeks: number): LadderEntry[] {
  return ladder.map((e) => {
    if (typeof e === 'string') {
      return { version: e, day: 0 };
    }
    const [version, weeksBeforeEnd] = e as readonly [string, number];
    // Releases land on a Tuesday of their week; one due before the replay is simply available.
    return { version, day: Math.max(0, (weeks - weeksBeforeEnd) * 7 + 1) };
  });
}

const DAY_MS = 86_400_000;
/** Days between two reports of a device (agents send a full snapshot once a week, and at onboarding). */
export const REPORT_EVERY_DAYS = 7;

export class DemoFleet {
  readonly devices: DemoDevice[] = [];
  readonly days: number;
  private readonly ladders: Record<AppKey, LadderEntry[]>;
  private readonly rand: Rand;
  private readonly checksByFamily: Record<OsFamily, ConfigurationCheck[]>;
  private readonly lateCheckDay: number;

  constructor(private readonly opts: FleetOptions) {
    this.days = opts.weeks * 7;
    this.rand = mulberry32(opts.seed);
    this.ladders = Object.fromEntries(
      (Object.keys(APPS) as AppKey[]).map((k) => [k, ladderDays(APPS[k].ladder, opts.weeks)])
    ) as Record<AppKey, LadderEntry[]>;
    const on = (platform: CheckPlatform) => opts.checks.filter((c) => c.platforms.includes(platform));
    this.checksByFamily = { windows: on('Windows'), macos: on('macOS'), linux: on('Linux') };
    this.lateCheckDay = Math.max(1, (opts.weeks - 5) * 7 + 3);
    this.build();
    this.scriptAlerts();
  }

  ladder(app: AppKey): readonly LadderEntry[] {
    return this.ladders[app];
  }

  /** The newest version of an app available on a day. */
  latestIndex(app: AppKey, day: number): number {
    const l = this.ladders[app];
    let i = 0;
    for (let j = 0; j < l.length; j++) {
      if (l[j].day <= day) {
        i = j;
      }
    }
    return i;
  }

  // ------------------------------------------------------------------------------------ generation

  private build(): void {
    const r = this.rand;
    const groups = Object.entries(GROUPS);
    // Largest-remainder apportionment: the group sizes add up to exactly `devices`.
    const exact = groups.map(([, g]) => g.share * this.opts.devices);
    const sizes = exact.map(Math.floor);
    const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
    for (let k = 0; sizes.reduce((a, b) => a + b, 0) < this.opts.devices; k++) {
      sizes[order[k % order.length][1]]++;
    }
    const used = new Set<string>();
    groups.forEach(([name, spec], gi) => {
      for (let n = 0; n < sizes[gi]; n++) {
        const os = weighted(r, spec.os);
        const family = OS[os].family;
        let hostName: string;
        do {
          hostName = spec.server
            ? `${spec.prefix}-${family === 'windows' ? 'win' : 'lnx'}-${String(randomInt(r, 1, 999)).padStart(3, '0')}`
            : `${spec.prefix}-${family === 'macos' ? 'MB' : r() < 0.7 ? 'LT' : 'WS'}-${String(randomInt(r, 1, 9999)).padStart(4, '0')}`;
        } while (used.has(hostName));
        used.add(hostName);
        const laggard = r() < spec.laggard;
        const current = !laggard && r() < 0.12;
        const roles: Role[] = spec.server ? this.drawRoles(r) : [];
        const value: DemoDevice['value'] = r() < spec.value.high ? 'High' : r() < spec.value.low ? 'Low' : 'Normal';
        const internetFacing =
          spec.server === true && roles.some((role) => r() < (ROLES.find((x) => x.role === role)?.internetFacing ?? 0));
        const device: DemoDevice = {
          id: crypto.createHash('sha1').update(`tvm-demo:${this.opts.seed}:${hostName}`).digest('hex'),
          name: hostName,
          group: name,
          os,
          value,
          tags: [...spec.tags, ...roles.map((x) => `role:${x}`), ...(internetFacing ? ['internet-facing'] : [])],
          internetFacing,
          roles,
          apps: new Map(),
          packageOverrides: new Map(),
          webServer: null,
          laggard,
          current,
          hygiene: current ? 0.4 : laggard ? 1.7 : 0.6 + r() * 0.7,
          reportOffset: randomInt(r, 0, REPORT_EVERY_DAYS - 1),
          reportHour: randomInt(r, 7, 18),
          joinDay: 0,
          retireDay: null,
          checks: new Map(),
          alerts: [],
          pushes: new Map(),
          fixes: new Map(),
          osUpgradeDay: null,
        };
        this.installSoftware(device, spec.apps);
        this.drawChecks(device, 0);
        // A few devices join during the replay (new hires, new servers); a few retire and go quiet.
        const lastDay = this.days - 1;
        if (lastDay > 14 && r() < 0.03) {
          device.joinDay = randomInt(r, 14, lastDay - 3);
        } else if (!spec.server && lastDay > 10 && r() < 0.025) {
          device.retireDay = randomInt(r, 7, Math.max(7, lastDay - 35));
        }
        this.devices.push(device);
      }
    });
    this.devices.sort((a, b) => a.name.localeCompare(b.name));
  }

  private drawRoles(r: Rand): Role[] {
    const roles = ROLES.filter((x) => r() < x.share).map((x) => x.role);
    return roles.length ? roles : [pick(r, ROLES).role];
  }

  /** A version at day 0: current devices are up to date, laggards anywhere, the rest mostly recent. */
  private initialIndex(app: AppKey, d: DemoDevice): number {
    const r = this.rand;
    const latest = this.latestIndex(app, 0);
    if (d.current || latest === 0) {
      return latest;
    }
    if (d.laggard) {
      return randomInt(r, 0, latest);
    }
    const currentShare = 0.3 + 0.5 * Math.min(1, APPS[app].update / 0.6);
    const x = r();
    if (x < currentShare) {
      return latest;
    }
    if (x < currentShare + 0.55 * (1 - currentShare)) {
      return Math.max(0, latest - randomInt(r, 1, 2));
    }
    return randomInt(r, 0, latest - 1);
  }

  private install(d: DemoDevice, app: AppKey): void {
    d.apps.set(app, this.initialIndex(app, d));
  }

  private installSoftware(d: DemoDevice, chances: Partial<Record<AppKey, number>>): void {
    const r = this.rand;
    const family = OS[d.os].family;
    if (GROUPS[d.group].server) {
      if (family === 'windows') {
        for (const [app, p] of [
          ['edge', 0.8],
          ['vmwareTools', 0.9],
          ['sevenZip', 0.35],
          ['notepadpp', 0.3],
          ['putty', 0.2],
          ['winscp', 0.15],
          ['dotnet', 0.6],
          ['chrome', 0.1],
        ] as Array<[AppKey, number]>) {
          if (r() < p) {
            this.install(d, app);
          }
        }
        if (d.roles.includes('app')) {
          this.install(d, 'tomcat');
        }
        return;
      }
      for (const role of d.roles) {
        for (const app of ROLES.find((x) => x.role === role)?.apps ?? []) {
          // Distribution Tomcat comes with the OS packages on Ubuntu; elsewhere it is a tarball.
          if (app === 'tomcat' && OS[d.os].source === 'deb_packages' && r() < 0.6) {
            continue;
          }
          this.install(d, app);
        }
        if (role === 'web') {
          d.webServer = r() < 0.45 ? 'apache' : r() < 0.6 ? 'nginx' : 'nginx.org';
          if (d.webServer === 'nginx.org') {
            this.install(d, 'nginxOrg');
          }
        }
      }
      // Java application servers bundle Log4j; a legacy one still ships the 2.14 line.
      if (d.roles.includes('app') && r() < 0.45) {
        d.apps.set('log4j', r() < 0.25 ? 0 : this.initialIndex('log4j', d));
      }
      // One of the monitoring servers is a forgotten Grafana 8.
      if (d.apps.has('grafana') && r() < 0.35) {
        d.apps.set('grafana', 0);
      }
      return;
    }
    for (const [app, p] of Object.entries(chances) as Array<[AppKey, number]>) {
      if (family !== 'windows' && !this.runsOn(app, family)) {
        continue;
      }
      if (r() < p) {
        this.install(d, app);
      }
    }
    // Legacy Office 2016 replaces Microsoft 365 Apps where it is still installed.
    if (d.apps.has('office2016')) {
      d.apps.delete('m365');
    }
    if (d.apps.has('firefoxEsr')) {
      d.apps.delete('firefox');
    }
  }

  private runsOn(app: AppKey, family: OsFamily): boolean {
    const mac: AppKey[] = [
      'chrome',
      'edge',
      'firefox',
      'reader',
      'm365',
      'teams',
      'zoom',
      'slack',
      'vlc',
      'vscode',
      'docker',
    ];
    const linux: AppKey[] = ['chrome', 'git', 'vscode', 'nodejs', 'wireshark', 'docker'];
    return (family === 'macos' ? mac : linux).includes(app);
  }

  /** Configuration results of a device; `day` decides whether the late checks are reported yet. */
  private drawChecks(d: DemoDevice, day: number): void {
    const r = this.rand;
    for (const check of this.checksByFamily[OS[d.os].family]) {
      if (d.checks.has(check.id) || (LATE_CHECKS.includes(check.id) && day < this.lateCheckDay)) {
        continue;
      }
      const needs = CHECK_NEEDS[check.id];
      if (needs && !needs.some((app) => d.apps.has(app))) {
        d.checks.set(check.id, 'notApplicable');
        continue;
      }
      const base = GROUP_CHECK_FAILURE[d.group]?.[check.id] ?? CHECK_FAILURE[check.id] ?? 0;
      d.checks.set(check.id, r() < Math.min(0.95, base * d.hygiene) ? 'noncompliant' : 'compliant');
    }
  }

  // ------------------------------------------------------------------------------------ alerts

  private firstDevice(test: (d: DemoDevice) => boolean): DemoDevice | undefined {
    const candidates = this.devices.filter((d) => d.joinDay === 0 && d.retireDay === null && test(d));
    return candidates.length ? pick(this.rand, candidates) : undefined;
  }

  private scriptAlerts(): void {
    const end = this.days;
    const at = (daysBeforeEnd: number) => Math.max(0, end - daysBeforeEnd);
    const below = (app: AppKey, version: string) => (d: DemoDevice) => {
      const i = d.apps.get(app);
      const fixed = this.ladders[app].findIndex((e) => e.version === version);
      return i !== undefined && fixed >= 0 && i < fixed;
    };
    const add = (d: DemoDevice | undefined, a: ScriptedAlert) => d?.alerts.push(a);

    add(
      this.firstDevice((d) => d.apps.has('office2016')),
      {
        alert: {
          id: 'da-eqnedt-1',
          severity: 'High',
          title: 'Suspicious process launched by Equation Editor (EQNEDT32.EXE)',
          cves: ['CVE-2017-11882'],
        },
        createdDay: at(9),
        timeline: [[at(9), 'New']],
        dropDay: end + 1,
      }
    );
    add(this.firstDevice(below('winrar', '6.23')), {
      alert: {
        id: 'da-winrar-1',
        severity: 'High',
        title: 'A script ran from a crafted archive opened in WinRAR (possible CVE-2023-38831 exploitation)',
        cves: ['CVE-2023-38831'],
      },
      createdDay: at(20),
      timeline: [
        [at(20), 'New'],
        [at(16), 'InProgress'],
        [at(12), 'Resolved'],
      ],
      dropDay: at(5),
    });
    add(
      this.firstDevice((d) => d.internetFacing && d.webServer === 'apache'),
      {
        alert: {
          id: 'da-httpd-1',
          severity: 'Medium',
          title: 'Path traversal attempts against Apache HTTP Server mod_rewrite',
          cves: ['CVE-2024-38475'],
        },
        createdDay: at(4),
        timeline: [
          [at(4), 'New'],
          [at(2), 'InProgress'],
        ],
        dropDay: end + 1,
      }
    );
    const log4shell = this.firstDevice((d) => d.apps.get('log4j') === 0);
    if (log4shell) {
      // The incident is what finally gets the library patched.
      log4shell.pushes.set('log4j', at(19));
    }
    add(log4shell, {
      alert: {
        id: 'da-log4j-1',
        severity: 'High',
        title: 'Possible Log4Shell exploitation attempt: JNDI lookup in an HTTP header',
        cves: ['CVE-2021-44228'],
      },
      createdDay: at(26),
      timeline: [
        [at(26), 'New'],
        [at(25), 'InProgress'],
        [at(18), 'Resolved'],
      ],
      dropDay: at(10),
    });
    add(
      this.firstDevice((d) => d.group === 'Engineering' && OS[d.os].family === 'windows'),
      {
        alert: { id: 'da-ps-1', severity: 'Medium', title: 'Suspicious PowerShell download cradle', cves: [] },
        createdDay: at(15),
        timeline: [
          [at(15), 'New'],
          [at(14), 'Resolved'],
        ],
        dropDay: at(7),
      }
    );
    add(
      this.firstDevice((d) => d.group === 'Kiosks'),
      {
        alert: {
          id: 'da-av-1',
          severity: 'Low',
          title: "Microsoft Defender Antivirus blocked 'Trojan:Win32/Wacatac'",
          cves: [],
        },
        createdDay: at(3),
        timeline: [[at(3), 'Resolved']],
        dropDay: end + 1,
      }
    );
  }

  // ------------------------------------------------------------------------------------ a day passes

  /** Whether a device is in service on a day (joined and not yet retired). */
  inService(d: DemoDevice, day: number): boolean {
    return day >= d.joinDay && (d.retireDay === null || day < d.retireDay);
  }

  /** Whether a device sends its report on a day (weekly, on onboarding, and everyone on the last day). */
  reportsOn(d: DemoDevice, day: number): boolean {
    if (!this.inService(d, day)) {
      return false;
    }
    return day === d.joinDay || day === this.days || (day - d.joinDay) % REPORT_EVERY_DAYS === d.reportOffset;
  }

  /** Updates, upgrades, configuration drift and campaigns of one day (before that day's reports). */
  advance(day: number): void {
    const r = this.rand;
    const daily = (weekly: number) => 1 - Math.pow(1 - Math.min(1, weekly), 1 / 7);
    for (const d of this.devices) {
      if (!this.inService(d, day)) {
        continue;
      }
      for (const [app, index] of d.apps) {
        const latest = this.latestIndex(app, day);
        const pushed = d.pushes.get(app);
        if (pushed !== undefined && pushed <= day) {
          d.pushes.delete(app);
          if (app === 'office2016') {
            // Legacy Office is not updated but replaced by Microsoft 365 Apps.
            d.apps.delete('office2016');
            d.apps.set('m365', this.latestIndex('m365', day));
            continue;
          }
          d.apps.set(app, latest);
          continue;
        }
        if (index >= latest) {
          continue;
        }
        const released = this.ladders[app][latest].day;
        if (d.current ? day > released : r() < daily(APPS[app].update * (d.laggard ? 0.1 : 1))) {
          d.apps.set(app, latest);
        }
      }
      this.advanceOs(d, day);
      for (const [id, status] of d.checks) {
        const fix = d.fixes.get(id);
        if (fix !== undefined && fix <= day) {
          d.fixes.delete(id);
          d.checks.set(id, 'compliant');
        } else if (status === 'noncompliant' && r() < daily(0.03 / d.hygiene)) {
          d.checks.set(id, 'compliant');
        } else if (status === 'compliant' && r() < daily(0.004 * d.hygiene)) {
          d.checks.set(id, 'noncompliant');
        }
      }
      if (day === this.lateCheckDay || day === d.joinDay) {
        this.drawChecks(d, day);
      }
      // Applicability follows the software: a check whose product went away no longer applies.
      for (const [id, needs] of Object.entries(CHECK_NEEDS)) {
        if (d.checks.has(id) && !needs.some((app) => d.apps.has(app))) {
          d.checks.set(id, 'notApplicable');
        }
      }
    }
  }

  private advanceOs(d: DemoDevice, day: number): void {
    const profile = OS[d.os];
    // The xz backdoor on a developer's rolling-release box is gone with the next package update.
    if (d.os === 'debianTesting' && day >= 3) {
      d.packageOverrides.set('xz-utils', '5.6.1+really5.4.5-1');
    }
    if (!profile.upgradesTo) {
      return;
    }
    const planned = d.osUpgradeDay !== null && d.osUpgradeDay <= day;
    // Servers move to the next LTS release a few a week; laggards only when a campaign says so.
    const spontaneous = !d.laggard && GROUPS[d.group].server && this.rand() < 1 - Math.pow(1 - 0.05, 1 / 7);
    if (planned || spontaneous) {
      d.os = profile.upgradesTo;
      d.osUpgradeDay = null;
      d.packageOverrides.clear();
    }
  }

  // ------------------------------------------------------------------------------------ campaigns

  /**
   * A remediation activity pushes an app to its target devices, spread over `spread` days. Products that
   * come with the Linux distribution (`upgradeOs`) are fixed by moving to the next release instead.
   */
  pushApp(
    deviceIds: ReadonlySet<string>,
    apps: readonly AppKey[],
    fromDay: number,
    spread: number,
    coverage: number,
    upgradeOs = false
  ): void {
    for (const d of this.devices) {
      if (!deviceIds.has(d.id) || this.rand() >= coverage) {
        continue;
      }
      const day = fromDay + randomInt(this.rand, 0, Math.max(0, spread));
      for (const app of apps) {
        if (d.apps.has(app)) {
          d.pushes.set(app, Math.min(day, d.pushes.get(app) ?? Infinity));
        }
      }
      if (upgradeOs && OS[d.os].upgradesTo) {
        d.osUpgradeDay = Math.min(day, d.osUpgradeDay ?? Infinity);
      }
    }
  }

  /** A configuration activity fixes a check on its target devices. */
  fixCheck(deviceIds: ReadonlySet<string>, checkId: string, fromDay: number, spread: number, coverage: number): void {
    for (const d of this.devices) {
      if (deviceIds.has(d.id) && d.checks.get(checkId) === 'noncompliant' && this.rand() < coverage) {
        d.fixes.set(checkId, fromDay + randomInt(this.rand, 0, Math.max(0, spread)));
      }
    }
  }

  // ------------------------------------------------------------------------------------ reports

  /** What the agent lists: apps, distribution packages, and the usual unidentifiable noise. */
  software(d: DemoDevice): SoftwareItem[] {
    const profile = OS[d.os];
    const family = profile.family;
    const items: SoftwareItem[] = [];
    for (const [app, index] of d.apps) {
      items.push(APPS[app].item(this.ladders[app][index].version, family));
    }
    if (profile.packages) {
      for (const [key, version] of Object.entries(profile.packages)) {
        const role = ROLE_PACKAGE.exec(key);
        let name = key;
        if (role) {
          name = role[1];
          const wanted = role[2] === 'web' ? d.roles.includes('web') : d.roles.includes('app');
          const flavour = name === 'apache2' || name === 'httpd' ? 'apache' : name === 'nginx' ? 'nginx' : null;
          if (!wanted || (flavour && flavour !== d.webServer) || (role[2] === 'app' && d.apps.has('tomcat'))) {
            continue;
          }
        }
        items.push({ name, version: d.packageOverrides.get(name) ?? version, source: profile.source });
      }
    }
    items.push(...(family === 'windows' ? WINDOWS_NOISE : family === 'macos' ? MAC_NOISE : []));
    return items;
  }

  private alertsOn(d: DemoDevice, day: number): DeviceAlert[] {
    const start = this.opts.startMs;
    return d.alerts
      .filter((a) => a.createdDay <= day && day < a.dropDay)
      .map((a) => {
        let status: DeviceAlert['status'] = 'New';
        for (const [from, s] of a.timeline) {
          if (from <= day) {
            status = s;
          }
        }
        return {
          ...a.alert,
          status,
          createdOn: new Date(start + a.createdDay * DAY_MS + 9.5 * 3600_000).toISOString(),
        };
      });
  }

  /** The native device report a device sends at `at` on a day. */
  report(d: DemoDevice, day: number, at: string): DeviceReportInput {
    const profile = OS[d.os];
    return {
      reportId: `demo-${d.id.slice(0, 16)}-${day}`,
      id: d.id,
      computerDnsName: `${d.name.toLowerCase()}.corp.example`,
      osPlatform: profile.platform,
      osVersion: profile.version,
      osArchitecture: 'x64',
      lastSeen: at,
      rbacGroupName: d.group,
      machineTags: d.tags,
      deviceValue: d.value,
      internetFacing: d.internetFacing,
      software: this.software(d),
      configurations: [...d.checks].map(([id, status]) => ({ id, status })),
      alerts: this.alertsOn(d, day),
    };
  }
}

function weighted<T>(r: Rand, options: ReadonlyArray<readonly [T, number]>): T {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [value, w] of options) {
    x -= w;
    if (x < 0) {
      return value;
    }
  }
  return options[options.length - 1][0];
}
