import { describeWithSharedData } from '../test-support/sharedData';
import { buildTargetCpe, parseCpe, plainValue, type ParsedCpe } from './cpe';
import {
  criterionMatches,
  evaluateConfigurations,
  vulnerableProductIndex,
  vulnerableProducts,
  type MatchResult,
} from './nvdMatch';
import { entriesOf, INVALID_CRITERIA, realRecord, realRecords, type RealRecord } from './realNvdRecords.testutil';
import type { Configuration, CpeMatchCriterion, ProductIdentity } from './types';
import { compareVersions } from './version';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Extra = Partial<Pick<ProductIdentity, 'swEdition' | 'targetSw' | 'update'>>;

function app(vendor: string, product: string, version: string, extra: Extra = {}): ParsedCpe {
  return buildTargetCpe({ part: 'a', vendor, product, swEdition: '', targetSw: '', update: '', ...extra }, version);
}

function cpe(s: string): ParsedCpe {
  const p = parseCpe(s);
  if (!p) {
    throw new Error(`bad test CPE ${s}`);
  }
  return p;
}

const WINDOWS = cpe('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*');
const WINDOWS_11 = cpe('cpe:2.3:o:microsoft:windows_11:23h2:*:*:*:*:*:*:*');
const MACOS = cpe('cpe:2.3:o:apple:macos:-:*:*:*:*:*:*:*');
const LINUX = cpe('cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*');
const DEBIAN_11 = cpe('cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*');
const DEBIAN_12 = cpe('cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*');
const FEDORA_40 = cpe('cpe:2.3:o:fedoraproject:fedora:40:*:*:*:*:*:*:*');
const SEVEN_ZIP = app('7-zip', '7-zip', '24.09');

/** Evaluates a real record; `platform` defaults to "unknown device". */
function evalRecord(file: string, target: ParsedCpe, platform: ParsedCpe[] = []): MatchResult | null {
  return evaluateConfigurations(realRecord(file).configurations, target, platform);
}

const crit = (criteria: string, bounds: Partial<CpeMatchCriterion> = {}, vulnerable = true): CpeMatchCriterion => ({
  vulnerable,
  criteria,
  ...bounds,
});

const orConfig = (...cpeMatch: CpeMatchCriterion[]): Configuration => ({
  nodes: [{ operator: 'OR', negate: false, cpeMatch }],
});

/** Increments the last run of digits (keeping its width): 22.003.20282 → 22.003.20283, 12.5.3-035 → 12.5.3-036. */
function bump(v: string): string {
  const m = /(\d+)(?!.*\d)/.exec(v);
  if (!m) {
    return `${v}1`;
  }
  const n = (BigInt(m[1]) + 1n).toString().padStart(m[1].length, '0');
  return v.slice(0, m.index) + n + v.slice(m.index + m[1].length);
}

/** A version just below `v`: the last non-zero run of digits minus one, then `.999999` (2.43.7 → 2.43.6.999999). */
function below(v: string): string | null {
  const runs = [...v.matchAll(/\d+/g)].filter((m) => BigInt(m[0]) > 0n);
  const last = runs[runs.length - 1];
  if (!last || last.index === undefined) {
    return null;
  }
  const n = (BigInt(last[0]) - 1n).toString().padStart(last[0].length, '0');
  return `${v.slice(0, last.index)}${n}.999999`;
}

// ---------------------------------------------------------------------------------------------
// criterionMatches
// ---------------------------------------------------------------------------------------------

describe('criterionMatches', () => {
  it('applies bounds when the criteria version is *', () => {
    const c = crit('cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*', { versionEndExcluding: '124.0.6367.201' });
    expect(criterionMatches(c, app('google', 'chrome', '124.0.6367.200'))).toBe(true);
    expect(criterionMatches(c, app('google', 'chrome', '124.0.6367.201'))).toBe(false);
    expect(criterionMatches(c, app('google', 'chrome', '124.0.6367.201.0'))).toBe(false);
    expect(criterionMatches(c, app('google', 'chromium', '1.0'))).toBe(false);
    expect(criterionMatches(c, app('googl', 'chrome', '1.0'))).toBe(false);
  });

  it('never matches a ranged criterion with an unknown or invalid target version', () => {
    const c = crit('cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*', { versionEndExcluding: '124.0.6367.201' });
    for (const v of ['', '*', '-', 'latest', 'x'.repeat(10), '1'.repeat(200)]) {
      expect([v, criterionMatches(c, app('google', 'chrome', v))]).toEqual([v, false]);
    }
  });

  it('matches every version, even unknown, when the criteria version is * or - without bounds', () => {
    for (const criteria of [
      'cpe:2.3:a:activestate:activeperl:*:*:*:*:*:*:*:*',
      'cpe:2.3:a:activestate:activeperl:-:*:*:*:*:*:*:*',
    ]) {
      for (const v of ['5.8.3', '', '-', 'latest']) {
        expect([criteria, v, criterionMatches(crit(criteria), app('activestate', 'activeperl', v))]).toEqual([
          criteria,
          v,
          true,
        ]);
      }
    }
  });

  it('requires the same version for a literal criteria version (compareVersions === 0)', () => {
    const c = crit('cpe:2.3:a:mozilla:thunderbird:131.0:*:*:*:*:*:*:*');
    expect(criterionMatches(c, app('mozilla', 'thunderbird', '131.0'))).toBe(true);
    expect(criterionMatches(c, app('mozilla', 'thunderbird', '131.0.0'))).toBe(true);
    expect(criterionMatches(c, app('mozilla', 'thunderbird', '131'))).toBe(true);
    expect(criterionMatches(c, app('mozilla', 'thunderbird', '131.0.1'))).toBe(false);
    expect(criterionMatches(c, app('mozilla', 'thunderbird', ''))).toBe(false);
    expect(criterionMatches(c, app('mozilla', 'thunderbird', '-'))).toBe(false);
    // Versions without a digit compare as text.
    expect(criterionMatches(crit('cpe:2.3:a:x:y:beta:*:*:*:*:*:*:*'), app('x', 'y', 'BETA'))).toBe(true);
    expect(criterionMatches(crit('cpe:2.3:a:x:y:beta:*:*:*:*:*:*:*'), app('x', 'y', 'gamma'))).toBe(false);
  });

  it('applies bounds given with a literal version too (nothing is ignored)', () => {
    const c = crit('cpe:2.3:a:x:y:2.0:*:*:*:*:*:*:*', { versionEndExcluding: '2.0' });
    expect(criterionMatches(c, app('x', 'y', '2.0'))).toBe(false);
  });

  it('matches a version with end wildcards textually', () => {
    const c = crit('cpe:2.3:a:x:y:1.2.*:*:*:*:*:*:*:*');
    expect(criterionMatches(c, app('x', 'y', '1.2.9'))).toBe(true);
    expect(criterionMatches(c, app('x', 'y', '1.3'))).toBe(false);
    expect(criterionMatches(c, app('x', 'y', ''))).toBe(false);
  });

  it('sw_edition: standard edition ("") is NA, ESR is esr', () => {
    const esr = crit('cpe:2.3:a:mozilla:firefox:*:*:*:*:esr:*:*:*', { versionEndExcluding: '115.16.1' });
    const std = crit('cpe:2.3:a:mozilla:firefox:*:*:*:*:-:*:*:*', { versionEndExcluding: '131.0.2' });
    const any = crit('cpe:2.3:a:mozilla:firefox:*:*:*:*:*:*:*:*', { versionEndExcluding: '131.0.2' });
    const plain = app('mozilla', 'firefox', '115.16.0');
    const esrTarget = app('mozilla', 'firefox', '115.16.0', { swEdition: 'esr' });
    expect([criterionMatches(esr, plain), criterionMatches(std, plain), criterionMatches(any, plain)]).toEqual([
      false,
      true,
      true,
    ]);
    expect([
      criterionMatches(esr, esrTarget),
      criterionMatches(std, esrTarget),
      criterionMatches(any, esrTarget),
    ]).toEqual([true, false, true]);
    // A target parsed with sw_edition ANY (unknown) is not excluded by either.
    const unknown = cpe('cpe:2.3:a:mozilla:firefox:115.16.0:*:*:*:*:*:*:*');
    expect([criterionMatches(esr, unknown), criterionMatches(std, unknown)]).toEqual([true, true]);
  });

  it('update: "" is no update (NA); a named update must be equal', () => {
    const sp3 = crit('cpe:2.3:a:microsoft:office:2007:sp3:*:*:*:*:*:*');
    expect(criterionMatches(sp3, app('microsoft', 'office', '2007', { update: 'sp3' }))).toBe(true);
    expect(criterionMatches(sp3, app('microsoft', 'office', '2007', { update: 'SP3' }))).toBe(true);
    expect(criterionMatches(sp3, app('microsoft', 'office', '2007'))).toBe(false);
    expect(criterionMatches(sp3, app('microsoft', 'office', '2007', { update: 'sp2' }))).toBe(false);
    expect(
      criterionMatches(crit('cpe:2.3:a:microsoft:office:2016:*:*:*:*:*:*:*'), app('microsoft', 'office', '2016'))
    ).toBe(true);
    expect(
      criterionMatches(crit('cpe:2.3:a:microsoft:office:2016:-:*:*:*:*:*:*'), app('microsoft', 'office', '2016'))
    ).toBe(true);
    expect(
      criterionMatches(
        crit('cpe:2.3:a:microsoft:office:2016:-:*:*:*:*:*:*'),
        app('microsoft', 'office', '2016', { update: 'sp1' })
      )
    ).toBe(false);
  });

  it('target_sw: unknown ("") does not exclude; a known one must agree', () => {
    const c = crit('cpe:2.3:a:netapp:active_iq_unified_manager:-:*:*:*:*:windows:*:*');
    expect(criterionMatches(c, app('netapp', 'active_iq_unified_manager', '9.8'))).toBe(true);
    expect(criterionMatches(c, app('netapp', 'active_iq_unified_manager', '9.8', { targetSw: 'windows' }))).toBe(true);
    expect(criterionMatches(c, app('netapp', 'active_iq_unified_manager', '9.8', { targetSw: 'vmware_vsphere' }))).toBe(
      false
    );
  });

  it('matches part, vendor, product with wildcards and case-insensitively', () => {
    expect(criterionMatches(crit('cpe:2.3:a:google:chrom*:*:*:*:*:*:*:*:*'), app('google', 'chrome', '1'))).toBe(true);
    expect(criterionMatches(crit('cpe:2.3:*:google:chrome:*:*:*:*:*:*:*:*'), app('google', 'chrome', '1'))).toBe(true);
    expect(criterionMatches(crit('cpe:2.3:o:google:chrome:*:*:*:*:*:*:*:*'), app('google', 'chrome', '1'))).toBe(false);
    expect(criterionMatches(crit('CPE:2.3:A:Google:Chrome:*:*:*:*:*:*:*:*'), app('Google', 'CHROME', '1'))).toBe(true);
  });

  it('a target with wildcards (not concrete) never matches a specific value', () => {
    expect(
      criterionMatches(crit('cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*'), cpe('cpe:2.3:a:google:chrom*:1:*:*:*:*:*:*:*'))
    ).toBe(false);
  });

  it('never throws and never matches on malformed criteria', () => {
    const t = app('soap::lite_project', 'soap::lite', '1.0', { targetSw: 'perl' });
    expect(criterionMatches(crit(INVALID_CRITERIA, { versionEndIncluding: '1.14' }), t)).toBe(false);
    expect(
      criterionMatches(
        crit('cpe:2.3:a:soap\\:\\:lite_project:soap\\:\\:lite:*:*:*:*:*:perl:*:*', { versionEndIncluding: '1.14' }),
        t
      )
    ).toBe(true);
    for (const bad of [
      crit(''),
      crit('garbage'),
      { vulnerable: true, criteria: 42 } as unknown as CpeMatchCriterion,
      { vulnerable: true } as unknown as CpeMatchCriterion,
      crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionEndExcluding: 5 as unknown as string }),
      null as unknown as CpeMatchCriterion,
      'cpe:2.3:a:x:y:*:*:*:*:*:*:*:*' as unknown as CpeMatchCriterion,
    ]) {
      expect(() => criterionMatches(bad, app('x', 'y', '1'))).not.toThrow();
      expect(criterionMatches(bad, app('x', 'y', '1'))).toBe(false);
    }
    expect(criterionMatches(crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*'), null as unknown as ParsedCpe)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// evaluateConfigurations: semantics on synthetic configurations
// ---------------------------------------------------------------------------------------------

describe('evaluateConfigurations (semantics)', () => {
  const chrome = crit('cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.0' });
  const onWindows = (cpeMatch: CpeMatchCriterion[], extra: Partial<Configuration> = {}): Configuration => ({
    operator: 'AND',
    nodes: [
      { operator: 'OR', negate: false, cpeMatch },
      { operator: 'OR', negate: false, cpeMatch: [crit('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*', {}, false)] },
    ],
    ...extra,
  });

  it('returns null for no configurations, and never throws on garbage', () => {
    const t = app('google', 'chrome', '1.0');
    for (const configs of [
      [],
      null,
      undefined,
      [null],
      [{}],
      [{ nodes: null }],
      [{ nodes: [] }],
      [{ nodes: [null] }],
      [{ nodes: [{ operator: 'OR', cpeMatch: 'x' }] }],
      [{ nodes: [{ operator: 'OR', cpeMatch: [null, 1, 'x', { criteria: 3 }] }] }],
      [{ operator: 'AND', nodes: [{ operator: 'AND', cpeMatch: [] }] }],
      'nope',
    ]) {
      expect(() => evaluateConfigurations(configs as unknown as Configuration[], t, [])).not.toThrow();
      expect(evaluateConfigurations(configs as unknown as Configuration[], t, [])).toBeNull();
    }
    expect(evaluateConfigurations([orConfig(chrome)], null as unknown as ParsedCpe, [])).toBeNull();
    expect(evaluateConfigurations([orConfig(chrome)], t, null as unknown as ParsedCpe[])).toEqual({
      criteria: chrome.criteria,
      fixedIn: '2.0',
      viaPlatform: false,
    });
  });

  it('an OR configuration (or one without operator) is satisfied by any node', () => {
    const config: Configuration = {
      nodes: [
        { operator: 'OR', cpeMatch: [crit('cpe:2.3:a:x:other:*:*:*:*:*:*:*:*')] },
        { operator: 'OR', cpeMatch: [chrome] },
      ],
    };
    expect(evaluateConfigurations([config], app('google', 'chrome', '1.0'), [])).toEqual({
      criteria: chrome.criteria,
      fixedIn: '2.0',
      viaPlatform: false,
    });
    expect(evaluateConfigurations([{ ...config, operator: 'OR' }], app('google', 'chrome', '1.0'), [])).not.toBeNull();
    expect(evaluateConfigurations([config], app('google', 'chrome', '2.0'), [])).toBeNull();
  });

  it('an AND configuration needs every node; the platform node is satisfied by a platform CPE', () => {
    const configs = [onWindows([chrome])];
    const t = app('google', 'chrome', '1.0');
    expect(evaluateConfigurations(configs, t, [WINDOWS])).toEqual({
      criteria: chrome.criteria,
      fixedIn: '2.0',
      viaPlatform: true,
    });
    expect(evaluateConfigurations(configs, t, [WINDOWS_11, WINDOWS])).not.toBeNull();
    expect(evaluateConfigurations(configs, t, [LINUX])).toBeNull();
    expect(evaluateConfigurations(configs, t, [MACOS, app('x', 'y', '1')])).toBeNull();
    expect(evaluateConfigurations(configs, app('google', 'chrome', '2.0'), [WINDOWS])).toBeNull();
  });

  it('unknown OS (no o: CPE in the platform): an OS platform entry cannot be ruled out', () => {
    const configs = [onWindows([chrome])];
    const t = app('google', 'chrome', '1.0');
    expect(evaluateConfigurations(configs, t, [])).toEqual({
      criteria: chrome.criteria,
      fixedIn: '2.0',
      viaPlatform: true,
    });
    expect(evaluateConfigurations(configs, t, [app('x', 'y', '1')])).toEqual({
      criteria: chrome.criteria,
      fixedIn: '2.0',
      viaPlatform: true,
    });
    // Not for an application platform entry: that one must really be installed.
    const appPlatform: Configuration = {
      operator: 'AND',
      nodes: [
        { operator: 'OR', cpeMatch: [chrome] },
        { operator: 'OR', cpeMatch: [crit('cpe:2.3:a:redhat:openshift:-:*:*:*:*:*:*:*', {}, false)] },
      ],
    };
    expect(evaluateConfigurations([appPlatform], t, [])).toBeNull();
    expect(evaluateConfigurations([appPlatform], t, [app('redhat', 'openshift', '4.12')])).toEqual({
      criteria: chrome.criteria,
      fixedIn: '2.0',
      viaPlatform: true,
    });
  });

  it('the unknown-OS assumption covers only non-vulnerable OS entries', () => {
    // Both entries vulnerable (an AND node): the OS one must really be on the device.
    const config: Configuration = {
      nodes: [{ operator: 'AND', cpeMatch: [chrome, crit('cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*')] }],
    };
    const t = app('google', 'chrome', '1.0');
    expect(evaluateConfigurations([config], t, [])).toBeNull();
    expect(evaluateConfigurations([config], t, [DEBIAN_12])).toBeNull();
    expect(evaluateConfigurations([config], t, [DEBIAN_11])).toEqual({
      criteria: chrome.criteria,
      fixedIn: '2.0',
      viaPlatform: true,
    });
  });

  it('viaPlatform: a configuration satisfied by the target alone but without a hit there still needs the platform', () => {
    // Node 0 is satisfied by the target through a non-vulnerable entry (no hit); the hit is in node 1,
    // which needs Windows.
    const config: Configuration = {
      nodes: [
        { operator: 'OR', cpeMatch: [crit('cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*', {}, false)] },
        {
          operator: 'AND',
          cpeMatch: [chrome, crit('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*', {}, false)],
        },
      ],
    };
    const t = app('google', 'chrome', '1.0');
    expect(evaluateConfigurations([config], t, [WINDOWS])).toEqual({
      criteria: chrome.criteria,
      fixedIn: '2.0',
      viaPlatform: true,
    });
    expect(evaluateConfigurations([config], t, [LINUX])).toBeNull();
  });

  it('a platform CPE alone never makes the target vulnerable', () => {
    const debian = orConfig(crit('cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*'));
    expect(evaluateConfigurations([debian], app('google', 'chrome', '1.0'), [DEBIAN_11])).toBeNull();
    // But the OS itself, as the target, is matched by its vulnerable entry.
    expect(evaluateConfigurations([debian], DEBIAN_11, [])).toEqual({
      criteria: 'cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*',
      viaPlatform: false,
    });
    // A non-vulnerable entry matching the target is not a hit either.
    expect(
      evaluateConfigurations(
        [orConfig(crit(chrome.criteria, { versionEndExcluding: '2.0' }, false))],
        app('google', 'chrome', '1'),
        []
      )
    ).toBeNull();
  });

  it('a node with operator AND needs every entry, from the target or the platform', () => {
    const asyncos = crit('cpe:2.3:o:cisco:asyncos:*:*:*:*:*:*:*:*', { versionEndExcluding: '12.5.3-035' });
    const esa = crit('cpe:2.3:a:cisco:email_security_appliance:-:*:*:*:*:*:*:*');
    const config: Configuration = { nodes: [{ operator: 'AND', negate: false, cpeMatch: [esa, asyncos] }] };
    const os = buildTargetCpe(
      { part: 'o', vendor: 'cisco', product: 'asyncos', swEdition: '', targetSw: '', update: '' },
      '12.5.2'
    );
    expect(evaluateConfigurations([config], os, [app('cisco', 'email_security_appliance', '')])).toEqual({
      criteria: asyncos.criteria,
      fixedIn: '12.5.3-035',
      viaPlatform: true,
    });
    expect(evaluateConfigurations([config], os, [])).toBeNull();
  });

  it('honours negate on nodes and configurations', () => {
    const notOnWindows: Configuration = {
      operator: 'AND',
      nodes: [
        { operator: 'OR', cpeMatch: [chrome] },
        { operator: 'OR', negate: true, cpeMatch: [crit('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*', {}, false)] },
      ],
    };
    const t = app('google', 'chrome', '1.0');
    expect(evaluateConfigurations([notOnWindows], t, [WINDOWS])).toBeNull();
    expect(evaluateConfigurations([notOnWindows], t, [LINUX])).toEqual({
      criteria: chrome.criteria,
      fixedIn: '2.0',
      viaPlatform: false,
    });
    // A negated node's own matches are never hits.
    expect(
      evaluateConfigurations([{ nodes: [{ operator: 'OR', negate: true, cpeMatch: [chrome] }] }], t, [])
    ).toBeNull();
    expect(
      evaluateConfigurations(
        [{ nodes: [{ operator: 'OR', negate: true, cpeMatch: [chrome] }] }],
        app('google', 'chrome', '3'),
        []
      )
    ).toBeNull();
    // A negated configuration never applies.
    expect(evaluateConfigurations([{ ...orConfig(chrome), negate: true }], t, [])).toBeNull();
  });

  it('viaPlatform is false as soon as one applying configuration holds without the platform', () => {
    const configs = [
      onWindows([crit('cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*', { versionEndExcluding: '3.0' })]),
      orConfig(chrome),
    ];
    expect(evaluateConfigurations(configs, app('google', 'chrome', '1.0'), [WINDOWS])).toEqual({
      criteria: 'cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*',
      fixedIn: '3.0',
      viaPlatform: false,
    });
    expect(evaluateConfigurations(configs, app('google', 'chrome', '2.5'), [WINDOWS])).toEqual({
      criteria: 'cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*',
      fixedIn: '3.0',
      viaPlatform: true,
    });
  });

  it('picks the criterion reaching highest: its fix covers every matched range', () => {
    const t = app('x', 'y', '1.5');
    const r = (...cs: CpeMatchCriterion[]) => evaluateConfigurations([orConfig(...cs)], t, []);
    const to2 = crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.0', matchCriteriaId: 'A' });
    const to3 = crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', {
      versionStartIncluding: '1.0',
      versionEndExcluding: '3.0',
      matchCriteriaId: 'B',
    });
    const incl25 = crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionEndIncluding: '2.5' });
    const incl3 = crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionEndIncluding: '3.0' });
    const open = crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionStartIncluding: '1.0' });
    const exact = crit('cpe:2.3:a:x:y:1.5:*:*:*:*:*:*:*');
    expect(r(to2, to3)).toEqual({ criteria: to3.criteria, matchCriteriaId: 'B', fixedIn: '3.0', viaPlatform: false });
    expect(r(to3, to2)).toEqual({ criteria: to3.criteria, matchCriteriaId: 'B', fixedIn: '3.0', viaPlatform: false });
    // Up to and including 2.5 reaches past "fixed in 2.0": only the last affected version is known.
    expect(r(to2, incl25)).toEqual({ criteria: incl25.criteria, lastAffected: '2.5', viaPlatform: false });
    // "Up to 3.0 excluded" vs "up to 3.0 included": the included one reaches higher.
    expect(r(to3, incl3)).toEqual({ criteria: incl3.criteria, lastAffected: '3.0', viaPlatform: false });
    expect(r(to3, incl25)).toEqual({
      criteria: to3.criteria,
      matchCriteriaId: 'B',
      fixedIn: '3.0',
      viaPlatform: false,
    });
    // An open range: no version is known to fix it.
    expect(r(to3, open, to2)).toEqual({ criteria: open.criteria, viaPlatform: false });
    // An exact version is below any range that contains it.
    expect(r(exact, to2)).toEqual({ criteria: to2.criteria, matchCriteriaId: 'A', fixedIn: '2.0', viaPlatform: false });
    expect(r(exact)).toEqual({ criteria: exact.criteria, viaPlatform: false });
    // Zero padding does not fool the choice.
    const p1 = crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionEndExcluding: '1.010' });
    const p2 = crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionEndExcluding: '1.9' });
    expect(r(p1, p2)?.fixedIn).toBe('1.010');
  });
});

// ---------------------------------------------------------------------------------------------
// Real records: the named cases
// ---------------------------------------------------------------------------------------------

describeWithSharedData('evaluateConfigurations on real NVD records', () => {
  const NVD = (id: string) => `nvd-cve-api-2.0/${id}.json`;
  const GRYPE = (name: string) => `grype/nvd-testdata/${name}.json`;

  describe('Chrome CVE-2024-4671 (versionEndExcluding 124.0.6367.201, Fedora OS configurations)', () => {
    const f = NVD('CVE-2024-4671');
    it.each([
      ['124.0.6367.200', true],
      ['124.0.6367.118', true],
      ['100.0', true],
      ['124.0.6367.201', false],
      ['124.0.6367.201.0', false],
      ['124.0.6367.202', false],
      ['125.0.6422.60', false],
    ])('chrome %s → %s', (version, vulnerable) => {
      const r = evalRecord(f, app('google', 'chrome', version), [WINDOWS]);
      expect(r !== null).toBe(vulnerable);
      if (r) {
        expect(r).toEqual({
          criteria: 'cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*',
          matchCriteriaId: expect.any(String),
          fixedIn: '124.0.6367.201',
          viaPlatform: false,
        });
      }
    });

    it('a Fedora platform does not make another product vulnerable; Fedora itself is listed', () => {
      expect(evalRecord(f, app('mozilla', 'firefox', '1.0'), [FEDORA_40])).toBeNull();
      expect(evalRecord(f, FEDORA_40, [])?.criteria).toBe('cpe:2.3:o:fedoraproject:fedora:40:*:*:*:*:*:*:*');
      expect(evalRecord(f, app('google', 'chrome', ''), [])).toBeNull();
    });
  });

  describe('Firefox / Firefox ESR / Thunderbird CVE-2024-9680', () => {
    const f = NVD('CVE-2024-9680');
    const ff = (v: string) => app('mozilla', 'firefox', v);
    const esr = (v: string) => app('mozilla', 'firefox', v, { swEdition: 'esr' });
    const tb = (v: string) => app('mozilla', 'thunderbird', v);
    const ESR_OLD = 'cpe:2.3:a:mozilla:firefox:*:*:*:*:esr:*:*:*';
    const STD = 'cpe:2.3:a:mozilla:firefox:*:*:*:*:-:*:*:*';

    it.each([
      // Firefox ESR: < 115.16.1, and 128.1.0 ≤ v < 128.3.1.
      ['esr', '115.16.0', { criteria: ESR_OLD, fixedIn: '115.16.1' }],
      ['esr', '115.0', { criteria: ESR_OLD, fixedIn: '115.16.1' }],
      ['esr', '115.16.1', null],
      ['esr', '120.0', null],
      ['esr', '128.0', null], // below the record's 128.1.0 start, above 115.16.1
      ['esr', '128.0.9', null],
      ['esr', '128.1.0', { criteria: ESR_OLD, fixedIn: '128.3.1' }],
      ['esr', '128.3.0', { criteria: ESR_OLD, fixedIn: '128.3.1' }],
      ['esr', '128.3.1', null],
      ['esr', '131.0.1', null], // ESR is never matched by the standard-edition (`-`) range
      // Firefox (standard edition, sw_edition `-`): < 131.0.2.
      ['std', '131.0.1', { criteria: STD, fixedIn: '131.0.2' }],
      ['std', '115.16.0', { criteria: STD, fixedIn: '131.0.2' }],
      ['std', '128.0', { criteria: STD, fixedIn: '131.0.2' }],
      ['std', '131.0.2', null],
      ['std', '132.0', null],
      // Thunderbird: < 115.16.0, 128.0.1 ≤ v < 128.3.1, exactly 131.0.
      ['tb', '115.15.0', { criteria: 'cpe:2.3:a:mozilla:thunderbird:*:*:*:*:*:*:*:*', fixedIn: '115.16.0' }],
      ['tb', '115.16.0', null],
      ['tb', '128.0', null],
      ['tb', '128.0.1', { criteria: 'cpe:2.3:a:mozilla:thunderbird:*:*:*:*:*:*:*:*', fixedIn: '128.3.1' }],
      ['tb', '128.3.0', { criteria: 'cpe:2.3:a:mozilla:thunderbird:*:*:*:*:*:*:*:*', fixedIn: '128.3.1' }],
      ['tb', '128.3.1', null],
      ['tb', '131.0', { criteria: 'cpe:2.3:a:mozilla:thunderbird:131.0:*:*:*:*:*:*:*' }],
      ['tb', '131.0.0', { criteria: 'cpe:2.3:a:mozilla:thunderbird:131.0:*:*:*:*:*:*:*' }],
      ['tb', '131', { criteria: 'cpe:2.3:a:mozilla:thunderbird:131.0:*:*:*:*:*:*:*' }],
      ['tb', '131.0.1', null],
      ['tb', '130.0', null],
    ] as const)('%s %s → %j', (kind, version, expected) => {
      const t = kind === 'esr' ? esr(version) : kind === 'std' ? ff(version) : tb(version);
      const r = evalRecord(f, t, [WINDOWS]);
      if (expected === null) {
        expect(r).toBeNull();
      } else {
        expect(r).toEqual({ ...expected, matchCriteriaId: expect.any(String), viaPlatform: false });
      }
    });
  });

  describe('Adobe Acrobat CVE-2023-21608 (AND configurations with Windows / macOS platforms)', () => {
    const f = NVD('CVE-2023-21608');
    const reader = (v: string) => app('adobe', 'acrobat_reader_dc', v, { swEdition: 'continuous' });
    const READER = 'cpe:2.3:a:adobe:acrobat_reader_dc:*:*:*:*:continuous:*:*:*';

    it('22.003.20282 on Windows matches (zero padding either way), 22.003.20283 does not', () => {
      expect(evalRecord(f, reader('22.003.20282'), [WINDOWS])).toEqual({
        criteria: READER,
        matchCriteriaId: expect.any(String),
        lastAffected: '22.003.20282',
        viaPlatform: true,
      });
      expect(evalRecord(f, reader('22.3.20282'), [WINDOWS])?.lastAffected).toBe('22.003.20282');
      expect(evalRecord(f, reader('22.003.20282.0'), [WINDOWS])).not.toBeNull();
      expect(evalRecord(f, reader('22.003.20283'), [WINDOWS])).toBeNull();
      expect(evalRecord(f, reader('23.001.20063'), [WINDOWS])).toBeNull();
    });

    it('the start bound 15.008.20082 is included', () => {
      expect(evalRecord(f, reader('15.008.20082'), [WINDOWS])).not.toBeNull();
      expect(evalRecord(f, reader('15.8.20082'), [WINDOWS])).not.toBeNull();
      expect(evalRecord(f, reader('15.008.20081'), [WINDOWS])).toBeNull();
    });

    it('macOS has its own range (up to 22.003.20281)', () => {
      expect(evalRecord(f, reader('22.003.20282'), [MACOS])).toBeNull();
      expect(evalRecord(f, reader('22.003.20281'), [MACOS])).toEqual({
        criteria: READER,
        matchCriteriaId: expect.any(String),
        lastAffected: '22.003.20281',
        viaPlatform: true,
      });
    });

    it('not on Linux; yes with an unknown OS (viaPlatform)', () => {
      expect(evalRecord(f, reader('22.003.20282'), [LINUX])).toBeNull();
      expect(evalRecord(f, reader('22.003.20282'), [LINUX, app('google', 'chrome', '1')])).toBeNull();
      expect(evalRecord(f, reader('22.003.20282'), [])).toEqual({
        criteria: READER,
        matchCriteriaId: expect.any(String),
        lastAffected: '22.003.20282',
        viaPlatform: true,
      });
      expect(evalRecord(f, reader('22.003.20282'), [app('google', 'chrome', '1')])?.viaPlatform).toBe(true);
      expect(evalRecord(f, reader('22.003.20283'), [])).toBeNull();
    });

    it('sw_edition matters: continuous vs classic vs none', () => {
      expect(evalRecord(f, app('adobe', 'acrobat_reader_dc', '22.003.20282'), [WINDOWS])).toBeNull();
      expect(
        evalRecord(f, app('adobe', 'acrobat_reader_dc', '22.003.20282', { swEdition: 'classic' }), [WINDOWS])
      ).toBeNull();
      const classic = (v: string) => app('adobe', 'acrobat', v, { swEdition: 'classic' });
      expect(evalRecord(f, classic('20.005.30418'), [WINDOWS])?.lastAffected).toBe('20.005.30418');
      expect(evalRecord(f, classic('20.005.30418'), [MACOS])?.lastAffected).toBe('20.005.30418');
      expect(evalRecord(f, classic('20.005.30419'), [WINDOWS])).toBeNull();
      expect(evalRecord(f, classic('20.001.30004'), [WINDOWS])).toBeNull();
    });

    it('Windows itself is never the vulnerable product', () => {
      expect(evalRecord(f, WINDOWS, [reader('22.003.20282')])).toBeNull();
    });
  });

  describe('7-Zip CVE-2025-0411 (< 24.09)', () => {
    it.each([
      ['24.08', true],
      ['24.08.0.0', true],
      ['9.20', true],
      ['24.09', false],
      ['24.09.0.0', false],
      ['24.9', false],
      ['24.10', false],
      ['', false],
    ])('7-zip %s → %s', (version, vulnerable) => {
      const r = evalRecord(NVD('CVE-2025-0411'), app('7-zip', '7-zip', version), [WINDOWS]);
      expect(r ? r.fixedIn : null).toBe(vulnerable ? '24.09' : null);
    });
  });

  describe('Microsoft Office CVE-2017-11882 (update sp3)', () => {
    const f = NVD('CVE-2017-11882');
    it.each([
      ['2007', 'sp3', 'cpe:2.3:a:microsoft:office:2007:sp3:*:*:*:*:*:*'],
      ['2007', '', null],
      ['2007', 'sp2', null],
      ['2010', 'sp2', 'cpe:2.3:a:microsoft:office:2010:sp2:*:*:*:*:*:*'],
      ['2010', 'sp1', null],
      ['2013', 'sp1', 'cpe:2.3:a:microsoft:office:2013:sp1:*:*:*:*:*:*'],
      ['2016', '', 'cpe:2.3:a:microsoft:office:2016:*:*:*:*:*:*:*'],
      ['2016', 'sp1', 'cpe:2.3:a:microsoft:office:2016:*:*:*:*:*:*:*'],
      ['2019', '', null],
    ])('office %s update %j → %s', (version, update, criteria) => {
      const r = evalRecord(f, app('microsoft', 'office', version, { update }), [WINDOWS]);
      expect(r?.criteria ?? null).toBe(criteria);
      if (r) {
        expect(r.fixedIn).toBeUndefined();
        expect(r.viaPlatform).toBe(false);
      }
    });
  });

  describe('Apache httpd CVE-2021-41773 (exactly 2.4.49)', () => {
    it.each([
      ['2.4.49', true],
      ['2.4.49.0', true],
      ['2.4.48', false],
      ['2.4.50', false],
      ['2.4.5', false],
      ['2.4.490', false],
    ])('http_server %s → %s', (version, vulnerable) => {
      const r = evalRecord(NVD('CVE-2021-41773'), app('apache', 'http_server', version), [LINUX]);
      expect(r !== null).toBe(vulnerable);
      if (r) {
        expect(r).toEqual({
          criteria: 'cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*',
          matchCriteriaId: expect.any(String),
          viaPlatform: false,
        });
      }
    });
  });

  describe('nginx CVE-2021-23017 (start and end bounds, versionEndIncluding, many products)', () => {
    const f = NVD('CVE-2021-23017');
    it.each([
      ['f5', 'nginx', '0.6.17', undefined],
      ['f5', 'nginx', '0.6.18', { fixedIn: '1.20.1' }],
      ['f5', 'nginx', '1.18.0', { fixedIn: '1.20.1' }],
      ['f5', 'nginx', '1.20.0', { fixedIn: '1.20.1' }],
      ['f5', 'nginx', '1.20.1', undefined],
      ['f5', 'nginx', '1.21.0', undefined],
      ['nginx', 'nginx', '1.20.0', undefined], // the old vendor name is the normaliser's alternate, not ours
      ['openresty', 'openresty', '1.19.3.1', { fixedIn: '1.19.3.2' }],
      ['openresty', 'openresty', '1.19.3.2', undefined],
      ['oracle', 'communications_fraud_monitor', '3.3', undefined],
      ['oracle', 'communications_fraud_monitor', '3.4', { lastAffected: '4.4' }],
      ['oracle', 'communications_fraud_monitor', '4.4', { lastAffected: '4.4' }],
      ['oracle', 'communications_fraud_monitor', '4.4.0.0', { lastAffected: '4.4' }],
      ['oracle', 'communications_fraud_monitor', '4.4.1', undefined],
      ['oracle', 'goldengate', '21.3', { fixedIn: '21.4.0.0.0' }],
      ['oracle', 'goldengate', '21.4', undefined],
      ['oracle', 'blockchain_platform', '21.1.1', { fixedIn: '21.1.2' }],
      ['oracle', 'blockchain_platform', '21.1.2', undefined],
      ['oracle', 'communications_operations_monitor', '4.3', {}],
      ['oracle', 'communications_operations_monitor', '4.1', undefined],
      ['oracle', 'enterprise_communications_broker', '3.3.0', {}],
      ['oracle', 'enterprise_communications_broker', '3.3', {}],
      ['netapp', 'ontap_select_deploy_administration_utility', '9.8', {}], // version `-`: all versions
    ])('%s:%s %s → %j', (vendor, product, version, expected) => {
      const r = evalRecord(f, app(vendor, product, version), [LINUX]);
      if (expected === undefined) {
        expect(r).toBeNull();
      } else {
        expect(r).not.toBeNull();
        expect({ fixedIn: r?.fixedIn, lastAffected: r?.lastAffected }).toEqual({
          fixedIn: undefined,
          lastAffected: undefined,
          ...expected,
        });
        expect(r?.viaPlatform).toBe(false);
      }
    });
  });

  describe('curl CVE-2023-38545 (haxx:libcurl 7.69.0 ≤ v < 8.4.0)', () => {
    const f = NVD('CVE-2023-38545');
    it.each([
      ['7.68.0', false],
      ['7.69.0', true],
      ['8.3.0', true],
      ['8.4.0', false],
      ['8.10.1', false],
    ])('libcurl %s → %s', (version, vulnerable) => {
      const r = evalRecord(f, app('haxx', 'libcurl', version), [LINUX]);
      expect(r ? r.fixedIn : null).toBe(vulnerable ? '8.4.0' : null);
    });
    it('the record names libcurl only: haxx:curl is not matched (the normaliser maps curl → libcurl)', () => {
      expect(evalRecord(f, app('haxx', 'curl', '8.3.0'), [LINUX])).toBeNull();
    });
    it('target_sw of the NetApp entries', () => {
      expect(
        evalRecord(f, app('netapp', 'active_iq_unified_manager', '9.13', { targetSw: 'vmware_vsphere' }))
      ).not.toBeNull();
      expect(evalRecord(f, app('netapp', 'active_iq_unified_manager', '9.13', { targetSw: 'linux' }))).toBeNull();
    });
  });

  describe('Java CVE-2022-21449 (escaped CPE characters, sw_edition enterprise)', () => {
    const f = NVD('CVE-2022-21449');
    it('matches the escaped NetApp product names, unescaped', () => {
      expect(evalRecord(f, app('netapp', 'solidfire,_enterprise_sds_&_hci_storage_node', '12.3'))?.criteria).toBe(
        'cpe:2.3:a:netapp:solidfire\\,_enterprise_sds_\\&_hci_storage_node:-:*:*:*:*:*:*:*'
      );
      expect(evalRecord(f, app('netapp', 'solidfire_&_hci_management_node', '1'))).not.toBeNull();
      expect(evalRecord(f, app('netapp', 'solidfire', '1'))).toBeNull();
      expect(
        evalRecord(
          f,
          buildTargetCpe(
            { part: 'h', vendor: 'netapp', product: 'hci_compute_node', swEdition: '', targetSw: '', update: '' },
            '-'
          )
        )
      ).not.toBeNull();
    });
    it.each([
      ['oracle', 'jdk', '17.0.2', {}, true],
      ['oracle', 'jdk', '17.0.3', {}, false],
      ['oracle', 'jdk', '18', {}, true],
      ['oracle', 'jdk', '18.0.0', {}, true],
      ['oracle', 'jdk', '18.0.1', {}, false],
      ['oracle', 'graalvm', '21.3.1', { swEdition: 'enterprise' }, true],
      ['oracle', 'graalvm', '21.3.1', {}, false],
      ['oracle', 'graalvm', '22.0.0.2', { swEdition: 'enterprise' }, true],
      ['azul', 'zulu', '17.32', {}, true],
      ['azul', 'zulu', '17.33', {}, false],
    ] as const)('%s:%s %s %j → %s', (vendor, product, version, extra, vulnerable) => {
      expect(evalRecord(f, app(vendor, product, version, extra), [LINUX]) !== null).toBe(vulnerable);
    });
  });

  describe('Git CVE-2025-48384 (8 disjoint ranges)', () => {
    const f = NVD('CVE-2025-48384');
    const inside: Array<[string, string]> = [
      ['2.30.0', '2.43.7'],
      ['2.43.6', '2.43.7'],
      ['2.44.0', '2.44.4'],
      ['2.44.3', '2.44.4'],
      ['2.45.3', '2.45.4'],
      ['2.46.0', '2.46.4'],
      ['2.46.3', '2.46.4'],
      ['2.47.2', '2.47.3'],
      ['2.48.1', '2.48.2'],
      ['2.49.0', '2.49.1'],
      ['2.50.0', '2.50.1'],
    ];
    it.each(inside)('git %s is inside its range, fixed in %s', (version, fix) => {
      expect(evalRecord(f, app('git-scm', 'git', version))?.fixedIn).toBe(fix);
    });
    it.each([
      '2.43.7',
      '2.43.9',
      '2.44.4',
      '2.44.9',
      '2.45.4',
      '2.46.4',
      '2.47.3',
      '2.48.2',
      '2.49.1',
      '2.50.1',
      '2.51.0',
    ])('git %s is between / after the ranges', (version) => {
      expect(evalRecord(f, app('git-scm', 'git', version))).toBeNull();
    });
  });

  it('Zoom CVE-2024-24691: no configurations → nothing matches, nothing throws', () => {
    const r = realRecord(NVD('CVE-2024-24691'));
    expect(r.configurations).toEqual([]);
    expect(evaluateConfigurations(r.configurations, app('zoom', 'meetings', '5.16.0'), [WINDOWS])).toBeNull();
    expect(evaluateConfigurations(r.configurations, app('zoom', 'zoom', '5.16.0'), [])).toBeNull();
    expect(vulnerableProducts(r.configurations)).toEqual([]);
  });

  it('WinRAR CVE-2023-38831 and Chrome CVE-2023-7024', () => {
    expect(evalRecord(NVD('CVE-2023-38831'), app('rarlab', 'winrar', '6.22'), [WINDOWS])?.fixedIn).toBe('6.23');
    expect(evalRecord(NVD('CVE-2023-38831'), app('rarlab', 'winrar', '6.23'), [WINDOWS])).toBeNull();
    expect(evalRecord(NVD('CVE-2023-7024'), app('google', 'chrome', '120.0.6099.128'))?.fixedIn).toBe('120.0.6099.129');
    expect(evalRecord(NVD('CVE-2023-7024'), app('google', 'chrome', '120.0.6099.129'))).toBeNull();
    expect(evalRecord(NVD('CVE-2023-7024'), app('google', 'chrome', '120.0.6099.129'), [DEBIAN_11])).toBeNull();
  });

  // -------------------------------------------------------------------------------------------
  // Grype's hard cases
  // -------------------------------------------------------------------------------------------

  describe('grype platform-cpe (CVE-2022-26488: Python on Windows)', () => {
    const f = GRYPE('platform-cpe');
    const py = (v: string, update = '') => app('python', 'python', v, { update });
    it.each([
      ['3.7.12', '', [WINDOWS], '3.7.12'],
      ['3.7.13', '', [WINDOWS], null],
      ['3.8.0', '', [WINDOWS], '3.8.12'],
      ['3.8.12', '', [WINDOWS], '3.8.12'],
      ['3.9.10', '', [WINDOWS_11, WINDOWS], '3.9.10'],
      ['3.9.11', '', [WINDOWS], null],
      ['3.10.2', '', [WINDOWS], '3.10.2'],
      ['3.10.2', '', [LINUX], null],
      ['3.10.2', '', [MACOS], null],
      ['3.10.2', '', [], '3.10.2'],
    ] as const)('python %s %j on %j → lastAffected %s', (version, update, platform, last) => {
      const r = evalRecord(f, py(version, update), [...platform]);
      expect(r ? r.lastAffected : null).toBe(last);
      if (r) {
        expect(r.viaPlatform).toBe(true);
      }
    });
    it('pre-release updates are named in the update attribute', () => {
      expect(evalRecord(f, py('3.11.0', 'alpha1'), [WINDOWS])?.criteria).toBe(
        'cpe:2.3:a:python:python:3.11.0:alpha1:*:*:*:*:*:*'
      );
      expect(evalRecord(f, py('3.11.0', 'alpha6'), [WINDOWS])).not.toBeNull();
      expect(evalRecord(f, py('3.11.0', 'alpha7'), [WINDOWS])).toBeNull();
      expect(evalRecord(f, py('3.11.0'), [WINDOWS])).toBeNull();
    });
    it('its second configuration (AND of a single node) needs no platform', () => {
      expect(
        evalRecord(f, app('netapp', 'active_iq_unified_manager', '9.9', { targetSw: 'windows' }), [LINUX])
      ).toEqual({
        criteria: 'cpe:2.3:a:netapp:active_iq_unified_manager:-:*:*:*:*:windows:*:*',
        matchCriteriaId: expect.any(String),
        viaPlatform: false,
      });
    });
  });

  describe('grype CVE-2023-45283: the platform node first or last gives the same answers', () => {
    it.each([
      ['1.20.10', [WINDOWS], '1.20.11'],
      ['1.20.11', [WINDOWS], null],
      ['1.21.0', [WINDOWS], '1.21.4'],
      ['1.21.3', [WINDOWS], '1.21.4'],
      ['1.21.4', [WINDOWS], null],
      ['1.20.10', [LINUX], null],
      ['1.20.10', [MACOS], null],
      ['1.20.10', [], '1.20.11'],
    ] as const)('go %s on %j → fixedIn %s', (version, platform, fix) => {
      for (const file of ['CVE-2023-45283-platform-cpe-first', 'CVE-2023-45283-platform-cpe-last']) {
        const r = evalRecord(GRYPE(file), app('golang', 'go', version), [...platform]);
        expect([file, r ? r.fixedIn : null, r ? r.viaPlatform : null]).toEqual([file, fix, fix === null ? null : true]);
      }
    });
  });

  describe('grype multiple-platforms-with-application-cpe (IBM RPA on OpenShift or Windows)', () => {
    const f = GRYPE('multiple-platforms-with-application-cpe');
    const rpa = (v: string) => app('ibm', 'robotic_process_automation', v);
    const OPENSHIFT = app('redhat', 'openshift', '4.12');
    it.each([
      ['21.0.7.3', [WINDOWS], '21.0.7.3'],
      ['21.0.7.3', [LINUX, OPENSHIFT], '21.0.7.3'],
      ['21.0.7.3', [LINUX], null],
      ['21.0.7.3', [MACOS], null],
      ['21.0.7.3', [], '21.0.7.3'],
      ['21.0.7.3', [OPENSHIFT], '21.0.7.3'],
      ['21.0.0', [WINDOWS], '21.0.7.3'],
      ['21.0.7.4', [WINDOWS], null],
      ['22.0.0', [WINDOWS], null],
      ['23.0.3', [WINDOWS], '23.0.3'],
      ['23.0.4', [WINDOWS], null],
      ['20.12', [WINDOWS], null],
    ] as const)('rpa %s on %j → lastAffected %s', (version, platform, last) => {
      const r = evalRecord(f, rpa(version), [...platform]);
      expect(r ? r.lastAffected : null).toBe(last);
    });
  });

  describe('grype CVE-2022-0543 (Redis `-` on Debian/Ubuntu platforms)', () => {
    const f = GRYPE('cve-2022-0543');
    const redis = app('redis', 'redis', '5:6.0.16-1+deb11u1');
    it.each([
      [[DEBIAN_11], true],
      [[cpe('cpe:2.3:o:debian:debian_linux:9.0:*:*:*:*:*:*:*')], true],
      [[DEBIAN_12], false],
      [[cpe('cpe:2.3:o:canonical:ubuntu_linux:20.04:*:*:*:lts:*:*:*')], true],
      [[cpe('cpe:2.3:o:canonical:ubuntu_linux:20.04:*:*:*:-:*:*:*')], false],
      [[cpe('cpe:2.3:o:canonical:ubuntu_linux:21.10:*:*:*:-:*:*:*')], true],
      [[cpe('cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:lts:*:*:*')], false],
      [[LINUX], false],
      [[], true],
    ])('redis on %j → %s', (platform, vulnerable) => {
      const r = evalRecord(f, redis, platform);
      expect(r !== null).toBe(vulnerable);
      if (r) {
        expect(r).toEqual({
          criteria: 'cpe:2.3:a:redis:redis:-:*:*:*:*:*:*:*',
          matchCriteriaId: expect.any(String),
          viaPlatform: true,
        });
      }
    });
  });

  describe('grype cve-2020-10729 (Ansible on RHEL 7.0 / 8.0)', () => {
    const f = GRYPE('cve-2020-10729');
    const ansible = (v: string) => app('redhat', 'ansible_engine', v);
    it('matches on the named RHEL releases only', () => {
      expect(
        evalRecord(f, ansible('2.9.5'), [cpe('cpe:2.3:o:redhat:enterprise_linux:7.0:*:*:*:*:*:*:*')])?.fixedIn
      ).toBe('2.9.6');
      expect(evalRecord(f, ansible('2.9.5'), [cpe('cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*')])?.fixedIn).toBe(
        '2.9.6'
      );
      expect(evalRecord(f, ansible('2.9.5'), [cpe('cpe:2.3:o:redhat:enterprise_linux:9.0:*:*:*:*:*:*:*')])).toBeNull();
      expect(evalRecord(f, ansible('2.9.5'), [LINUX])).toBeNull();
      expect(evalRecord(f, ansible('2.9.5'), [])?.viaPlatform).toBe(true);
      expect(evalRecord(f, ansible('2.9.6'), [])).toBeNull();
    });
  });

  describe('grype cve-2021-1566 (node operator AND over two vulnerable entries)', () => {
    const f = GRYPE('cve-2021-1566');
    const asyncos = (v: string) =>
      buildTargetCpe({ part: 'o', vendor: 'cisco', product: 'asyncos', swEdition: '', targetSw: '', update: '' }, v);
    const ESA = app('cisco', 'email_security_appliance', '');
    const WSA = app('cisco', 'web_security_appliance', '');
    it.each([
      ['12.5.2', [ESA], '12.5.3-035'],
      ['12.5.3-034', [ESA], '12.5.3-035'],
      ['12.5.3-035', [ESA], null],
      ['13.0', [ESA], '13.0.0-030'],
      ['13.0.0-029', [ESA], '13.0.0-030'],
      ['13.0.0-030', [ESA], null],
      ['13.5.3-009', [ESA], '13.5.3-010'],
      ['13.5.3-010', [ESA], null],
      ['11.8.3-020', [WSA], '11.8.3-021'],
      ['12.0.3-004', [WSA], '12.0.3-005'],
      ['12.0.3-005', [WSA], null],
      ['12.5.2', [], null],
      ['12.5.2', [LINUX], null],
    ] as const)('asyncos %s with %j → fixedIn %s', (version, platform, fix) => {
      const r = evalRecord(f, asyncos(version), [...platform]);
      expect(r ? r.fixedIn : null).toBe(fix);
      if (r) {
        expect(r.viaPlatform).toBe(true);
      }
    });
    it('the appliance itself is the vulnerable target when its AsyncOS is in range', () => {
      const r = evalRecord(f, ESA, [asyncos('12.5.2')]);
      expect(r).toEqual({
        criteria: 'cpe:2.3:a:cisco:email_security_appliance:-:*:*:*:*:*:*:*',
        matchCriteriaId: expect.any(String),
        viaPlatform: true,
      });
      expect(evalRecord(f, ESA, [asyncos('14.0')])).toBeNull();
    });
  });

  describe('grype cve-2024-26663 (Linux kernel ranges and rc updates)', () => {
    const f = GRYPE('cve-2024-26663-standalone-os');
    const kernel = (v: string, update = '') =>
      buildTargetCpe({ part: 'o', vendor: 'linux', product: 'linux_kernel', swEdition: '', targetSw: '', update }, v);
    it.each([
      ['4.8', '', null],
      ['4.9', '', '4.19.307'],
      ['4.19.306', '', '4.19.307'],
      ['4.19.307', '', null],
      ['5.10.200', '', null],
      ['6.7', '', '6.7.5'],
      ['6.7.4', '', '6.7.5'],
      ['6.7.5', '', null],
      ['6.8', '', null],
    ] as const)('kernel %s %j → fixedIn %s', (version, update, fix) => {
      const r = evalRecord(f, kernel(version, update));
      expect(r ? r.fixedIn : null).toBe(fix);
    });
    it('6.8-rc1..rc3 (update attribute) match exactly', () => {
      expect(evalRecord(f, kernel('6.8', 'rc1'))?.criteria).toBe('cpe:2.3:o:linux:linux_kernel:6.8:rc1:*:*:*:*:*:*');
      expect(evalRecord(f, kernel('6.8', 'rc3'))).not.toBeNull();
      expect(evalRecord(f, kernel('6.8', 'rc4'))).toBeNull();
    });
  });

  describe('grype NetApp OnCommand (version-range / fix-version / fix-wrong-version on Linux)', () => {
    const ocum = (v: string) => app('netapp', 'oncommand_unified_manager', v);
    it.each([
      ['version-range', '7.2', true],
      ['version-range', '7.3', true],
      ['version-range', '7.3.1', false],
      ['version-range', '7.1', false],
      ['fix-version', '7.2', true],
      ['fix-version', '7.2.9', true],
      ['fix-version', '7.3', false],
      ['fix-wrong-version', '7.3', false],
    ] as const)('%s: %s on Linux → %s', (file, version, vulnerable) => {
      expect(evalRecord(GRYPE(file), ocum(version), [LINUX]) !== null).toBe(vulnerable);
      expect(evalRecord(GRYPE(file), ocum(version), [WINDOWS])).toBeNull();
    });
    it('fixedIn / lastAffected come from the range', () => {
      expect(evalRecord(GRYPE('fix-version'), ocum('7.2'), [LINUX])?.fixedIn).toBe('7.3');
      expect(evalRecord(GRYPE('version-range'), ocum('7.2'), [LINUX])?.lastAffected).toBe('7.3');
    });
  });

  describe('grype product-affected-and-unaffected-range-with-platforms', () => {
    const f = GRYPE('product-affected-and-unaffected-range-with-platforms');
    it('a vulnerable:false entry in the same node does not exclude a version a vulnerable range covers', () => {
      // NVD semantics: vulnerable:false marks a CPE that is not itself vulnerable; it is not an exclusion.
      expect(evalRecord(f, app('mozilla', 'firefox', '108'), [WINDOWS])?.fixedIn).toBe('137');
      expect(evalRecord(f, app('mozilla', 'firefox', '136.0.4'), [WINDOWS])?.fixedIn).toBe('137');
      expect(evalRecord(f, app('mozilla', 'firefox', '137.0'), [WINDOWS])).toBeNull();
      expect(evalRecord(f, app('mozilla', 'firefox_esr', '128.9'), [WINDOWS])?.fixedIn).toBe('137');
      expect(evalRecord(f, app('mozilla', 'firefox', '108'), [LINUX])).toBeNull();
    });
  });

  describe('grype other records', () => {
    it('compound-pkg (Mautic: two ranges, one inclusive)', () => {
      const m = (v: string) => evalRecord(GRYPE('compound-pkg'), app('mautic', 'mautic', v));
      expect(m('0.9')).toBeNull();
      expect(m('1.0.0')?.lastAffected).toBe('1.4.1');
      expect(m('1.4.1')?.lastAffected).toBe('1.4.1');
      expect(m('1.4.2')).toBeNull();
      expect(m('1.9.9')).toBeNull();
      expect(m('2.0.0')?.fixedIn).toBe('2.13.0');
      expect(m('2.12.9')?.fixedIn).toBe('2.13.0');
      expect(m('2.13.0')).toBeNull();
    });

    it('CVE-2004-0377 (ActivePerl: every version; Perl ≤ 5.8.3)', () => {
      const f = GRYPE('CVE-2004-0377');
      expect(evalRecord(f, app('activestate', 'activeperl', '5.36'))).toEqual({
        criteria: 'cpe:2.3:a:activestate:activeperl:*:*:*:*:*:*:*:*',
        matchCriteriaId: expect.any(String),
        viaPlatform: false,
      });
      expect(evalRecord(f, app('activestate', 'activeperl', ''))).not.toBeNull();
      expect(evalRecord(f, app('larry_wall', 'perl', '5.8.3'))?.lastAffected).toBe('5.8.3');
      expect(evalRecord(f, app('larry_wall', 'perl', '5.8.4'))).toBeNull();
      expect(evalRecord(f, app('larry_wall', 'perl', ''))).toBeNull();
    });

    it('CVE-2008-3442 (WinZip exact versions, edition sr1)', () => {
      const f = GRYPE('CVE-2008-3442');
      for (const v of ['7.0', '8.0', '8.1', '9.0', '10.0', '10']) {
        expect([v, evalRecord(f, app('winzip', 'winzip', v)) !== null]).toEqual([v, true]);
      }
      for (const v of ['8.2', '11.0', '9.1']) {
        expect([v, evalRecord(f, app('winzip', 'winzip', v))]).toEqual([v, null]);
      }
    });

    it('jvm-packages (Java version spellings are the normaliser’s job)', () => {
      const f = GRYPE('jvm-packages');
      expect(evalRecord(f, app('oracle', 'jdk', '8u401'))).not.toBeNull();
      expect(evalRecord(f, app('oracle', 'jdk', '8u402'))).toBeNull();
      expect(evalRecord(f, app('oracle', 'jdk', '11.0.22'))).not.toBeNull();
      expect(evalRecord(f, app('eclipse', 'openjdk', '17.0.10'))).not.toBeNull();
      expect(evalRecord(f, app('azul', 'zulu', '21.0.2'))).not.toBeNull();
      expect(evalRecord(f, app('adoptium', 'java', '17.0.9'))).toBeNull();
    });

    it('CVE-2026-25076 (OR configuration of three nodes, sw_edition and target_sw python)', () => {
      const f = GRYPE('CVE-2026-25076-affected-package-handles');
      expect(
        evalRecord(f, app('anchore', 'anchore', '5.25.0', { swEdition: 'enterprise', targetSw: 'python' }))?.fixedIn
      ).toBe('5.25.1');
      expect(evalRecord(f, app('anchore', 'anchore', '5.25.0', { swEdition: 'enterprise' }))?.fixedIn).toBe('5.25.1');
      expect(evalRecord(f, app('anchore', 'anchore', '5.25.0', { targetSw: 'python' }))).toBeNull();
      expect(evalRecord(f, app('anchore', 'anchore', '5.25.1', { swEdition: 'enterprise' }))).toBeNull();
      expect(evalRecord(f, app('anchore', 'anchore_enterprise', '5.0'))?.fixedIn).toBe('5.25.1');
      expect(evalRecord(f, app('anchore', 'anchore_enterprise', '5.0', { targetSw: 'node.js' }))).toBeNull();
      expect(evalRecord(f, app('anchore', 'enterprise', '5.25.0', { targetSw: 'python' }))?.fixedIn).toBe('5.25.1');
      expect(evalRecord(f, app('anchore', 'engine', '0.1'))).toEqual({
        criteria: 'cpe:2.3:a:anchore:engine:*:*:*:*:*:python:*:*',
        matchCriteriaId: expect.any(String),
        viaPlatform: false,
      });
    });

    it('single-package-multi-distro (libgd 2.2.5)', () => {
      const f = GRYPE('single-package-multi-distro');
      expect(
        evalRecord(f, app('libgd', 'libgd', '2.2.5'), [cpe('cpe:2.3:o:canonical:ubuntu_linux:18.04:*:*:*:lts:*:*:*')])
      ).not.toBeNull();
      expect(
        evalRecord(f, app('libgd', 'libgd', '2.2.6'), [cpe('cpe:2.3:o:canonical:ubuntu_linux:18.04:*:*:*:lts:*:*:*')])
      ).toBeNull();
    });

    it('invalid_cpe: the criterion never matches, nothing throws, the index reports it', () => {
      const r = realRecord(GRYPE('invalid_cpe'));
      expect(
        evaluateConfigurations(
          r.configurations,
          app('soap::lite_project', 'soap::lite', '1.0', { targetSw: 'perl' }),
          []
        )
      ).toBeNull();
      expect(evaluateConfigurations(r.configurations, app('soap', 'lite_project', '1.0'), [])).toBeNull();
      expect(vulnerableProductIndex(r.configurations)).toEqual({
        products: [],
        wildcard: [],
        invalid: [INVALID_CRITERIA],
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Real records: every range boundary of every record
// ---------------------------------------------------------------------------------------------

/** The identity attributes a target needs to be named by this criterion ('' where the criterion is * or -). */
function targetFor(c: CpeMatchCriterion, version: string): ParsedCpe | null {
  const p = parseCpe(c.criteria);
  if (!p) {
    return null;
  }
  const part = plainValue(p.part);
  const vendor = plainValue(p.vendor);
  const product = plainValue(p.product);
  if (!part || !vendor || !product || (part !== 'a' && part !== 'o' && part !== 'h')) {
    return null;
  }
  return buildTargetCpe(
    {
      part,
      vendor,
      product,
      swEdition: plainValue(p.swEdition) ?? '',
      targetSw: plainValue(p.targetSw) ?? '',
      update: plainValue(p.update) ?? '',
    },
    version
  );
}

/** A concrete CPE the entry matches, to stand in the platform (its version: one its range covers). */
function platformFor(c: CpeMatchCriterion): ParsedCpe | null {
  const p = parseCpe(c.criteria);
  if (!p) {
    return null;
  }
  const literal = plainValue(p.version);
  const version =
    literal ??
    c.versionStartIncluding ??
    c.versionEndIncluding ??
    (c.versionEndExcluding ? below(c.versionEndExcluding) : null) ??
    (c.versionStartExcluding ? bump(c.versionStartExcluding) : null) ??
    '1';
  return { ...p, version: { type: 'VALUE', value: version } };
}

interface Sample {
  version: string;
  inside: boolean;
  why: string;
}

/** Versions just inside and just outside every bound of the criterion, as NVD defines the bounds. */
function samplesFor(c: CpeMatchCriterion): Sample[] {
  const p = parseCpe(c.criteria);
  if (!p) {
    return [];
  }
  const literal = plainValue(p.version);
  const out: Sample[] = [];
  if (literal !== null) {
    out.push({ version: literal, inside: true, why: 'the literal version' });
    out.push({ version: `${literal}.0`, inside: true, why: 'the literal version with a trailing .0' });
    out.push({ version: bump(literal), inside: false, why: 'the next version' });
    const b = below(literal);
    if (b) {
      out.push({ version: b, inside: false, why: 'just below the literal version' });
    }
    return out;
  }
  const range = {
    si: c.versionStartIncluding,
    se: c.versionStartExcluding,
    ei: c.versionEndIncluding,
    ee: c.versionEndExcluding,
  };
  const inRange = (v: string) =>
    (!range.si || compareVersions(v, range.si) >= 0) &&
    (!range.se || compareVersions(v, range.se) > 0) &&
    (!range.ei || compareVersions(v, range.ei) <= 0) &&
    (!range.ee || compareVersions(v, range.ee) < 0);
  const add = (version: string | null, inside: boolean, why: string) => {
    if (version === null) {
      return;
    }
    // "Inside" samples must respect the other bound too (a degenerate sample is skipped, not faked).
    if (inside && !inRange(version)) {
      return;
    }
    out.push({ version, inside, why });
  };
  if (range.si) {
    add(range.si, true, 'versionStartIncluding itself');
    add(below(range.si), false, 'just below versionStartIncluding');
  }
  if (range.se) {
    add(range.se, false, 'versionStartExcluding itself');
    add(bump(range.se), true, 'just above versionStartExcluding');
  }
  if (range.ei) {
    add(range.ei, true, 'versionEndIncluding itself');
    add(`${range.ei}.0`, true, 'versionEndIncluding with a trailing .0');
    add(bump(range.ei), false, 'just above versionEndIncluding');
    add(`${range.ei}.1`, false, 'versionEndIncluding + .1');
  }
  if (range.ee) {
    add(range.ee, false, 'versionEndExcluding itself');
    add(`${range.ee}.0`, false, 'versionEndExcluding with a trailing .0');
    add(below(range.ee), true, 'just below versionEndExcluding');
  }
  if (!range.si && !range.se && !range.ei && !range.ee) {
    add('1.0', true, 'any version (no bounds)');
    add('99999', true, 'any version (no bounds)');
    out.push({ version: '', inside: true, why: 'an unknown version (no bounds)' });
  }
  return out;
}

describeWithSharedData('every range boundary of every real record', () => {
  const records = realRecords();

  const cases: Array<[string, string, string, boolean, string, RealRecord, CpeMatchCriterion]> = [];
  for (const r of records) {
    for (const { entry } of entriesOf(r)) {
      if (!entry.vulnerable || !parseCpe(entry.criteria)) {
        continue;
      }
      for (const s of samplesFor(entry)) {
        cases.push([r.file, entry.criteria, s.version, s.inside, s.why, r, entry]);
      }
    }
  }

  it('covers every record with configurations', () => {
    const covered = new Set(cases.map((c) => c[0]));
    const withConfigs = records.filter(
      (r) => r.configurations.length > 0 && r.file !== 'grype/nvd-testdata/invalid_cpe.json'
    );
    expect([...covered].sort()).toEqual(withConfigs.map((r) => r.file).sort());
    expect(cases.length).toBeGreaterThan(400);
  });

  it.each(cases.map((c) => [c[0], c[1], c[2], c[3], c[4], c[5], c[6]] as const))(
    '%s %s: %j inside=%s (%s)',
    (_file, _criteria, version, inside, _why, record, entry) => {
      // Every vulnerable criterion of the data set names a concrete part, vendor and product.
      const target = targetFor(entry, version) as ParsedCpe;
      expect(target).not.toBeNull();
      expect(criterionMatches(entry, target)).toBe(inside);

      // The whole record: the platform holds a concrete CPE for every other entry (OS, appliances…).
      const platform = entriesOf(record)
        .filter((e) => e.entry !== entry)
        .map((e) => platformFor(e.entry))
        .filter((p): p is ParsedCpe => p !== null);
      const result = evaluateConfigurations(record.configurations, target, platform);
      if (inside) {
        expect(result).not.toBeNull();
        const hits = entriesOf(record).filter((e) => e.entry.vulnerable && criterionMatches(e.entry, target));
        if (hits.length === 1) {
          expect(result?.criteria).toBe(entry.criteria);
          expect(result?.fixedIn).toBe(entry.versionEndExcluding);
          expect(result?.lastAffected).toBe(entry.versionEndIncluding);
        }
      } else {
        const anyOther = entriesOf(record).some((e) => e.entry.vulnerable && criterionMatches(e.entry, target));
        if (!anyOther) {
          expect(result).toBeNull();
        }
      }
    }
  );
});

// ---------------------------------------------------------------------------------------------
// vulnerableProducts
// ---------------------------------------------------------------------------------------------

describe('vulnerableProducts / vulnerableProductIndex', () => {
  it('lists distinct vulnerable (part, vendor, product), unescaped and lower-case; wildcards apart', () => {
    const configs: Configuration[] = [
      orConfig(
        crit('cpe:2.3:a:Google:Chrome:*:*:*:*:*:*:*:*', { versionEndExcluding: '2' }),
        crit('cpe:2.3:a:google:chrome:1.0:*:*:*:*:*:*:*'),
        crit('cpe:2.3:a:*:chrome:*:*:*:*:*:*:*:*'),
        crit('cpe:2.3:a:google:chrom*:*:*:*:*:*:*:*:*'),
        crit('cpe:2.3:*:google:chrome:*:*:*:*:*:*:*:*'),
        crit('cpe:2.3:a:google:-:*:*:*:*:*:*:*:*'),
        crit('cpe:2.3:a:x\\,y:a\\&b:*:*:*:*:*:*:*:*'),
        crit('not a cpe'),
        crit('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*', {}, false)
      ),
    ];
    expect(vulnerableProductIndex(configs)).toEqual({
      products: [
        { part: 'a', vendor: 'google', product: 'chrome' },
        { part: 'a', vendor: 'x,y', product: 'a&b' },
      ],
      wildcard: [
        'cpe:2.3:a:*:chrome:*:*:*:*:*:*:*:*',
        'cpe:2.3:a:google:chrom*:*:*:*:*:*:*:*:*',
        'cpe:2.3:*:google:chrome:*:*:*:*:*:*:*:*',
        'cpe:2.3:a:google:-:*:*:*:*:*:*:*:*',
      ],
      invalid: ['not a cpe'],
    });
    expect(vulnerableProducts(configs)).toEqual(vulnerableProductIndex(configs).products);
  });

  it('never throws on garbage', () => {
    for (const g of [
      null,
      undefined,
      [],
      [null],
      [{ nodes: [null, { cpeMatch: null }, { cpeMatch: [null, { vulnerable: true, criteria: 5 }] }] }],
    ]) {
      expect(() => vulnerableProductIndex(g as unknown as Configuration[])).not.toThrow();
      expect(vulnerableProducts(g as unknown as Configuration[])).toEqual([]);
    }
    expect(
      vulnerableProductIndex([
        { nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 5 as unknown as string }] }] },
      ]).invalid
    ).toEqual(['5']);
  });

  describeWithSharedData('on real records', () => {
    it('CVE-2024-9680: Firefox, Thunderbird and Debian', () => {
      expect(vulnerableProducts(realRecord('nvd-cve-api-2.0/CVE-2024-9680.json').configurations)).toEqual([
        { part: 'a', vendor: 'mozilla', product: 'firefox' },
        { part: 'a', vendor: 'mozilla', product: 'thunderbird' },
        { part: 'o', vendor: 'debian', product: 'debian_linux' },
      ]);
    });

    it('CVE-2023-21608: the Acrobat products, not the (non-vulnerable) Windows / macOS platforms', () => {
      expect(vulnerableProducts(realRecord('nvd-cve-api-2.0/CVE-2023-21608.json').configurations)).toEqual([
        { part: 'a', vendor: 'adobe', product: 'acrobat_dc' },
        { part: 'a', vendor: 'adobe', product: 'acrobat_reader_dc' },
        { part: 'a', vendor: 'adobe', product: 'acrobat' },
        { part: 'a', vendor: 'adobe', product: 'acrobat_reader' },
      ]);
    });

    it('CVE-2022-21449: escaped names come out unescaped', () => {
      const products = vulnerableProducts(realRecord('nvd-cve-api-2.0/CVE-2022-21449.json').configurations);
      expect(products).toContainEqual({
        part: 'a',
        vendor: 'netapp',
        product: 'solidfire,_enterprise_sds_&_hci_storage_node',
      });
      expect(products).toContainEqual({ part: 'h', vendor: 'netapp', product: 'hci_compute_node' });
    });

    it('every record: keys are distinct, lower-case, and every vulnerable criterion is accounted for', () => {
      for (const r of realRecords()) {
        const idx = vulnerableProductIndex(r.configurations);
        const keys = idx.products.map((p) => `${p.part}:${p.vendor}:${p.product}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const p of idx.products) {
          expect(p.vendor).toBe(p.vendor.toLowerCase());
          expect(p.product).toBe(p.product.toLowerCase());
        }
        expect(idx.wildcard).toEqual([]);
        expect(idx.invalid).toEqual(r.file.endsWith('invalid_cpe.json') ? [INVALID_CRITERIA] : []);
        // Every vulnerable criterion's product is in the index (or the criterion is invalid).
        for (const { entry } of entriesOf(r)) {
          const t = entry.vulnerable ? targetFor(entry, '1') : null;
          if (t) {
            expect(keys).toContain(`${plainValue(t.part)}:${plainValue(t.vendor)}:${plainValue(t.product)}`);
          }
        }
      }
    });
  });
});
