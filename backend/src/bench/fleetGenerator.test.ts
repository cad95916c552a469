import { deviceReportSchema } from '../ingest/deviceReport';
import type { Configuration } from '../domain/types';
import { mulberry32 } from '../util/random';
import { buildTail, Fleet, knownProductsFrom, stepVersion, Zipf, type FleetOptions } from './fleetGenerator';

const sevenZip: Configuration[] = [
  {
    nodes: [
      {
        operator: 'OR',
        cpeMatch: [
          { vulnerable: true, criteria: 'cpe:2.3:a:7-zip:7-zip:*:*:*:*:*:*:*:*', versionEndExcluding: '24.09' },
        ],
      },
    ],
  },
];

const firefox: Configuration[] = [
  {
    nodes: [
      {
        operator: 'OR',
        cpeMatch: [
          {
            vulnerable: true,
            criteria: 'cpe:2.3:a:mozilla:firefox:*:*:*:*:esr:*:*:*',
            versionEndExcluding: '115.16.1',
          },
          { vulnerable: true, criteria: 'cpe:2.3:a:mozilla:firefox:*:*:*:*:-:*:*:*', versionEndExcluding: '131.0.2' },
          { vulnerable: true, criteria: 'cpe:2.3:a:mozilla:firefox:131.0:*:*:*:*:*:*:*' },
        ],
      },
    ],
  },
];

const everyVersion: Configuration[] = [
  { nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:redis:redis:*:*:*:*:*:*:*:*' }] }] },
];

const knowledge = [
  { id: 'CVE-2025-0411', configurations: sevenZip },
  { id: 'CVE-2024-9680', configurations: firefox },
  { id: 'CVE-2022-0543', configurations: everyVersion },
];
const products = [
  { part: 'a', vendor: '7-zip', product: '7-zip' },
  { part: 'a', vendor: 'mozilla', product: 'firefox' },
  { part: 'a', vendor: 'redis', product: 'redis' },
  { part: 'o', vendor: 'microsoft', product: 'windows' },
];

describe('stepVersion', () => {
  it('moves the last numeric component, keeping zero padding only where it was', () => {
    expect(stepVersion('24.09', -1)).toBe('24.08');
    expect(stepVersion('124.0.6367.201', -1)).toBe('124.0.6367.200');
    expect(stepVersion('2.4.49', 1)).toBe('2.4.50');
    expect(stepVersion('3.10.0', -1)).toBe('3.9.0');
    expect(stepVersion('0.0', -1)).toBeNull();
  });
});

describe('knownProductsFrom', () => {
  const known = knownProductsFrom(products, knowledge);

  it('puts versions just inside and just outside the ranges, classified by the real matcher', () => {
    const zip = known.find((k) => k.product === '7-zip')!;
    expect(zip.inside).toEqual(['24.08']);
    expect(zip.outside).toEqual(expect.arrayContaining(['24.09', '24.10']));
    const esr = known.find((k) => k.product === 'firefox' && k.edition === 'esr')!;
    expect(esr.inside).toContain('115.16.0');
    expect(esr.outside).toContain('115.16.1');
    const plain = known.find((k) => k.product === 'firefox' && k.edition === null)!;
    expect(plain.inside).toEqual(expect.arrayContaining(['131.0', '131.0.1']));
    expect(plain.outside).toContain('131.0.2');
  });

  it('leaves out products every version of which is vulnerable, and non-applications', () => {
    expect(known.map((k) => k.product)).not.toContain('redis');
    expect(known.map((k) => k.product)).not.toContain('windows');
  });
});

describe('Zipf', () => {
  it('is skewed towards the first ranks', () => {
    const z = new Zipf(1000, 1);
    const rand = mulberry32(1);
    const counts = new Array(1000).fill(0);
    for (let i = 0; i < 20000; i++) {
      counts[z.sample(rand)]++;
    }
    expect(counts[0]).toBeGreaterThan(counts[9] * 5);
    expect(counts[0]).toBeGreaterThan(counts[999] * 100);
  });
});

describe('Fleet', () => {
  const known = knownProductsFrom(products, knowledge);
  const opts: FleetOptions = {
    seed: 7,
    products: 60,
    known,
    tail: buildTail(500, 7, new Set(products.map((p) => `${p.vendor}:${p.product}`))),
    checks: [
      { id: 'scid-1', platforms: ['Windows'] },
      { id: 'scid-2', platforms: ['Windows', 'macOS', 'Linux'] },
    ],
    vulnerableShare: { patched: 0.05, laggard: 0.3 },
    laggardShare: 0.3,
  };
  const fleet = new Fleet(opts);
  const lastSeen = '2026-01-01T00:00:00.000Z';

  it('gives the same report for the same device, and valid native reports', () => {
    const a = fleet.report(12, 1, lastSeen);
    expect(fleet.report(12, 1, lastSeen)).toEqual(a);
    for (let i = 0; i < 50; i++) {
      const r = fleet.report(i, 1, lastSeen);
      const parsed = deviceReportSchema.safeParse(r);
      expect(parsed.success).toBe(true);
      expect(r.software.length).toBeGreaterThanOrEqual(Math.floor(60 * 0.85));
      expect(r.software.length).toBeLessThanOrEqual(Math.ceil(60 * 1.15));
      const keys = r.software.map((s) => `${s.vendor ?? ''}:${s.name}:${s.edition ?? ''}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(r.configurations?.every((c) => c.id === 'scid-2' || r.osPlatform!.startsWith('Windows'))).toBe(true);
    }
  });

  it('never names a tail product the knowledge has', () => {
    expect(opts.tail.some((t) => ['7-zip', 'firefox', 'redis'].includes(t.name))).toBe(false);
  });

  it('spreads devices over groups and platforms', () => {
    const groups = new Set<string>();
    const platforms = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const r = fleet.report(i, 1, lastSeen);
      groups.add(r.rbacGroupName!);
      platforms.add(r.osPlatform!);
    }
    expect(groups.size).toBe(8);
    expect(platforms).toEqual(new Set(['Windows11', 'Windows10', 'WindowsServer2022', 'macOS', 'Linux']));
  });

  it('changes a few products of the same device in an update', () => {
    const before = fleet.report(3, 1, lastSeen);
    const after = fleet.report(3, 5, '2026-01-02T00:00:00.000Z', 3);
    expect(after.id).toBe(before.id);
    expect(after.reportId).not.toBe(before.reportId);
    expect(after.software.map((s) => s.name)).toEqual(before.software.map((s) => s.name));
    const changed = after.software.filter((s, i) => s.version !== before.software[i].version).length;
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(4);
  });
});
