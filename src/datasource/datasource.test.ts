import {
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  dateTime,
  FieldType,
  LoadingState,
} from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { DASHBOARD_UIDS, PLUGIN_IDS } from '../constants';
import { productKeyTitle, softwareTitle } from './columns';
import { TvmDataSource } from './datasource';
import { FakeTemplateSrv, type FakeVariable } from './testing/fakeTemplateSrv';
import { fixture, HttpFailure, PROXY_URL, replayBackend, serviceFixture } from './testing/fixtureBackend';
import { QUERY_TYPES, type TvmDataSourceOptions, type TvmQuery } from './types';
import type { TvmVariableDataQuery, TvmVariableSupport } from './variables';

const settings = (jsonData: TvmDataSourceOptions = { apiUrl: 'http://tvm:8080' }) =>
  ({
    id: 1,
    uid: 'tvm',
    type: PLUGIN_IDS.datasource,
    name: 'TVM',
    url: PROXY_URL,
    jsonData,
    access: 'proxy',
    readOnly: false,
    meta: { id: PLUGIN_IDS.datasource },
  }) as unknown as DataSourceInstanceSettings<TvmDataSourceOptions>;

function setup(
  variables: FakeVariable[] = [],
  respond: (path: string, params: Record<string, unknown>) => unknown = serviceFixture,
  jsonData?: TvmDataSourceOptions
) {
  const backend = replayBackend(respond);
  setBackendSrv(backend.backendSrv);
  const ds = new TvmDataSource(settings(jsonData), new FakeTemplateSrv(variables));
  return { ds, ...backend };
}

const FROM = '2026-11-19T12:00:00.000Z';
const TO = '2026-11-20T13:00:00.000Z';

function request(targets: Array<Partial<TvmQuery>>, extra: Partial<DataQueryRequest<TvmQuery>> = {}) {
  const range = { from: dateTime(FROM), to: dateTime(TO), raw: { from: 'now-1d', to: 'now' } };
  return {
    requestId: 'Q1',
    interval: '1m',
    intervalMs: 60_000,
    maxDataPoints: 1000,
    range,
    scopedVars: {},
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
    targets: targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), ...t })),
    ...extra,
  } as unknown as DataQueryRequest<TvmQuery>;
}

async function run(ds: TvmDataSource, query: Partial<TvmQuery>, extra?: Partial<DataQueryRequest<TvmQuery>>) {
  const res = (await ds.query(request([query], extra))) as DataQueryResponse;
  if (res.errors?.length) {
    throw new Error(`query failed: ${res.errors.map((e) => e.message).join('; ')}`);
  }
  return res.data as DataFrame[];
}

const shape = (frame: DataFrame) => frame.fields.map((f) => `${f.name}:${f.type}`);
const field = (frame: DataFrame, name: string) => {
  const f = frame.fields.find((x) => x.name === name);
  if (!f) {
    throw new Error(`no field ${name} in ${frame.fields.map((x) => x.name).join(', ')}`);
  }
  return f;
};
const values = (frame: DataFrame, name: string) => [...field(frame, name).values];

describe('TvmDataSource: every query type against recorded responses', () => {
  it('exposureScore: the organization score, one row', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, { queryType: 'exposureScore' });
    expect(calls).toEqual([{ path: '/api/exposureScore', params: {}, requestId: 'Q1_A' }]);
    expect(frame.refId).toBe('A');
    expect(shape(frame)).toEqual(['time:time', 'score:number', 'level:string', 'activeDevices:number']);
    const body = fixture('exposureScore');
    expect(values(frame, 'score')).toEqual([body.score]);
    expect(values(frame, 'time')).toEqual([Date.parse(body.time)]);
    expect(values(frame, 'level')).toEqual([body.level]);
    const score = field(frame, 'score').config;
    expect(score).toMatchObject({ unit: 'none', min: 0, max: 100, displayName: 'Exposure score' });
    expect(score.thresholds?.steps).toEqual([
      { value: -Infinity, color: 'green' },
      { value: 30, color: 'orange' },
      { value: 70, color: 'red' },
    ]);
  });

  it('exposureScore per device group: rbacGroupName first, one row per group', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, { queryType: 'exposureScore', breakdown: 'deviceGroup' });
    expect(calls[0].path).toBe('/api/exposureScore/ByMachineGroups');
    expect(shape(frame)).toEqual([
      'rbacGroupName:string',
      'time:time',
      'score:number',
      'level:string',
      'activeDevices:number',
    ]);
    expect(values(frame, 'rbacGroupName')).toEqual(['Finance', 'Servers', 'Workstations']);
  });

  it('exposureScoreHistory: the range and an interval from the panel, the levels and counts as columns', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, { queryType: 'exposureScoreHistory' }, { intervalMs: 3_600_000 });
    expect(calls[0]).toMatchObject({
      path: '/api/exposureScore/history',
      params: { from: FROM, to: TO, interval: '1h' },
    });
    expect(shape(frame)).toEqual([
      'time:time',
      'exposureScore:number',
      'None:number',
      'Low:number',
      'Medium:number',
      'High:number',
      'findingsOpen:number',
      'knownExploited:number',
    ]);
    const point = fixture('exposureScore-history').value[0];
    expect(values(frame, 'High')).toEqual([point.levels.High]);
    expect(values(frame, 'exposureScore')).toEqual([point.exposureScore]);
    expect(field(frame, 'exposureScore').labels).toBeUndefined();
  });

  it('exposureScoreHistory per device group: one frame per group, labelled, one request each', async () => {
    const { ds, calls } = setup();
    const frames = await run(ds, { queryType: 'exposureScoreHistory', breakdown: 'deviceGroup' });
    // The groups come from the distribution (every group with devices), then one history each.
    expect(calls.map((c) => [c.path, c.params.rbacGroupName ?? c.params.byGroup])).toEqual([
      ['/api/exposureDistribution', true],
      ['/api/exposureScore/history', 'Finance'],
      ['/api/exposureScore/history', 'Servers'],
      ['/api/exposureScore/history', 'Workstations'],
    ]);
    expect(frames.map((f) => shape(f))).toEqual(Array(3).fill(['time:time', 'exposureScore:number']));
    expect(frames.map((f) => field(f, 'exposureScore').labels)).toEqual([
      { group: 'Finance' },
      { group: 'Servers' },
      { group: 'Workstations' },
    ]);
    expect(field(frames[1], 'exposureScore').config.displayName).toBe('Servers');
  });

  it('history without a useful interval leaves it to the service; below a minute none is sent', async () => {
    const { ds, calls } = setup();
    await run(ds, { queryType: 'exposureScoreHistory' }, { intervalMs: 10_000, maxDataPoints: 100_000 });
    expect(calls[0].params.interval).toBeUndefined();
  });

  it('secureScore overall and per category (a low percentage is red)', async () => {
    const { ds } = setup();
    const [overall] = await run(ds, { queryType: 'secureScore' });
    expect(shape(overall)).toEqual(['time:time', 'score:number', 'maxScore:number', 'percent:number']);
    const percent = field(overall, 'percent').config;
    expect(percent).toMatchObject({ unit: 'percent', min: 0, max: 100 });
    expect(percent.thresholds?.steps.map((s) => s.color)).toEqual(['red', 'orange', 'green']);
    const [byCategory] = await run(ds, { queryType: 'secureScore', breakdown: 'category' });
    expect(shape(byCategory)).toEqual(['category:string', 'score:number', 'maxScore:number', 'percent:number']);
    expect(values(byCategory, 'category')).toEqual(
      fixture('configurationScore').categories.map((c: { category: string }) => c.category)
    );
    expect(field(byCategory, 'category').config.links?.[0].url).toContain(`/d/${DASHBOARD_UIDS.recommendations}/`);
  });

  it('secureScoreHistory: points, maximum and the percentage computed from them', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, { queryType: 'secureScoreHistory' });
    expect(calls[0]).toMatchObject({ path: '/api/configurationScore/history', params: { from: FROM, to: TO } });
    expect(shape(frame)).toEqual(['time:time', 'secureScore:number', 'maxScore:number', 'percent:number']);
    const p = fixture('configurationScore-history').value[0];
    expect(values(frame, 'percent')).toEqual([Math.round((10000 * p.secureScore) / p.secureMax) / 100]);
  });

  it('exposureDistribution: levels in order None, Low, Medium, High; per group as columns', async () => {
    const { ds, calls } = setup();
    const [org] = await run(ds, { queryType: 'exposureDistribution' });
    expect(calls[0]).toMatchObject({ path: '/api/exposureDistribution', params: { byGroup: false } });
    expect(shape(org)).toEqual(['level:string', 'devices:number']);
    expect(values(org, 'level')).toEqual(['None', 'Low', 'Medium', 'High']);
    const body = fixture('exposureDistribution').value[0];
    expect(values(org, 'devices')).toEqual([body.None, body.Low, body.Medium, body.High]);
    expect(field(org, 'level').config.links?.[0].url).toBe(
      `/d/${DASHBOARD_UIDS.devices}/devices?var-level=\${__data.fields.level}&\${group:queryparam}&\${__url_time_range}`
    );
    const [byGroup] = await run(ds, { queryType: 'exposureDistribution', breakdown: 'deviceGroup' });
    expect(shape(byGroup)).toEqual([
      'rbacGroupName:string',
      'None:number',
      'Low:number',
      'Medium:number',
      'High:number',
      'total:number',
    ]);
  });

  it.each([
    ['severity', ['Critical', 'High', 'Medium', 'Low', 'Unknown'], 'bySeverity'],
    ['exploitability', ['KnownExploited', 'PublicExploit', 'NoKnownExploit'], 'byExploitability'],
    ['age', ['0-30 days', '31-90 days', '91-180 days', 'over 180 days'], 'byAge'],
  ] as const)('vulnerableDevicesReport by %s: bucket and devices', async (dimension, buckets, key) => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, { queryType: 'vulnerableDevicesReport', dimension });
    expect(calls[0].path).toBe('/api/reports/vulnerableDevices');
    expect(shape(frame)).toEqual(['bucket:string', 'devices:number']);
    expect(values(frame, 'bucket')).toEqual(buckets);
    const body = fixture('reports-vulnerableDevices');
    expect(values(frame, 'devices')).toEqual(buckets.map((b) => body[key][b]));
  });

  it('recommendations: $top, $orderby and a $filter from the typed options, search and raw filter', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, {
      queryType: 'recommendations',
      category: 'Application,OS',
      remediationType: 'Update',
      status: 'Active',
      search: "O'Brien",
      filter: 'exposedMachinesCount gt 1 or publicExploit eq true',
      orderBy: 'exposureImpact',
      orderDirection: 'desc',
      limit: 5,
    });
    expect(calls[0]).toMatchObject({
      path: '/api/recommendations',
      params: {
        $top: 5,
        $orderby: 'exposureImpact desc',
        $filter:
          "(recommendationCategory in ('Application', 'OS')) and (remediationType eq 'Update') and (status eq 'Active') and " +
          "(contains(recommendationName, 'O''Brien') or contains(productName, 'O''Brien')) and " +
          '(exposedMachinesCount gt 1 or publicExploit eq true)',
      },
    });
    expect(frame.fields.slice(0, 3).map((f) => f.name)).toEqual(['id', 'recommendationName', 'productName']);
    expect(frame.fields.some((f) => f.name.startsWith('@odata'))).toBe(false);
    expect(field(frame, 'tags').type).toBe(FieldType.string);
    expect(field(frame, 'weaknesses').type).toBe(FieldType.number);
    expect(field(frame, 'publicExploit').type).toBe(FieldType.boolean);
    expect(field(frame, 'maxEpss').config.unit).toBe('percentunit');
    expect(field(frame, 'recommendationName').config.links?.[0].url).toBe(
      `/d/${DASHBOARD_UIDS.recommendations}/security-recommendations?var-recommendation=\${__data.fields.id}&\${group:queryparam}&\${__url_time_range}`
    );
    expect(frame.length).toBe(5);
    // The service has more than the limit: the panel says so.
    expect(frame.meta?.notices?.[0].text).toMatch(/first 5 rows/);
  });

  it('software: only vulnerable, rows link to the software dashboard', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, { queryType: 'software', onlyVulnerable: true });
    expect(calls[0]).toMatchObject({ path: '/api/Software', params: { $top: 100, $filter: 'weaknesses gt 0' } });
    expect(values(frame, 'displayName')).toEqual(
      fixture('software').value.map((s: { displayName: string }) => s.displayName)
    );
    expect(field(frame, 'id').config.links?.[0].url).toBe(
      `/d/${DASHBOARD_UIDS.software}/software?var-software=\${__data.fields.id}&\${group:queryparam}&\${__url_time_range}`
    );
  });

  it('vulnerabilities: severity and known exploited; EPSS as percentunit, dates as time, CVE links', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, { queryType: 'vulnerabilities', severity: 'Critical', knownExploitedOnly: true });
    expect(calls[0].params.$filter).toBe("(severity eq 'Critical') and (knownExploited eq true)");
    expect(field(frame, 'epss').config).toMatchObject({ unit: 'percentunit', min: 0, max: 1 });
    expect(field(frame, 'publishedOn').type).toBe(FieldType.time);
    const first = fixture('vulnerabilities').value[0];
    expect(values(frame, 'publishedOn')[0]).toBe(Date.parse(first.publishedOn));
    expect(values(frame, 'relatedSoftware')[0]).toBe(first.relatedSoftware.map(softwareTitle).join(', '));
    expect(field(frame, 'id').config.links?.[0].url).toBe(
      `/d/${DASHBOARD_UIDS.weaknesses}/weaknesses?var-cve=\${__data.fields.id}&\${group:queryparam}&\${__url_time_range}`
    );
  });

  it('devices: level, platform and exposed filters; device rows link to the device dashboard', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, {
      queryType: 'devices',
      exposureLevel: 'High,Medium',
      osPlatform: 'Linux',
      onlyExposed: true,
      deviceGroup: 'Servers',
    });
    expect(calls[0]).toMatchObject({
      path: '/api/machines',
      params: {
        rbacGroupName: 'Servers',
        $filter: "(exposureLevel in ('High', 'Medium')) and (osPlatform eq 'Linux') and (vulnerabilities gt 0)",
      },
    });
    expect(values(frame, 'id')).toEqual(fixture('machines').value.map((m: { id: string }) => m.id));
    expect(values(frame, 'machineTags')[0]).toBe('finance');
    expect(field(frame, 'exposureScore').config.thresholds?.steps[2]).toEqual({ value: 70, color: 'red' });
    expect(field(frame, 'id').config.links?.[0].url).toBe(
      `/d/${DASHBOARD_UIDS.device}/device?var-device=\${__data.fields.id}&\${group:queryparam}&\${__url_time_range}`
    );
  });

  it('a detail query whose id variable is empty asks nothing and says what to select', async () => {
    const { ds, calls } = setup([{ name: 'recommendation', options: [], current: '' }]);
    const [frame] = await run(ds, { queryType: 'recommendationDevices', recommendationId: '$recommendation' });
    expect(calls).toEqual([]);
    expect(frame.length).toBe(0);
    expect(frame.meta?.notices?.[0].text).toMatch(/needs a recommendation id/);
  });

  it('devices: a level that arrives as its displayed text ("No data", from a data link) filters on None', async () => {
    const { ds, calls } = setup();
    await run(ds, { queryType: 'devices', exposureLevel: 'No data' });
    expect(calls[0].params).toMatchObject({ $filter: "exposureLevel eq 'None'" });
  });

  it.each([
    [
      'recommendationDevices',
      { recommendationId: 'va-_-google-_-chrome' },
      '/api/recommendations/va-_-google-_-chrome/machineReferences',
      'recommendation-machineReferences',
    ],
    [
      'recommendationVulnerabilities',
      { recommendationId: 'va-_-adobe-_-acrobat_reader_dc_continuous' },
      '/api/recommendations/va-_-adobe-_-acrobat_reader_dc_continuous/vulnerabilities',
      'recommendation-vulnerabilities',
    ],
    [
      'softwareVersions',
      { softwareId: 'google-_-chrome' },
      '/api/Software/google-_-chrome/distributions',
      'software-distributions',
    ],
    [
      'softwareDevices',
      { softwareId: 'google-_-chrome' },
      '/api/Software/google-_-chrome/machineReferences',
      'software-machineReferences',
    ],
    [
      'softwareVulnerabilities',
      { softwareId: 'google-_-chrome' },
      '/api/Software/google-_-chrome/vulnerabilities',
      'software-vulnerabilities',
    ],
    [
      'vulnerabilityDevices',
      { cveId: 'CVE-2024-4671' },
      '/api/vulnerabilities/CVE-2024-4671/machineReferences',
      'vulnerability-machineReferences',
    ],
    ['deviceSoftware', { deviceId: 'ws-002' }, '/api/machines/ws-002/software', 'machine-software'],
    [
      'deviceVulnerabilities',
      { deviceId: 'ws-002' },
      '/api/machines/ws-002/vulnerabilities',
      'machine-vulnerabilities',
    ],
    [
      'deviceRecommendations',
      { deviceId: 'ws-002' },
      '/api/machines/ws-002/recommendations',
      'machine-recommendations',
    ],
  ] as const)('%s: one row per item of %s', async (queryType, ids, path, name) => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, { queryType, ...ids } as Partial<TvmQuery>);
    expect(calls).toHaveLength(1);
    expect(calls[0].path).toBe(path);
    // Sub-resources are returned whole: no OData options are sent.
    expect(Object.keys(calls[0].params).filter((k) => k.startsWith('$'))).toEqual([]);
    const rows = fixture(name).value as Array<Record<string, unknown>>;
    expect(frame.length).toBe(rows.length);
    const key = 'id' in rows[0] ? 'id' : 'version';
    expect(values(frame, key)).toEqual(rows.map((r) => r[key]));
  });

  it('recommendationVulnerabilities: CVE fields, typed, each CVE linking to the weaknesses page', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, {
      queryType: 'recommendationVulnerabilities',
      recommendationId: 'va-_-adobe-_-acrobat_reader_dc_continuous',
      deviceGroup: 'Workstations',
    });
    expect(calls[0].params).toEqual({ rbacGroupName: 'Workstations' });
    expect(frame.name).toBe('Weaknesses');
    const first = fixture('recommendation-vulnerabilities').value[0];
    expect(values(frame, 'cvssV3')).toEqual([first.cvssV3]);
    expect(values(frame, 'publishedOn')).toEqual([Date.parse(first.publishedOn)]);
    expect(field(frame, 'epss').config.unit).toBe('percentunit');
    expect(field(frame, 'id').config.links?.[0].url).toBe(
      `/d/${DASHBOARD_UIDS.weaknesses}/weaknesses?var-cve=\${__data.fields.id}&\${group:queryparam}&\${__url_time_range}`
    );
  });

  it('recommendationSoftware: the one product as one row, linking to the software page', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, {
      queryType: 'recommendationSoftware',
      recommendationId: 'va-_-adobe-_-acrobat_reader_dc_continuous',
      deviceGroup: 'Finance',
    });
    expect(calls).toEqual([
      {
        path: '/api/recommendations/va-_-adobe-_-acrobat_reader_dc_continuous/software',
        params: { rbacGroupName: 'Finance' },
        requestId: 'Q1_A',
      },
    ]);
    const body = fixture('recommendation-software');
    expect(frame.name).toBe('Software');
    expect(frame.length).toBe(1);
    expect(frame.fields.slice(0, 5).map((f) => f.name)).toEqual(['id', 'displayName', 'name', 'vendor', 'weaknesses']);
    // The entity's @odata.context is bookkeeping, not a column.
    expect(frame.fields.some((f) => f.name.startsWith('@odata'))).toBe(false);
    expect(values(frame, 'displayName')).toEqual([body.displayName]);
    expect(values(frame, 'installedMachines')).toEqual([body.installedMachines]);
    expect(field(frame, 'displayName').config.links?.[0].url).toBe(
      `/d/${DASHBOARD_UIDS.software}/software?var-software=\${__data.fields.id}&\${group:queryparam}&\${__url_time_range}`
    );
    expect(frame.meta?.notices).toBeUndefined();

    const [none] = await run(ds, {
      queryType: 'recommendationSoftware',
      recommendationId: 'va-_-adobe-_-acrobat_reader_dc_continuous',
      search: 'chrome',
    });
    expect(none.length).toBe(0);
  });

  it('recommendationSoftware of a configuration change: no rows and a notice saying why, not an error', async () => {
    const configuration = fixture('recommendation-configuration');
    const { ds, calls } = setup([], (path, params) => {
      if (path === `/api/recommendations/${configuration.id}/software`) {
        return new HttpFailure(404, fixture('error-recommendation-software-configuration'), 'Not Found');
      }
      return path === `/api/recommendations/${configuration.id}` ? configuration : serviceFixture(path, params);
    });
    const [frame] = await run(ds, {
      queryType: 'recommendationSoftware',
      recommendationId: configuration.id,
      deviceGroup: 'Servers',
    });
    expect(calls.map((c) => [c.path, c.params, c.requestId])).toEqual([
      [`/api/recommendations/${configuration.id}/software`, { rbacGroupName: 'Servers' }, 'Q1_A'],
      [`/api/recommendations/${configuration.id}`, { rbacGroupName: 'Servers' }, 'Q1_A_recommendation'],
    ]);
    expect(frame.length).toBe(0);
    // The same fields as with a product, so the panel's overrides and links still match.
    expect(frame.fields.slice(0, 2).map((f) => f.name)).toEqual(['id', 'displayName']);
    expect(frame.meta?.notices).toEqual([
      { severity: 'info', text: `Recommendation ${configuration.id} is a configuration change: it has no software.` },
    ]);
  });

  it('recommendationSoftware of a recommendation the service does not have is the service’s 404', async () => {
    const missing = fixture('error-recommendation-not-found');
    const { ds, calls } = setup([], () => new HttpFailure(404, missing, 'Not Found'));
    const res = await ds.query(
      request([{ queryType: 'recommendationSoftware', recommendationId: 'no-such-recommendation' } as TvmQuery])
    );
    expect(calls.map((c) => c.path)).toEqual([
      '/api/recommendations/no-such-recommendation/software',
      '/api/recommendations/no-such-recommendation',
    ]);
    expect(res.errors).toEqual([{ refId: 'A', status: 404, message: `TVM service: ${missing.error.message}` }]);
  });

  it('recommendationSoftware: a 404 for the software of a software recommendation stays an error', async () => {
    const recommendation = fixture('recommendations').value[0];
    const gone = { error: { code: 'NotFound', message: 'no software', target: 'id' } };
    const { ds } = setup([], (path) =>
      path.endsWith('/software') ? new HttpFailure(404, gone, 'Not Found') : recommendation
    );
    const res = await ds.query(
      request([{ queryType: 'recommendationSoftware', recommendationId: recommendation.id } as TvmQuery])
    );
    expect(res.errors).toEqual([{ refId: 'A', status: 404, message: 'TVM service: no software' }]);
  });

  it('sub-resources are searched, sorted and limited here, and refuse a raw OData filter', async () => {
    const { ds } = setup();
    const [sorted] = await run(ds, {
      queryType: 'deviceVulnerabilities',
      deviceId: 'ws-002',
      orderBy: 'cvssV3',
      orderDirection: 'desc',
      limit: 2,
    });
    const all = fixture('machine-vulnerabilities').value as Array<{ id: string; cvssV3: number }>;
    const expected = [...all].sort((a, b) => b.cvssV3 - a.cvssV3).slice(0, 2);
    expect(values(sorted, 'cvssV3')).toEqual(expected.map((v) => v.cvssV3));
    expect(sorted.meta?.notices?.[0].text).toMatch(/first 2 rows/);

    const [found] = await run(ds, { queryType: 'deviceSoftware', deviceId: 'ws-002', search: 'CHROME' });
    expect(values(found, 'displayName')).toEqual(['Google Chrome']);

    const res = await ds.query(
      request([{ queryType: 'deviceSoftware', deviceId: 'ws-002', filter: "vendor eq 'google'" } as TvmQuery])
    );
    expect(res.errors?.[0].message).toMatch(/cannot take an OData filter/);
  });

  it('deviceExposureBreakdown per product and per finding (signals flattened into columns)', async () => {
    const { ds, calls } = setup();
    const [products] = await run(ds, { queryType: 'deviceExposureBreakdown', deviceId: 'ws-002' });
    expect(calls[0].path).toBe('/api/machines/ws-002/exposureBreakdown');
    expect(shape(products)).toEqual([
      'productKey:string',
      'cveCount:number',
      'contribution:number',
      'scoreWithout:number',
    ]);
    expect(products.meta?.custom).toMatchObject({ deviceId: 'ws-002', exposureLevel: 'High' });
    const [findings] = await run(ds, { queryType: 'deviceExposureBreakdown', deviceId: 'ws-002', level: 'finding' });
    expect(findings.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['cveId', 'risk', 'mitigated', 'cvss', 'severity', 'knownExploited', 'epss'])
    );
    const first = fixture('machine-exposureBreakdown').findings[0];
    expect(values(findings, 'cvss')[0]).toBe(first.signals.cvss);
  });

  it('remediationActivities and exceptions: status filter, nested groups flattened', async () => {
    const { ds, calls } = setup();
    const [tasks] = await run(ds, { queryType: 'remediationActivities', status: 'Active' });
    expect(calls[0]).toMatchObject({ path: '/api/remediationTasks', params: { $filter: "status eq 'Active'" } });
    expect(field(tasks, 'dueOn').type).toBe(FieldType.time);
    expect(field(tasks, 'progressPercent').config).toMatchObject({ unit: 'percent', min: 0, max: 100 });
    expect(values(tasks, 'title')).toEqual(fixture('remediationTasks').value.map((t: { title: string }) => t.title));

    const [exceptions] = await run(ds, { queryType: 'exceptions', status: 'InEffect' });
    expect(calls[1]).toMatchObject({ path: '/api/exceptions', params: { $filter: "status eq 'InEffect'" } });
    const e = fixture('exceptions').value[0];
    expect(values(exceptions, 'cveId')).toEqual([e.cveId]);
    expect(typeof values(exceptions, 'groups')[0] === 'string' || values(exceptions, 'groups')[0] === null).toBe(true);
  });

  it('remediationSla: a summary frame and three breakdown frames, all under the refId', async () => {
    const { ds, calls } = setup();
    const frames = await run(ds, { queryType: 'remediationSla', deviceGroup: 'Workstations' });
    expect(calls[0]).toMatchObject({ path: '/api/remediation/sla', params: { rbacGroupName: 'Workstations' } });
    expect(frames.map((f) => f.name)).toEqual([
      'Remediation SLA',
      'Activities by priority',
      'Completed per week',
      'Mean time to remediate by severity',
    ]);
    expect(frames.every((f) => f.refId === 'A')).toBe(true);
    const body = fixture('remediation-sla');
    expect(values(frames[0], 'active')).toEqual([body.activities.active]);
    expect(values(frames[1], 'priority')).toEqual(Object.keys(body.activities.byPriority));
  });

  it('events: the dashboard range, the chosen types and the limit; no device-group scope (the service has none)', async () => {
    const { ds, calls } = setup();
    const [frame] = await run(ds, {
      queryType: 'events',
      eventTypes: ['NewVulnerability', 'KnownExploited'],
      limit: 20,
      deviceGroup: 'Servers',
    } as Partial<TvmQuery>);
    expect(calls[0]).toEqual({
      path: '/api/events',
      params: { from: FROM, to: TO, type: 'NewVulnerability,KnownExploited', $top: 20 },
      requestId: 'Q1_A',
    });
    expect(frame.fields[0]).toMatchObject({ name: 'time', type: FieldType.time });
    expect(values(frame, 'title')).toEqual(fixture('events').value.map((e: { title: string }) => e.title));
    expect(values(frame, 'detail')[0]).toBe(JSON.stringify(fixture('events').value[0].detail));
  });

  it('every query type in the model is covered by a request and frames', async () => {
    const { ds } = setup();
    const ids = { recommendationId: 'r', softwareId: 's', cveId: 'CVE-1', deviceId: 'd' };
    for (const queryType of QUERY_TYPES) {
      const frames = await run(ds, { queryType, ...ids } as Partial<TvmQuery>);
      expect({ queryType, frames: frames.length > 0 }).toEqual({ queryType, frames: true });
      for (const f of frames) {
        expect({ queryType, refId: f.refId }).toEqual({ queryType, refId: 'A' });
        // Every field has a type and a name people can read.
        for (const x of f.fields) {
          expect({
            queryType,
            field: x.name,
            displayName: Boolean(x.config.displayName) || x.name === 'tags' || f.name === 'TVM events',
          }).toEqual({
            queryType,
            field: x.name,
            displayName: true,
          });
        }
      }
    }
  });
});

describe('paging', () => {
  it('follows @odata.nextLink through the proxy up to the limit, with the service’s $top ceiling per page', async () => {
    const page = (n: number, skip: number, next?: number) => ({
      value: Array.from({ length: n }, (_, i) => ({ id: `CVE-2024-${skip + i}` })),
      ...(next === undefined
        ? {}
        : { '@odata.nextLink': `http://10.0.0.7:8080/api/vulnerabilities?$top=8000&$skip=${next}` }),
    });
    const { ds, calls } = setup([], (path, params) =>
      path === '/api/vulnerabilities'
        ? params.$skip === undefined
          ? page(8000, 0, 8000)
          : page(2000, 8000, 10000)
        : undefined
    );
    const [frame] = await run(ds, { queryType: 'vulnerabilities', limit: 10000 });
    expect(calls.map((c) => [c.params.$top, c.params.$skip])).toEqual([
      [8000, undefined],
      [2000, 8000],
    ]);
    expect(frame.length).toBe(10000);
    expect(values(frame, 'id')[9999]).toBe('CVE-2024-9999');
  });

  it('stops at the last page: no notice when everything fitted', async () => {
    const { ds, calls } = setup([], (path) =>
      path === '/api/Software' ? { value: [{ id: 'a' }, { id: 'b' }] } : undefined
    );
    const [frame] = await run(ds, { queryType: 'software', limit: 50 });
    expect(calls).toHaveLength(1);
    expect(frame.length).toBe(2);
    expect(frame.meta?.notices).toBeUndefined();
  });
});

describe('template variables', () => {
  const group = (current: string | string[], extra: Partial<FakeVariable> = {}): FakeVariable => ({
    name: 'group',
    options: ['Finance', 'Servers', 'Workstations'],
    current,
    multi: true,
    includeAll: true,
    ...extra,
  });

  it('a single value scopes the request', async () => {
    const { ds, calls } = setup([group('Servers', { multi: false })]);
    await run(ds, { queryType: 'exposureScore', deviceGroup: '$group' });
    expect(calls[0].params).toEqual({ rbacGroupName: 'Servers' });
  });

  it('several values are sent comma-separated', async () => {
    const { ds, calls } = setup([group(['Finance', 'Servers'])]);
    await run(ds, { queryType: 'devices', deviceGroup: '${group}' });
    expect(calls[0].params.rbacGroupName).toBe('Finance,Servers');
  });

  it.each([
    ['the All option', group('$__all')],
    ['All with a custom all value', group('$__all', { allValue: '.*' })],
    ['every option selected', group(['Finance', 'Servers', 'Workstations'])],
  ])('%s means no scope at all', async (_name, variable) => {
    const { ds, calls } = setup([variable]);
    await run(ds, { queryType: 'exposureScore', deviceGroup: '$group' });
    expect(calls[0].params).toEqual({});
  });

  it('a variable the dashboard does not have means no scope, not a group named "$group"', async () => {
    const { ds, calls } = setup([]);
    await run(ds, { queryType: 'exposureScore', deviceGroup: '$group' });
    await run(ds, { queryType: 'devices', deviceGroup: '${group},Servers' });
    expect(calls.map((c) => c.params.rbacGroupName)).toEqual([undefined, 'Servers']);
  });

  it('a repeated panel’s scoped value wins over the dashboard selection', async () => {
    const { ds, calls } = setup([group('$__all')]);
    await run(
      ds,
      { queryType: 'exposureScore', deviceGroup: '$group' },
      { scopedVars: { group: { text: 'Servers', value: 'Servers' } } }
    );
    expect(calls[0].params).toEqual({ rbacGroupName: 'Servers' });
  });

  it('interpolates every string field: ids, search, filter (with an explicit format), typed selections', async () => {
    const { ds, calls } = setup([
      { name: 'device', options: ['ws-002'], current: 'ws-002' },
      { name: 'severity', options: ['Critical', 'High', 'Medium', 'Low'], current: ['Critical', 'High'], multi: true },
      { name: 'vendor', options: ['google'], current: 'google' },
    ]);
    await run(ds, { queryType: 'deviceSoftware', deviceId: '$device', search: '$vendor' });
    expect(calls[0].path).toBe('/api/machines/ws-002/software');
    await run(ds, {
      queryType: 'vulnerabilities',
      severity: '$severity',
      filter: 'contains(name, ${vendor:singlequote})',
    });
    expect(calls[1].params.$filter).toBe("(severity in ('Critical', 'High')) and (contains(name, 'google'))");
  });

  it('an id taking a multi-value selection is an error that says what to do', async () => {
    const { ds, calls } = setup([{ name: 'device', options: ['a', 'b'], current: ['a', 'b'], multi: true }]);
    const res = await ds.query(request([{ queryType: 'deviceSoftware', deviceId: '$device' } as TvmQuery]));
    expect(calls).toHaveLength(0);
    expect(res.state).toBe(LoadingState.Error);
    expect(res.errors?.[0]).toMatchObject({
      refId: 'A',
      message: expect.stringMatching(/\$device has several selected/),
    });
  });

  it('event types may be variables; All means every type', async () => {
    const types = {
      name: 'types',
      options: ['NewVulnerability', 'KnownExploited'],
      current: ['KnownExploited'],
      multi: true,
      includeAll: true,
    };
    const { ds, calls } = setup([types]);
    await run(ds, { queryType: 'events', eventTypes: ['$types' as never] });
    expect(calls[0].params.type).toBe('KnownExploited');
    const all = setup([{ ...types, current: '$__all' }]);
    await run(all.ds, { queryType: 'events', eventTypes: ['$types' as never] });
    expect(all.calls[0].params.type).toBeUndefined();
  });

  it('interpolateVariablesInQueries resolves the variables and names the data source', () => {
    const { ds } = setup([
      group(['Finance', 'Servers']),
      { name: 'device', options: ['x', 'y'], current: ['x', 'y'], multi: true },
    ]);
    const [q] = ds.interpolateVariablesInQueries(
      [{ refId: 'A', queryType: 'deviceSoftware', deviceId: '$device', search: '$group' } as TvmQuery],
      {}
    );
    // Explore's "copy query" never throws: the multi-valued id is left as interpolated.
    expect(q).toMatchObject({
      deviceId: 'x,y',
      search: 'Finance,Servers',
      datasource: { uid: 'tvm', type: PLUGIN_IDS.datasource },
    });
  });
});

describe('filterQuery and defaults', () => {
  const { ds } = setup();
  it.each([
    [{ queryType: 'exposureScore' }, true],
    [{ queryType: 'exposureScore', hide: true }, false],
    [{ queryType: 'deviceSoftware' }, false],
    [{ queryType: 'deviceSoftware', deviceId: '  ' }, false],
    [{ queryType: 'deviceSoftware', deviceId: '$device' }, true],
    [{ queryType: 'devices', limit: 0 }, false],
    [{ queryType: 'devices', limit: 10001 }, false],
    [{ queryType: 'devices', limit: 2.5 }, false],
    [{ queryType: 'devices', limit: 10000 }, true],
    [{ queryType: 'nope' }, false],
    [{}, false],
  ])('%j → %s', (query, ok) => {
    expect(ds.filterQuery({ refId: 'A', ...query } as TvmQuery)).toBe(ok);
  });

  it('skips invalid and hidden queries without calling the service', async () => {
    const { ds: fresh, calls } = setup();
    const res = await fresh.query(
      request([
        { queryType: 'deviceSoftware' },
        { queryType: 'exposureScore', hide: true },
        { queryType: 'exposureScore' },
      ])
    );
    expect(calls.map((c) => c.path)).toEqual(['/api/exposureScore']);
    expect(res.data.map((f: DataFrame) => f.refId)).toEqual(['C']);
  });

  it('defaults to the exposure score', () => {
    expect(ds.getDefaultQuery('dashboard' as never)).toEqual({ queryType: 'exposureScore' });
  });
});

describe('errors', () => {
  it('the service’s message reaches the panel; other queries of the panel still return', async () => {
    const { ds } = setup([], (path, params) =>
      path === '/api/recommendations'
        ? new HttpFailure(400, fixture('error-bad-filter'), 'Bad Request')
        : serviceFixture(path, params)
    );
    const res = await ds.query(
      request([{ queryType: 'recommendations', filter: 'weaknesses gt' }, { queryType: 'exposureScore' }])
    );
    expect(res.state).toBe(LoadingState.Error);
    expect(res.errors).toEqual([
      {
        refId: 'A',
        status: 400,
        message: 'TVM service: $filter: expected a field or a value at position 13, found end of input',
      },
    ]);
    expect(res.data.map((f: DataFrame) => f.refId)).toEqual(['B']);
  });

  it('a refused key says to fix the key', async () => {
    const { ds } = setup([], () => new HttpFailure(401, fixture('error-unauthorized'), 'Unauthorized'));
    const res = await ds.query(request([{ queryType: 'exposureScore' }]));
    expect(res.errors?.[0].message).toMatch(
      /refused the API key \(401 Unauthorized: missing `Authorization: Bearer <token>` header\)/
    );
  });

  it('a data source without a service URL says so instead of calling the proxy', async () => {
    const { ds, calls } = setup([], serviceFixture, {});
    const res = await ds.query(request([{ queryType: 'exposureScore' }]));
    expect(calls).toHaveLength(0);
    expect(res.errors).toEqual([{ refId: 'A', message: expect.stringMatching(/has no TVM service URL/) }]);
  });

  it('a missing device is the service’s 404 message', async () => {
    const { ds } = setup([], () => new HttpFailure(404, fixture('error-not-found'), 'Not Found'));
    const res = await ds.query(request([{ queryType: 'deviceSoftware', deviceId: 'no-such-device' }]));
    expect(res.errors?.[0].message).toBe(`TVM service: ${fixture('error-not-found').error.message}`);
  });
});

describe('testDatasource', () => {
  it('OK: says the version, the devices and the score', async () => {
    const { ds, calls } = setup();
    const result = await ds.testDatasource();
    expect(calls.map((c) => c.path)).toEqual(['/health', '/api/exposureScore', '/api/openapi.json']);
    const health = fixture('health');
    const score = fixture('exposureScore');
    expect(result).toEqual({
      status: 'success',
      message: `Connected to the TVM service at http://tvm:8080: version ${fixture('openapi-info').info.version}, ${health.devices} devices, ${health.cves} CVEs known, exposure score ${Math.round(score.score)} (${score.level}).`,
    });
  });

  it.each([
    ['a proxy error (502)', new HttpFailure(502, { message: 'Bad Gateway' }, 'Bad Gateway')],
    ['a proxy timeout (504)', new HttpFailure(504, undefined, 'Gateway Timeout')],
    ['no answer at all (status 0)', new HttpFailure(0)],
  ])('unreachable: %s', async (_name, failure) => {
    const { ds, calls } = setup([], () => failure);
    const result = await ds.testDatasource();
    expect(calls.map((c) => c.path)).toEqual(['/health']);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^Grafana could not reach the TVM service at http:\/\/tvm:8080: check the URL/);
  });

  it('a network error that is not an HTTP answer is reported as unreachable too', async () => {
    const { ds } = setup([], () => {
      throw new TypeError('Failed to fetch');
    });
    const result = await ds.testDatasource();
    expect(result.message).toMatch(/could not reach .*\(Failed to fetch\)/);
  });

  it.each([401, 403])('bad or missing key: %s on the authenticated read after a healthy /health', async (status) => {
    const { ds, calls } = setup([], (path, params) =>
      path === '/health'
        ? serviceFixture(path, params)
        : new HttpFailure(status, fixture('error-unauthorized'), 'Unauthorized')
    );
    const result = await ds.testDatasource();
    expect(calls.map((c) => c.path)).toEqual(['/health', '/api/exposureScore']);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/refused the API key/);
    expect(result.message).toMatch(/Enter a token with the read scope/);
  });

  it('without a URL it asks for one before calling anything', async () => {
    const { ds, calls } = setup([], serviceFixture, { apiUrl: ' ' });
    const result = await ds.testDatasource();
    expect(calls).toHaveLength(0);
    expect(result).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/Enter the URL of the TVM service/),
    });
  });
});

describe('variable support', () => {
  const variableQuery = async (ds: TvmDataSource, target: Omit<TvmVariableDataQuery, 'refId'>) => {
    const res = await lastValueFrom(
      (ds.variables as TvmVariableSupport).query(
        request([{ refId: 'V', ...target } as never]) as unknown as DataQueryRequest<TvmVariableDataQuery>
      )
    );
    const frame = (res as DataQueryResponse).data[0] as DataFrame;
    return values(frame, 'text').map((text, i) => ({ text, value: values(frame, 'value')[i] }));
  };

  it('device groups: every group with devices', async () => {
    const { ds } = setup();
    expect(await variableQuery(ds, { kind: 'deviceGroups' })).toEqual(
      ['Finance', 'Servers', 'Workstations'].map((g) => ({ text: g, value: g }))
    );
  });

  it('OS platforms: one request per distinct platform, in order', async () => {
    const { ds, calls } = setup();
    expect(await variableQuery(ds, { kind: 'osPlatforms' })).toEqual([
      { text: 'Linux', value: 'Linux' },
      { text: 'Windows11', value: 'Windows11' },
    ]);
    expect(calls.map((c) => c.params.$filter)).toEqual([
      'osPlatform ne null',
      "osPlatform ne null and osPlatform gt 'Linux'",
      "osPlatform ne null and osPlatform gt 'Windows11'",
    ]);
  });

  it('severities: the fixed list', async () => {
    const { ds, calls } = setup();
    expect((await variableQuery(ds, { kind: 'severities' })).map((v) => v.value)).toEqual([
      'Critical',
      'High',
      'Medium',
      'Low',
    ]);
    expect(calls).toHaveLength(0);
  });

  it('devices: name as text, id as value, scoped by the group variable', async () => {
    const { ds, calls } = setup([{ name: 'group', options: ['Servers', 'Finance'], current: 'Servers' }]);
    const list = await variableQuery(ds, { kind: 'devices', deviceGroup: '$group' });
    expect(list[0]).toEqual({ text: 'ws-001.corp.example', value: 'ws-001' });
    expect(calls[0]).toMatchObject({
      path: '/api/machines',
      params: { rbacGroupName: 'Servers', $orderby: 'computerDnsName asc' },
    });
  });

  it('software: display name as text, id as value', async () => {
    const { ds } = setup();
    expect((await variableQuery(ds, { kind: 'software' }))[0]).toEqual({
      text: 'Google Chrome',
      value: 'google-_-chrome',
    });
  });
});

describe('annotations', () => {
  it('any annotation runs as an events query in the annotation format over the dashboard range', async () => {
    const { ds, calls } = setup();
    const query = ds.annotations!.prepareQuery!({
      name: 'TVM events',
      enable: true,
      iconColor: 'red',
      target: { refId: 'Anno', queryType: 'events', eventTypes: ['NewVulnerability'] } as TvmQuery,
    });
    expect(query).toEqual({
      refId: 'Anno',
      queryType: 'events',
      format: 'annotations',
      eventTypes: ['NewVulnerability'],
      limit: 500,
    });
    const [frame] = await run(ds, query!);
    expect(calls[0].params).toMatchObject({ from: FROM, to: TO, type: 'NewVulnerability', $top: 500 });
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'title', 'text', 'tags', 'color', 'id']);
    const first = fixture('events').value[0];
    expect(values(frame, 'time')[0]).toBe(Date.parse(first.time));
    expect(values(frame, 'title')[0]).toBe(first.title);
    expect(values(frame, 'text')[0]).toBe(`${first.cveId}; 1 device affected (12.5%); 1 now`);
    expect(values(frame, 'tags')[0]).toEqual(['tvm', 'NewVulnerability', first.cveId]);
  });

  it('an annotation holding another query type still asks for events', () => {
    const { ds } = setup();
    expect(
      ds.annotations!.prepareQuery!({
        name: 'x',
        enable: true,
        iconColor: 'red',
        target: { refId: 'A', queryType: 'devices' } as TvmQuery,
      })
    ).toMatchObject({ queryType: 'events', format: 'annotations', eventTypes: undefined });
  });
});

describe('softwareTitle', () => {
  it.each([
    ['google-_-chrome', 'Google Chrome'],
    ['git-scm-_-git', 'Git'],
    ['apache-_-http_server', 'Apache Http Server'],
    ['microsoft-_-office', 'Microsoft Office'],
    ['7-zip-_-7-zip', '7-zip'],
    ['openssl', 'Openssl'],
  ])('%s reads as %s', (id, title) => {
    expect(softwareTitle(id)).toBe(title);
  });
});

describe('productKeyTitle', () => {
  it.each([
    ['a:google:chrome:', 'Google Chrome'],
    ['a:adobe:acrobat_reader_dc:continuous', 'Adobe Acrobat Reader Dc (continuous)'],
    ['a:git-scm:git:', 'Git'],
    ['pkg:libidn2-0', 'libidn2-0'],
    ['not-a-key', 'not-a-key'],
  ])('%s reads as %s', (key, title) => {
    expect(productKeyTitle(key)).toBe(title);
  });
});
