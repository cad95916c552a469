import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { lastValueFrom, from, isObservable } from 'rxjs';
import {
  CoreApp,
  EventBusSrv,
  FieldType,
  rangeUtil,
  VariableSupportType,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type GrafanaTheme2,
  type MetricFindValue,
  type TimeRange,
} from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';
import { autofitRowHeight, GRID_CELL_HEIGHT, gridHeight, layoutGrid } from './grid';
import { PanelView, type PanelEnv } from './panelView';
import type { PluginRegistry } from './plugins';
import { runAnnotations, type AnnotationJson, type PanelJson, type QueryContext } from './queryRunner';
import { expectPanels, reportError, reportPanel } from './status';
import {
  ALL_TEXT,
  isAllValue,
  type HarnessTemplateSrv,
  type HarnessVariable,
  type VariableOption,
} from './templateSrv';
import { resolveVariables, type VariableModelJson } from './variables';
import type { DataSourceSrv } from '@grafana/runtime';

export interface DashboardJson {
  uid: string;
  title: string;
  panels: PanelJson[];
  time?: { from: string; to: string };
  timezone?: string;
  templating?: { list: VariableModelJson[] };
  annotations?: { list: AnnotationJson[] };
  links?: Array<{ title: string; type: string; url?: string; tags?: string[] }>;
}

export interface DashboardRuntime {
  plugins: PluginRegistry;
  dsSrv: DataSourceSrv;
  templateSrv: HarnessTemplateSrv;
  setTimeZoneAndDashboard(timeZone: string, dashboard: { uid: string; title: string }): void;
}

/** Frames from a variable query to options: `text`/`value` fields when present, else the first field for both. */
export function framesToOptions(frames: DataFrame[]): VariableOption[] {
  const out: VariableOption[] = [];
  for (const frame of frames) {
    const byName = (n: string) =>
      frame.fields.find((f) => f.name.toLowerCase() === n || f.name.toLowerCase() === `__${n}`);
    const text = byName('text') ?? frame.fields.find((f) => f.type === FieldType.string) ?? frame.fields[0];
    const value = byName('value') ?? text;
    if (!text) {
      continue;
    }
    for (let i = 0; i < frame.length; i++) {
      out.push({ text: String(text.values[i]), value: String(value!.values[i]) });
    }
  }
  return out;
}

function uniqueOptions(options: VariableOption[]): VariableOption[] {
  const seen = new Set<string>();
  return options.filter((o) => !seen.has(o.value) && seen.add(o.value));
}

/** Runs a query variable through its data source's variable support (custom, standard or legacy), like Grafana. */
async function runVariableQuery(
  model: VariableModelJson,
  dsSrv: DataSourceSrv,
  range: TimeRange
): Promise<VariableOption[]> {
  const ds = await dsSrv.get(model.datasource);
  const query =
    typeof model.query === 'object' && model.query ? { ...(model.query as object) } : { query: model.query };
  const request = {
    app: CoreApp.Dashboard,
    requestId: `variable-${model.name}`,
    timezone: 'browser',
    range,
    rangeRaw: range.raw,
    interval: '1m',
    intervalMs: 60_000,
    targets: [{ ...query, refId: `variable-query` }],
    scopedVars: {},
    startTime: Date.now(),
  } as unknown as DataQueryRequest;
  const support = ds.variables;
  const response = async (r: ReturnType<typeof ds.query>): Promise<DataQueryResponse> =>
    lastValueFrom(isObservable(r) ? r : from(r as Promise<DataQueryResponse>));
  if (support && support.getType() === VariableSupportType.Custom) {
    const res = (await lastValueFrom(
      (support as unknown as { query: (r: DataQueryRequest) => ReturnType<typeof ds.query> }).query(request) as never
    )) as DataQueryResponse;
    if (res.error) {
      throw new Error(res.error.message);
    }
    return uniqueOptions(framesToOptions(res.data));
  }
  if (support && support.getType() === VariableSupportType.Standard) {
    const std = support as unknown as { toDataQuery: (q: unknown) => DataQueryRequest['targets'][number] };
    const res = await response(
      ds.query({ ...request, targets: [{ ...std.toDataQuery(query), refId: 'variable-query' }] })
    );
    if (res.error) {
      throw new Error(res.error.message);
    }
    return uniqueOptions(framesToOptions(res.data));
  }
  if (ds.metricFindQuery) {
    const values: MetricFindValue[] = await ds.metricFindQuery(model.query, { range, variable: model });
    return uniqueOptions(values.map((v) => ({ text: String(v.text), value: String(v.value ?? v.text) })));
  }
  throw new Error(`data source ${ds.name} cannot run variable queries`);
}

function walkPanels(panels: PanelJson[]): { visible: PanelJson[]; collapsed: PanelJson[] } {
  const visible: PanelJson[] = [];
  const collapsed: PanelJson[] = [];
  for (const p of panels) {
    visible.push(p);
    if (p.type === 'row' && p.collapsed) {
      collapsed.push(...(p.panels ?? []));
    }
  }
  return { visible, collapsed };
}

interface Loaded {
  dashboard: DashboardJson;
  variables: HarnessVariable[];
  range: TimeRange;
  timeZone: string;
  annotations: DataFrame[];
}

export function DashboardPage({ uid, runtime }: { uid: string; runtime: DashboardRuntime }) {
  const s = useStyles2(getStyles);
  const params = useMemo(() => new URLSearchParams(window.location.search), []);
  const kiosk = params.has('kiosk');
  const hideVariables = kiosk || params.has('_dash.hideVariables');
  const hideTimePicker = kiosk || params.has('_dash.hideTimePicker');
  const [state, setState] = useState<Loaded>();
  const [failure, setFailure] = useState<string>();
  const [viewport, setViewport] = useState({ width: window.innerWidth, height: window.innerHeight });

  useEffect(() => {
    const onResize = () => setViewport({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  useEffect(() => {
    (async () => {
      const res = await fetch(`/harness/api/dashboards/${encodeURIComponent(uid)}`);
      if (!res.ok) {
        throw new Error(`dashboard ${uid}: ${res.status} ${(await res.json()).message}`);
      }
      const dashboard = (await res.json()) as DashboardJson;
      document.title = `${dashboard.title} · TVM harness`;
      const timeZone = params.get('timezone') ?? dashboard.timezone ?? 'browser';
      runtime.setTimeZoneAndDashboard(timeZone, { uid: dashboard.uid, title: dashboard.title });
      const raw = {
        from: params.get('from') ?? dashboard.time?.from ?? 'now-6h',
        to: params.get('to') ?? dashboard.time?.to ?? 'now',
      };
      const asMs = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
      const range = rangeUtil.convertRawToRange(
        { from: asMs(raw.from) as string, to: asMs(raw.to) as string },
        timeZone
      );
      runtime.templateSrv.updateTimeRange(range);
      const variables = await resolveVariables(dashboard.templating?.list ?? [], params, runtime.templateSrv, (model) =>
        runVariableQuery(model, runtime.dsSrv, range)
      );
      for (const v of variables) {
        if (v.error) {
          reportError(v.error);
        }
      }
      const ctx: QueryContext = {
        dsSrv: runtime.dsSrv,
        templateSrv: runtime.templateSrv,
        range,
        timeZone,
        dashboardUid: uid,
      };
      const annotations = await runAnnotations(dashboard.annotations?.list ?? [], ctx);
      annotations.errors.forEach(reportError);
      setState({ dashboard, variables, range, timeZone, annotations: annotations.frames });
    })().catch((err: Error) => {
      reportError(err.message);
      setFailure(err.message);
      expectPanels(0);
    });
  }, [uid, params, runtime]);

  const { visible, collapsed } = useMemo(() => walkPanels(state?.dashboard.panels ?? []), [state]);
  const env: PanelEnv | undefined = useMemo(
    () =>
      state && {
        plugins: runtime.plugins,
        eventBus: new EventBusSrv(),
        annotations: state.annotations,
        query: {
          dsSrv: runtime.dsSrv,
          templateSrv: runtime.templateSrv,
          range: state.range,
          timeZone: state.timeZone,
          dashboardUid: uid,
        },
      },
    [state, runtime, uid]
  );

  useEffect(() => {
    if (!state) {
      return;
    }
    for (const p of collapsed) {
      reportPanel({ id: p.id, title: p.title ?? '', type: p.type, state: 'Collapsed', rows: 0, frames: 0 });
    }
    for (const p of visible.filter((p) => p.type === 'row')) {
      reportPanel({
        id: p.id,
        title: runtime.templateSrv.replace(p.title ?? ''),
        type: 'row',
        state: 'Done',
        rows: 0,
        frames: 0,
        designedEmpty: true,
      });
    }
    expectPanels(visible.length + collapsed.length);
  }, [state, visible, collapsed, runtime]);

  if (failure) {
    return <div className={s.failure}>Could not open the dashboard: {failure}</div>;
  }
  if (!state || !env) {
    return <div className={s.loading}>Loading dashboard…</div>;
  }
  const pad = kiosk ? 8 : 16;
  const gridWidth = viewport.width - pad * 2;
  const headerHeight = kiosk ? 0 : 48 + (hideVariables || !state.variables.some((v) => v.hide !== 2) ? 0 : 40);
  const maxRows = visible.reduce((m, p) => Math.max(m, p.gridPos.y + p.gridPos.h), 0);
  const rowHeight = params.has('autofitpanels')
    ? autofitRowHeight(maxRows, viewport.height - headerHeight - pad * 2)
    : GRID_CELL_HEIGHT;
  const placed = layoutGrid(
    visible.map((p) => ({ item: p, pos: p.gridPos })),
    gridWidth,
    rowHeight
  );

  return (
    <div className={s.page} style={{ padding: pad }}>
      {!kiosk && (
        <header className={s.header}>
          <div className={s.breadcrumb}>
            <Icon name="apps" /> Dashboards <span className={s.sep}>/</span> Threat &amp; Vulnerability{' '}
            <span className={s.sep}>/</span>
            <strong>{state.dashboard.title}</strong>
          </div>
          {!hideTimePicker && (
            <div className={s.time}>
              <Icon name="clock-nine" /> {rangeUtil.describeTimeRange(state.range.raw, state.timeZone)}
            </div>
          )}
        </header>
      )}
      {!hideVariables && (
        <div className={s.variables}>
          {state.variables
            .filter((v) => v.hide !== 2)
            .map((v) => (
              <div key={v.name} className={s.variable} data-testid={`harness-variable-${v.name}`}>
                {v.hide !== 1 && <span className={s.varLabel}>{v.label ?? v.name}</span>}
                <span className={s.varValue} title={v.description}>
                  {isAllValue(v.current.value) ? ALL_TEXT : [v.current.text].flat().join(' + ') || ' '}
                  {v.type !== 'textbox' && <Icon name="angle-down" />}
                </span>
              </div>
            ))}
        </div>
      )}
      <div className={s.grid} style={{ width: gridWidth, height: gridHeight(placed) }}>
        {placed.map(({ item: panel, left, top, width, height }) =>
          panel.type === 'row' ? (
            <div key={panel.id} className={s.row} style={{ left, top, width, height }}>
              <Icon name={panel.collapsed ? 'angle-right' : 'angle-down'} />
              {runtime.templateSrv.replace(panel.title ?? '', undefined, 'text')}
              {panel.collapsed && <span className={s.rowCount}>({(panel.panels ?? []).length} panels)</span>}
            </div>
          ) : (
            <div key={panel.id} className={s.cell} style={{ left, top, width, height }}>
              <PanelView panel={panel} width={width} height={height} env={env} />
            </div>
          )
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ minHeight: '100vh', background: theme.colors.background.canvas }),
  loading: css({ padding: theme.spacing(4), color: theme.colors.text.secondary }),
  failure: css({ padding: theme.spacing(4), color: theme.colors.error.text }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    height: 40,
    marginBottom: 8,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  breadcrumb: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), color: theme.colors.text.secondary }),
  sep: css({ color: theme.colors.text.disabled }),
  time: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 1),
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
  }),
  variables: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), height: 32, marginBottom: 8 }),
  variable: css({ display: 'flex', alignItems: 'stretch', height: 32, fontSize: theme.typography.bodySmall.fontSize }),
  varLabel: css({
    display: 'flex',
    alignItems: 'center',
    padding: theme.spacing(0, 1),
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRight: 'none',
    borderRadius: `${theme.shape.radius.default} 0 0 ${theme.shape.radius.default}`,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  varValue: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minWidth: 80,
    padding: theme.spacing(0, 1),
    background: theme.components.input.background,
    border: `1px solid ${theme.components.input.borderColor}`,
    borderRadius: `0 ${theme.shape.radius.default} ${theme.shape.radius.default} 0`,
  }),
  grid: css({ position: 'relative' }),
  cell: css({ position: 'absolute' }),
  row: css({
    position: 'absolute',
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.primary,
  }),
  rowCount: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
