import { type Rand, mulberry32, randomInt as int } from '../util/random';
import fs from 'fs';
import path from 'path';
import {
  CHECK_CATEGORIES,
  CHECK_PLATFORMS,
  checkPoints,
  configScoreImpact,
  loadConfigurationChecks,
  parseConfigurationCatalog,
  secureScore,
  type CheckResult,
  type ConfigurationCheck,
} from './secureScore';


const CATALOG_PATH = path.resolve(__dirname, '../../rules/configuration-checks.json');
const shipped = () =>
  JSON.parse(fs.readFileSync(CATALOG_PATH, 'utf8')) as {
    catalogVersion: string;
    checks: Array<Record<string, unknown>>;
  };

function check(id: string, category: ConfigurationCheck['category'], impact: number): ConfigurationCheck {
  return {
    id,
    title: id,
    recommendationName: `Fix ${id}`,
    description: 'd',
    category,
    subCategory: 's',
    impact,
    platforms: ['Windows'],
    remediation: 'r',
  };
}

describe('the shipped configuration-check catalog', () => {
  const checks = loadConfigurationChecks(shipped());

  it('is valid, with about 40 checks and unique ids', () => {
    expect(checks.length).toBeGreaterThanOrEqual(40);
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    expect(parseConfigurationCatalog(shipped()).catalogVersion).toMatch(/\S/);
  });

  it('covers every category and every platform', () => {
    expect(new Set(checks.map((c) => c.category))).toEqual(new Set(CHECK_CATEGORIES));
    expect(new Set(checks.flatMap((c) => c.platforms))).toEqual(new Set(CHECK_PLATFORMS));
  });

  it('has distinct recommendation names and titles, Defender-style ids, impacts 1–10', () => {
    expect(new Set(checks.map((c) => c.recommendationName)).size).toBe(checks.length);
    expect(new Set(checks.map((c) => c.title)).size).toBe(checks.length);
    for (const c of checks) {
      expect(c.id).toMatch(/^scid-\d{4}$/);
      expect(Number.isInteger(c.impact) && c.impact >= 1 && c.impact <= 10).toBe(true);
    }
  });

  it('contains the check of the README device-report example (scid-2010)', () => {
    expect(checks.find((c) => c.id === 'scid-2010')?.recommendationName).toBe(
      'Turn on Microsoft Defender Antivirus real-time protection'
    );
  });
});

describe('loadConfigurationChecks validation', () => {
  const one = (patch: Record<string, unknown>) => ({
    catalogVersion: '1',
    checks: [{ ...check('scid-1', 'OS', 5), ...patch }],
  });

  it('accepts a minimal catalog', () => {
    expect(loadConfigurationChecks(one({}))).toEqual([check('scid-1', 'OS', 5)]);
  });

  it.each([
    [
      'a duplicate id',
      { catalogVersion: '1', checks: [check('scid-1', 'OS', 5), check('scid-1', 'Network', 3)] },
      /duplicate check id scid-1/,
    ],
    ['a bad id', one({ id: 'SCID-1' }), /scid-N/],
    ['a zero-padded id', one({ id: 'scid-01' }), /scid-N/],
    ['an unknown category', one({ category: 'Security controls' }), /category/],
    ['impact 0', one({ impact: 0 }), /impact/],
    ['impact 11', one({ impact: 11 }), /impact/],
    ['a fractional impact', one({ impact: 5.5 }), /impact/],
    ['no platform', one({ platforms: [] }), /platforms/],
    ['a repeated platform', one({ platforms: ['Linux', 'Linux'] }), /platforms must not repeat/],
    ['an unknown platform', one({ platforms: ['Android'] }), /platforms/],
    ['a blank title', one({ title: '  ' }), /title/],
    ['an unknown field', one({ severity: 3 }), /severity/],
    ['no checks', { catalogVersion: '1', checks: [] }, /checks/],
    ['a bare array', [check('scid-1', 'OS', 5)], /Invalid configuration-check catalog/],
    ['null', null, /Invalid configuration-check catalog/],
  ])('rejects %s', (_what, json, message) => {
    expect(() => loadConfigurationChecks(json)).toThrow(message);
  });

  it('rejects a missing field', () => {
    const c: Record<string, unknown> = { ...check('scid-1', 'OS', 5) };
    delete c.remediation;
    expect(() => loadConfigurationChecks({ catalogVersion: '1', checks: [c] })).toThrow(/remediation/);
  });
});

describe('secureScore', () => {
  const checks = [
    check('scid-1', 'OS', 10),
    check('scid-2', 'OS', 4),
    check('scid-3', 'Network', 6),
    check('scid-4', 'Accounts', 8),
  ];

  it('sums impact × compliant / applicable, overall and per category', () => {
    const s = secureScore(checks, [
      { checkId: 'scid-1', compliant: 3, applicable: 4 },
      { checkId: 'scid-2', compliant: 0, applicable: 2 },
      { checkId: 'scid-3', compliant: 5, applicable: 5 },
    ]);
    expect(s.points).toBeCloseTo(7.5 + 0 + 6, 12);
    expect(s.maxPoints).toBe(20);
    expect(s.percent).toBeCloseTo((100 * 13.5) / 20, 12);
    expect(s.byCategory.OS).toEqual({ points: 7.5, maxPoints: 14, percent: (100 * 7.5) / 14 });
    expect(s.byCategory.Network).toEqual({ points: 6, maxPoints: 6, percent: 100 });
    // scid-4 applies to no device: nothing to points nor to the maximum.
    expect(s.byCategory.Accounts).toEqual({ points: 0, maxPoints: 0, percent: 0 });
    expect(s.byCategory.Application).toEqual({ points: 0, maxPoints: 0, percent: 0 });
    expect(s.byCategory.SecurityControls).toEqual({ points: 0, maxPoints: 0, percent: 0 });
  });

  it('is 0 of 0 (0 %) without results', () => {
    expect(secureScore(checks, [])).toMatchObject({ points: 0, maxPoints: 0, percent: 0 });
    expect(secureScore([], [{ checkId: 'scid-1', compliant: 1, applicable: 1 }])).toMatchObject({
      points: 0,
      maxPoints: 0,
    });
  });

  it('ignores unknown checks, adds up repeated results, and makes inconsistent counts consistent', () => {
    const s = secureScore(checks, [
      { checkId: 'scid-9', compliant: 1, applicable: 1 },
      { checkId: 'scid-1', compliant: 1, applicable: 2 },
      { checkId: 'scid-1', compliant: 1, applicable: 2 },
      { checkId: 'scid-2', compliant: 7, applicable: 2 },
      { checkId: 'scid-3', compliant: -1, applicable: 3 },
      { checkId: 'scid-4', compliant: Number.NaN, applicable: -2 },
    ]);
    expect(s.byCategory.OS).toEqual({ points: 5 + 4, maxPoints: 14, percent: (100 * 9) / 14 });
    expect(s.byCategory.Network.points).toBe(0);
    expect(s.byCategory.Network.maxPoints).toBe(6);
    expect(s.byCategory.Accounts.maxPoints).toBe(0);
  });

  it('counts a check listed twice in the catalog once', () => {
    const s = secureScore([...checks, check('scid-1', 'OS', 10)], [{ checkId: 'scid-1', compliant: 1, applicable: 1 }]);
    expect(s.maxPoints).toBe(10);
  });
});

describe('configScoreImpact', () => {
  it('is the points gained if every applicable device complied', () => {
    expect(configScoreImpact({ impact: 10 }, { compliant: 3, applicable: 4 })).toBeCloseTo(2.5, 12);
    expect(configScoreImpact({ impact: 9 }, { compliant: 0, applicable: 7 })).toBe(9);
    expect(configScoreImpact({ impact: 9 }, { compliant: 7, applicable: 7 })).toBe(0);
    expect(configScoreImpact({ impact: 9 }, { compliant: 0, applicable: 0 })).toBe(0);
    expect(checkPoints({ impact: 9 }, { compliant: 0, applicable: 0 })).toBe(0);
  });
});

describe('secure score properties (seeded random inputs)', () => {
  const catalog = loadConfigurationChecks(JSON.parse(fs.readFileSync(CATALOG_PATH, 'utf8')));

  function randomResults(rand: Rand): CheckResult[] {
    return catalog
      .filter(() => rand() < 0.8)
      .map((c) => {
        const applicable = rand() < 0.15 ? 0 : int(rand, 1, 500);
        return { checkId: c.id, applicable, compliant: int(rand, 0, applicable) };
      });
  }

  it('0 ≤ points ≤ max, 0 ≤ percent ≤ 100, overall and per category', () => {
    const rand = mulberry32(201);
    for (let i = 0; i < 500; i++) {
      const s = secureScore(catalog, randomResults(rand));
      for (const p of [s, ...Object.values(s.byCategory)]) {
        expect(p.points).toBeGreaterThanOrEqual(0);
        expect(p.points).toBeLessThanOrEqual(p.maxPoints);
        expect(p.percent).toBeGreaterThanOrEqual(0);
        expect(p.percent).toBeLessThanOrEqual(100);
      }
    }
  });

  it('per-category sums equal the totals (exactly)', () => {
    const rand = mulberry32(202);
    for (let i = 0; i < 500; i++) {
      const s = secureScore(catalog, randomResults(rand));
      let points = 0;
      let maxPoints = 0;
      for (const c of CHECK_CATEGORIES) {
        points += s.byCategory[c].points;
        maxPoints += s.byCategory[c].maxPoints;
      }
      expect(points).toBe(s.points);
      expect(maxPoints).toBe(s.maxPoints);
      expect(Object.keys(s.byCategory).sort()).toEqual([...CHECK_CATEGORIES].sort());
    }
  });

  it('making a device compliant never lowers the score', () => {
    const rand = mulberry32(203);
    for (let i = 0; i < 500; i++) {
      const results = randomResults(rand);
      const failing = results.filter((r) => r.compliant < r.applicable);
      if (failing.length === 0) {
        continue;
      }
      const target = failing[int(rand, 0, failing.length - 1)];
      const before = secureScore(catalog, results);
      const after = secureScore(
        catalog,
        results.map((r) => (r === target ? { ...r, compliant: r.compliant + 1 } : r))
      );
      const category = catalog.find((c) => c.id === target.checkId)?.category ?? 'OS';
      expect(after.points).toBeGreaterThanOrEqual(before.points);
      expect(after.byCategory[category].points).toBeGreaterThanOrEqual(before.byCategory[category].points);
      expect(after.maxPoints).toBe(before.maxPoints);
    }
  });

  it('configScoreImpact equals the exact difference the fix makes to the score', () => {
    const rand = mulberry32(204);
    for (let i = 0; i < 500; i++) {
      const results = randomResults(rand);
      if (results.length === 0) {
        continue;
      }
      const target = results[int(rand, 0, results.length - 1)];
      const c = catalog.find((x) => x.id === target.checkId) as ConfigurationCheck;
      const before = secureScore(catalog, results);
      const after = secureScore(
        catalog,
        results.map((r) => (r === target ? { ...r, compliant: r.applicable } : r))
      );
      const impact = configScoreImpact(c, target);
      expect(impact).toBeCloseTo(after.points - before.points, 9);
      expect(impact).toBeCloseTo(after.byCategory[c.category].points - before.byCategory[c.category].points, 9);
      expect(impact).toBeGreaterThanOrEqual(0);
      expect(impact).toBeLessThanOrEqual(c.impact);
    }
  });
});
