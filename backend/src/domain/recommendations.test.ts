import { type Rand, mulberry32, randomInt as int, shuffled } from '../util/random';
import {
  compareRecommendations,
  configurationRecommendationId,
  recommendationId,
  recommendationName,
  recommendedFix,
  threatFlags,
  type FindingFix,
  type RecommendationRank,
} from './recommendations';
import { resolveScoringConfig } from './scoring';
import { compareVersions } from './version';


describe('recommendation ids', () => {
  it('formats software ids as va-_-vendor-_-product, lower case', () => {
    expect(recommendationId('google', 'chrome')).toBe('va-_-google-_-chrome');
    expect(recommendationId('Mozilla', 'Firefox_ESR ')).toBe('va-_-mozilla-_-firefox_esr');
  });

  it('formats configuration ids as sca-_-scid-N', () => {
    expect(configurationRecommendationId('scid-2010')).toBe('sca-_-scid-2010');
    expect(configurationRecommendationId('20000')).toBe('sca-_-scid-20000');
    for (const bad of ['', 'scid-', 'scid-x', 'sca-_-scid-1', 'scid-01', 'SCID-1']) {
      expect(() => configurationRecommendationId(bad)).toThrow(RangeError);
    }
  });
});

describe('recommendedFix', () => {
  const f = (cveId: string, fixedIn: string | null): FindingFix => ({ cveId, fixedIn });

  it('updates to the lowest version fixing every CVE: the highest fixedIn by version order', () => {
    expect(
      recommendedFix([f('CVE-1', '131.0.6778.69'), f('CVE-2', '131.0.6778.85'), f('CVE-3', '130.0.6723.116')])
    ).toEqual({ remediationType: 'Update', recommendedVersion: '131.0.6778.85' });
    // Version order, not text order: 9.10 > 9.9; 24.09 > 24.8.
    expect(recommendedFix([f('CVE-1', '9.10'), f('CVE-2', '9.9')]).recommendedVersion).toBe('9.10');
    expect(recommendedFix([f('CVE-1', '24.8'), f('CVE-2', '24.09')]).recommendedVersion).toBe('24.09');
    expect(recommendedFix([f('CVE-1', '1.1.1w'), f('CVE-2', '1.1.1k')]).recommendedVersion).toBe('1.1.1w');
  });

  it('upgrades when some CVEs have no fix on the line, naming them', () => {
    const fix = recommendedFix([f('CVE-2', null), f('CVE-1', '2.4.58'), f('CVE-3', '2.4.57')]);
    expect(fix.remediationType).toBe('Upgrade');
    expect(fix.recommendedVersion).toBe('2.4.58');
    expect(fix.note).toBe(
      '2.4.58 fixes 2 of 3 CVEs; CVE-2 has no fixed version on this line and needs a later version line or another product.'
    );
  });

  it('uninstalls when no fix is known at all', () => {
    expect(recommendedFix([f('CVE-1', null), f('CVE-2', '')])).toEqual({
      remediationType: 'Uninstall',
      recommendedVersion: null,
      note: 'No fixed version is known for any of the 2 CVEs (CVE-1, CVE-2): uninstall or replace the software.',
    });
    expect(recommendedFix([f('CVE-1', null)]).note).toMatch(/any of the 1 CVE \(/);
  });

  it('treats blank and non-version fixedIn as unknown, and trims versions', () => {
    expect(recommendedFix([f('CVE-1', ' 1.2.3 '), f('CVE-2', '*')]).remediationType).toBe('Upgrade');
    expect(recommendedFix([f('CVE-1', ' 1.2.3 ')]).recommendedVersion).toBe('1.2.3');
    expect(recommendedFix([f('CVE-1', '-')]).remediationType).toBe('Uninstall');
  });

  it('counts a CVE listed several times as fixed when any row has a fix', () => {
    expect(recommendedFix([f('CVE-1', null), f('CVE-1', '3.0'), f('CVE-1', '2.9')])).toEqual({
      remediationType: 'Update',
      recommendedVersion: '3.0',
    });
  });

  it('shortens long CVE lists in the note', () => {
    const fixes = Array.from({ length: 8 }, (_, i) => f(`CVE-2024-000${i}`, null));
    expect(recommendedFix([...fixes, f('CVE-X', '1.0')]).note).toContain(
      'CVE-2024-0004 and 3 more have no fixed version'
    );
  });

  it('recommends an update without version when there are no findings', () => {
    expect(recommendedFix([])).toEqual({ remediationType: 'Update', recommendedVersion: null });
  });

  it('is independent of the order of the findings, and the recommended version fixes every fixable CVE (random)', () => {
    const rand = mulberry32(301);
    const versions = ['1.0', '1.0.0', '1.2', '1.10', '2.0-rc1', '2.0', '2.0.1', '10.0', '1:0.5', '1.1.1k', '1.1.1w'];
    for (let i = 0; i < 500; i++) {
      const findings = Array.from({ length: int(rand, 1, 12) }, () =>
        f(`CVE-${int(rand, 1, 8)}`, rand() < 0.2 ? null : versions[int(rand, 0, versions.length - 1)])
      );
      const fix = recommendedFix(findings);
      expect(recommendedFix(shuffled(rand, findings))).toEqual(fix);
      const known = findings.filter((x) => x.fixedIn !== null).map((x) => x.fixedIn as string);
      if (fix.recommendedVersion !== null) {
        for (const v of known) {
          expect(compareVersions(fix.recommendedVersion, v)).toBeGreaterThanOrEqual(0);
        }
        expect(known).toContain(fix.recommendedVersion);
      }
      const unfixed = new Set(findings.map((x) => x.cveId));
      for (const x of findings) {
        if (x.fixedIn !== null) {
          unfixed.delete(x.cveId);
        }
      }
      const expected = unfixed.size === 0 ? 'Update' : known.length === 0 ? 'Uninstall' : 'Upgrade';
      expect(fix.remediationType).toBe(expected);
      expect(fix.note === undefined).toBe(expected === 'Update');
    }
  });
});

describe('recommendationName', () => {
  it('names the action', () => {
    expect(recommendationName('Update', 'Google Chrome', '131.0.6778.85')).toBe(
      'Update Google Chrome to 131.0.6778.85 or later'
    );
    expect(recommendationName('Update', 'Google Chrome', null)).toBe('Update Google Chrome');
    expect(recommendationName('Update', 'Google Chrome', ' ')).toBe('Update Google Chrome');
    expect(recommendationName('Upgrade', 'Apache HTTP Server', '2.4.58')).toBe(
      'Upgrade Apache HTTP Server to a later version line (at least 2.4.58)'
    );
    expect(recommendationName('Upgrade', 'Apache HTTP Server', null)).toBe(
      'Upgrade Apache HTTP Server to a later version line'
    );
    expect(recommendationName('Uninstall', ' Adobe Flash Player ', '32.0')).toBe('Uninstall Adobe Flash Player');
  });
});

describe('threatFlags', () => {
  const base = { knownExploited: false, publicExploit: false, maxEpss: null, activeAlert: false };

  it('flags high EPSS at or above 0.1 by default', () => {
    expect(threatFlags(base).highEpss).toBe(false);
    expect(threatFlags({ ...base, maxEpss: 0.0999 }).highEpss).toBe(false);
    expect(threatFlags({ ...base, maxEpss: 0.1 }).highEpss).toBe(true);
    expect(threatFlags({ ...base, maxEpss: Number.NaN }).highEpss).toBe(false);
  });

  it('uses the configured threshold and passes the other signals through', () => {
    const cfg = resolveScoringConfig({ highEpss: 0.5 });
    expect(threatFlags({ ...base, maxEpss: 0.3 }, cfg).highEpss).toBe(false);
    expect(threatFlags({ knownExploited: true, publicExploit: true, maxEpss: 0.6, activeAlert: true }, cfg)).toEqual({
      knownExploited: true,
      publicExploit: true,
      highEpss: true,
      activeAlert: true,
    });
  });
});

describe('compareRecommendations', () => {
  const rec = (id: string, more: Partial<RecommendationRank> = {}): RecommendationRank => ({
    id,
    exposureImpact: 0,
    configScoreImpact: 0,
    knownExploited: false,
    exposedMachinesCount: 0,
    ...more,
  });

  it('orders by exposure impact, config impact, known exploited, exposed devices, then id', () => {
    const list = [
      rec('z'),
      rec('a'),
      rec('devices', { exposedMachinesCount: 9 }),
      rec('kev', { knownExploited: true }),
      rec('kev-more-devices', { knownExploited: true, exposedMachinesCount: 3 }),
      rec('config', { configScoreImpact: 4.5 }),
      rec('config-small', { configScoreImpact: 0.5, knownExploited: true }),
      rec('exposure', { exposureImpact: 2.1 }),
      rec('exposure-top', { exposureImpact: 7.3, configScoreImpact: 0 }),
      rec('nan', { exposureImpact: Number.NaN }),
    ];
    expect([...list].sort(compareRecommendations).map((r) => r.id)).toEqual([
      'exposure-top',
      'exposure',
      'config',
      'config-small',
      'kev-more-devices',
      'kev',
      'devices',
      'a',
      'z',
      'nan',
    ]);
  });

  it('is a total, deterministic order: antisymmetric, transitive, same result from any input order (random)', () => {
    const rand = mulberry32(302);
    const values = [0, 0.5, 1.25, 3];
    const list = Array.from({ length: 60 }, (_, i) =>
      rec(`id-${i % 50}`, {
        exposureImpact: values[int(rand, 0, 3)],
        configScoreImpact: values[int(rand, 0, 3)],
        knownExploited: rand() < 0.3,
        exposedMachinesCount: int(rand, 0, 3),
      })
    );
    for (const a of list) {
      expect(compareRecommendations(a, a)).toBe(0);
      for (const b of list) {
        expect(Math.sign(compareRecommendations(a, b)) + Math.sign(compareRecommendations(b, a))).toBe(0);
      }
    }
    for (let i = 0; i < 2000; i++) {
      const [a, b, c] = [list[int(rand, 0, 59)], list[int(rand, 0, 59)], list[int(rand, 0, 59)]];
      if (compareRecommendations(a, b) <= 0 && compareRecommendations(b, c) <= 0) {
        expect(compareRecommendations(a, c)).toBeLessThanOrEqual(0);
      }
    }
    const sorted = [...list].sort(compareRecommendations);
    for (let i = 0; i < 20; i++) {
      expect(shuffled(rand, list).sort(compareRecommendations)).toEqual(sorted);
    }
  });
});
