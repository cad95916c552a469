import {
  type CoreApp,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  LoadingState,
  type MetricFindValue,
  createDataFrame,
  type QueryResultMeta,
  type QueryResultMetaNotice,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { eventAnnotationFrame, tvmAnnotations } from './annotations';
import { type Params, TvmApi, TvmRequestError } from './api';
import { EVENT_COLUMNS } from './columns';
import {
  breakdownFrame,
  type ConfigurationScoreBody,
  distributionFrame,
  type DistributionRow,
  type ExposureBreakdownBody,
  exposureHistoryFrame,
  exposureScoreByGroupFrame,
  exposureScoreFrame,
  type ExposureScoreBody,
  type HistoryPoint,
  remediationSlaFrames,
  type RemediationSlaBody,
  rowsFrame,
  secureHistoryFrame,
  secureScoreFrame,
  vulnerableDevicesFrame,
  type VulnerableDevicesBody,
} from './frames';
import { interpolateQuery, interpolateSelection, QueryError, splitList } from './interpolation';
import { listSpec, refineRows } from './lists';
import { allOf, containsAny, isFieldName } from './odata';
import { DEFAULT_LIMIT, isValid, MAX_LIMIT, QUERY_TYPE_INFO, REQUIRED_LABEL, takesOption } from './queryTypes';
import {
  DEFAULT_QUERY,
  SEVERITIES,
  type TvmDataSourceOptions,
  type TvmQuery,
  type TvmVariableQuery,
  type QueryOfType,
} from './types';
import { TvmVariableSupport } from './variables';

type Row = Record<string, unknown>;
interface ODataList<T = Row> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** The service's history intervals, longest first: the data source asks for points no closer than Grafana's interval. */
const HISTORY_INTERVALS: Array<[string, number]> = [
  ['1w', 604_800_000],
  ['1d', 86_400_000],
  ['6h', 21_600_000],
  ['1h', 3_600_000],
  ['15m', 900_000],
  ['5m', 300_000],
  ['1m', 60_000],
];

/** Per-group history and breakdowns make one request per group; past this many, the rest are left out (with a notice). */
export const MAX_GROUP_SERIES = 50;

export class TvmDataSource extends DataSourceApi<TvmQuery, TvmDataSourceOptions> {
  readonly api: TvmApi;
  readonly apiUrl: string;

  constructor(
    instanceSettings: DataSourceInstanceSettings<TvmDataSourceOptions>,
    private readonly injectedTemplateSrv?: TemplateSrv
  ) {
    super(instanceSettings);
    this.apiUrl = instanceSettings.jsonData?.apiUrl?.trim() ?? '';
    this.api = new TvmApi(instanceSettings.url ?? '', this.apiUrl);
    this.variables = new TvmVariableSupport(this);
    this.annotations = tvmAnnotations;
  }

  /** Read on use: Grafana replaces its template service when a dashboard loads. */
  get templateSrv(): TemplateSrv {
    return this.injectedTemplateSrv ?? getTemplateSrv();
  }

  getDefaultQuery(_app: CoreApp): Partial<TvmQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: TvmQuery): boolean {
    return !query.hide && isValid(query);
  }

  /** The queries with variables replaced, as Explore and "copy query" want them. */
  interpolateVariablesInQueries(queries: TvmQuery[], scopedVars: ScopedVars): TvmQuery[] {
    return queries.map((q) => ({
      ...interpolateQuery(this.templateSrv, q, scopedVars, false),
      datasource: this.getRef(),
    }));
  }

  async query(request: DataQueryRequest<TvmQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.filter((t) => this.filterQuery(t));
    if (!this.apiUrl && targets.length > 0) {
      // Grafana's proxy would answer with an opaque error for a route without a URL.
      const message = `The ${this.name} data source has no TVM service URL: set it in the data source settings.`;
      return { data: [], errors: targets.map((t) => ({ refId: t.refId, message })), state: LoadingState.Error };
    }
    const results = await Promise.all(
      targets.map(async (target): Promise<{ frames: DataFrame[]; error?: DataQueryError }> => {
        try {
          const query = interpolateQuery(this.templateSrv, target, request.scopedVars);
          const unselected = missingSelection(query);
          if (unselected) {
            // A detail panel whose variable is empty (nothing picked yet) has nothing to ask the service.
            return { frames: [createDataFrame({ refId: query.refId, fields: [], meta: { notices: [unselected] } })] };
          }
          return { frames: await this.run(query, request) };
        } catch (err) {
          return { frames: [], error: queryError(err, target.refId) };
        }
      })
    );
    const errors = results.flatMap((r) => (r.error ? [r.error] : []));
    return {
      data: results.flatMap((r) => r.frames),
      ...(errors.length > 0 ? { errors, state: LoadingState.Error } : { state: LoadingState.Done }),
    };
  }

  /** One interpolated query → its frames. */
  async run(query: TvmQuery, request: DataQueryRequest<TvmQuery>): Promise<DataFrame[]> {
    const refId = query.refId;
    const requestId = request.requestId ? `${request.requestId}_${refId}` : undefined;
    const groups = takesOption(query.queryType, 'deviceGroup') ? selection(query.deviceGroup) : null;
    const scope: Params = { rbacGroupName: groups?.join(',') };
    const get = <T>(path: string, params: Params = {}, suffix = '') =>
      this.api.get<T>(`/api${path}`, params, requestId ? requestId + suffix : undefined);

    switch (query.queryType) {
      case 'exposureScore':
        if (query.breakdown === 'deviceGroup') {
          const list = await get<ODataList<ExposureScoreBody>>('/exposureScore/ByMachineGroups', scope);
          return [exposureScoreByGroupFrame(refId, list.value)];
        }
        return [exposureScoreFrame(refId, await get<ExposureScoreBody>('/exposureScore', scope))];

      case 'exposureScoreHistory':
      case 'secureScoreHistory': {
        const path =
          query.queryType === 'exposureScoreHistory' ? '/exposureScore/history' : '/configurationScore/history';
        const range: Params = {
          from: request.range.from.toISOString(),
          to: request.range.to.toISOString(),
          interval: historyInterval(request),
        };
        const perGroup = query.queryType === 'exposureScoreHistory' && query.breakdown === 'deviceGroup';
        const frameOf = (points: HistoryPoint[], group?: string) =>
          query.queryType === 'exposureScoreHistory'
            ? exposureHistoryFrame(refId, points, group, perGroup)
            : secureHistoryFrame(refId, points, group);
        // The service keeps one history per scope: several groups are several series, one request each.
        if (perGroup || (groups && groups.length > 1)) {
          const names = groups ?? (await this.groupNames(get));
          const shown = names.slice(0, MAX_GROUP_SERIES);
          const frames = await Promise.all(
            shown.map(async (group, i) => {
              const list = await get<ODataList<HistoryPoint>>(path, { ...range, rbacGroupName: group }, `_${i}`);
              return frameOf(list.value, group);
            })
          );
          return withNotice(frames, names.length > shown.length, groupNotice(names.length));
        }
        const list = await get<ODataList<HistoryPoint>>(path, { ...range, ...scope });
        return [frameOf(list.value)];
      }

      case 'secureScore':
        return [
          secureScoreFrame(
            refId,
            await get<ConfigurationScoreBody>('/configurationScore', scope),
            query.breakdown === 'category' ? 'category' : 'overall'
          ),
        ];

      case 'exposureDistribution': {
        const byGroup = query.breakdown === 'deviceGroup';
        const list = await get<ODataList<DistributionRow>>('/exposureDistribution', { ...scope, byGroup });
        return [distributionFrame(refId, list.value, byGroup)];
      }

      case 'vulnerableDevicesReport':
        return [
          vulnerableDevicesFrame(
            refId,
            await get<VulnerableDevicesBody>('/reports/vulnerableDevices', scope),
            query.dimension ?? 'severity'
          ),
        ];

      case 'deviceExposureBreakdown':
        return [
          breakdownFrame(
            refId,
            await get<ExposureBreakdownBody>(`/machines/${encodeURIComponent(query.deviceId)}/exposureBreakdown`),
            query.level === 'finding' ? 'finding' : 'product'
          ),
        ];

      case 'remediationSla':
        return remediationSlaFrames(refId, await get<RemediationSlaBody>('/remediation/sla', scope));

      case 'events': {
        const limit = clampLimit(query.limit);
        const list = await get<ODataList>('/events', {
          from: request.range.from.toISOString(),
          to: request.range.to.toISOString(),
          type: query.eventTypes && query.eventTypes.length > 0 ? query.eventTypes.join(',') : undefined,
          $top: limit,
        });
        if (query.format === 'annotations') {
          return [eventAnnotationFrame(refId, list.value)];
        }
        return [
          rowsFrame(refId, EVENT_COLUMNS, list.value, 'Events', truncatedMeta(list.value.length >= limit, limit)),
        ];
      }

      case 'recommendationSoftware':
        return [await this.recommendationSoftware(query, scope, get)];

      default:
        return [await this.list(query, scope, get)];
    }
  }

  /**
   * The product of a recommendation, a one-row list. The service answers 404 both for a configuration change
   * (which has no software: no rows, and a notice) and for a recommendation it does not have (an error).
   */
  private async recommendationSoftware(
    query: QueryOfType<'recommendationSoftware'>,
    scope: Params,
    get: <T>(path: string, params?: Params, suffix?: string) => Promise<T>
  ): Promise<DataFrame> {
    try {
      return await this.list(query, scope, get);
    } catch (err) {
      if (!(err instanceof TvmRequestError) || err.status !== 404) {
        throw err;
      }
      // A recommendation missing here fails with the service's own 404 message.
      const recommendation = await get<Row>(
        `/recommendations/${encodeURIComponent(query.recommendationId)}`,
        scope,
        '_recommendation'
      );
      if (recommendation.productKey) {
        throw err;
      }
      const { spec } = listSpec(query)!;
      return rowsFrame(query.refId, spec.columns, [], spec.name, {
        notices: [
          {
            severity: 'info',
            text: `Recommendation ${query.recommendationId} is a configuration change: it has no software.`,
          },
        ],
      });
    }
  }

  /** A list: OData lists filtered, sorted and paged by the service; sub-resources refined here. */
  private async list(
    query: TvmQuery,
    scope: Params,
    get: <T>(path: string, params?: Params, suffix?: string) => Promise<T>
  ): Promise<DataFrame> {
    const found = listSpec(query);
    if (!found) {
      throw new QueryError(`Unknown query type "${String(query.queryType)}": choose one in the query editor.`);
    }
    const { spec, odata } = found;
    const options = query as QueryOfType<'recommendations'>;
    const limit = clampLimit(options.limit);
    const orderBy = options.orderBy?.trim();
    if (orderBy && !isFieldName(orderBy)) {
      throw new QueryError(`Sort by a field name such as ${spec.columns[1]?.name ?? 'id'}, not "${orderBy}".`);
    }
    const direction = options.orderDirection === 'desc' ? 'desc' : 'asc';
    const path = spec.path(query as never);

    if (!odata) {
      if (options.filter?.trim()) {
        throw new QueryError(
          `${QUERY_TYPE_INFO[query.queryType].label} cannot take an OData filter (the service returns it whole): use the search field, or a transformation.`
        );
      }
      const body = await get<ODataList | Row>(path, scope);
      const rows = refineRows(spec.entity ? [body as Row] : (body as ODataList).value, {
        searchFields: spec.searchFields,
        search: options.search,
        orderBy,
        direction,
      });
      return rowsFrame(
        query.refId,
        spec.columns,
        rows.slice(0, limit),
        spec.name,
        truncatedMeta(rows.length > limit, limit)
      );
    }

    const params: Params = {
      ...scope,
      $filter: allOf([
        ...(spec.filters?.(query as never) ?? []),
        containsAny(spec.searchFields, options.search),
        options.filter,
      ]),
      $orderby: orderBy ? `${orderBy} ${direction}` : undefined,
    };
    const pageMax = spec.pageMax ?? MAX_LIMIT;
    const rows: Row[] = [];
    let skip = 0;
    let more = false;
    // Follow @odata.nextLink through the proxy (the link itself names the service's own host), up to the limit.
    for (let page = 0; rows.length < limit; page++) {
      const top = Math.min(limit - rows.length, pageMax);
      const list = await get<ODataList>(path, { ...params, $top: top, $skip: skip || undefined }, `_${page}`);
      rows.push(...list.value.slice(0, limit - rows.length));
      const next = nextSkip(list['@odata.nextLink']);
      more = next !== undefined;
      if (next === undefined || list.value.length === 0) {
        break;
      }
      skip = next;
    }
    return rowsFrame(query.refId, spec.columns, rows, spec.name, truncatedMeta(more && rows.length >= limit, limit));
  }

  /** Device groups with devices, for per-group series. */
  private async groupNames(get: <T>(path: string, params?: Params, suffix?: string) => Promise<T>): Promise<string[]> {
    const list = await get<ODataList<DistributionRow>>('/exposureDistribution', { byGroup: true }, '_groups');
    return list.value.map((r) => r.rbacGroupName ?? '').filter((g) => g !== '');
  }

  /** Values of a variable of this data source (also used by the query editor's pickers). */
  async metricFindValues(query: TvmVariableQuery, scopedVars?: ScopedVars): Promise<MetricFindValue[]> {
    const groups = interpolateSelection(this.templateSrv, query.deviceGroup, scopedVars);
    const scope: Params = { rbacGroupName: groups?.join(',') };
    switch (query.kind) {
      case 'deviceGroups': {
        const list = await this.api.get<ODataList<DistributionRow>>('/api/exposureDistribution', { byGroup: true });
        return list.value
          .map((r) => r.rbacGroupName ?? '')
          .filter((g) => g !== '')
          .map((g) => ({ text: g, value: g }));
      }
      case 'osPlatforms':
        return (await this.osPlatforms(scope)).map((p) => ({ text: p, value: p }));
      case 'severities':
        return SEVERITIES.map((s) => ({ text: s, value: s }));
      case 'devices': {
        const list = await this.api.get<ODataList>('/api/machines', {
          ...scope,
          $top: MAX_LIMIT,
          $orderby: 'computerDnsName asc',
        });
        return list.value.map((m) => ({ text: String(m.computerDnsName ?? m.id), value: String(m.id) }));
      }
      case 'software': {
        const list = await this.api.get<ODataList>('/api/Software', {
          ...scope,
          $top: MAX_LIMIT,
          $orderby: 'displayName asc',
        });
        return list.value.map((s) => ({ text: String(s.displayName || s.name || s.id), value: String(s.id) }));
      }
      default:
        throw new QueryError(`Unknown variable kind "${String((query as { kind?: unknown }).kind)}".`);
    }
  }

  /**
   * The distinct OS platforms of the devices, one request per platform: each asks for the first device whose
   * platform sorts after the last one found. A fleet has a handful of platforms and may have 100,000 devices.
   */
  private async osPlatforms(scope: Params): Promise<string[]> {
    const found: string[] = [];
    for (let i = 0; i < 100; i++) {
      const after = found.length ? ` and osPlatform gt '${found[found.length - 1].replace(/'/g, "''")}'` : '';
      const list = await this.api.get<ODataList>('/api/machines', {
        ...scope,
        $filter: `osPlatform ne null${after}`,
        $orderby: 'osPlatform asc',
        $top: 1,
      });
      const platform = list.value[0]?.osPlatform;
      if (typeof platform !== 'string') {
        break;
      }
      found.push(platform);
    }
    return found;
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    if (!this.apiUrl) {
      return {
        status: 'error',
        message: 'Enter the URL of the TVM service (as Grafana’s server reaches it, e.g. http://tvm:8080) and save.',
      };
    }
    let health: { devices?: number; cves?: number; openFindings?: number };
    try {
      health = await this.api.get('/health');
    } catch (err) {
      return failure(err);
    }
    let score: ExposureScoreBody;
    try {
      // /health needs no token: an authenticated read proves the key.
      score = await this.api.get<ExposureScoreBody>('/api/exposureScore');
    } catch (err) {
      return failure(err);
    }
    let version: string | undefined;
    try {
      version = (await this.api.get<{ info?: { version?: string } }>('/api/openapi.json')).info?.version;
    } catch {
      // The version is a nicety; reachability and the key are proven already.
    }
    const facts = [
      version ? `version ${version}` : undefined,
      typeof health.devices === 'number' ? `${health.devices.toLocaleString('en-US')} devices` : undefined,
      typeof health.cves === 'number' ? `${health.cves.toLocaleString('en-US')} CVEs known` : undefined,
      score.score === null || score.score === undefined
        ? 'no active devices scored yet'
        : `exposure score ${Math.round(score.score)} (${score.level})`,
    ].filter(Boolean);
    return { status: 'success', message: `Connected to the TVM service at ${this.apiUrl}: ${facts.join(', ')}.` };
  }
}

function failure(err: unknown): TestDataSourceResponse {
  const message = err instanceof Error ? err.message : String(err);
  return { status: 'error', message };
}

function queryError(err: unknown, refId: string): DataQueryError {
  if (err instanceof TvmRequestError) {
    return { refId, message: err.message, status: err.status };
  }
  return { refId, message: err instanceof Error ? err.message : String(err) };
}

/** The notice for a query whose required id interpolated to nothing, e.g. `$device` with no device picked. */
function missingSelection(query: TvmQuery): QueryResultMetaNotice | undefined {
  const required = QUERY_TYPE_INFO[query.queryType].required;
  const value = required ? (query as unknown as Record<string, unknown>)[required] : undefined;
  if (!required || (typeof value === 'string' && value.trim() !== '')) {
    return undefined;
  }
  return {
    severity: 'info',
    text: `Nothing selected: ${QUERY_TYPE_INFO[query.queryType].label} needs ${REQUIRED_LABEL[required]}.`,
  };
}

/** An interpolated selection ('' = every value) as a list, or null for no filter. */
function selection(text: string | undefined): string[] | null {
  const values = text ? splitList(text) : [];
  return values.length > 0 ? values : null;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || limit === null || !Number.isFinite(limit)) {
    return DEFAULT_LIMIT;
  }
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** The `$skip` of a nextLink (its host is the service's, unreachable from the browser, so only the query is used). */
function nextSkip(link: string | undefined): number | undefined {
  if (!link) {
    return undefined;
  }
  const query = link.includes('?') ? link.slice(link.indexOf('?') + 1) : '';
  const skip = Number(new URLSearchParams(query).get('$skip'));
  return Number.isInteger(skip) && skip > 0 ? skip : undefined;
}

/** The longest history interval not longer than Grafana's interval for the panel; none below a minute. */
function historyInterval(request: DataQueryRequest<TvmQuery>): string | undefined {
  const spanMs = request.range.to.valueOf() - request.range.from.valueOf();
  const wanted = Math.max(request.intervalMs ?? 0, request.maxDataPoints ? spanMs / request.maxDataPoints : 0);
  return HISTORY_INTERVALS.find(([, ms]) => ms <= wanted)?.[0];
}

function truncatedMeta(truncated: boolean, limit: number): QueryResultMeta | undefined {
  return truncated
    ? {
        notices: [
          {
            severity: 'info',
            text: `Showing the first ${limit.toLocaleString('en-US')} rows: raise the limit (up to ${MAX_LIMIT.toLocaleString('en-US')}) or narrow the query to see the rest.`,
          },
        ],
      }
    : undefined;
}

function groupNotice(total: number): string {
  return `Showing ${MAX_GROUP_SERIES} of ${total} device groups: select the groups to chart with the device group filter.`;
}

function withNotice(frames: DataFrame[], show: boolean, text: string): DataFrame[] {
  if (!show || frames.length === 0) {
    return frames;
  }
  const [first, ...rest] = frames;
  return [
    { ...first, meta: { ...first.meta, notices: [...(first.meta?.notices ?? []), { severity: 'info', text }] } },
    ...rest,
  ];
}
