/**
 * The alert rules, both sets: Grafana's provisioning file (provisioning/alerting/tvm-alerts.yaml)
 * and Prometheus's rule file (deploy/prometheus/rules/tvm.rules.yml). Their structure, that they say
 * the same thing, that every dashboard they link to exists, that every data source they query is
 * provisioned, and that every metric their PromQL reads is exposed by the real service's /metrics.
 */
import fs from 'fs';
import path from 'path';
import { load } from 'js-yaml';
import request from 'supertest';
import { createApp } from '../backend/src/api/app';
import type { RemediationWebhook } from '../backend/src/engine/remediationWebhook';
import { testContext } from '../backend/src/test-support/context';
import { importSharedKnowledge, ingestSharedFleet } from '../backend/src/test-support/fleet';
import { describeWithSharedData } from '../backend/src/test-support/sharedData';
import { DASHBOARD_UIDS } from '../src/constants';
import { promqlMetricNames } from './promql';

const ROOT = path.resolve(__dirname, '..');
const yaml = <T>(file: string): T => load(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;

interface GrafanaQuery {
  refId: string;
  datasourceUid: string;
  relativeTimeRange: { from: number; to: number };
  model: {
    refId: string;
    datasource: { type: string; uid: string };
    expr?: string;
    type?: string;
    expression?: string;
    reducer?: string;
    conditions?: Array<{ evaluator: { type: string; params: number[] } }>;
  };
}
interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  data: GrafanaQuery[];
  for: string;
  noDataState: string;
  execErrState: string;
  dashboardUid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface GrafanaAlerting {
  apiVersion: number;
  groups: Array<{ orgId: number; name: string; folder: string; interval: string; rules: GrafanaRule[] }>;
  contactPoints: Array<{
    orgId: number;
    name: string;
    receivers: Array<{ uid: string; type: string; settings: Record<string, unknown> }>;
  }>;
  policies: Array<{
    orgId: number;
    receiver: string;
    routes: Array<{ receiver: string; object_matchers: string[][] }>;
  }>;
}
interface PrometheusRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const grafana = yaml<GrafanaAlerting>('provisioning/alerting/tvm-alerts.yaml');
const grafanaRules = grafana.groups.flatMap((g) => g.rules);
const promRules = yaml<{ groups: Array<{ name: string; interval: string; rules: PrometheusRule[] }> }>(
  'deploy/prometheus/rules/tvm.rules.yml'
).groups.flatMap((g) => g.rules);
const prometheusConfig = yaml<{
  rule_files: string[];
  scrape_configs: Array<{
    job_name: string;
    metrics_path: string;
    authorization?: { type: string; credentials_file: string };
    static_configs: Array<{ targets: string[] }>;
  }>;
}>('deploy/prometheus/prometheus.yml');
const compose = yaml<{
  services: Record<string, { volumes?: string[]; secrets?: string[]; environment?: Record<string, string> }>;
}>('docker-compose.yml');

const DASHBOARDS = new Set<string>(Object.values(DASHBOARD_UIDS));
/** Prometheus's durations: 30s, 5m, 1h30m, 0s. */
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const seconds = (d: string) =>
  [...d.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)].reduce(
    (t, [, n, u]) => t + Number(n) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 }[u as 'ms'],
    0
  );
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function provisionedDatasourceUids(): Set<string> {
  const dir = path.join(ROOT, 'provisioning/datasources');
  const uids = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const doc = yaml<{ datasources?: Array<{ uid?: string }> }>(`provisioning/datasources/${file}`);
    for (const ds of doc.datasources ?? []) {
      if (ds.uid) {
        uids.add(ds.uid);
      }
    }
  }
  return uids;
}

/** The rule's query A and its condition as a PromQL comparison: `$B >= 70` → ">= 70", threshold gt 0 → "> 0". */
function grafanaCondition(rule: GrafanaRule): { query: string; comparison: string } {
  const byRef = new Map(rule.data.map((d) => [d.refId, d]));
  const cond = byRef.get(rule.condition)?.model;
  const queries = rule.data.filter((d) => d.model.expr !== undefined);
  expect(queries).toHaveLength(1);
  let comparison: string;
  if (cond?.type === 'math') {
    const m = /^\$([A-Z]+) (>=|<=|>|<|==|!=) (-?[\d.]+)$/.exec(cond.expression ?? '');
    expect(m).not.toBeNull();
    comparison = `${m?.[2]} ${m?.[3]}`;
  } else {
    expect(cond?.type).toBe('threshold');
    const ev = cond?.conditions?.[0]?.evaluator;
    const op = { gt: '>', lt: '<' }[ev?.type ?? ''];
    expect(op).toBeDefined();
    comparison = `${op} ${ev?.params[0]}`;
  }
  return { query: oneLine(queries[0].model.expr ?? ''), comparison };
}

describe('Grafana alert rules (provisioning/alerting/tvm-alerts.yaml)', () => {
  it('is a file-provisioning document: groups with a folder, an interval and rules', () => {
    expect(grafana.apiVersion).toBe(1);
    for (const g of grafana.groups) {
      expect(g).toMatchObject({ orgId: 1, name: expect.any(String), folder: expect.any(String) });
      expect(g.interval).toMatch(DURATION);
      expect(g.rules.length).toBeGreaterThan(0);
    }
    const uids = grafanaRules.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) {
      // Grafana's rule uids: at most 40 characters of letters, digits, - and _.
      expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    }
  });

  describe.each(grafanaRules.map((r) => [r.title, r] as const))('%s', (_title, rule) => {
    it('queries provisioned data sources, and its condition and expressions refer to its own queries', () => {
      const datasources = provisionedDatasourceUids();
      expect(datasources.has('prometheus')).toBe(true);
      const refIds = rule.data.map((d) => d.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
      expect(refIds).toContain(rule.condition);
      rule.data.forEach((d, i) => {
        expect(d.model.refId).toBe(d.refId);
        expect(d.model.datasource.uid).toBe(d.datasourceUid);
        expect(d.relativeTimeRange.from).toBeGreaterThanOrEqual(d.relativeTimeRange.to);
        const earlier = refIds.slice(0, i);
        if (d.datasourceUid === '__expr__') {
          expect(['reduce', 'math', 'threshold']).toContain(d.model.type);
          const refs =
            d.model.type === 'math'
              ? [...(d.model.expression ?? '').matchAll(/\$\{?([A-Za-z]\w*)\}?/g)].map((m) => m[1])
              : [d.model.expression ?? ''];
          expect(refs.length).toBeGreaterThan(0);
          for (const ref of refs) {
            expect({ refId: d.refId, ref, known: earlier.includes(ref) }).toEqual({ refId: d.refId, ref, known: true });
          }
          if (d.model.type === 'reduce') {
            expect(d.model.reducer).toBe('last');
          }
        } else {
          expect(datasources.has(d.datasourceUid)).toBe(true);
          expect(d.model.expr).toEqual(expect.any(String));
        }
      });
    });

    it('links to a real dashboard and says what happened, without tripping Grafana env interpolation', () => {
      expect(DASHBOARDS.has(rule.dashboardUid)).toBe(true);
      expect(rule.annotations.summary).toEqual(expect.any(String));
      expect(rule.annotations.description).toContain(`/d/${rule.dashboardUid}`);
      expect(rule.for).toMatch(DURATION);
      expect(['NoData', 'Alerting', 'OK', 'KeepLast']).toContain(rule.noDataState);
      expect(['Error', 'Alerting', 'OK', 'KeepLast']).toContain(rule.execErrState);
      expect(rule.labels).toMatchObject({ team: 'security', severity: expect.stringMatching(/^(warning|critical)$/) });
      // Grafana replaces $VAR in titles, uids and labels, and ${VAR} in annotations, with environment
      // variables at provisioning: a template's $labels there would vanish.
      expect(`${rule.uid} ${rule.title} ${JSON.stringify(rule.labels)}`).not.toContain('$');
      expect(JSON.stringify(rule.annotations)).not.toContain('${');
    });
  });

  it('notifies the security team: the contact point exists and the policy routes team=security to it', () => {
    const contactPoints = new Set(grafana.contactPoints.map((c) => c.name));
    const [policy] = grafana.policies;
    // grafana-default-email is Grafana's own default contact point.
    expect(['grafana-default-email', ...contactPoints]).toContain(policy.receiver);
    const route = policy.routes.find(
      (r) => JSON.stringify(r.object_matchers) === JSON.stringify([['team', '=', 'security']])
    );
    expect(route).toBeDefined();
    expect(contactPoints.has(route?.receiver ?? '')).toBe(true);
    const email = grafana.contactPoints.flatMap((c) => c.receivers).find((r) => r.type === 'email');
    expect(email?.settings.addresses).toBe('${TVM_ALERT_EMAIL}');
    expect(compose.services.grafana.environment?.TVM_ALERT_EMAIL).toMatch(/^\$\{TVM_ALERT_EMAIL:-.+@.+\}$/);
    for (const rule of grafanaRules) {
      expect(rule.labels.team).toBe('security');
    }
  });
});

describe('Prometheus rules (deploy/prometheus/rules/tvm.rules.yml)', () => {
  it('has the structure promtool expects, and links to real dashboards', () => {
    const names = promRules.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const r of promRules) {
      expect(r.alert).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      expect(r.expr).toEqual(expect.any(String));
      expect(r.for).toMatch(DURATION);
      expect(r.labels).toMatchObject({ team: 'security', severity: expect.stringMatching(/^(warning|critical)$/) });
      expect(r.annotations).toMatchObject({ summary: expect.any(String), description: expect.any(String) });
      expect(DASHBOARDS.has(r.annotations.dashboard_uid)).toBe(true);
      expect(r.annotations.dashboard_path.startsWith(`/d/${r.annotations.dashboard_uid}`)).toBe(true);
    }
  });

  it('says what the Grafana rules say: same names, queries, conditions, durations, labels, dashboards', () => {
    expect(promRules.map((r) => r.alert).sort()).toEqual(grafanaRules.map((r) => r.title).sort());
    for (const g of grafanaRules) {
      const p = promRules.find((r) => r.alert === g.title);
      const { query, comparison } = grafanaCondition(g);
      // `or` binds loosest in PromQL: such a query must be parenthesised before the comparison.
      const forms = / (or|and|unless) /.test(query)
        ? [`(${query}) ${comparison}`]
        : [`${query} ${comparison}`, `(${query}) ${comparison}`];
      const expr = oneLine(p?.expr ?? '');
      expect({ alert: g.title, expr, matches: forms.includes(expr) }).toEqual({ alert: g.title, expr, matches: true });
      expect({ alert: g.title, for: seconds(p?.for ?? '') }).toEqual({ alert: g.title, for: seconds(g.for) });
      expect(p?.labels).toEqual(g.labels);
      expect(p?.annotations.dashboard_uid).toBe(g.dashboardUid);
    }
  });
});

describe('Prometheus configuration (deploy/prometheus/prometheus.yml)', () => {
  it('loads the rule files from where compose mounts them and scrapes the service with its token', () => {
    const mounts = new Map(
      (compose.services.prometheus.volumes ?? []).map((v) => {
        const [source, target] = v.split(':');
        return [target, source] as const;
      })
    );
    expect(mounts.get('/etc/prometheus/prometheus.yml')).toBe('./deploy/prometheus/prometheus.yml');
    for (const pattern of prometheusConfig.rule_files) {
      const dir = path.posix.dirname(pattern);
      const source = mounts.get(dir);
      expect({ pattern, mounted: source }).toEqual({ pattern, mounted: './deploy/prometheus/rules' });
      const suffix = path.posix.basename(pattern).replace('*', '');
      const files = fs.readdirSync(path.join(ROOT, source ?? '')).filter((f) => f.endsWith(suffix));
      expect(files).toContain('tvm.rules.yml');
    }
    const job = prometheusConfig.scrape_configs.find((j) => j.job_name === 'tvm');
    expect(job).toMatchObject({ metrics_path: '/metrics', static_configs: [{ targets: ['tvm:8080'] }] });
    // The job name the TvmServiceDown rules select on.
    expect(promRules.find((r) => r.alert === 'TvmServiceDown')?.expr).toContain('job="tvm"');
    const [secret] = compose.services.prometheus.secrets ?? [];
    expect(job?.authorization).toEqual({ type: 'Bearer', credentials_file: `/run/secrets/${secret}` });
    const ds = yaml<{ datasources: Array<{ uid: string; url: string }> }>('provisioning/datasources/prometheus.yaml');
    expect(ds.datasources.find((d) => d.uid === 'prometheus')?.url).toBe('http://prometheus:9090');
  });
});

describe('promqlMetricNames', () => {
  it('finds the metrics and skips functions, keywords, label matchers, label lists, durations and strings', () => {
    expect(
      promqlMetricNames(
        'sum by (group) (tvm_a{x="}", y=~"a|b"}) - on(group) group_left(le) tvm_b offset 1d > bool 0 ' +
          'or time() - max_over_time(tvm_c[7d:1m]) unless sum(rate(http_x_total[5m])) without (code) ' +
          '# trailing comment with_words\n/ 1e3 + up'
      ).sort()
    ).toEqual(['http_x_total', 'tvm_a', 'tvm_b', 'tvm_c', 'up']);
  });
});

describeWithSharedData('every metric the alert rules read is exposed by the running service', () => {
  it('finds each PromQL metric name in /metrics (Prometheus itself adds only `up`)', async () => {
    const ctx = await testContext();
    await importSharedKnowledge(ctx);
    await ingestSharedFleet(ctx);
    const app = createApp(ctx);
    try {
      const res = await request(app).get('/metrics');
      expect(res.status).toBe(200);
      const exposed = new Set<string>(['up']);
      for (const [, name, type] of res.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
        exposed.add(name);
        if (type === 'histogram' || type === 'summary') {
          ['_sum', '_count', ...(type === 'histogram' ? ['_bucket'] : [])].forEach((s) => exposed.add(name + s));
        }
      }
      const exprs = [
        ...grafanaRules.flatMap((r) => r.data.map((d) => d.model.expr).filter((e): e is string => !!e)),
        ...promRules.map((r) => r.expr),
      ];
      const used = new Set(exprs.flatMap(promqlMetricNames));
      expect(used.size).toBeGreaterThanOrEqual(6);
      for (const name of used) {
        expect({ name, exposed: exposed.has(name) }).toEqual({ name, exposed: true });
      }
    } finally {
      await (app.locals.remediationWebhook as RemediationWebhook).idle();
      await ctx.db.close();
    }
  });
});
