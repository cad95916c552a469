import { identifySoftware } from '../domain/normalizer';
import { defaultSettings } from '../engine/pipeline';
import { deviceReportSchema } from '../ingest/deviceReport';
import { loadNormalizerRules } from '../service';
import { APPS, GROUPS, OS, type AppKey } from './catalog';
import { DemoFleet, ladderDays } from './fleet';

const checks = defaultSettings().checks;
const fleetOf = (devices = 400, weeks = 8, seed = 7) =>
  new DemoFleet({ devices, weeks, seed, checks, startMs: Date.parse('2026-09-28T00:00:00Z') });

describe('demo fleet', () => {
  it('is the same fleet for the same seed, and another for another seed', () => {
    const a = fleetOf();
    const b = fleetOf();
    const c = fleetOf(400, 8, 8);
    const reports = (f: DemoFleet) => f.devices.map((d) => f.report(d, 0, '2026-09-28T09:00:00.000Z'));
    expect(reports(a)).toEqual(reports(b));
    expect(reports(a)).not.toEqual(reports(c));
  });

  it('has exactly the devices asked for, in every device group, with unique names and ids', () => {
    for (const n of [1, 37, 400]) {
      const f = fleetOf(n);
      expect(f.devices).toHaveLength(n);
      expect(new Set(f.devices.map((d) => d.id)).size).toBe(n);
      expect(new Set(f.devices.map((d) => d.name)).size).toBe(n);
    }
    const groups = new Set(fleetOf().devices.map((d) => d.group));
    expect([...groups].sort()).toEqual(Object.keys(GROUPS).sort());
  });

  it('mixes Windows, macOS and Linux, workstations and servers, device values and internet-facing servers', () => {
    const f = fleetOf();
    const families = new Set(f.devices.map((d) => OS[d.os].family));
    expect([...families].sort()).toEqual(['linux', 'macos', 'windows']);
    const platforms = new Set(f.devices.map((d) => OS[d.os].platform));
    for (const p of ['Windows10', 'Windows11', 'WindowsServer2022', 'macOS', 'Linux']) {
      expect(platforms).toContain(p);
    }
    const values = new Set(f.devices.map((d) => d.value));
    expect([...values].sort()).toEqual(['High', 'Low', 'Normal']);
    const facing = f.devices.filter((d) => d.internetFacing);
    expect(facing.length).toBeGreaterThan(5);
    expect(facing.every((d) => GROUPS[d.group].server)).toBe(true);
    expect(f.devices.filter((d) => d.group === 'Kiosks').every((d) => d.value !== 'High')).toBe(true);
  });

  it('spreads versions realistically: most devices current, a long tail behind, some devices fully patched', () => {
    const f = fleetOf();
    const chrome = f.devices.filter((d) => d.apps.has('chrome'));
    const latest = f.latestIndex('chrome', 0);
    const current = chrome.filter((d) => d.apps.get('chrome') === latest).length / chrome.length;
    const tail = chrome.filter((d) => (d.apps.get('chrome') ?? latest) <= latest - 3).length / chrome.length;
    expect(current).toBeGreaterThan(0.5);
    expect(current).toBeLessThan(0.95);
    expect(tail).toBeGreaterThan(0.03);
    const patched = f.devices.filter((d) => d.current);
    expect(patched.length).toBeGreaterThan(10);
    for (const d of patched) {
      for (const [app, i] of d.apps) {
        expect({ name: d.name, app, index: i }).toEqual({ name: d.name, app, index: f.latestIndex(app, 0) });
      }
    }
  });

  it('sends valid native reports: configuration checks of its own platform, alerts with real times', () => {
    const f = fleetOf();
    const byId = new Map(checks.map((c) => [c.id, c]));
    const platform = { windows: 'Windows', macos: 'macOS', linux: 'Linux' } as const;
    for (const day of [0, 30, f.days]) {
      f.advance(day);
      for (const d of f.devices.filter((x) => f.reportsOn(x, day))) {
        const report = deviceReportSchema.parse(f.report(d, day, '2026-10-01T10:00:00.000Z'));
        expect(report.software.length).toBeGreaterThan(3);
        for (const c of report.configurations ?? []) {
          expect(byId.get(c.id)?.platforms).toContain(platform[OS[d.os].family]);
        }
        for (const a of report.alerts ?? []) {
          expect(Date.parse(a.createdOn)).toBeLessThanOrEqual(
            Date.parse('2026-09-28T00:00:00Z') + (day + 1) * 86_400_000
          );
        }
      }
    }
  });

  it('lists software that the shipped CPE rules identify, with the usual unidentifiable rest', () => {
    const rules = loadNormalizerRules(undefined);
    const f = fleetOf();
    let identified = 0;
    let unsupported = 0;
    for (const d of f.devices) {
      for (const item of f.software(d)) {
        if ('identity' in identifySoftware(item, rules)) {
          identified++;
        } else {
          unsupported++;
        }
      }
    }
    expect(identified).toBeGreaterThan(unsupported * 2);
    expect(unsupported).toBeGreaterThan(0);
  });

  it('updates software over the weeks, faster for auto-updating products, and ships late releases on their day', () => {
    const f = fleetOf();
    const behind = (app: AppKey, day: number) =>
      f.devices.filter((d) => d.apps.has(app) && (d.apps.get(app) ?? 0) < f.latestIndex(app, day)).length;
    const release = ladderDays(APPS.chrome.ladder, 8).find((e) => e.day > 0);
    expect(release).toBeDefined();
    for (let day = 0; day < (release?.day ?? 0); day++) {
      f.advance(day);
    }
    expect(f.latestIndex('chrome', (release?.day ?? 1) - 1)).toBeLessThan(f.latestIndex('chrome', release?.day ?? 0));
    const before = behind('chrome', release?.day ?? 0);
    for (let day = release?.day ?? 0; day < (release?.day ?? 0) + 14; day++) {
      f.advance(day);
    }
    expect(behind('chrome', (release?.day ?? 0) + 13)).toBeLessThan(before / 2);
  });

  it('pushes an app to the target devices of a remediation campaign', () => {
    const f = fleetOf();
    const targets = f.devices.filter((d) => (d.apps.get('sevenZip') ?? Infinity) < f.latestIndex('sevenZip', 0));
    expect(targets.length).toBeGreaterThan(3);
    f.pushApp(new Set(targets.map((d) => d.id)), ['sevenZip'], 1, 5, 1);
    for (let day = 1; day <= 6; day++) {
      f.advance(day);
    }
    for (const d of targets.filter((x) => f.inService(x, 6))) {
      expect(d.apps.get('sevenZip')).toBe(f.latestIndex('sevenZip', 6));
    }
  });
});
