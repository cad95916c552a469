import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import {
  applyFieldOverrides,
  getFieldDisplayName,
  getPanelOptionsWithDefaults,
  LoadingState,
  type DataFrame,
  type EventBus,
  type FieldConfigSource,
  type GrafanaTheme2,
  type PanelData,
  type PanelPlugin,
  type TimeRange,
} from '@grafana/data';
import { PanelChrome, useStyles2, useTheme2 } from '@grafana/ui';
import type { PanelReport } from './boot';
import { CORE_PANELS } from './builtins';
import type { PluginRegistry } from './plugins';
import { panelTimeRange, runPanelQueries, type PanelJson, type QueryContext } from './queryRunner';
import { reportPanel } from './status';

export interface PanelEnv {
  plugins: PluginRegistry;
  query: QueryContext;
  eventBus: EventBus;
  annotations: PanelData['annotations'];
}

interface Loaded {
  plugin: PanelPlugin;
  core: boolean;
  options: Record<string, unknown>;
  fieldConfig: FieldConfigSource;
}

const coreCache = new Map<string, PanelPlugin>();

/** Resolves a panel's plugin: one of the build's panels through the AMD loader, else a core approximation. */
async function loadPanelPlugin(type: string, env: PanelEnv): Promise<{ plugin: PanelPlugin; core: boolean }> {
  const own = env.plugins.panel(type);
  if (own) {
    return { plugin: await own, core: false };
  }
  const factory = CORE_PANELS[type];
  if (!factory) {
    throw new Error(`Panel plugin not found: ${type}`);
  }
  let plugin = coreCache.get(type);
  if (!plugin) {
    plugin = factory();
    coreCache.set(type, plugin);
  }
  return { plugin, core: true };
}

/** Options and field config with the plugin's defaults, after the plugin's migration handler, as Grafana loads a panel. */
async function panelOptions(panel: PanelJson, plugin: PanelPlugin): Promise<Pick<Loaded, 'options' | 'fieldConfig'>> {
  let options = panel.options ?? {};
  const version = plugin.meta?.info?.version;
  if (plugin.onPanelMigration && panel.pluginVersion !== version) {
    options = (await plugin.onPanelMigration({
      id: panel.id,
      type: panel.type,
      title: panel.title,
      options,
      fieldConfig: (panel.fieldConfig ?? { defaults: {}, overrides: [] }) as FieldConfigSource,
      pluginVersion: panel.pluginVersion,
      targets: panel.targets,
    })) as Record<string, unknown>;
  }
  const withDefaults = getPanelOptionsWithDefaults({
    plugin,
    currentOptions: options,
    currentFieldConfig: {
      defaults: panel.fieldConfig?.defaults ?? {},
      overrides: panel.fieldConfig?.overrides ?? [],
    } as FieldConfigSource,
    isAfterPluginChange: false,
  });
  return { options: withDefaults.options, fieldConfig: withDefaults.fieldConfig };
}

/** Calculations whose result over no rows is a value (0), not an absence of data. */
const COUNTING_CALCS = new Set(['count', 'sum', 'distinctCount', 'changeCount']);

/** A panel with no rows still says something: a `noValue` text, no queries at all, or a count of nothing. */
function designsEmptyState(panel: PanelJson): boolean {
  const calcs = (panel.options?.reduceOptions as { calcs?: string[] } | undefined)?.calcs ?? [];
  return (
    panel.type === 'text' ||
    !(panel.targets ?? []).length ||
    Boolean((panel.fieldConfig?.defaults as { noValue?: string } | undefined)?.noValue) ||
    (calcs.length > 0 && calcs.every((c) => COUNTING_CALCS.has(c)))
  );
}

/** The hrefs of the data links on the first row of each frame. */
function firstRowLinks(series?: DataFrame[]): string[] {
  const hrefs = new Set<string>();
  for (const frame of series ?? []) {
    if (frame.length === 0) {
      continue;
    }
    for (const field of frame.fields) {
      for (const link of field.getLinks?.({ valueRowIndex: 0 }) ?? []) {
        if (link.href) {
          hrefs.add(link.href);
        }
      }
    }
  }
  return [...hrefs];
}

const rowsOf = (data?: PanelData) => (data?.series ?? []).reduce((n, f) => n + f.length, 0);

export function PanelView({
  panel,
  width,
  height,
  env,
}: {
  panel: PanelJson;
  width: number;
  height: number;
  env: PanelEnv;
}) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const [loaded, setLoaded] = useState<Loaded>();
  const [data, setData] = useState<PanelData>();
  const [error, setError] = useState<string>();
  const { templateSrv, timeZone } = env.query;
  const replaceVariables = useMemo(
    () => (value: string, scoped?: Record<string, unknown>, format?: string | Function) =>
      templateSrv.replace(value, { ...panel.scopedVars, ...(scoped as object) }, format),
    [templateSrv, panel.scopedVars]
  );
  const { info: timeInfo, range } = panelTimeRange(panel, env.query.range, timeZone);
  const eventBus = useMemo(
    () => env.eventBus.newScopedBus(`panel-${panel.id}`, { onlyLocal: true }),
    [env.eventBus, panel.id]
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const { plugin, core } = await loadPanelPlugin(panel.type, env);
      const opts = await panelOptions(panel, plugin);
      if (cancelled) {
        return;
      }
      setLoaded({ plugin, core, ...opts });
      const runsQueries = !plugin.meta?.skipDataQuery && panel.type !== 'text' && (panel.targets ?? []).length > 0;
      const result = runsQueries
        ? await runPanelQueries(panel, width, env.query)
        : { state: LoadingState.Done, series: [], timeRange: range };
      if (!cancelled) {
        setData({ ...result, annotations: env.annotations });
      }
    })().catch((err: Error) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
    };
    // The dashboard re-mounts panels when variables or the time range change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const series = useMemo(() => {
    if (!loaded || !data) {
      return undefined;
    }
    const withOverrides = applyFieldOverrides({
      data: data.series,
      fieldConfig: loaded.fieldConfig,
      fieldConfigRegistry: loaded.plugin.fieldConfigRegistry,
      replaceVariables,
      theme,
      timeZone,
    });
    // applyFieldOverrides clears the cached display names; Grafana's pipeline fills them in again before
    // panels read them (TableNG reads the cache only).
    for (const frame of withOverrides) {
      for (const field of frame.fields) {
        getFieldDisplayName(field, frame, withOverrides);
      }
    }
    return withOverrides;
  }, [loaded, data, replaceVariables, theme, timeZone]);

  const dataError = data?.errors?.map((e) => e.message ?? String(e)).join('; ');
  const statusMessage = error ?? dataError;
  const title = replaceVariables(panel.title ?? '', undefined, 'text');

  // Reported after React committed the rendered result, so "done" means on screen.
  useEffect(() => {
    const report: PanelReport = {
      id: panel.id,
      title,
      type: panel.type,
      state: error ? 'Error' : !data || !loaded ? 'Loading' : data.state === LoadingState.Error ? 'Error' : 'Done',
      rows: rowsOf(data),
      frames: data?.series.length ?? 0,
      error: statusMessage,
      designedEmpty: designsEmptyState(panel),
      annotations: data?.annotations?.reduce((n, f) => n + f.length, 0),
      links: firstRowLinks(series),
      notes: [
        ...(loaded?.core ? [`approximation of Grafana's ${panel.type} panel`] : []),
        ...(data && data.request === undefined && (panel.targets ?? []).length
          ? ['no query was runnable (filterQuery)']
          : []),
      ],
    };
    reportPanel(report);
  }, [panel, title, data, loaded, error, statusMessage, series]);

  const Component = loaded?.plugin.panel;
  return (
    <PanelChrome
      width={width}
      height={height}
      title={title}
      description={panel.description ? () => replaceVariables(panel.description!) : undefined}
      displayMode={panel.transparent ? 'transparent' : 'default'}
      hoverHeader={!title}
      loadingState={error ? LoadingState.Error : (data?.state ?? LoadingState.Loading)}
      statusMessage={statusMessage}
      titleItems={timeInfo && !panel.hideTimeOverride ? <span className={s.timeInfo}>{timeInfo}</span> : undefined}
    >
      {(innerWidth, innerHeight) => (
        <div className={s.content} data-testid={`harness-panel-${panel.id}`}>
          {Component && data && series && (
            <PanelErrorBoundary onError={(e) => setError(`panel crashed: ${e.message}`)}>
              <Component
                id={panel.id}
                data={{ ...data, series }}
                timeRange={data.timeRange as TimeRange}
                timeZone={timeZone}
                options={loaded!.options}
                fieldConfig={loaded!.fieldConfig}
                transparent={Boolean(panel.transparent)}
                width={innerWidth}
                height={innerHeight}
                renderCounter={0}
                title={title}
                eventBus={eventBus}
                onOptionsChange={() => {}}
                onFieldConfigChange={() => {}}
                replaceVariables={replaceVariables}
                onChangeTimeRange={() => {}}
              />
            </PanelErrorBoundary>
          )}
          {loaded?.core && <div className={s.approx}>approximation of Grafana&apos;s {panel.type} panel</div>}
        </div>
      )}
    </PanelChrome>
  );
}

/** Grafana shows a crashed panel's error in the panel; so does the harness, and it reports it. */
class PanelErrorBoundary extends React.Component<
  { onError: (e: Error) => void; children: React.ReactNode },
  { error?: Error }
> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error) {
    this.props.onError(error);
  }

  override render() {
    if (this.state.error) {
      return <div style={{ color: 'red', padding: 8 }}>Panel crashed: {this.state.error.message}</div>;
    }
    return this.props.children;
  }
}

const getStyles = (theme: GrafanaTheme2) => ({
  content: css({ position: 'relative', width: '100%', height: '100%' }),
  timeInfo: css({ color: theme.colors.text.link, fontSize: theme.typography.bodySmall.fontSize, whiteSpace: 'nowrap' }),
  approx: css({
    position: 'absolute',
    right: 0,
    bottom: -theme.spacing.gridSize,
    fontSize: 9,
    lineHeight: '9px',
    color: theme.colors.text.disabled,
    pointerEvents: 'none',
    whiteSpace: 'nowrap',
  }),
});
