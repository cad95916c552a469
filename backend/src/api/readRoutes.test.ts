import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { ingestDeviceReports } from '../engine/fleet';
import { exposureScore, recommendations, ORG } from '../engine/views';
import {
  ingestSharedFleet,
  importSharedKnowledge,
  reportOf,
  sharedFleet,
  type DeviceSpec,
} from '../test-support/fleet';
import { testContext } from '../test-support/context';
import { describeWithSharedData } from '../test-support/sharedData';
import { createApp } from './app';
import { openApiDocument, READ_PATHS, SCHEMAS } from './openapi';

type Ctx = Awaited<ReturnType<typeof testContext>>;

/** Validates a response body against the schema the OpenAPI document declares for that path. */
function schemaValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const doc = openApiDocument('test');
  ajv.addSchema({ $id: 'tvm', components: doc.components } as object);
  return (path: string, body: unknown) => {
    const op = (
      READ_PATHS[path] as { get: { responses: { 200: { content: { 'application/json': { schema: object } } } } } }
    ).get;
    const schema = JSON.parse(
      JSON.stringify(op.responses[200].content['application/json'].schema).replace(/#\/components/g, 'tvm#/components')
    );
    const ok = ajv.validate(schema, body);
    if (!ok) {
      throw new Error(
        `${path}: response does not match the OpenAPI schema: ${ajv.errorsText(ajv.errors, { separator: '\n' })}\n${JSON.stringify(body).slice(0, 600)}`
      );
    }
  };
}

describeWithSharedData('read API over a fleet built from ../shared/data', () => {
  let ctx: Ctx;
  let app: ReturnType<typeof createApp>;
  let fleet: DeviceSpec[];
  const validate = schemaValidator();
  const get = async (url: string, path: string = url.split('?')[0]) => {
    const res = await request(app).get(url);
    expect({ url, status: res.status, error: res.body?.error }).toEqual({ url, status: 200, error: undefined });
    const templ = Object.keys(READ_PATHS).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
    if (templ) {
      validate(templ, res.body);
    }
    return res.body;
  };

  beforeAll(async () => {
    ctx = await testContext({ start: '2026-11-20T12:00:00Z' });
    await importSharedKnowledge(ctx);
    fleet = await ingestSharedFleet(ctx);
    app = createApp(ctx);
  });
  afterAll(async () => ctx.db.close());

  it('serves an OpenAPI document that lists every read path', async () => {
    const res = await request(app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const p of Object.keys(READ_PATHS)) {
      expect(res.body.paths[p]).toBeDefined();
    }
    expect(Object.keys(res.body.components.schemas)).toEqual(Object.keys(SCHEMAS));
  });

  it('exposure score: org, per group, and scoped', async () => {
    const org = await get('/api/exposureScore');
    expect(org.score).toBeGreaterThan(0);
    expect(org.score).toBeLessThanOrEqual(100);
    expect(org.activeDevices).toBe(fleet.length - 1 + 1); // the quiet device is out, the Trivy image is in
    const groups = await get('/api/exposureScore/ByMachineGroups');
    expect(groups.value.map((g: { rbacGroupName: string }) => g.rbacGroupName)).toEqual([
      'Finance',
      'Servers',
      'Workstations',
    ]);
    const servers = await get('/api/exposureScore?rbacGroupName=Servers');
    expect(servers.score).toBe(
      groups.value.find((g: { rbacGroupName: string }) => g.rbacGroupName === 'Servers').score
    );
  });

  it('secure score: points of a maximum, percent, five categories', async () => {
    const s = await get('/api/configurationScore');
    expect(s.maxScore).toBeGreaterThan(0);
    expect(s.score).toBeLessThanOrEqual(s.maxScore);
    expect(s.categories.map((c: { category: string }) => c.category).sort()).toEqual([
      'Accounts',
      'Application',
      'Network',
      'OS',
      'SecurityControls',
    ]);
  });

  it('device exposure distribution counts every device once, inactive ones as None', async () => {
    const [d] = (await get('/api/exposureDistribution')).value;
    expect(d.total).toBe(fleet.length + 1);
    expect(d.None).toBeGreaterThanOrEqual(1);
    const byGroup = (await get('/api/exposureDistribution?byGroup=true')).value;
    expect(byGroup.reduce((n: number, g: { total: number }) => n + g.total, 0)).toBe(d.total);
  });

  it('recommendations are ordered by impact, page with nextLink, and filter', async () => {
    const all = (await get('/api/recommendations')).value;
    expect(all.length).toBeGreaterThan(3);
    for (let i = 1; i < all.length; i++) {
      expect(all[i - 1].exposureImpact).toBeGreaterThanOrEqual(
        all[i].exposureImpact - (all[i - 1].configScoreImpact > 0 ? Infinity : 0)
      );
    }
    const chrome = all.find((r: { id: string }) => r.id === 'va-_-google-_-chrome');
    expect(chrome).toMatchObject({
      remediationType: 'Update',
      knownExploited: true,
      recommendationCategory: 'Application',
    });
    expect(chrome.recommendedVersion).toBe('124.0.6367.201');
    expect(chrome.exposedMachinesCount).toBe(3);

    const page1 = await get('/api/recommendations?$top=2');
    expect(page1.value).toEqual(all.slice(0, 2));
    expect(page1['@odata.nextLink']).toMatch(/\$skip=2/);
    const page2 = await get(
      new URL(page1['@odata.nextLink']).pathname + new URL(page1['@odata.nextLink']).search,
      '/api/recommendations'
    );
    expect(page2.value).toEqual(all.slice(2, 4));

    const onlyUpdates = (await get("/api/recommendations?$filter=remediationType eq 'Update' and exposureImpact gt 0"))
      .value;
    expect(onlyUpdates.length).toBeGreaterThan(0);
    expect(onlyUpdates.every((r: { remediationType: string }) => r.remediationType === 'Update')).toBe(true);
    const config = (await get("/api/recommendations?$filter=recommendationCategory ne 'Application'")).value;
    expect(config.every((r: { id: string }) => r.id.startsWith('sca-_-'))).toBe(true);

    const one = await get('/api/recommendations/va-_-google-_-chrome', '/api/recommendations/{id}');
    expect(one.id).toBe('va-_-google-_-chrome');
    const refs = (await get('/api/recommendations/va-_-google-_-chrome/machineReferences')).value;
    expect(refs.map((m: { id: string }) => m.id).sort()).toEqual(['fin-001', 'ws-001', 'ws-002']);
    const vulns = (await get('/api/recommendations/va-_-google-_-chrome/vulnerabilities')).value;
    expect(vulns.map((v: { id: string }) => v.id).sort()).toEqual(['CVE-2023-7024', 'CVE-2024-4671']);
    const sw = await get('/api/recommendations/va-_-google-_-chrome/software');
    expect(sw.id).toBe('google-_-chrome');
  });

  it('rejects a bad $filter and $top with a 400 naming the option', async () => {
    const bad = await request(app).get("/api/recommendations?$filter=nosuchfield eq 'x'");
    expect(bad.status).toBe(400);
    expect(bad.body.error.target).toBe('$filter');
    expect((await request(app).get('/api/machines?$top=-1')).status).toBe(400);
    expect((await request(app).get('/api/recommendations/va-_-nobody-_-nothing')).status).toBe(404);
  });

  it('remediating the top software recommendation lowers the org score by exactly its exposureImpact', async () => {
    const fresh = await testContext({ start: '2026-11-20T12:00:00Z' });
    try {
      await importSharedKnowledge(fresh);
      await ingestSharedFleet(fresh);
      const view = {
        q: fresh.db,
        now: fresh.clock().toISOString(),
        cfg: fresh.settings.scoring,
        checks: fresh.settings.checks,
      };
      const before = await exposureScore(view, ORG);
      const recs = (await recommendations(view, ORG)).filter((r) => r.remediationType === 'Update');
      const top = recs[0];
      expect(top.exactExposureImpact).toBeGreaterThan(0);
      // Every exposed device reports the recommended version.
      fresh.setNow('2026-11-20T13:00:00Z');
      const specs = sharedFleet('2026-11-20T12:00:00Z');
      const exposed = await fresh.db.all<{ device_id: string }>(
        "SELECT DISTINCT device_id FROM finding WHERE product_key = ? AND status = 'open'",
        [top.productKey ?? '']
      );
      const updates = exposed.map(({ device_id }) => {
        const spec = specs.find((s) => s.id === device_id);
        if (!spec) {
          throw new Error(`no spec for ${device_id}`);
        }
        // The recommendation's product is the one whose display name it carries.
        const software = spec.software.map((s) =>
          s.name === top.relatedComponent ? { ...s, version: top.recommendedVersion } : s
        );
        return reportOf({ ...spec, software }, `${spec.id}-r2`, '2026-11-20T13:00:00Z');
      });
      await ingestDeviceReports(fresh.db, updates, fresh.rules, '2026-11-20T13:00:00.000Z', fresh.settings);
      const after = await exposureScore({ ...view, now: '2026-11-20T13:00:00.000Z' }, ORG);
      expect((before.exactScore ?? 0) - (after.exactScore ?? 0)).toBeCloseTo(top.exactExposureImpact, 9);
      const remaining = await fresh.db.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM finding WHERE product_key = ? AND status = 'open'",
        [top.productKey ?? '']
      );
      expect(Number(remaining?.n)).toBe(0);
    } finally {
      await fresh.db.close();
    }
  });

  it('vulnerabilities: list, filter, detail, machine references', async () => {
    const list = (await get('/api/vulnerabilities')).value;
    const ids = list.map((v: { id: string }) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['CVE-2024-4671', 'CVE-2021-41773', 'CVE-2023-38831']));
    const kevOnly = (await get('/api/vulnerabilities?$filter=knownExploited eq true and cvssV3 ge 7')).value;
    expect(kevOnly.every((v: { knownExploited: boolean; cvssV3: number }) => v.knownExploited && v.cvssV3 >= 7)).toBe(
      true
    );
    const v = await get('/api/vulnerabilities/CVE-2023-38831', '/api/vulnerabilities/{cveId}');
    expect(v).toMatchObject({ id: 'CVE-2023-38831', knownExploited: true, knownRansomwareCampaignUse: true });
    expect(v.epss).toBeCloseTo(0.97811, 5);
    const refs = (await get('/api/vulnerabilities/CVE-2023-38831/machineReferences')).value;
    expect(refs.map((m: { id: string }) => m.id)).toEqual(['ws-002']);
    expect((await request(app).get('/api/vulnerabilities/CVE-1999-99999')).status).toBe(404);
  });

  it('software: inventory with unsupported items, detail, distributions, devices, CVEs', async () => {
    const list = (await get('/api/Software')).value;
    const chrome = list.find((s: { id: string }) => s.id === 'google-_-chrome');
    // old-001 has Chrome too, but has not reported for 60 days: inactive devices count nowhere.
    expect(chrome).toMatchObject({ installedMachines: 5, exposedMachines: 3 });
    const lob = list.find((s: { displayName: string }) => s.displayName === 'Contoso Line-of-Business Client');
    expect(lob).toMatchObject({ supported: false, weaknesses: null, exposedMachines: null });
    const dist = (await get('/api/Software/google-_-chrome/distributions')).value;
    expect(dist.map((d: { version: string }) => d.version)).toEqual([
      '131.0.6778.85',
      '124.0.6367.91',
      '120.0.6099.109',
    ]);
    expect(dist[0]).toEqual({ version: '131.0.6778.85', installations: 2, vulnerabilities: 0 });
    const machines = (await get('/api/Software/google-_-chrome/machineReferences')).value;
    expect(machines.length).toBe(5);
    const cves = (await get('/api/Software/google-_-chrome/vulnerabilities')).value;
    expect(cves.length).toBe(2);
    const filtered = (await get("/api/Software?$filter=contains(name,'chrome')")).value;
    expect(filtered.map((s: { id: string }) => s.id)).toEqual(['google-_-chrome']);
  });

  it('machines: list ordered by exposure, filters, scope, detail and sub-resources', async () => {
    const list = (await get('/api/machines')).value;
    expect(list.length).toBe(fleet.length + 1);
    const scores = list
      .filter((m: { exposureScore: number | null }) => m.exposureScore !== null)
      .map((m: { exposureScore: number }) => m.exposureScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(list.find((m: { id: string }) => m.id === 'old-001')).toMatchObject({
      exposureLevel: 'None',
      healthStatus: 'Inactive',
    });
    const high = (await get("/api/machines?$filter=exposureLevel eq 'High'")).value;
    expect(high.every((m: { exposureLevel: string }) => m.exposureLevel === 'High')).toBe(true);
    const finance = (await get("/api/machines?$filter=machineTags/any(t: t eq 'finance')")).value;
    expect(finance.map((m: { id: string }) => m.id).sort()).toEqual(['fin-001', 'ws-001']);
    const servers = (await get('/api/machines?rbacGroupName=Servers')).value;
    expect(servers.map((m: { id: string }) => m.id).sort()).toEqual(['img-buster', 'srv-001', 'srv-002']);
    const paged = await get('/api/machines?$top=3&$skip=3');
    expect(paged.value).toEqual(list.slice(3, 6));

    const m = await get('/api/machines/ws-001', '/api/machines/{id}');
    expect(m).toMatchObject({ id: 'ws-001', rbacGroupName: 'Workstations', machineTags: ['finance'] });
    const sw = (await get('/api/machines/ws-001/software')).value;
    expect(sw.find((s: { displayName: string }) => s.displayName === 'Contoso Line-of-Business Client')).toMatchObject({
      supported: false,
    });
    const vulns = (await get('/api/machines/ws-001/vulnerabilities')).value;
    expect(vulns.map((v: { id: string }) => v.id).sort()).toEqual(['CVE-2024-4671', 'CVE-2024-9680', 'CVE-2025-0411']);
    const recs = (await get('/api/machines/ws-001/recommendations')).value;
    expect(recs.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining(['va-_-google-_-chrome', 'va-_-7-zip-_-7-zip'])
    );
    const b = await get('/api/machines/ws-001/exposureBreakdown');
    expect(b.exposureScore).toBe(m.exposureScore);
    expect(b.products.length).toBe(3);
    expect(b.findings.length).toBe(3);
    expect((await request(app).get('/api/machines/ws-001?rbacGroupName=Servers')).status).toBe(404);
  });

  it('history and events: snapshots at every pass, the timeline of what exposed the fleet', async () => {
    const h = (await get('/api/exposureScore/history?from=2026-11-01T00:00:00Z')).value;
    expect(h.length).toBeGreaterThanOrEqual(1);
    expect(h[h.length - 1].exposureScore).toBe((await get('/api/exposureScore')).score);
    const secure = (await get('/api/configurationScore/history?from=2026-11-01T00:00:00Z&interval=1h')).value;
    expect(secure.length).toBeGreaterThanOrEqual(1);
    const events = (await get('/api/events?from=2026-11-01T00:00:00Z')).value;
    const types = new Set(events.map((e: { type: string }) => e.type));
    expect(types.has('NewVulnerability')).toBe(true);
    expect(types.has('NewConfigurationAssessment')).toBe(true);
    const chrome = events.find(
      (e: { type: string; productKey: string }) => e.type === 'NewVulnerability' && e.productKey === 'a:google:chrome:'
    );
    expect(chrome.originallyImpactedDevices).toBe(3);
    expect(chrome.currentlyImpactedDevices).toBe(3);
    expect((await request(app).get('/api/events?type=Nope')).status).toBe(400);
  });

  it('vulnerable-devices report by severity, exploitability and age', async () => {
    const r = await get('/api/reports/vulnerableDevices');
    expect(r.vulnerableDevices).toBeGreaterThan(3);
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(sum(r.bySeverity)).toBe(r.vulnerableDevices);
    expect(sum(r.byExploitability)).toBe(r.vulnerableDevices);
    expect(sum(r.byAge)).toBe(r.vulnerableDevices);
  });

  it('setDeviceValue changes the weight of a device in the org score', async () => {
    const before = await get('/api/exposureScore');
    const res = await request(app).post('/api/machines/srv-001/setDeviceValue').send({ DeviceValue: 'High' });
    expect(res.status).toBe(200);
    expect(res.body.deviceValue).toBe('High');
    const after = await get('/api/exposureScore');
    expect(after.score).not.toBe(before.score);
    const bad = await request(app).post('/api/machines/srv-001/setDeviceValue').send({ DeviceValue: 'Critical' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.target).toBe('DeviceValue');
    await request(app).post('/api/machines/srv-001/setDeviceValue').send({ DeviceValue: 'Normal' });
  });
});
