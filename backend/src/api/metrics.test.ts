import request from 'supertest';
import { ensureToken } from './auth';
import { createApp, SERVICE_VERSION } from './app';
import { CHEAP_MS, COST_FACTOR, Figures, MAX_GROUP_LABELS, OTHER_GROUPS, routeMatcher } from './metrics';
import { ingestDeviceReports } from '../engine/fleet';
import type { RemediationWebhook } from '../engine/remediationWebhook';
import { deviceReportSchema } from '../ingest/deviceReport';
import { apiClient } from '../test-support/apiClient';
import { testContext } from '../test-support/context';
import { importSharedKnowledge, ingestSharedFleet } from '../test-support/fleet';
import { describeWithSharedData } from '../test-support/sharedData';

type Ctx = Awaited<ReturnType<typeof testContext>>;

const START = '2026-11-20T12:00:00.000Z';
const DAY = 86400_000;
const at = (delta: number) => new Date(Date.parse(START) + delta).toISOString();

// ------------------------------------------------------------------------------ exposition parser

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The Prometheus text format (0.0.4), strictly: HELP and TYPE once per family and before its samples,
 * valid names, quoted and escaped label values, numeric values, no duplicate series, histograms with
 * cumulative buckets ending at +Inf = _count. Throws naming the line.
 */
function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  if (!text.endsWith('\n')) {
    throw new Error('the exposition must end with a newline');
  }
  const lines = text.slice(0, -1).split('\n');
  const familyOf = (sample: string, line: number): Family => {
    for (const [suffix, types] of [
      ['', ['counter', 'gauge', 'untyped', 'histogram', 'summary']],
      ['_bucket', ['histogram']],
      ['_sum', ['histogram', 'summary']],
      ['_count', ['histogram', 'summary']],
    ] as const) {
      if (sample.endsWith(suffix)) {
        const f = families.get(sample.slice(0, sample.length - suffix.length));
        if (f && (types as readonly string[]).includes(f.type) && (suffix !== '' || f.type !== 'histogram')) {
          return f;
        }
      }
    }
    throw new Error(`line ${line}: sample ${sample} belongs to no family declared by # TYPE`);
  };
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw === '') {
      return;
    }
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(raw);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!NAME.test(name)) {
        throw new Error(`line ${line}: bad metric name ${name}`);
      }
      const f = families.get(name) ?? { name, type: '', help: '', samples: [] };
      if (f.samples.length > 0) {
        throw new Error(`line ${line}: # ${kind} ${name} after its samples`);
      }
      if (kind === 'TYPE') {
        if (f.type || !['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) {
          throw new Error(`line ${line}: bad or repeated # TYPE for ${name}`);
        }
        f.type = rest;
      } else {
        if (f.help) {
          throw new Error(`line ${line}: repeated # HELP for ${name}`);
        }
        f.help = rest;
      }
      families.set(name, f);
      return;
    }
    if (raw.startsWith('#')) {
      return;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(raw);
    if (!m) {
      throw new Error(`line ${line}: not a sample: ${raw}`);
    }
    const [, name, , body = '', valueText] = m;
    const labels: Record<string, string> = {};
    let rest = body;
    while (rest.length > 0) {
      const lm = /^([^=]+)="((?:[^"\\]|\\["\\n])*)"(,|$)/.exec(rest);
      if (!lm || !LABEL_NAME.test(lm[1]) || lm[1] in labels) {
        throw new Error(`line ${line}: bad labels {${body}}`);
      }
      labels[lm[1]] = lm[2].replace(/\\(["\\n])/g, (_s, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(lm[0].length);
    }
    // Prometheus parses values with Go's ParseFloat, which takes NaN in any case: prom-client writes "Nan".
    const isNaN = /^nan$/i.test(valueText);
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : isNaN ? NaN : Number(valueText);
    if (!isNaN && Number.isNaN(value)) {
      throw new Error(`line ${line}: bad value ${valueText}`);
    }
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) {
      throw new Error(`line ${line}: duplicate series ${raw}`);
    }
    seen.add(key);
    familyOf(name, line).samples.push({ name, labels, value });
  });
  for (const f of families.values()) {
    if (!f.type || !f.help) {
      throw new Error(`family ${f.name} lacks # TYPE or # HELP`);
    }
    if (f.type === 'histogram') {
      checkHistogram(f);
    }
  }
  return families;
}

function checkHistogram(f: Family): void {
  const series = new Map<string, { buckets: Array<[number, number]>; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    if (s.name.endsWith('_bucket')) {
      entry.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
    } else if (s.name.endsWith('_count')) {
      entry.count = s.value;
    }
    series.set(key, entry);
  }
  for (const [key, e] of series) {
    const sorted = [...e.buckets].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([, v], i) => {
      if (i > 0 && v < sorted[i - 1][1]) {
        throw new Error(`${f.name}${key}: buckets are not cumulative`);
      }
    });
    const last = sorted[sorted.length - 1];
    if (!last || last[0] !== Infinity || last[1] !== e.count) {
      throw new Error(`${f.name}${key}: the +Inf bucket must equal _count`);
    }
  }
}

/** The samples named `name` (a family, or a histogram's _bucket/_sum/_count), as labels and value. */
function values(families: Map<string, Family>, name: string): Array<{ labels: Record<string, string>; value: number }> {
  const f = families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, ''));
  if (!f) {
    throw new Error(`no metric ${name} in the exposition`);
  }
  return f.samples.filter((s) => s.name === name).map((s) => ({ labels: s.labels, value: s.value }));
}

function value(families: Map<string, Family>, name: string, labels: Record<string, string>): number | undefined {
  return values(families, name).find(
    (s) =>
      Object.keys(s.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  )?.value;
}

async function scrape(app: ReturnType<typeof createApp>, token?: string): Promise<Map<string, Family>> {
  const req = request(app).get('/metrics');
  const res = token ? await req.set('Authorization', `Bearer ${token}`) : await req;
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(res.text);
}

describe('the exposition parser of these tests', () => {
  it('rejects what Prometheus would reject', () => {
    const ok = '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1"} 3\n';
    expect(parseExposition(ok).get('a_total')?.samples).toEqual([{ name: 'a_total', labels: { x: '1' }, value: 3 }]);
    expect(() => parseExposition(ok.slice(0, -1))).toThrow(/newline/);
    expect(() => parseExposition('a 1\n')).toThrow(/no family/);
    expect(() => parseExposition('# HELP a A.\n# TYPE a gauge\na{x=1} 1\n')).toThrow(/bad labels/);
    expect(() => parseExposition('# HELP a A.\n# TYPE a gauge\na 1\na 2\n')).toThrow(/duplicate/);
    expect(() => parseExposition('# HELP a A.\n# TYPE a gauge\na one\n')).toThrow(/bad value/);
    expect(() => parseExposition('# TYPE a gauge\na 1\n')).toThrow(/HELP/);
    expect(() =>
      parseExposition(
        '# HELP h H.\n# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 0\n'
      )
    ).toThrow(/cumulative/);
  });
});

// ------------------------------------------------------------------------------------ unit parts

describe('routeMatcher', () => {
  const route = routeMatcher([
    '/health',
    '/api/machines/{id}',
    '/api/machines/{id}/software',
    '/api/remediationTasks/{id}',
    '/api/remediationTasks/export.csv',
    '/api/Software/{id}',
  ]);
  it('names the route template, never the URL, and matches as Express does (case-insensitive)', () => {
    expect(route('/api/machines/ws-0042')).toBe('/api/machines/{id}');
    expect(route('/api/machines/ws-0042/software')).toBe('/api/machines/{id}/software');
    expect(route('/api/remediationTasks/export.csv')).toBe('/api/remediationTasks/export.csv');
    expect(route('/api/remediationTasks/4f1c')).toBe('/api/remediationTasks/{id}');
    expect(route('/api/software/google-_-chrome')).toBe('/api/Software/{id}');
    expect(route('/health')).toBe('/health');
    expect(route('/wp-login.php')).toBe('unmatched');
    expect(route('/api/machines/a/b/c')).toBe('unmatched');
  });
});

describe('Figures: one computation shared by a scrape, redone as the data and the clock move', () => {
  function setup(costMs = 1) {
    const db = { dataVersion: 1 };
    let now = Date.parse(START);
    let calls = 0;
    let fail = false;
    const figures = new Figures(
      db,
      () => new Date(now),
      5000,
      async () => {
        calls++;
        if (fail) {
          throw new Error('store unavailable');
        }
        return calls;
      }
    );
    let perf = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => perf);
    // The computation "takes" costMs of performance time.
    const get = async () => {
      const p = figures.get();
      perf += costMs;
      const v = await p;
      return v;
    };
    return {
      db,
      get,
      calls: () => calls,
      tick: (ms: number) => (now += ms),
      perfTick: (ms: number) => (perf += ms),
      failNext: (f: boolean) => (fail = f),
    };
  }
  afterEach(() => jest.restoreAllMocks());

  it('shares a computation in flight and reuses it while neither data nor clock moved', async () => {
    const s = setup();
    const [a, b] = await Promise.all([s.get(), s.get()]);
    expect([a, b, s.calls()]).toEqual([1, 1, 1]);
    s.tick(4999);
    expect(await s.get()).toBe(1);
    s.tick(1);
    expect(await s.get()).toBe(2);
  });

  it('after a write, redoes a cheap computation at once', async () => {
    const s = setup(CHEAP_MS - 1);
    await s.get();
    s.db.dataVersion++;
    expect(await s.get()).toBe(2);
  });

  it(`after a write, redoes a costly computation only once ${COST_FACTOR} times its cost has passed`, async () => {
    const s = setup(200);
    await s.get();
    s.db.dataVersion++;
    s.perfTick(COST_FACTOR * 200 - 400);
    expect(await s.get()).toBe(1);
    s.perfTick(400);
    expect(await s.get()).toBe(2);
  });

  it('does not keep a failure', async () => {
    const s = setup();
    s.failNext(true);
    await expect(s.get()).rejects.toThrow('store unavailable');
    s.failNext(false);
    expect(await s.get()).toBe(2);
  });
});

// ------------------------------------------------------------------------------------ /metrics

describe('GET /metrics: auth and registries', () => {
  const TOKEN = 'metrics-test-admin-token';
  let ctx: Ctx;
  beforeEach(async () => {
    ctx = await testContext({ adminToken: TOKEN, start: START });
  });
  afterEach(async () => ctx.db.close());

  it('needs the read scope once tokens exist, like every read', async () => {
    const app = createApp(ctx);
    expect((await request(app).get('/metrics')).status).toBe(401);
    await ensureToken(ctx.db, 'metrics-test-ingest-only', 'agents', ['ingest'], START);
    const forbidden = await request(app).get('/metrics').set('Authorization', 'Bearer metrics-test-ingest-only');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toMatch(/"read" scope/);
    await ensureToken(ctx.db, 'metrics-test-read-only', 'prometheus', ['read'], START);
    const families = await scrape(app, 'metrics-test-read-only');
    expect(values(families, 'tvm_build_info')).toEqual([{ labels: { version: SERVICE_VERSION }, value: 1 }]);
  });

  it('gives each app its own registry: two apps in one process both serve their metrics', async () => {
    const a = createApp(ctx);
    const b = createApp(ctx);
    await request(a).get('/health');
    const fa = await scrape(a, TOKEN);
    const fb = await scrape(b, TOKEN);
    const health = (f: Map<string, Family>) =>
      values(f, 'tvm_http_request_duration_seconds_count').find((s) => s.labels.route === '/health')?.value;
    expect(health(fa)).toBe(1);
    expect(health(fb)).toBeUndefined();
    // The process metrics are there too.
    expect(fa.has('process_cpu_user_seconds_total')).toBe(true);
    expect(fa.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('reports an empty store without inventing data', async () => {
    const f = await scrape(createApp(ctx), TOKEN);
    expect(values(f, 'tvm_exposure_score')).toEqual([]);
    expect(values(f, 'tvm_secure_score_percent')).toEqual([]);
    expect(values(f, 'tvm_source_last_update_timestamp_seconds')).toEqual([]);
    expect(value(f, 'tvm_device_groups', {})).toBe(0);
    expect(value(f, 'tvm_remediation_activities_overdue', { priority: 'High' })).toBe(0);
  });
});

describe('GET /metrics: the group label is bounded', () => {
  let ctx: Ctx;
  afterEach(async () => ctx.db.close());

  it(`labels the ${MAX_GROUP_LABELS} largest device groups and sums the rest as "${OTHER_GROUPS}"`, async () => {
    ctx = await testContext({ start: START });
    const groups = MAX_GROUP_LABELS + 5;
    // Groups g-000 … g-199 have two devices, the last five one: those five are the smallest.
    const reports = Array.from({ length: groups }, (_, g) => (g < MAX_GROUP_LABELS ? [0, 1] : [0])).flatMap((ns, g) =>
      ns.map((n) =>
        deviceReportSchema.parse({
          reportId: `r-${g}-${n}`,
          id: `dev-${g}-${n}`,
          lastSeen: START,
          rbacGroupName: `g-${String(g).padStart(3, '0')}`,
          software: [{ vendor: 'example', name: 'tool', version: '1.0' }],
        })
      )
    );
    await ingestDeviceReports(ctx.db, reports, ctx.rules, START, ctx.settings);
    const f = await scrape(createApp(ctx));
    const devices = values(f, 'tvm_devices');
    const labelled = new Set(devices.map((s) => s.labels.group));
    expect(labelled.size).toBe(MAX_GROUP_LABELS + 1);
    expect(labelled.has(OTHER_GROUPS)).toBe(true);
    for (let g = MAX_GROUP_LABELS; g < groups; g++) {
      expect(labelled.has(`g-${String(g).padStart(3, '0')}`)).toBe(false);
    }
    expect(devices.reduce((sum, s) => sum + s.value, 0)).toBe(reports.length);
    expect(devices.filter((s) => s.labels.group === OTHER_GROUPS).reduce((sum, s) => sum + s.value, 0)).toBe(5);
    expect(value(f, 'tvm_device_groups', {})).toBe(groups);
    expect(values(f, 'tvm_exposure_score').filter((s) => s.labels.scope === 'group')).toHaveLength(MAX_GROUP_LABELS);
  });
});

describeWithSharedData('GET /metrics over a fleet built from ../shared/data', () => {
  let ctx: Ctx;
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof apiClient>;

  beforeEach(async () => {
    ctx = await testContext({ start: START });
    await importSharedKnowledge(ctx);
    await ingestSharedFleet(ctx);
    app = createApp(ctx);
    api = apiClient(app);
  });
  afterEach(async () => {
    await (app.locals.remediationWebhook as RemediationWebhook).idle();
    await ctx.db.close();
  });

  it('equals the API: exposure and secure scores, devices per level, open and known-exploited findings', async () => {
    const f = await scrape(app);

    const org = await api.get('/api/exposureScore');
    expect(org.score).toBeGreaterThan(0);
    expect(value(f, 'tvm_exposure_score', { scope: 'organization' })).toBeCloseTo(org.score, 2);
    const groups = (await api.get('/api/exposureScore/ByMachineGroups')).value as Array<{
      rbacGroupName: string;
      score: number;
    }>;
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const g of groups) {
      expect(value(f, 'tvm_exposure_score', { scope: 'group', group: g.rbacGroupName })).toBeCloseTo(g.score, 2);
    }
    expect(values(f, 'tvm_exposure_score')).toHaveLength(groups.length + 1);

    const secure = await api.get('/api/configurationScore');
    expect(secure.maxScore).toBeGreaterThan(0);
    expect(value(f, 'tvm_secure_score_points', { scope: 'organization' })).toBeCloseTo(secure.score, 2);
    expect(value(f, 'tvm_secure_score_max_points', { scope: 'organization' })).toBeCloseTo(secure.maxScore, 2);
    expect(value(f, 'tvm_secure_score_percent', { scope: 'organization' })).toBeCloseTo(secure.percent, 2);
    for (const g of groups) {
      const s = await api.get(`/api/configurationScore?rbacGroupName=${encodeURIComponent(g.rbacGroupName)}`);
      const points = value(f, 'tvm_secure_score_points', { scope: 'group', group: g.rbacGroupName });
      if (s.maxScore === 0) {
        // No configuration result in that group: no secure score series for it.
        expect(points).toBeUndefined();
      } else {
        expect(points).toBeCloseTo(s.score, 2);
        expect(value(f, 'tvm_secure_score_percent', { scope: 'group', group: g.rbacGroupName })).toBeCloseTo(
          s.percent,
          2
        );
      }
    }

    const distribution = (await api.get('/api/exposureDistribution?byGroup=true')).value as Array<
      Record<string, number | string>
    >;
    for (const row of distribution) {
      for (const level of ['None', 'Low', 'Medium', 'High']) {
        expect({
          row: row.rbacGroupName,
          level,
          n: value(f, 'tvm_devices', { group: String(row.rbacGroupName), exposure_level: level }),
        }).toEqual({
          row: row.rbacGroupName,
          level,
          n: row[level],
        });
      }
    }
    expect(value(f, 'tvm_device_groups', {})).toBe(distribution.length);

    // The machines' counts over the active devices (inactive ones show exposure level None).
    const machines = (await api.get('/api/machines?$top=10000')).value as Array<Record<string, unknown>>;
    const cutoff = Date.parse(START) - 30 * DAY;
    const active = machines.filter((m) => Date.parse(String(m.lastSeen)) >= cutoff);
    expect(active.length).toBeLessThan(machines.length);
    const expected = new Map<string, number>();
    const add = (key: string, n: number) => expected.set(key, (expected.get(key) ?? 0) + n);
    for (const m of active) {
      const g = String(m.rbacGroupName ?? '');
      const n = (k: string) => Number(m[k]);
      add(`${g}|Critical`, n('criticalVulnerabilities'));
      add(`${g}|High`, n('highVulnerabilities'));
      add(`${g}|Medium`, n('mediumVulnerabilities'));
      add(`${g}|Low`, n('lowVulnerabilities'));
      add(
        `${g}|Unknown`,
        n('vulnerabilities') -
          n('criticalVulnerabilities') -
          n('highVulnerabilities') -
          n('mediumVulnerabilities') -
          n('lowVulnerabilities')
      );
      add(`kev|${g}|${String(m.deviceValue)}`, n('knownExploitedVulnerabilities'));
    }
    for (const s of values(f, 'tvm_findings_open')) {
      expect({ s, n: s.value }).toEqual({ s, n: expected.get(`${s.labels.group}|${s.labels.severity}`) ?? 0 });
    }
    for (const s of values(f, 'tvm_findings_known_exploited')) {
      expect({ s, n: s.value }).toEqual({
        s,
        n: expected.get(`kev|${s.labels.group}|${s.labels.device_value}`) ?? 0,
      });
    }
    const sum = (name: string, pick: (l: Record<string, string>) => boolean = () => true) =>
      values(f, name)
        .filter((s) => pick(s.labels))
        .reduce((t, s) => t + s.value, 0);
    expect(sum('tvm_findings_open')).toBe(active.reduce((t, m) => t + Number(m.vulnerabilities), 0));
    // The shared fleet has known-exploited findings on its high-value workstation: the alert's input.
    expect(sum('tvm_findings_known_exploited', (l) => l.device_value === 'High')).toBeGreaterThan(0);
    // With no exception yet, nothing is mitigated.
    expect(sum('tvm_findings_known_exploited_unmitigated')).toBe(sum('tvm_findings_known_exploited'));
  });

  it('leaves known-exploited findings a mitigating exception covers out of the unmitigated series only', async () => {
    const total = (f: Awaited<ReturnType<typeof scrape>>, name: string) =>
      values(f, name).reduce((t, s) => t + s.value, 0);
    const before = await scrape(app);
    const kev = (await api.get('/api/vulnerabilities?$filter=knownExploited eq true and exposedMachines gt 0'))
      .value as Array<{
      id: string;
    }>;
    expect(kev.length).toBeGreaterThan(0);
    const exposed = (await api.get(`/api/vulnerabilities/${kev[0].id}/machineReferences`)).value as unknown[];
    expect(exposed.length).toBeGreaterThan(0);
    // Risk accepted is not a mitigation: the finding still needs someone, so the alert's series keeps it.
    const accepted = await api.post(
      '/api/exceptions',
      { cveId: kev[0].id, justification: 'RiskAccepted', expiresIn: '30d' },
      { status: 201 }
    );
    let f = await scrape(app);
    expect(total(f, 'tvm_findings_known_exploited_unmitigated')).toBe(
      total(before, 'tvm_findings_known_exploited_unmitigated')
    );
    await api.post(`/api/exceptions/${accepted.id}/cancel`, {}, { status: 200 });
    await api.post(
      '/api/exceptions',
      { cveId: kev[0].id, justification: 'AlternateMitigation', expiresIn: '30d' },
      { status: 201 }
    );
    f = await scrape(app);
    expect(total(f, 'tvm_findings_known_exploited')).toBe(total(before, 'tvm_findings_known_exploited'));
    expect(total(f, 'tvm_findings_known_exploited_unmitigated')).toBe(
      total(before, 'tvm_findings_known_exploited_unmitigated') - exposed.length
    );
  });

  it('equals the API: open recommendations, data freshness, scoring model', async () => {
    const f = await scrape(app);
    const recs = (await api.get('/api/recommendations?$top=10000')).value as Array<Record<string, unknown>>;
    const open = new Map<string, number>();
    for (const r of recs.filter((x) => x.status === 'Active')) {
      const key = `${String(r.recommendationCategory)}|${String(r.remediationType)}`;
      open.set(key, (open.get(key) ?? 0) + 1);
    }
    expect(open.size).toBeGreaterThan(1);
    for (const [key, n] of open) {
      const [category, type] = key.split('|');
      expect({ key, n: value(f, 'tvm_recommendations_open', { category, remediation_type: type }) }).toEqual({
        key,
        n,
      });
    }
    expect(values(f, 'tvm_recommendations_open').reduce((t, s) => t + s.value, 0)).toBe(
      [...open.values()].reduce((a, b) => a + b, 0)
    );

    const health = (await request(app).get('/health')).body as {
      feeds: Array<{ feed: string; importedAt: string; released: string | null }>;
    };
    expect(health.feeds.map((x) => x.feed).sort()).toEqual(['epss', 'kev', 'nvd']);
    for (const feed of health.feeds) {
      expect(value(f, 'tvm_source_last_update_timestamp_seconds', { source: feed.feed })).toBe(
        Date.parse(feed.importedAt) / 1000
      );
      const data = value(f, 'tvm_source_data_timestamp_seconds', { source: feed.feed });
      expect(data).toBe(feed.released && Date.parse(feed.released) ? Date.parse(feed.released) / 1000 : undefined);
    }
    expect(value(f, 'tvm_source_last_update_timestamp_seconds', { source: 'inventory' })).toBe(
      Date.parse(START) / 1000
    );
    const exposure = await api.get('/api/exposureScore');
    expect(values(f, 'tvm_scoring_model_info')).toEqual([{ labels: { model: exposure.scoringModel }, value: 1 }]);
  });

  it('follows writes and the clock: remediation activities, overdue, exceptions, the recommendations they close', async () => {
    const before = await scrape(app);
    const openBefore = values(before, 'tvm_recommendations_open').reduce((t, s) => t + s.value, 0);
    const recs = (await api.get('/api/recommendations?$top=10000')).value as Array<{
      id: string;
      remediationType: string;
      status: string;
    }>;
    const updatable = recs.filter((r) => r.remediationType === 'Update' && r.status === 'Active');
    expect(updatable.length).toBeGreaterThanOrEqual(2);

    await api.post(
      '/api/remediationTasks',
      { recommendationId: updatable[0].id, priority: 'High', dueOn: at(DAY) },
      { status: 201 }
    );
    let f = await scrape(app);
    expect(value(f, 'tvm_remediation_activities', { status: 'Active', priority: 'High' })).toBe(1);
    expect(value(f, 'tvm_remediation_activities_overdue', { priority: 'High' })).toBe(0);

    ctx.setNow(at(2 * DAY));
    f = await scrape(app);
    expect(value(f, 'tvm_remediation_activities_overdue', { priority: 'High' })).toBe(1);
    expect(value(f, 'tvm_remediation_activities_overdue', { priority: 'Low' })).toBe(0);

    // A global exception is a full exception: the recommendation is no longer open.
    await api.post(
      '/api/exceptions',
      { recommendationId: updatable[1].id, justification: 'RiskAccepted', expiresIn: '30d' },
      { status: 201 }
    );
    f = await scrape(app);
    expect(value(f, 'tvm_exceptions', { status: 'InEffect', justification: 'RiskAccepted' })).toBe(1);
    expect(values(f, 'tvm_recommendations_open').reduce((t, s) => t + s.value, 0)).toBe(openBefore - 1);

    // A mitigating exception on a configuration check counts its failing devices as compliant.
    const check = recs.find((r) => r.remediationType === 'ConfigurationChange' && r.status === 'Active');
    expect(check).toBeDefined();
    const secureBefore = value(f, 'tvm_secure_score_points', { scope: 'organization' }) ?? 0;
    await api.post(
      '/api/exceptions',
      { recommendationId: check?.id, justification: 'ThirdPartyControl', expiresIn: '30d' },
      { status: 201 }
    );
    f = await scrape(app);
    const secure = await api.get('/api/configurationScore');
    expect(secure.score).toBeGreaterThan(secureBefore);
    expect(value(f, 'tvm_secure_score_points', { scope: 'organization' })).toBeCloseTo(secure.score, 2);
    const workstations = await api.get('/api/configurationScore?rbacGroupName=Workstations');
    expect(value(f, 'tvm_secure_score_points', { scope: 'group', group: 'Workstations' })).toBeCloseTo(
      workstations.score,
      2
    );
    expect(value(f, 'tvm_exceptions', { status: 'InEffect', justification: 'ThirdPartyControl' })).toBe(1);

    // Its expiry counts from the instant it passes, as for every read.
    ctx.setNow(at(2 * DAY + 31 * DAY));
    f = await scrape(app);
    expect(value(f, 'tvm_exceptions', { status: 'Expired', justification: 'RiskAccepted' })).toBe(1);
    expect(value(f, 'tvm_exceptions', { status: 'InEffect', justification: 'RiskAccepted' })).toBe(0);
  });

  it('keeps every label bounded: no CVE, device, product or recommendation in any label; routes as templates', async () => {
    const cve = 'CVE-2021-41773';
    for (const path of [
      '/api/machines/ws-001',
      '/api/machines/ws-002/software',
      `/api/vulnerabilities/${cve}`,
      '/api/recommendations?$top=3',
      '/no/such/path/ws-003',
    ]) {
      await request(app).get(path);
    }
    const f = await scrape(app);
    const machines = (await api.get('/api/machines?$top=10000')).value as Array<{
      id: string;
      computerDnsName: string;
    }>;
    const recs = (await api.get('/api/recommendations?$top=10000')).value as Array<{ id: string; productName: string }>;
    const forbidden = new Set(
      [...machines.flatMap((m) => [m.id, m.computerDnsName]), ...recs.flatMap((r) => [r.id, r.productName])].filter(
        Boolean
      )
    );
    const groups = new Set(
      ((await api.get('/api/exposureDistribution?byGroup=true')).value as Array<{ rbacGroupName: string }>).map(
        (d) => d.rbacGroupName
      )
    );
    const allowedLabels = new Set([
      'scope',
      'group',
      'exposure_level',
      'severity',
      'device_value',
      'category',
      'remediation_type',
      'status',
      'priority',
      'justification',
      'source',
      'model',
      'version',
      'figures',
      'method',
      'route',
      'code',
      'le',
    ]);
    const routes = new Set<string>();
    for (const family of f.values()) {
      if (!family.name.startsWith('tvm_')) {
        continue;
      }
      expect(family.help.length).toBeGreaterThan(20);
      for (const s of family.samples) {
        for (const [label, v] of Object.entries(s.labels)) {
          expect({ metric: s.name, label, allowed: allowedLabels.has(label) }).toEqual({
            metric: s.name,
            label,
            allowed: true,
          });
          expect({ metric: s.name, label, v, cve: /CVE-\d{4}-\d+/i.test(v), id: forbidden.has(v) }).toEqual({
            metric: s.name,
            label,
            v,
            cve: false,
            id: false,
          });
          if (label === 'group') {
            expect(groups.has(v) || v === OTHER_GROUPS).toBe(true);
          }
          if (label === 'route') {
            routes.add(v);
          }
        }
      }
    }
    expect([...routes]).toEqual(
      expect.arrayContaining([
        '/api/machines/{id}',
        '/api/machines/{id}/software',
        '/api/vulnerabilities/{cveId}',
        '/api/recommendations',
        'unmatched',
      ])
    );
    expect([...routes].every((r) => r === 'unmatched' || r.startsWith('/'))).toBe(true);
  });
});
