import { from, lastValueFrom, Observable, isObservable } from 'rxjs';
import { toArray } from 'rxjs/operators';
import {
  CoreApp,
  dateMath,
  LoadingState,
  rangeUtil,
  toDataFrame,
  transformDataFrame,
  type DataFrame,
  type DataQuery,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type DataSourceRef,
  type DataTransformerConfig,
  type PanelData,
  type ScopedVars,
  type TimeRange,
} from '@grafana/data';
import { toDataQueryError, type DataSourceSrv } from '@grafana/runtime';
import type { HarnessTemplateSrv } from './templateSrv';

export interface PanelJson {
  id: number;
  type: string;
  title?: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DataSourceRef | null;
  targets?: Array<DataQuery & Record<string, unknown>>;
  fieldConfig?: { defaults?: Record<string, unknown>; overrides?: unknown[] };
  options?: Record<string, unknown>;
  transformations?: Array<DataTransformerConfig & { disabled?: boolean }>;
  collapsed?: boolean;
  panels?: PanelJson[];
  timeFrom?: string;
  timeShift?: string;
  hideTimeOverride?: boolean;
  maxDataPoints?: number;
  interval?: string;
  transparent?: boolean;
  pluginVersion?: string;
  links?: Array<{ title: string; url: string; targetBlank?: boolean }>;
  scopedVars?: ScopedVars;
  repeat?: string;
}

export interface QueryContext {
  dsSrv: DataSourceSrv;
  templateSrv: HarnessTemplateSrv;
  range: TimeRange;
  timeZone: string;
  dashboardUid: string;
}

let requestCounter = 0;

/** A panel's relative time override (`timeFrom: "7d"`) and shift, as Grafana applies them. */
export function panelTimeRange(
  panel: PanelJson,
  range: TimeRange,
  timeZone: string
): { range: TimeRange; info?: string } {
  let result = range;
  let info: string | undefined;
  if (panel.timeFrom) {
    const from = panel.timeFrom.startsWith('now') ? panel.timeFrom : `now-${panel.timeFrom}`;
    result = rangeUtil.convertRawToRange({ from, to: 'now' }, timeZone);
    info = rangeUtil.describeTextRange(from).display;
  }
  if (panel.timeShift) {
    const shift = `-${panel.timeShift.replace(/^-/, '')}`;
    const shiftTime = (d: TimeRange['from']) => dateMath.parseDateMath(shift, d, false) ?? d;
    result = {
      from: shiftTime(result.from),
      to: shiftTime(result.to),
      raw: { from: shiftTime(result.from), to: shiftTime(result.to) },
    };
    info = `${info ? `${info} ` : ''}timeshift ${shift}`;
  }
  return { range: result, info };
}

function collect(result: ReturnType<DataSourceApi['query']>): Promise<DataQueryResponse[]> {
  const stream: Observable<DataQueryResponse> = isObservable(result)
    ? result
    : from(result as Promise<DataQueryResponse>);
  return lastValueFrom(stream.pipe(toArray()));
}

/**
 * Runs a panel's queries like Grafana's PanelQueryRunner: hidden targets dropped, targets grouped by data
 * source, `filterQuery` applied, one DataQueryRequest per data source with the dashboard's range and
 * interval, streamed packets merged by key, then the panel's transformations.
 */
export async function runPanelQueries(panel: PanelJson, width: number, ctx: QueryContext): Promise<PanelData> {
  const { range } = panelTimeRange(panel, ctx.range, ctx.timeZone);
  const targets = (panel.targets ?? []).filter((t) => !t.hide);
  const errors: DataQueryError[] = [];
  let series: DataFrame[] = [];
  const groups = new Map<string, { ref: DataSourceRef | null | undefined; targets: typeof targets }>();
  for (const t of targets) {
    const ref = (t.datasource as DataSourceRef | undefined) ?? panel.datasource;
    const key = JSON.stringify(ref ?? null);
    const g = groups.get(key) ?? { ref, targets: [] };
    g.targets.push(t);
    groups.set(key, g);
  }
  const maxDataPoints = panel.maxDataPoints ?? Math.max(100, Math.round(width));
  const { interval, intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints, panel.interval);
  const scopedVars: ScopedVars = {
    ...panel.scopedVars,
    __interval: { text: interval, value: interval },
    __interval_ms: { text: String(intervalMs), value: intervalMs },
  };
  let request: DataQueryRequest | undefined;
  for (const { ref, targets: group } of groups.values()) {
    try {
      const ds = await ctx.dsSrv.get(ref);
      const runnable = group.filter((t) => (ds.filterQuery ? ds.filterQuery(t) : true));
      if (!runnable.length) {
        continue;
      }
      request = {
        app: CoreApp.Dashboard,
        requestId: `Q${++requestCounter}`,
        dashboardUID: ctx.dashboardUid,
        panelId: panel.id,
        panelName: panel.title,
        panelPluginId: panel.type,
        timezone: ctx.timeZone,
        range,
        rangeRaw: range.raw,
        interval,
        intervalMs,
        maxDataPoints,
        targets: runnable,
        scopedVars,
        startTime: Date.now(),
      };
      const packets = new Map<string, DataQueryResponse>();
      for (const packet of await collect(ds.query(request))) {
        packets.set(packet.key ?? 'A', packet);
      }
      for (const packet of packets.values()) {
        if (packet.error) {
          errors.push(packet.error);
        }
        errors.push(...(packet.errors ?? []).filter((e) => e !== packet.error));
        series.push(...(packet.data ?? []).map((d: unknown) => toDataFrame(d)));
      }
    } catch (err) {
      errors.push(toDataQueryError(err));
    }
  }
  const transformations = (panel.transformations ?? []).filter((t) => !t.disabled);
  if (transformations.length && series.length) {
    try {
      series = await lastValueFrom(
        transformDataFrame(transformations, series, { interpolate: (v) => ctx.templateSrv.replace(v, scopedVars) })
      );
    } catch (err) {
      errors.push({ message: `transformation failed: ${(err as Error).message}` });
    }
  }
  return {
    state: errors.length ? LoadingState.Error : LoadingState.Done,
    series,
    errors: errors.length ? errors : undefined,
    error: errors[0],
    request,
    timeRange: range,
  };
}

export interface AnnotationJson {
  name: string;
  enable?: boolean;
  hide?: boolean;
  iconColor?: string;
  builtIn?: number;
  datasource?: DataSourceRef | null;
  target?: DataQuery & Record<string, unknown>;
}

/**
 * Runs the dashboard's annotation queries through the data source's annotation support, as Grafana does
 * for data sources with `annotations: {}`. Grafana's own annotation store (the built-in entry) does not
 * exist here and is skipped.
 */
export async function runAnnotations(
  annotations: AnnotationJson[],
  ctx: QueryContext
): Promise<{ frames: DataFrame[]; errors: string[] }> {
  const frames: DataFrame[] = [];
  const errors: string[] = [];
  for (const anno of annotations) {
    const uid = anno.datasource?.uid;
    if (!anno.enable || anno.builtIn || uid === '-- Grafana --' || anno.datasource?.type === 'grafana') {
      continue;
    }
    try {
      const ds = await ctx.dsSrv.get(anno.datasource);
      const support = ds.annotations;
      if (!support) {
        errors.push(`annotation "${anno.name}": data source ${ds.name} has no annotation support`);
        continue;
      }
      const prepared = support.prepareAnnotation ? support.prepareAnnotation(anno as never) : anno;
      const query = support.prepareQuery
        ? support.prepareQuery(prepared as never)
        : (prepared as AnnotationJson).target;
      if (!query) {
        continue;
      }
      const request: DataQueryRequest = {
        app: CoreApp.Dashboard,
        requestId: `AQ${++requestCounter}`,
        dashboardUID: ctx.dashboardUid,
        timezone: ctx.timeZone,
        range: ctx.range,
        rangeRaw: ctx.range.raw,
        interval: '1m',
        intervalMs: 60_000,
        targets: [{ ...query, refId: query.refId ?? 'Anno' }],
        scopedVars: {},
        startTime: Date.now(),
      };
      const responses = await collect(ds.query(request));
      const data = responses.flatMap((r) => (r.data ?? []).map((d: unknown) => toDataFrame(d)));
      const failed = responses.find((r) => r.error || r.errors?.length);
      if (failed) {
        errors.push(`annotation "${anno.name}": ${(failed.error ?? failed.errors![0]).message}`);
        continue;
      }
      if (support.processEvents) {
        const events = await lastValueFrom(support.processEvents(prepared as never, data));
        frames.push(
          toDataFrame((events ?? []).map((e) => ({ ...e, color: e.color ?? anno.iconColor, source: anno.name })))
        );
      } else {
        frames.push(
          ...data.map((f) => ({ ...f, meta: { ...f.meta, custom: { color: anno.iconColor, source: anno.name } } }))
        );
      }
    } catch (err) {
      errors.push(`annotation "${anno.name}": ${toDataQueryError(err).message}`);
    }
  }
  return { frames, errors };
}
