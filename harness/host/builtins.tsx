/**
 * Grafana's core panels (table, stat, bar gauge, bar chart, time series, text) are not part of any npm
 * package. These are approximations built from the same @grafana/ui components and @grafana/data helpers
 * (TableNG, BigValue, BarGauge, getFieldDisplayValues, renderTextPanelMarkdown) where Grafana has them, and
 * small SVG charts where it does not (time series and bar charts are uPlot in Grafana). Each one says so
 * on screen. Option and field-config defaults are Grafana's.
 */
import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import {
  area as d3area,
  curveMonotoneX,
  curveStepAfter,
  curveStepBefore,
  line as d3line,
  type CurveFactory,
} from 'd3-shape';
import {
  dateTimeFormat,
  FieldType,
  formattedValueToString,
  getDisplayValueAlignmentFactors,
  getFieldDisplayName,
  getFieldDisplayValues,
  getFieldSeriesColor,
  identityOverrideProcessor,
  PanelPlugin,
  renderTextPanelMarkdown,
  VizOrientation,
  type DataFrame,
  type Field,
  type FieldDisplay,
  type GrafanaTheme2,
  type PanelProps,
  type ReduceDataOptions,
} from '@grafana/data';
import {
  BarGauge,
  BarGaugeDisplayMode,
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  DataLinksContextMenu,
  useStyles2,
  useTheme2,
  VizRepeater,
  type VizRepeaterRenderValueProps,
} from '@grafana/ui';
import { TableNG } from '@grafana/ui/unstable';

type Options = Record<string, any>;
const NoEditor = () => null;

/** A PanelPlugin whose option and custom field-config defaults are Grafana's for that core panel. */
function corePanel(
  component: React.ComponentType<PanelProps<Options>>,
  name: string,
  options: Options,
  custom: Record<string, unknown>
): PanelPlugin {
  const plugin = new PanelPlugin<Options>(component)
    .setPanelOptions((builder) => {
      for (const [path, defaultValue] of Object.entries(options)) {
        builder.addCustomEditor({ id: path, path, name: path, editor: NoEditor, defaultValue });
      }
    })
    .useFieldConfig({
      useCustomConfig: (builder) => {
        for (const [path, defaultValue] of Object.entries(custom)) {
          builder.addCustomEditor({
            id: path,
            path,
            name: path,
            editor: NoEditor,
            override: NoEditor,
            process: identityOverrideProcessor,
            shouldApply: () => true,
            defaultValue,
          });
        }
      },
    });
  plugin.meta = { id: name, name, type: 'panel', info: { version: '' } } as never;
  return plugin;
}

const reduceDefaults: ReduceDataOptions = { values: false, calcs: ['lastNotNull'], fields: '' };

function withLinks(
  value: FieldDisplay,
  render: (onClick?: React.MouseEventHandler<HTMLElement>, className?: string) => React.ReactElement
) {
  if (!value.getLinks || !value.hasLinks) {
    return render();
  }
  return (
    <DataLinksContextMenu links={value.getLinks}>
      {(api) => render(api.openMenu as React.MouseEventHandler<HTMLElement> | undefined, api.targetClassName)}
    </DataLinksContextMenu>
  );
}

function StatPanel(props: PanelProps<Options>) {
  const { data, options, width, height, fieldConfig, replaceVariables, timeZone, renderCounter } = props;
  const theme = useTheme2();
  const getValues = () =>
    getFieldDisplayValues({
      fieldConfig,
      reduceOptions: options.reduceOptions,
      replaceVariables,
      theme,
      data: data.series,
      sparkline: options.graphMode !== 'none',
      percentChange: options.showPercentChange,
      timeZone,
    });
  const renderValue = ({
    value,
    width: w,
    height: h,
    alignmentFactors,
    count,
  }: VizRepeaterRenderValueProps<FieldDisplay, any>) =>
    withLinks(value, (onClick, className) => (
      <BigValue
        value={value.display}
        sparkline={value.sparkline}
        colorMode={options.colorMode as BigValueColorMode}
        graphMode={options.graphMode as BigValueGraphMode}
        justifyMode={options.justifyMode as BigValueJustifyMode}
        textMode={options.textMode as BigValueTextMode}
        alignmentFactors={alignmentFactors}
        text={options.text}
        width={w}
        height={h}
        theme={theme}
        count={count}
        hasLinks={Boolean(value.hasLinks)}
        onClick={onClick}
        className={className}
        disableWideLayout={!options.wideLayout}
        percentChangeColorMode={options.percentChangeColorMode}
      />
    ));
  return (
    <VizRepeater<FieldDisplay, any>
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderValue={renderValue}
      width={width}
      height={height}
      source={data}
      itemSpacing={3}
      renderCounter={renderCounter}
      autoGrid={true}
      orientation={options.orientation as VizOrientation}
      minVizWidth={options.minVizWidth}
      minVizHeight={options.minVizHeight}
    />
  );
}

function BarGaugePanel(props: PanelProps<Options>) {
  const { data, options, width, height, fieldConfig, replaceVariables, timeZone, renderCounter } = props;
  const theme = useTheme2();
  const getValues = () =>
    getFieldDisplayValues({
      fieldConfig,
      reduceOptions: options.reduceOptions,
      replaceVariables,
      theme,
      data: data.series,
      timeZone,
    });
  const manual = options.sizing === 'manual';
  const renderValue = ({
    value,
    width: w,
    height: h,
    alignmentFactors,
    orientation,
  }: VizRepeaterRenderValueProps<FieldDisplay, any>) =>
    withLinks(value, (onClick, className) => (
      <BarGauge
        value={value.display}
        field={value.field}
        display={value.display ? undefined : undefined}
        width={w}
        height={h}
        orientation={orientation}
        displayMode={options.displayMode as BarGaugeDisplayMode}
        showUnfilled={options.showUnfilled}
        valueDisplayMode={options.valueMode}
        namePlacement={options.namePlacement}
        text={options.text}
        itemSpacing={8}
        alignmentFactors={alignmentFactors}
        theme={theme}
        onClick={onClick}
        className={className}
      />
    ));
  return (
    <VizRepeater<FieldDisplay, any>
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderValue={renderValue}
      width={width}
      height={height}
      source={data}
      itemSpacing={8}
      renderCounter={renderCounter}
      autoGrid={false}
      orientation={options.orientation as VizOrientation}
      minVizWidth={manual ? options.minVizWidth : 8}
      minVizHeight={manual ? options.minVizHeight : (options.minVizHeight ?? 16)}
      maxVizHeight={options.maxVizHeight}
    />
  );
}

function TablePanel(props: PanelProps<Options>) {
  const { data, options, width, height, fieldConfig, timeRange, transparent } = props;
  const frames = data.series;
  if (!frames.length || frames.every((f) => f.length === 0)) {
    return <NoData text={fieldConfig.defaults.noValue} />;
  }
  // Grafana offers a frame picker when a query returns several frames; the first is what it shows first.
  return (
    <TableNG
      data={frames[0]}
      width={width}
      height={height}
      noHeader={options.showHeader === false}
      sortBy={options.sortBy}
      cellHeight={options.cellHeight}
      enablePagination={options.enablePagination}
      frozenColumns={options.frozenColumns?.left}
      maxRowHeight={options.maxRowHeight}
      fieldConfig={fieldConfig}
      timeRange={timeRange}
      transparent={transparent}
      structureRev={data.structureRev}
      noValue={fieldConfig.defaults.noValue}
    />
  );
}

function NoData({ text }: { text?: string }) {
  const s = useStyles2(getStyles);
  return <div className={s.noData}>{text || 'No data'}</div>;
}

function TextPanel(props: PanelProps<Options>) {
  const { options, replaceVariables } = props;
  const s = useStyles2(getStyles);
  const content = replaceVariables(String(options.content ?? ''), {}, 'html');
  const html = options.mode === 'html' ? content : renderTextPanelMarkdown(content);
  // The markdown renderer sanitizes, as Grafana's text panel does.
  return <div className={`markdown-html ${s.text}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

interface Series {
  field: Field;
  name: string;
  color: string;
  points: Array<[number, number | null]>;
}

function niceTicks(min: number, max: number, count: number): number[] {
  if (!isFinite(min) || !isFinite(max)) {
    return [];
  }
  if (min === max) {
    max = min + 1;
  }
  const raw = (max - min) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Math.round(v / step) * step);
  }
  return ticks;
}

function Legend({ items }: { items: Array<{ name: string; color: string }> }) {
  const s = useStyles2(getStyles);
  return (
    <div className={s.legend}>
      {items.map((i) => (
        <span key={i.name} className={s.legendItem}>
          <span className={s.legendSwatch} style={{ background: i.color }} />
          {i.name}
        </span>
      ))}
    </div>
  );
}

const LEGEND_HEIGHT = 22;

function TimeSeriesPanel(props: PanelProps<Options>) {
  const { data, options, width, height, timeRange, timeZone, fieldConfig } = props;
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const series: Series[] = useMemo(() => {
    const out: Series[] = [];
    for (const frame of data.series) {
      const time = frame.fields.find((f) => f.type === FieldType.time);
      if (!time) {
        continue;
      }
      for (const field of frame.fields) {
        if (field.type !== FieldType.number || field.config.custom?.hideFrom?.viz) {
          continue;
        }
        out.push({
          field,
          name: getFieldDisplayName(field, frame, data.series),
          color: getFieldSeriesColor(field, theme).color,
          points: time.values.map((t, i) => [Number(t), field.values[i] == null ? null : Number(field.values[i])]),
        });
      }
    }
    return out;
  }, [data.series, theme]);
  if (!series.length) {
    return <NoData text={fieldConfig.defaults.noValue} />;
  }
  const showLegend = options.legend?.showLegend !== false;
  const plotH = height - (showLegend ? LEGEND_HEIGHT : 0);
  if (width < 60 || plotH < 40) {
    return null;
  }
  const stacked = series.some((x) => x.field.config.custom?.stacking?.mode === 'normal');
  const x0 = timeRange.from.valueOf();
  const x1 = timeRange.to.valueOf();
  const values = series.flatMap((x) => x.points.map((p) => p[1]).filter((v): v is number => v !== null));
  let yMin = Math.min(0, ...values.filter(() => !stacked));
  let yMax = stacked
    ? Math.max(...series[0].points.map((_, i) => series.reduce((sum, x) => sum + (x.points[i]?.[1] ?? 0), 0)))
    : Math.max(...values);
  const cfg = series[0].field.config;
  yMin = cfg.min ?? cfg.custom?.axisSoftMin ?? (stacked ? 0 : Math.min(yMin, ...values));
  yMax = cfg.max ?? Math.max(yMax, cfg.custom?.axisSoftMax ?? -Infinity);
  if (yMax <= yMin) {
    yMax = yMin + 1;
  }
  const ticks = niceTicks(yMin, yMax, Math.max(2, Math.floor(plotH / 40)));
  const fmt = (v: number) => formattedValueToString(series[0].field.display!(v));
  const left = Math.max(...ticks.map((t) => fmt(t).length)) * 7 + 10;
  const bottom = 22;
  const w = Math.max(10, width - left - 8);
  const h = Math.max(10, plotH - bottom - 6);
  const sx = (t: number) => left + ((t - x0) / (x1 - x0)) * w;
  const sy = (v: number) => 6 + h - ((v - yMin) / (yMax - yMin)) * h;
  const xTicks = niceTimeTicks(x0, x1, Math.max(2, Math.floor(w / 110)));
  const annotations = (data.annotations ?? []).flatMap((frame) => annotationMarks(frame, theme));
  const cumulative = series[0].points.map(() => 0);
  return (
    <div style={{ width, height }}>
      <svg width={width} height={plotH} className={s.chart}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={left + w} y1={sy(t)} y2={sy(t)} className={s.grid} />
            <text x={left - 6} y={sy(t) + 4} textAnchor="end" className={s.axis}>
              {fmt(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <g key={t}>
            <line x1={sx(t)} x2={sx(t)} y1={6} y2={6 + h} className={s.grid} />
            <text x={sx(t)} y={6 + h + 16} textAnchor="middle" className={s.axis}>
              {dateTimeFormat(t, { format: x1 - x0 > 2 * 86400_000 ? 'MM/DD' : 'HH:mm', timeZone })}
            </text>
          </g>
        ))}
        {series.map((x) => {
          const custom = x.field.config.custom ?? {};
          // [time, top, bottom]: stacked series sit on the ones before them.
          const pts = x.points.map(([t, v], i): [number, number | null, number] => {
            const base = stacked ? cumulative[i] : Math.max(yMin, 0);
            if (v === null) {
              return [t, null, base];
            }
            if (stacked) {
              cumulative[i] += v;
            }
            return [t, stacked ? v + base : v, base];
          });
          const curve: CurveFactory | undefined =
            custom.lineInterpolation === 'smooth'
              ? curveMonotoneX
              : custom.lineInterpolation === 'stepAfter'
                ? curveStepAfter
                : custom.lineInterpolation === 'stepBefore'
                  ? curveStepBefore
                  : undefined;
          const gen = d3line<[number, number | null, number]>()
            .defined((p) => p[1] !== null)
            .x((p) => sx(p[0]))
            .y((p) => sy(p[1]!));
          const areaGen = d3area<[number, number | null, number]>()
            .defined((p) => p[1] !== null)
            .x((p) => sx(p[0]))
            .y0((p) => sy(p[2]))
            .y1((p) => sy(p[1]!));
          if (curve) {
            gen.curve(curve);
            areaGen.curve(curve);
          }
          const path = gen(pts) ?? '';
          const fill = Number(custom.fillOpacity ?? 0) / 100;
          const single = pts.filter((p) => p[1] !== null).length === 1;
          return (
            <g key={x.name}>
              {fill > 0 && path && <path d={areaGen(pts) ?? ''} fill={x.color} opacity={fill} />}
              <path d={path} stroke={x.color} strokeWidth={custom.lineWidth ?? 1} fill="none" />
              {(single || custom.showPoints === 'always') &&
                pts
                  .filter((p) => p[1] !== null)
                  .map((p) => <circle key={p[0]} cx={sx(p[0])} cy={sy(p[1]!)} r={3} fill={x.color} />)}
            </g>
          );
        })}
        {annotations
          .filter((a) => a.time >= x0 && a.time <= x1)
          .map((a, i) => (
            <g key={i}>
              <title>{a.title}</title>
              <line
                x1={sx(a.time)}
                x2={sx(a.time)}
                y1={6}
                y2={6 + h}
                stroke={a.color}
                strokeDasharray="3 3"
                opacity={0.7}
              />
              <path
                d={`M${sx(a.time) - 4},${6 + h + 6}L${sx(a.time) + 4},${6 + h + 6}L${sx(a.time)},${6 + h}Z`}
                fill={a.color}
              />
            </g>
          ))}
      </svg>
      {showLegend && <Legend items={series.map((x) => ({ name: x.name, color: x.color }))} />}
    </div>
  );
}

function annotationMarks(
  frame: DataFrame,
  theme: GrafanaTheme2
): Array<{ time: number; title: string; color: string }> {
  const time = frame.fields.find((f) => f.name === 'time') ?? frame.fields.find((f) => f.type === FieldType.time);
  if (!time) {
    return [];
  }
  const title = frame.fields.find((f) => f.name === 'title') ?? frame.fields.find((f) => f.name === 'text');
  const colorField = frame.fields.find((f) => f.name === 'color');
  const frameColor = (frame.meta?.custom as { color?: string } | undefined)?.color;
  return time.values.map((t, i) => ({
    time: Number(t),
    title: String(title?.values[i] ?? ''),
    color: theme.visualization.getColorByName(String(colorField?.values[i] ?? frameColor ?? 'orange')),
  }));
}

function niceTimeTicks(from: number, to: number, count: number): number[] {
  const steps = [
    3600_000,
    6 * 3600_000,
    12 * 3600_000,
    86400_000,
    2 * 86400_000,
    7 * 86400_000,
    14 * 86400_000,
    30 * 86400_000,
  ];
  const step = steps.find((s) => (to - from) / s <= count) ?? steps[steps.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    ticks.push(t);
  }
  return ticks;
}

function BarChartPanel(props: PanelProps<Options>) {
  const { data, options, width, height, fieldConfig } = props;
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const frame = data.series[0];
  if (!frame || frame.length === 0) {
    return <NoData text={fieldConfig.defaults.noValue} />;
  }
  const xField =
    frame.fields.find((f) => f.name === options.xField) ??
    frame.fields.find((f) => f.type === FieldType.string || f.type === FieldType.time) ??
    frame.fields[0];
  const valueFields = frame.fields.filter(
    (f) => f !== xField && f.type === FieldType.number && !f.config.custom?.hideFrom?.viz
  );
  const colorBy = options.colorByField ? frame.fields.find((f) => f.name === options.colorByField) : undefined;
  const horizontal = options.orientation === 'horizontal';
  const showLegend = options.legend?.showLegend !== false && valueFields.length > 0;
  const plotH = height - (showLegend ? LEGEND_HEIGHT : 0);
  if (width < 60 || plotH < 40) {
    return null;
  }
  const categories = xField.values.map((v) => (xField.display ? formattedValueToString(xField.display(v)) : String(v)));
  const max = Math.max(1, ...valueFields.flatMap((f) => f.values.map(Number).filter(isFinite)));
  const fmtValue = (f: Field, v: number) => formattedValueToString(f.display!(v));
  const catSpace = horizontal ? Math.min(180, Math.max(...categories.map((c) => c.length)) * 7 + 12) : 22;
  const pad = 8;
  const plotW = width - (horizontal ? catSpace : 36) - pad;
  const plotHeight = plotH - (horizontal ? 0 : catSpace) - pad;
  const n = categories.length;
  const band = (horizontal ? plotHeight : plotW) / n;
  const groupW = band * (options.groupWidth ?? 0.7);
  const barW = Math.max(0, (groupW / Math.max(1, valueFields.length)) * (options.barWidth ?? 0.97));
  const scale = (v: number) => (v / max) * Math.max(0, (horizontal ? plotW : plotHeight) - 30);
  const colorOf = (f: Field, i: number) => {
    const src = colorBy ?? f;
    return src.display?.(src.values[i]).color ?? getFieldSeriesColor(f, theme).color;
  };
  return (
    <div style={{ width, height }}>
      <svg width={width} height={plotH} className={s.chart}>
        {categories.map((cat, i) => {
          const start = (horizontal ? pad : 36) + i * band + (band - groupW) / 2;
          return (
            <g key={`${cat}-${i}`}>
              {valueFields.map((f, j) => {
                const v = Number(f.values[i] ?? 0);
                const len = Math.max(0, scale(v));
                const pos = start + j * (groupW / valueFields.length);
                const label = options.showValue !== 'never' && (
                  <text
                    className={s.value}
                    x={horizontal ? catSpace + len + 4 : pos + barW / 2}
                    y={horizontal ? pos + barW / 2 + 4 : plotHeight + pad - len - 4}
                    textAnchor={horizontal ? 'start' : 'middle'}
                  >
                    {fmtValue(f, v)}
                  </text>
                );
                return horizontal ? (
                  <g key={f.name}>
                    <rect x={catSpace} y={pos} width={len} height={barW} fill={colorOf(f, i)} rx={2} />
                    {label}
                  </g>
                ) : (
                  <g key={f.name}>
                    <rect x={pos} y={plotHeight + pad - len} width={barW} height={len} fill={colorOf(f, i)} rx={2} />
                    {label}
                  </g>
                );
              })}
              <text
                className={s.axis}
                x={horizontal ? catSpace - 6 : start + groupW / 2}
                y={horizontal ? start + groupW / 2 + 4 : plotHeight + pad + 16}
                textAnchor={horizontal ? 'end' : 'middle'}
              >
                {cat}
              </text>
            </g>
          );
        })}
      </svg>
      {showLegend && (
        <Legend
          items={valueFields.map((f) => ({
            name: getFieldDisplayName(f, frame, data.series),
            color: getFieldSeriesColor(f, theme).color,
          }))}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  noData: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    color: theme.colors.text.secondary,
  }),
  text: css({ height: '100%', overflow: 'auto' }),
  chart: css({ display: 'block', overflow: 'hidden' }),
  grid: css({ stroke: theme.colors.border.weak, strokeWidth: 1 }),
  axis: css({ fill: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  value: css({ fill: theme.colors.text.primary, fontSize: theme.typography.bodySmall.fontSize }),
  legend: css({
    height: LEGEND_HEIGHT,
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'center',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  legendItem: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.75) }),
  legendSwatch: css({ width: 14, height: 4, borderRadius: 2, display: 'inline-block' }),
});

const legend = { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] };
const graphCustom = {
  drawStyle: 'line',
  lineWidth: 1,
  fillOpacity: 0,
  gradientMode: 'none',
  lineInterpolation: 'linear',
  showPoints: 'auto',
  pointSize: 5,
  spanNulls: false,
  axisPlacement: 'auto',
  axisSoftMin: undefined,
  axisSoftMax: undefined,
  stacking: { mode: 'none', group: 'A' },
  thresholdsStyle: { mode: 'off' },
  hideFrom: { viz: false, legend: false, tooltip: false },
};

/** The core panel types the harness approximates, keyed by Grafana's type id. */
export const CORE_PANELS: Record<string, () => PanelPlugin> = {
  table: () =>
    corePanel(
      TablePanel,
      'table',
      { showHeader: true, cellHeight: 'sm', enablePagination: false, sortBy: [] },
      {
        align: 'auto',
        cellOptions: { type: 'auto' },
        inspect: false,
        filterable: undefined,
        width: undefined,
        minWidth: undefined,
        wrapText: undefined,
        hidden: undefined,
        hideFrom: undefined,
        // TableNG hides a column on custom.hideFrom.viz; the table panel's "Hide in table" override sets it.
        'hideFrom.viz': undefined,
        footer: undefined,
      }
    ),
  stat: () =>
    corePanel(
      StatPanel,
      'stat',
      {
        reduceOptions: reduceDefaults,
        orientation: VizOrientation.Auto,
        textMode: 'auto',
        wideLayout: true,
        colorMode: 'value',
        graphMode: 'area',
        justifyMode: 'auto',
        showPercentChange: false,
        percentChangeColorMode: 'standard',
      },
      {}
    ),
  bargauge: () =>
    corePanel(
      BarGaugePanel,
      'bargauge',
      {
        reduceOptions: reduceDefaults,
        orientation: VizOrientation.Auto,
        displayMode: 'gradient',
        valueMode: 'color',
        namePlacement: 'auto',
        showUnfilled: true,
        sizing: 'auto',
        minVizWidth: 8,
        minVizHeight: 16,
        maxVizHeight: 300,
      },
      {}
    ),
  timeseries: () =>
    corePanel(TimeSeriesPanel, 'timeseries', { legend, tooltip: { mode: 'single', sort: 'none' } }, graphCustom),
  barchart: () =>
    corePanel(
      BarChartPanel,
      'barchart',
      {
        orientation: 'auto',
        xTickLabelRotation: 0,
        xTickLabelSpacing: 0,
        showValue: 'auto',
        stacking: 'none',
        groupWidth: 0.7,
        barWidth: 0.97,
        barRadius: 0,
        fullHighlight: false,
        legend,
        tooltip: { mode: 'single', sort: 'none' },
      },
      {
        lineWidth: 1,
        fillOpacity: 80,
        gradientMode: 'none',
        axisSoftMin: undefined,
        hideFrom: undefined,
        axisPlacement: 'auto',
      }
    ),
  text: () => corePanel(TextPanel, 'text', { mode: 'markdown', content: '' }, {}),
};
