/**
 * @jest-environment ./src/datasource/testing/serviceEnvironment.js
 */
/**
 * The contract between the data source and the service: the real service runs in-process over a fleet built
 * from ../shared/data, and every query type goes through `TvmDataSource.query()` with a fetch that does what
 * Grafana's data source proxy does (strip the route prefix, add `Authorization: Bearer <key>` from the route in
 * plugin.json). Each frame is checked against what the panels and dashboards rely on.
 *
 * jsdom with Node's Uint8Array (testing/serviceEnvironment.js): the service's feed parsers need the latter.
 */
import { softwareTitle } from './columns';
import fs from 'fs';
import path from 'path';
import {
  type DataFrame,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  dateTime,
  FieldType,
} from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { PLUGIN_IDS } from '../constants';
import { TvmDataSource } from './datasource';
import { listSpec } from './lists';
import { FakeTemplateSrv } from './testing/fakeTemplateSrv';
import { grafanaProxy, type ProxiedRequest } from './testing/grafanaProxy';
import {
  addRemediationAndException,
  FLEET_START,
  loadBackend,
  type RunningService,
  startTvmService,
} from './testing/tvmService';
import { EVENT_TYPES, QUERY_TYPES, type QueryType, type TvmDataSourceOptions, type TvmQuery } from './types';
import type { TvmVariableSupport } from './variables';

const ADMIN_TOKEN = 'contract-admin-token-0123456789';
const INSTANCE_URL = '/api/datasources/proxy/uid/tvm';
const pluginJson = JSON.parse(fs.readFileSync(path.join(__dirname, 'plugin.json'), 'utf8'));

const FROM = new Date(Date.parse(FLEET_START) - 86400_000).toISOString();
const TO = new Date(Date.parse(FLEET_START) + 3600_000).toISOString();

function instance(apiUrl: string) {
  return {
    id: 1,
    uid: 'tvm',
    type: PLUGIN_IDS.datasource,
    name: 'TVM',
    url: INSTANCE_URL,
    jsonData: { apiUrl },
    access: 'proxy',
    readOnly: false,
    meta: { id: PLUGIN_IDS.datasource },
  } as unknown as DataSourceInstanceSettings<TvmDataSourceOptions>;
}

function request(targets: Array<Partial<TvmQuery>>): DataQueryRequest<TvmQuery> {
  return {
    requestId: 'contract',
    interval: '1m',
    intervalMs: 60_000,
    maxDataPoints: 500,
    range: { from: dateTime(FROM), to: dateTime(TO), raw: { from: FROM, to: TO } },
    scopedVars: {},
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
    targets: targets.map((t, i) => ({ refId: `R${i}`, ...t })),
  } as unknown as DataQueryRequest<TvmQuery>;
}

/** The frame fields every query type must produce (lists: their leading columns). */
const EXPECTED_FIELDS: Partial<Record<QueryType, string[]>> = {
  exposureScore: ['time', 'score', 'level', 'activeDevices'],
  exposureScoreHistory: ['time', 'exposureScore', 'None', 'Low', 'Medium', 'High', 'findingsOpen', 'knownExploited'],
  secureScore: ['time', 'score', 'maxScore', 'percent'],
  secureScoreHistory: ['time', 'secureScore', 'maxScore', 'percent'],
  exposureDistribution: ['level', 'devices'],
  vulnerableDevicesReport: ['bucket', 'devices'],
  recommendations: ['id', 'recommendationName', 'productName'],
  software: ['id', 'displayName', 'name', 'vendor', 'weaknesses'],
  vulnerabilities: ['id', 'name', 'description', 'severity', 'cvssV3', 'cvssVector'],
  devices: ['id', 'computerDnsName', 'exposureScore', 'exposureLevel'],
  recommendationDevices: ['id', 'computerDnsName', 'osPlatform', 'rbacGroupName'],
  recommendationVulnerabilities: ['id', 'name', 'description', 'severity'],
  recommendationSoftware: ['id', 'displayName', 'name', 'vendor', 'weaknesses'],
  softwareVersions: ['version', 'installations', 'vulnerabilities'],
  softwareDevices: ['id', 'computerDnsName', 'osPlatform', 'rbacGroupName'],
  softwareVulnerabilities: ['id', 'name', 'description', 'severity'],
  vulnerabilityDevices: ['id', 'computerDnsName', 'osPlatform', 'rbacGroupName'],
  deviceSoftware: ['id', 'displayName', 'name', 'vendor', 'version', 'weaknesses'],
  deviceVulnerabilities: ['id', 'name', 'description', 'severity'],
  deviceRecommendations: ['id', 'recommendationName', 'productName'],
  deviceExposureBreakdown: ['productKey', 'cveCount', 'contribution', 'scoreWithout'],
  remediationActivities: ['id', 'title', 'description', 'category', 'type'],
  remediationSla: ['time', 'active', 'overdue', 'dueSoon', 'completed', 'canceled'],
  exceptions: ['id', 'title', 'type', 'recommendationId', 'cveId'],
  events: ['time', 'type', 'title', 'cveId'],
};

/** A value fits its field's type: the declared columns must match what the service really sends. */
function checkValues(queryType: string, frame: DataFrame) {
  for (const f of frame.fields) {
    const allowed: Record<string, (v: unknown) => boolean> = {
      [FieldType.number]: (v) => v === null || (typeof v === 'number' && Number.isFinite(v)),
      [FieldType.time]: (v) => v === null || (typeof v === 'number' && Number.isFinite(v)),
      [FieldType.boolean]: (v) => v === null || typeof v === 'boolean',
      [FieldType.string]: (v) => v === null || typeof v === 'string',
    };
    const ok = allowed[f.type] ?? (() => true);
    const bad = f.values.filter((v) => !ok(v));
    expect({ queryType, field: f.name, type: f.type, bad: bad.slice(0, 3) }).toEqual({
      queryType,
      field: f.name,
      type: f.type,
      bad: [],
    });
  }
}

const { describeWithSharedData } = loadBackend();

describeWithSharedData('TvmDataSource against the real service through an emulated Grafana proxy', () => {
  let service: RunningService;
  let ds: TvmDataSource;
  let forwarded: ProxiedRequest[];
  let ids: Record<'recommendationId' | 'softwareId' | 'cveId' | 'deviceId', string>;

  beforeAll(async () => {
    service = await startTvmService(ADMIN_TOKEN);
    const setup = await addRemediationAndException(service);
    const exposed = await service.request<{ value: Array<{ id: string }> }>(
      'GET',
      `/api/vulnerabilities?$orderby=exposedMachines%20desc&$top=1&$filter=${encodeURIComponent(`id ne '${setup.cveId}'`)}`
    );
    ids = {
      recommendationId: setup.recommendationId,
      softwareId: 'google-_-chrome',
      cveId: exposed.body.value[0].id,
      deviceId: 'ws-002',
    };
    const proxy = grafanaProxy({
      instanceUrl: INSTANCE_URL,
      pluginJson,
      jsonData: { apiUrl: service.url },
      secureJsonData: { apiKey: ADMIN_TOKEN },
    });
    forwarded = proxy.forwarded;
    setBackendSrv(proxy.backendSrv);
    ds = new TvmDataSource(instance(service.url), new FakeTemplateSrv());
  }, 120_000);

  afterAll(async () => {
    await service?.close();
  });

  it.each(QUERY_TYPES)('%s: the frames the panels rely on, with data', async (queryType) => {
    const before = forwarded.length;
    const res = await ds.query(request([{ queryType, ...ids } as Partial<TvmQuery>]));
    expect(res.errors ?? []).toEqual([]);
    const frames = res.data as DataFrame[];
    expect(frames.length).toBeGreaterThan(0);
    const [frame] = frames;
    expect(frame.refId).toBe('R0');
    expect(frame.fields.slice(0, EXPECTED_FIELDS[queryType]!.length).map((f) => f.name)).toEqual(
      EXPECTED_FIELDS[queryType]
    );
    // The fleet has data for every query type: an empty frame here is a broken mapping.
    expect({ queryType, rows: frame.length > 0 }).toEqual({ queryType, rows: true });
    for (const f of frames) {
      checkValues(queryType, f);
    }
    const list = listSpec({ queryType, refId: 'x' } as TvmQuery);
    if (list) {
      // Every property the service sends is a declared column (an undeclared one would be typed by guess).
      const declared = new Set(list.spec.columns.map((c) => c.name));
      expect({ queryType, undeclared: frame.fields.map((f) => f.name).filter((n) => !declared.has(n)) }).toEqual({
        queryType,
        undeclared: [],
      });
    }
    // Every request went through the route, with the key the route adds.
    const sent = forwarded.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      expect(r.headers).toEqual({ Authorization: `Bearer ${ADMIN_TOKEN}` });
    }
  });

  it('breakdowns per device group and by category return one row or series per group or category', async () => {
    const res = await ds.query(
      request([
        { queryType: 'exposureScore', breakdown: 'deviceGroup' },
        { queryType: 'exposureScoreHistory', breakdown: 'deviceGroup' },
        { queryType: 'exposureDistribution', breakdown: 'deviceGroup' },
        { queryType: 'secureScore', breakdown: 'category' },
        { queryType: 'deviceExposureBreakdown', deviceId: 'ws-002', level: 'finding' },
      ])
    );
    expect(res.errors ?? []).toEqual([]);
    const byRef = (refId: string) => (res.data as DataFrame[]).filter((f) => f.refId === refId);
    expect(byRef('R0')[0].fields.map((f) => f.name)).toEqual([
      'rbacGroupName',
      'time',
      'score',
      'level',
      'activeDevices',
    ]);
    expect(byRef('R0')[0].fields[0].values).toEqual(['Finance', 'Servers', 'Workstations']);
    expect(byRef('R1').map((f) => f.fields[1].labels)).toEqual([
      { group: 'Finance' },
      { group: 'Servers' },
      { group: 'Workstations' },
    ]);
    expect(byRef('R1').every((f) => f.length > 0)).toBe(true);
    expect(byRef('R2')[0].fields.map((f) => f.name)).toEqual([
      'rbacGroupName',
      'None',
      'Low',
      'Medium',
      'High',
      'total',
    ]);
    expect(byRef('R3')[0].fields[0].values).toEqual(['Application', 'OS', 'Network', 'Accounts', 'SecurityControls']);
    expect(byRef('R4')[0].length).toBeGreaterThan(0);
    for (const f of res.data as DataFrame[]) {
      checkValues(f.refId ?? '', f);
    }
  });

  it('typed options become OData the service accepts, and narrow the rows', async () => {
    const res = await ds.query(
      request([
        {
          queryType: 'devices',
          exposureLevel: 'High',
          osPlatform: 'Windows11',
          onlyExposed: true,
          orderBy: 'exposureScore',
          orderDirection: 'desc',
        },
        { queryType: 'vulnerabilities', severity: 'Critical,High', knownExploitedOnly: true, search: 'cve' },
        {
          queryType: 'recommendations',
          category: 'Application',
          remediationType: 'Update',
          status: 'Active',
          search: 'chrome',
        },
        { queryType: 'software', onlyVulnerable: true, filter: 'installedMachines ge 1', limit: 3 },
      ] as Array<Partial<TvmQuery>>)
    );
    expect(res.errors ?? []).toEqual([]);
    const [devices, vulns, recs, software] = res.data as DataFrame[];
    expect(devices.length).toBeGreaterThan(0);
    const levels = devices.fields.find((f) => f.name === 'exposureLevel')!.values;
    expect(new Set(levels)).toEqual(new Set(['High']));
    const scores = devices.fields.find((f) => f.name === 'exposureScore')!.values as number[];
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(vulns.fields.find((f) => f.name === 'knownExploited')!.values.every((v) => v === true)).toBe(true);
    expect(recs.fields.find((f) => f.name === 'recommendationName')!.values).toEqual([expect.stringMatching(/Chrome/)]);
    expect(software.length).toBeLessThanOrEqual(3);
  });

  it('a recommendation’s CVEs and software are those of its product; a configuration change has none', async () => {
    const config = await service.request<{ value: Array<{ id: string }> }>(
      'GET',
      `/api/recommendations?$top=1&$filter=${encodeURIComponent("remediationType eq 'ConfigurationChange'")}`
    );
    const configId = config.body.value[0]?.id;
    expect(configId).toEqual(expect.any(String));
    const res = await ds.query(
      request([
        { queryType: 'recommendationSoftware', recommendationId: ids.recommendationId },
        { queryType: 'recommendationVulnerabilities', recommendationId: ids.recommendationId },
        { queryType: 'recommendationSoftware', recommendationId: configId },
        { queryType: 'recommendationVulnerabilities', recommendationId: configId },
      ])
    );
    expect(res.errors ?? []).toEqual([]);
    const [software, cves, noSoftware, noCves] = res.data as DataFrame[];
    const softwareId = software.fields.find((f) => f.name === 'id')!.values[0] as string;
    expect(software.length).toBe(1);
    expect(cves.length).toBeGreaterThan(0);
    // Every CVE of the recommendation is one of its product's.
    for (const related of cves.fields.find((f) => f.name === 'relatedSoftware')!.values) {
      expect(String(related).split(', ')).toContain(softwareTitle(softwareId));
    }
    expect(noSoftware.length).toBe(0);
    expect(noSoftware.meta?.notices?.[0].text).toMatch(/is a configuration change: it has no software/);
    expect(noCves.length).toBe(0);
  });

  it('variables from the service', async () => {
    const values = async (target: object) => {
      const res = await lastValueFrom((ds.variables as TvmVariableSupport).query(request([target as never]) as never));
      const frame = (res as { data: DataFrame[] }).data[0];
      return frame.fields[1].values;
    };
    expect(await values({ kind: 'deviceGroups' })).toEqual(['Finance', 'Servers', 'Workstations']);
    expect(await values({ kind: 'osPlatforms' })).toEqual(['Linux', 'Windows11']);
    expect(await values({ kind: 'devices', deviceGroup: 'Servers' })).toEqual(
      expect.arrayContaining(['srv-001', 'srv-002'])
    );
    expect(await values({ kind: 'software' })).toContain('google-_-chrome');
  });

  it('knows every event type the service documents', async () => {
    const doc = await service.request<{
      components: { schemas: { Event: { properties: { type: { enum: string[] } } } } };
    }>('GET', '/api/openapi.json');
    expect([...EVENT_TYPES].sort()).toEqual([...doc.body.components.schemas.Event.properties.type.enum].sort());
  });

  it('annotations from the event timeline', async () => {
    const query = ds.annotations!.prepareQuery!({
      name: 'Events',
      enable: true,
      iconColor: 'red',
      target: { refId: 'A' } as TvmQuery,
    });
    const res = await ds.query(request([query!]));
    const [frame] = res.data as DataFrame[];
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'title', 'text', 'tags', 'color', 'id']);
    expect(frame.length).toBeGreaterThan(0);
    const times = frame.fields[0].values as number[];
    expect(times.every((t) => t >= Date.parse(FROM) && t <= Date.parse(TO))).toBe(true);
  });

  it('testDatasource: OK with the key, a key error with a wrong one, unreachable when nothing listens', async () => {
    expect(await ds.testDatasource()).toMatchObject({
      status: 'success',
      message: expect.stringMatching(
        /^Connected to the TVM service at http:\/\/127\.0\.0\.1:\d+: version .*, 9 devices/
      ),
    });

    const wrong = grafanaProxy({
      instanceUrl: INSTANCE_URL,
      pluginJson,
      jsonData: { apiUrl: service.url },
      secureJsonData: { apiKey: 'not-the-key-0123456789' },
    });
    setBackendSrv(wrong.backendSrv);
    try {
      const result = await ds.testDatasource();
      expect(result.status).toBe('error');
      expect(result.message).toMatch(/refused the API key \(401/);
    } finally {
      setBackendSrv(
        grafanaProxy({
          instanceUrl: INSTANCE_URL,
          pluginJson,
          jsonData: { apiUrl: service.url },
          secureJsonData: { apiKey: ADMIN_TOKEN },
        }).backendSrv
      );
    }

    const nowhere = 'http://127.0.0.1:9';
    const offline = grafanaProxy({
      instanceUrl: INSTANCE_URL,
      pluginJson,
      jsonData: { apiUrl: nowhere },
      secureJsonData: { apiKey: ADMIN_TOKEN },
    });
    setBackendSrv(offline.backendSrv);
    try {
      const result = await new TvmDataSource(instance(nowhere), new FakeTemplateSrv()).testDatasource();
      expect(result.status).toBe('error');
      expect(result.message).toMatch(
        /^Grafana could not reach the TVM service at http:\/\/127\.0\.0\.1:9: check the URL/
      );
    } finally {
      setBackendSrv(
        grafanaProxy({
          instanceUrl: INSTANCE_URL,
          pluginJson,
          jsonData: { apiUrl: service.url },
          secureJsonData: { apiKey: ADMIN_TOKEN },
        }).backendSrv
      );
    }
  });
});
