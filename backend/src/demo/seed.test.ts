import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import pino from 'pino';
import { exposureScore, ORG } from '../engine/views';
import { createContext } from '../service';
import { openStore } from '../store';
import { testContext } from '../test-support/context';
import { demoEnabledFromEnv, demoOption, seedDemo, seedDemoOnStart, storeIsEmpty, type DemoSummary } from './seed';

jest.setTimeout(120_000);

const END = new Date('2026-11-20T15:30:00Z');

describe('seeding the demo as `tvm serve` does on an empty store (400 devices, 8 weeks)', () => {
  let ctx: Awaited<ReturnType<typeof createContext>>;
  let summary: DemoSummary;
  const lines: string[] = [];

  beforeAll(async () => {
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });
    ctx = await createContext({ db: await openStore(':memory:'), log, adminToken: '', clock: () => END });
    const seeded = await seedDemoOnStart(ctx, {});
    if (!seeded) {
      throw new Error('the demo was not seeded');
    }
    summary = seeded;
  });
  afterAll(() => ctx.db.close());

  it('says so in the log, with the way to turn it off, and then how long it took', () => {
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual([
      expect.stringMatching(
        /is empty: seeding the demo fleet \(400 devices, 8 weeks of history\)\. Set TVM_DEMO=false/
      ),
      expect.stringMatching(/^demo fleet seeded in [\d.]+ s$/),
    ]);
  });

  it('fills the store with devices in every group, knowledge, findings and recommendations', () => {
    expect(summary.devices).toBe(400);
    expect(summary.deviceGroups).toBe(8);
    expect(summary.activeDevices).toBeGreaterThan(380);
    expect(summary.activeDevices).toBeLessThan(400);
    expect(summary.cves).toBeGreaterThanOrEqual(100);
    expect(summary.kevEntries).toBeGreaterThanOrEqual(30);
    expect(summary.openFindings).toBeGreaterThan(summary.activeDevices);
    expect(summary.knownExploitedFindings).toBeGreaterThan(0);
    expect(summary.exposedDevices).toBeLessThan(summary.activeDevices);
    expect(summary.recommendations).toBeGreaterThan(20);
    expect(summary.from).toBe('2026-09-25T00:00:00.000Z');
    expect(summary.to).toBe('2026-11-20T15:30:00.000Z');
  });

  it('has weeks of history: a snapshot a day at least, the scores moving as releases ship and devices patch', async () => {
    expect(summary.historyPoints).toBeGreaterThanOrEqual(8 * 7);
    const points = await ctx.db.all<{ taken_at: string; exposure_score: number | null }>(
      "SELECT taken_at, exposure_score FROM score_snapshot WHERE scope = '' AND exposure_score IS NOT NULL ORDER BY taken_at"
    );
    const days = new Set(points.map((p) => p.taken_at.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(8 * 7);
    const scores = points.map((p) => Number(p.exposure_score));
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(10);
    // History ends at the current score: the last snapshot is the engine's own view of now.
    const now = await exposureScore(
      { q: ctx.db, now: summary.to, cfg: ctx.settings.scoring, checks: ctx.settings.checks },
      ORG
    );
    expect(scores[scores.length - 1]).toBeCloseTo(Number(now.exactScore), 6);
    const groups = await ctx.db.get<{ n: number }>(
      "SELECT COUNT(DISTINCT scope) AS n FROM score_snapshot WHERE scope LIKE 'group:%'"
    );
    expect(Number(groups?.n)).toBe(8);
  });

  it('has an event timeline of new vulnerabilities, known exploitation, score moves and remediation', async () => {
    const types = new Map(
      (await ctx.db.all<{ type: string; n: number }>('SELECT type, COUNT(*) AS n FROM event GROUP BY type')).map(
        (r) => [r.type, Number(r.n)]
      )
    );
    for (const t of [
      'NewVulnerability',
      'KnownExploited',
      'ExposureScoreChange',
      'NewConfigurationAssessment',
      'RemediationCompleted',
      'ExceptionExpired',
    ]) {
      expect({ type: t, present: (types.get(t) ?? 0) > 0 }).toEqual({ type: t, present: true });
    }
    // Zero-days arrive during the replay, after the onboarding day.
    const late = await ctx.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM event WHERE type = 'KnownExploited' AND occurred_at > ?",
      [summary.from.slice(0, 10) + 'T23:59:59Z']
    );
    expect(Number(late?.n)).toBeGreaterThan(0);
  });

  it('has remediation activities (completed by the system and by a person, overdue, cancelled) and exceptions, with an audit trail', async () => {
    expect(summary.remediationActivities.Completed).toBeGreaterThanOrEqual(2);
    expect(summary.remediationActivities.Canceled).toBe(1);
    expect((summary.remediationActivities.Overdue ?? 0) + (summary.remediationActivities.Active ?? 0)).toBeGreaterThan(
      0
    );
    const methods = await ctx.db.all<{ completion_method: string }>(
      "SELECT DISTINCT completion_method FROM remediation_task WHERE status = 'Completed' ORDER BY 1"
    );
    expect(methods.map((m) => m.completion_method)).toEqual(['Automatic', 'Manual']);
    expect(summary.exceptions).toBeGreaterThanOrEqual(4);
    const canceled = await ctx.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM risk_exception WHERE canceled_on IS NOT NULL'
    );
    expect(Number(canceled?.n)).toBe(1);
    const audit = await ctx.db.get<{ n: number }>('SELECT COUNT(DISTINCT actor) AS n FROM audit_log');
    expect(Number(audit?.n)).toBeGreaterThanOrEqual(3);
    expect(summary.skipped).toEqual([]);
  });

  it('has devices that retired during the replay (no data now) and devices that joined late', async () => {
    const active = new Date(Date.parse(summary.to) - 30 * 86_400_000).toISOString();
    const quiet = await ctx.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM device WHERE last_seen < ?', [active]);
    expect(Number(quiet?.n)).toBe(summary.devices - summary.activeDevices);
    expect(Number(quiet?.n)).toBeGreaterThan(0);
    const joined = await ctx.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM device WHERE first_seen > ?', [
      new Date(Date.parse(summary.from) + 7 * 86_400_000).toISOString(),
    ]);
    expect(Number(joined?.n)).toBeGreaterThan(0);
  });

  it('refuses a store that already holds data, naming the way out', async () => {
    expect(await storeIsEmpty(ctx.db)).toBe(false);
    await expect(seedDemo(ctx, { devices: 5, weeks: 1, end: END })).rejects.toThrow(/already holds data.*TVM_DB/);
    expect(await seedDemoOnStart(ctx, {})).toBeNull();
  });
});

describe('demo options and the serve-time seeding', () => {
  it('is the same store for the same seed and end', async () => {
    const run = async () => {
      const c = await testContext();
      const s = await seedDemo(c, { devices: 40, weeks: 2, end: END });
      const rows = await c.db.all(
        'SELECT taken_at, exposure_score, findings_open FROM score_snapshot ORDER BY taken_at, scope'
      );
      await c.db.close();
      return { ...s, seconds: 0, rows };
    };
    expect(await run()).toEqual(await run());
  });

  it('checks --devices, --weeks and TVM_DEMO, naming what is wrong', () => {
    expect(() => demoOption('devices', 0, [1, 5000])).toThrow('--devices must be a whole number from 1 to 5000');
    expect(() => demoOption('weeks', 2.5, [1, 52])).toThrow('--weeks');
    expect(demoEnabledFromEnv({})).toBe(true);
    expect(demoEnabledFromEnv({ TVM_DEMO: 'false' })).toBe(false);
    expect(demoEnabledFromEnv({ TVM_DEMO: '0' })).toBe(false);
    expect(demoEnabledFromEnv({ TVM_DEMO: 'TRUE' })).toBe(true);
    expect(() => demoEnabledFromEnv({ TVM_DEMO: 'maybe' })).toThrow('TVM_DEMO must be true or false, not "maybe"');
  });

  it('leaves the store empty at start when TVM_DEMO=false', async () => {
    const ctx = await testContext();
    expect(await seedDemoOnStart(ctx, { TVM_DEMO: 'false' })).toBeNull();
    expect(await storeIsEmpty(ctx.db)).toBe(true);
    await ctx.db.close();
  });
});

describe('tvm demo (the built command)', () => {
  const BIN = path.resolve(__dirname, '../../bin/tvm.js');
  const run = promisify(execFile);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tvm-demo-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('seeds a new database file from backend/dist (the knowledge ships where the built CLI reads it), then refuses to seed it twice', async () => {
    const env = { ...process.env, TVM_DB: path.join(dir, 'demo.sqlite'), TVM_ADMIN_TOKEN: '', TVM_LOG_LEVEL: 'warn' };
    const { stdout } = await run('node', [BIN, 'demo', '--devices', '25', '--weeks', '1', '--seed', '3'], { env });
    const summary = JSON.parse(stdout) as DemoSummary;
    expect(summary.devices).toBe(25);
    expect(summary.cves).toBeGreaterThanOrEqual(100);
    await expect(run('node', [BIN, 'demo', '--devices', '5'], { env })).rejects.toMatchObject({
      stderr: expect.stringContaining('already holds data'),
    });
    await expect(run('node', [BIN, 'demo', '--devices', 'many'], { env })).rejects.toMatchObject({
      stderr: expect.stringContaining('must be a whole number'),
    });
  });
});
