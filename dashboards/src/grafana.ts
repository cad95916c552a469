/**
 * Typed builders for Grafana's classic dashboard JSON model (schemaVersion 41), so that the ten TVM
 * dashboards are written as data and the committed JSON never drifts from one dashboard to the next.
 * Only documented fields of the model are produced; everything a panel does not set is left to
 * Grafana's defaults.
 */
import {
  DashboardCursorSync,
  FieldColorModeId,
  MappingType,
  ThresholdsMode,
  VariableHide,
  VariableRefresh,
  VariableSort,
  type AnnotationQuery,
  type Dashboard,
  type DashboardLink,
  type DataSourceRef,
  type DataTransformerConfig,
  type FieldColor,
  type FieldConfigSource,
  type GridPos,
  type Panel,
  type RowPanel,
  type ThresholdsConfig,
  type ValueMapping,
  type VariableModel,
} from '@grafana/schema';
import { DASHBOARD_UIDS, PLUGIN_IDS, PROVISIONED_DATASOURCE_UID, type DashboardKey } from '../../src/constants';
import type { TvmQuery, TvmVariableQuery } from '../../src/datasource/types';

export const SCHEMA_VERSION = 41;

/** Every TVM panel, query and variable reads the provisioned data source by its fixed uid: no `__inputs`. */
export const TVM_DATASOURCE: DataSourceRef = { type: PLUGIN_IDS.datasource, uid: PROVISIONED_DATASOURCE_UID };
const GRAFANA_DATASOURCE: DataSourceRef = { type: 'grafana', uid: '-- Grafana --' };

// ------------------------------------------------------------------------------------------- queries

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** One TVM query as a panel states it; `refId` and the data source are filled in by `targets`. */
export type QuerySpec = DistributiveOmit<TvmQuery, 'refId' | 'datasource'>;
export type Target = QuerySpec & { refId: string; datasource: DataSourceRef };

export function targets(queries: QuerySpec[]): Target[] {
  return queries.map((q, i) => ({ refId: String.fromCharCode(65 + i), datasource: TVM_DATASOURCE, ...q }));
}

// ------------------------------------------------------------------------------------- field config

/** A data link as the field config stores it (`@grafana/data` DataLink, the part a dashboard sets). */
export interface DataLink {
  title: string;
  url: string;
  targetBlank?: boolean;
}

export type CellOptions =
  | { type: 'auto' }
  | { type: 'color-text' }
  | { type: 'color-background'; mode?: 'basic' | 'gradient'; applyToRow?: boolean }
  | { type: 'gauge'; mode?: 'basic' | 'gradient' | 'lcd'; valueDisplayMode?: 'color' | 'text' | 'hidden' }
  | { type: 'pill' };

/** How one frame field looks in a table (or any panel that honours field overrides). */
export interface FieldStyle {
  displayName?: string;
  description?: string;
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  /**
   * Scale by this field's own minimum and maximum. Without it Grafana scales a field with no `max` (a gauge
   * cell, a bar) by the range of every number in the frame, so an impact of 5 next to a device count of 250
   * draws as an empty bar.
   */
  fieldMinMax?: boolean;
  thresholds?: ThresholdsConfig;
  mappings?: ValueMapping[];
  color?: FieldColor;
  links?: DataLink[];
  noValue?: string;
  /** Table-only options. */
  width?: number;
  minWidth?: number;
  align?: 'auto' | 'left' | 'center' | 'right';
  cell?: CellOptions;
  wrapText?: boolean;
  /** Kept in the frame (data links read it) but not drawn. */
  hidden?: boolean;
}

export interface Column extends FieldStyle {
  /** The frame field's name, exactly as the data source returns it (the API's property name). */
  field: string;
}

type OverrideProperty = { id: string; value?: unknown };
type Override = FieldConfigSource['overrides'][number];

/** Field-config override for one field, by name; properties in a stable order. */
export function fieldOverride(field: string, style: FieldStyle): Override | null {
  const props: OverrideProperty[] = [];
  const put = (id: string, value: unknown) => value !== undefined && props.push({ id, value });
  // The data source's field config wins over panel defaults (they only fill gaps); overrides win over both.
  put('displayName', style.displayName);
  put('description', style.description);
  put('unit', style.unit);
  put('decimals', style.decimals);
  put('min', style.min);
  put('max', style.max);
  put('fieldMinMax', style.fieldMinMax);
  put('thresholds', style.thresholds);
  put('mappings', style.mappings);
  put('color', style.color);
  put('noValue', style.noValue);
  // Override arrays are merged with the field's own: clear the data source's default links first, so the
  // panel's links replace them instead of showing twice in the link menu.
  put('links', style.links ? null : undefined);
  put('links', style.links);
  put('custom.width', style.width);
  put('custom.minWidth', style.minWidth);
  put('custom.align', style.align);
  put('custom.cellOptions', style.cell);
  put('custom.wrapText', style.wrapText);
  // Grafana 12+ tables hide a column with hideFrom.viz; the field stays available to data links.
  put('custom.hideFrom.viz', style.hidden ? true : undefined);
  return props.length > 0 ? { matcher: { id: 'byName', options: field }, properties: props } : null;
}

export function overrides(columns: Column[]): Override[] {
  return columns.map((c) => fieldOverride(c.field, c)).filter((o): o is Override => o !== null);
}

/** Threshold steps from a base colour and `[value, colour]` pairs; the base step is `null` (−∞) in JSON. */
export function steps(base: string, ...rest: Array<[number, string]>): ThresholdsConfig {
  return {
    mode: ThresholdsMode.Absolute,
    steps: [{ color: base, value: null }, ...rest.map(([value, color]) => ({ color, value }))],
  };
}

/** Value → text/colour mappings for a string or boolean field (booleans match "true"/"false"). */
export function valueMap(entries: Record<string, { text?: string; color?: string }>): ValueMapping {
  return {
    type: MappingType.ValueToText,
    options: Object.fromEntries(Object.entries(entries).map(([k, v], index) => [k, { ...v, index }])),
  };
}

/** Numbers in [from, to] read as `text`. */
export function rangeMap(from: number, to: number, text: string, color?: string): ValueMapping {
  return { type: MappingType.RangeToText, options: { from, to, result: { text, ...(color ? { color } : {}) } } };
}

export function regexMap(pattern: string, text: string, color?: string): ValueMapping {
  return { type: MappingType.RegexToText, options: { pattern, result: { text, ...(color ? { color } : {}) } } };
}

export const fixedColor = (color: string): FieldColor => ({ mode: FieldColorModeId.Fixed, fixedColor: color });
export const thresholdColor: FieldColor = { mode: FieldColorModeId.Thresholds };
const paletteColor: FieldColor = { mode: FieldColorModeId.PaletteClassic };

// -------------------------------------------------------------------------------------------- panels

/** A panel before layout: ids and grid positions are assigned by `grid`. */
export type PanelSpec = Omit<Panel, 'id' | 'gridPos'>;

interface PanelCommon {
  title: string;
  description?: string;
  queries: QuerySpec[];
  /** A relative range that replaces the dashboard's for this panel, e.g. "7d". */
  timeFrom?: string;
}

function base(type: string, spec: PanelCommon): PanelSpec {
  return {
    type,
    title: spec.title,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.timeFrom ? { timeFrom: spec.timeFrom } : {}),
    datasource: TVM_DATASOURCE,
    targets: targets(spec.queries),
  };
}

/**
 * Keep only these fields (matched by frame field name), so a data source that adds fields later does not
 * add columns. Columns keep the data source's order: `organize` would have to key its order by the display
 * names the data source sets, which the dashboards should not depend on.
 */
export function keepFields(names: string[]): DataTransformerConfig[] {
  return [{ id: 'filterFieldsByName', options: { include: { names } } }];
}

/**
 * Drops every frame but the one named `name`, for a query that returns several named frames. The
 * transformation runs only on the other frames (its frame `filter`) and excludes them all.
 */
export function onlyFrame(name: string): DataTransformerConfig {
  return {
    id: 'filterByRefId',
    filter: { id: 'byName', options: `/^(?!${escapeRegex(name)}$)/` },
    options: { exclude: '/.*/' },
  };
}

export interface TableSpec extends PanelCommon {
  columns: Column[];
  /**
   * What the panel says when the list is empty, in the user's terms ("No exposed devices in these device
   * groups"): every list can be empty, and Grafana's bare "No data" reads like a failure.
   */
  noValue: string;
  /** Initial sort, by a column's field name. */
  sortBy?: { field: string; desc: boolean };
  cellHeight?: 'sm' | 'md' | 'lg';
  pagination?: boolean;
  /** Transformations before the column selection, e.g. a calculated column (list it in `columns`). */
  calculate?: DataTransformerConfig[];
}

export function table(spec: TableSpec): PanelSpec {
  const sort = spec.sortBy;
  const sortColumn = sort ? spec.columns.find((c) => c.field === sort.field) : undefined;
  if (sort && !sortColumn) {
    throw new Error(`table "${spec.title}": sortBy ${sort.field} is not one of its columns`);
  }
  return {
    ...base('table', spec),
    options: {
      showHeader: true,
      cellHeight: spec.cellHeight ?? 'sm',
      enablePagination: spec.pagination ?? false,
      ...(sort && sortColumn
        ? { sortBy: [{ displayName: sortColumn.displayName ?? sort.field, desc: sort.desc }] }
        : {}),
    },
    fieldConfig: {
      defaults: {
        // A header longer than its column wraps onto a second line instead of losing its end.
        custom: {
          align: 'auto',
          cellOptions: { type: 'auto' },
          inspect: false,
          filterable: false,
          wrapHeaderText: true,
        },
        color: thresholdColor,
        thresholds: steps('text'),
        mappings: [],
        noValue: spec.noValue,
      },
      // Grafana also prints the defaults' noValue in every empty cell of a field without its own: each drawn
      // column gets its own, blank unless the column says otherwise ("No fix known").
      overrides: overrides(spec.columns.map((c) => (c.hidden ? c : { noValue: '', ...c }))),
    },
    transformations: [...(spec.calculate ?? []), ...keepFields(spec.columns.map((c) => c.field))],
  };
}

export interface StatSpec extends PanelCommon {
  /** The field(s) to show, by frame field name. */
  field: string | string[];
  /** Show text fields too (a level, a status), not only numbers. */
  text?: boolean;
  /** For a query that returns several named frames: the frame to read. */
  frame?: string;
  /** Reducer: the last value of a one-row frame, or a count of rows. */
  calc?: 'lastNotNull' | 'count' | 'sum' | 'max';
  style?: FieldStyle;
  colorMode?: 'value' | 'background' | 'none';
  graphMode?: 'none' | 'area';
  textMode?: 'auto' | 'value' | 'value_and_name' | 'name' | 'none';
  justifyMode?: 'auto' | 'center';
  /** Per-field styles when the panel shows several fields. */
  fields?: Column[];
}

export function stat(spec: StatSpec): PanelSpec {
  const style = spec.style ?? {};
  const names = typeof spec.field === 'string' ? [spec.field] : spec.field;
  return {
    ...base('stat', spec),
    options: {
      reduceOptions: {
        values: false,
        calcs: [spec.calc ?? 'lastNotNull'],
        // The transformations leave only the wanted fields; '' = the numeric ones.
        fields: spec.text ? '/.*/' : '',
      },
      orientation: 'auto',
      textMode: spec.textMode ?? 'auto',
      colorMode: spec.colorMode ?? 'value',
      graphMode: spec.graphMode ?? 'none',
      justifyMode: spec.justifyMode ?? 'auto',
      wideLayout: true,
      showPercentChange: false,
    },
    fieldConfig: {
      defaults: fieldDefaults(style),
      overrides: overrides([...names.map((field) => ({ field, ...style })), ...(spec.fields ?? [])]),
    },
    transformations: [...(spec.frame ? [onlyFrame(spec.frame)] : []), ...keepFields(names)],
  };
}

function fieldDefaults(style: FieldStyle) {
  return {
    ...(style.displayName !== undefined ? { displayName: style.displayName } : {}),
    ...(style.unit !== undefined ? { unit: style.unit } : {}),
    ...(style.decimals !== undefined ? { decimals: style.decimals } : {}),
    ...(style.min !== undefined ? { min: style.min } : {}),
    ...(style.max !== undefined ? { max: style.max } : {}),
    ...(style.noValue !== undefined ? { noValue: style.noValue } : {}),
    color: style.color ?? thresholdColor,
    thresholds: style.thresholds ?? steps('text'),
    mappings: style.mappings ?? [],
  };
}

export interface TimeSeriesSpec extends PanelCommon {
  fields: Column[];
  style?: FieldStyle;
  stacking?: 'none' | 'normal';
  fillOpacity?: number;
  thresholdsStyle?: 'off' | 'area' | 'line' | 'line+area' | 'dashed+area';
  legend?: 'list' | 'hidden';
}

export function timeseries(spec: TimeSeriesSpec): PanelSpec {
  const style = spec.style ?? {};
  return {
    ...base('timeseries', spec),
    options: {
      legend: { showLegend: spec.legend !== 'hidden', displayMode: 'list', placement: 'bottom', calcs: [] },
      tooltip: { mode: spec.stacking === 'normal' ? 'multi' : 'single', sort: 'none' },
    },
    fieldConfig: {
      defaults: {
        ...fieldDefaults(style),
        color: style.color ?? paletteColor,
        custom: {
          drawStyle: 'line',
          lineInterpolation: 'stepAfter',
          lineWidth: 2,
          fillOpacity: spec.fillOpacity ?? 10,
          gradientMode: 'none',
          showPoints: 'never',
          spanNulls: true,
          stacking: { mode: spec.stacking ?? 'none', group: 'A' },
          axisPlacement: 'auto',
          axisSoftMin: 0,
          thresholdsStyle: { mode: spec.thresholdsStyle ?? 'off' },
        },
      },
      overrides: overrides(spec.fields.map((f) => ({ ...style, ...f }))),
    },
    transformations: keepFields(['time', ...spec.fields.map((f) => f.field)]),
  };
}

export interface BarChartSpec extends PanelCommon {
  /** The category axis (a string field) and how its values read. */
  xField: string;
  xStyle?: FieldStyle;
  fields: Column[];
  orientation?: 'auto' | 'horizontal' | 'vertical';
  /** Colour each bar by this field's mapped/threshold colour. */
  colorByField?: string;
  style?: FieldStyle;
  showValue?: 'auto' | 'always' | 'never';
  /** For a query that returns several named frames: the frame to chart. */
  frame?: string;
  /** Minimum px between category labels, so that many categories (weeks) do not print over each other. */
  xTickLabelSpacing?: number;
}

export function barchart(spec: BarChartSpec): PanelSpec {
  const style = spec.style ?? {};
  return {
    ...base('barchart', spec),
    options: {
      xField: spec.xField,
      orientation: spec.orientation ?? 'auto',
      showValue: spec.showValue ?? 'auto',
      stacking: 'none',
      groupWidth: 0.7,
      barWidth: 0.8,
      barRadius: 0.05,
      xTickLabelRotation: 0,
      xTickLabelSpacing: spec.xTickLabelSpacing ?? 0,
      fullHighlight: false,
      ...(spec.colorByField ? { colorByField: spec.colorByField } : {}),
      legend: { showLegend: spec.fields.length > 1, displayMode: 'list', placement: 'bottom', calcs: [] },
      tooltip: { mode: 'single', sort: 'none' },
    },
    fieldConfig: {
      defaults: {
        ...fieldDefaults(style),
        color: style.color ?? paletteColor,
        custom: { fillOpacity: 80, gradientMode: 'none', lineWidth: 1, axisSoftMin: 0 },
      },
      overrides: overrides([
        ...(spec.xStyle ? [{ field: spec.xField, ...spec.xStyle }] : []),
        ...spec.fields.map((f) => ({ ...style, ...f })),
      ]),
    },
    transformations: [
      ...(spec.frame ? [onlyFrame(spec.frame)] : []),
      ...keepFields([spec.xField, ...spec.fields.map((f) => f.field)]),
    ],
  };
}

export interface BarGaugeSpec extends PanelCommon {
  /** The label field (string) and the value field (number) of each row. */
  labelField: string;
  valueField: string;
  labelStyle?: FieldStyle;
  style?: FieldStyle;
  displayMode?: 'basic' | 'gradient' | 'lcd';
  orientation?: 'horizontal' | 'vertical';
  limit?: number;
  /** Fixed text sizes in px: large for a wall display read from across the room, small for many bars. */
  textSize?: { title: number; value: number };
  /** Row names above their bars (long names) or left of them (short names, many rows: each bar gets the height). */
  namePlacement?: 'top' | 'left';
  /** Tallest bar in px: a few rows otherwise stretch into blocks that fill the panel. */
  maxBarHeight?: number;
}

export function bargauge(spec: BarGaugeSpec): PanelSpec {
  // Each bar is titled with the value field's display name. The data source names the field ("Exposure score"),
  // which would title every bar alike; a `${__data.fields.x}` name is read per row, so each bar carries its
  // row's label (as the label field displays it, value mappings included).
  const style: FieldStyle = { displayName: `\${__data.fields.${spec.labelField}}`, ...spec.style };
  return {
    ...base('bargauge', spec),
    options: {
      // One bar per row, named by the row's label field (the only other field kept).
      reduceOptions: { values: true, calcs: [], fields: '', limit: spec.limit ?? 50 },
      orientation: spec.orientation ?? 'horizontal',
      displayMode: spec.displayMode ?? 'basic',
      valueMode: 'color',
      namePlacement: spec.namePlacement ?? 'top',
      showUnfilled: true,
      sizing: 'auto',
      minVizWidth: 8,
      minVizHeight: 16,
      maxVizHeight: spec.maxBarHeight ?? 300,
      ...(spec.textSize ? { text: { titleSize: spec.textSize.title, valueSize: spec.textSize.value } } : {}),
    },
    fieldConfig: {
      // The per-row name belongs to the value field only: the label field keeps the name it has.
      defaults: fieldDefaults({ ...style, displayName: undefined }),
      overrides: overrides([
        ...(spec.labelStyle ? [{ field: spec.labelField, ...spec.labelStyle }] : []),
        { field: spec.valueField, ...style },
      ]),
    },
    transformations: keepFields([spec.labelField, spec.valueField]),
  };
}

/** One of the app's own panels (exposure score, secure score, device exposure); field config is the data source's. */
export function tvmPanel(
  type: (typeof PLUGIN_IDS)['exposureScorePanel' | 'secureScorePanel' | 'deviceExposurePanel'],
  spec: PanelCommon & { options: Record<string, unknown> }
): PanelSpec {
  return {
    ...base(type, spec),
    options: spec.options,
    fieldConfig: { defaults: {}, overrides: [] },
  };
}

export function text(title: string, markdown: string, transparent = true): PanelSpec {
  return {
    type: 'text',
    title,
    ...(transparent ? { transparent: true } : {}),
    options: { mode: 'markdown', content: markdown, code: { language: 'plaintext', showLineNumbers: false } },
  };
}

// -------------------------------------------------------------------------------------------- layout

export interface GridRow {
  /** Height in grid units (30 px each, plus 8 px gutters). */
  h: number;
  /** Panels left to right, with their widths in columns (24 per row). */
  cells: Array<[w: number, panel: PanelSpec]>;
}
export type LayoutItem = GridRow | { row: string };

export const GRID_COLUMNS = 24;

/** Places panels row by row; ids follow the reading order, so a panel keeps its id when others move. */
export function grid(items: LayoutItem[]): Array<Panel | RowPanel> {
  const out: Array<Panel | RowPanel> = [];
  let y = 0;
  let id = 1;
  for (const item of items) {
    if ('row' in item) {
      const pos: GridPos = { h: 1, w: GRID_COLUMNS, x: 0, y };
      out.push({ type: 'row', id: id++, title: item.row, collapsed: false, gridPos: pos, panels: [] });
      y += 1;
      continue;
    }
    let x = 0;
    for (const [w, panel] of item.cells) {
      if (x + w > GRID_COLUMNS) {
        throw new Error(`panel "${panel.title}" does not fit: x ${x} + w ${w} > ${GRID_COLUMNS}`);
      }
      out.push({ ...panel, id: id++, gridPos: { h: item.h, w, x, y } });
      x += w;
    }
    y += item.h;
  }
  return out;
}

// ----------------------------------------------------------------------------------------- variables

const EMPTY = { selected: false, text: '', value: '' };
const ALL = { selected: true, text: ['All'], value: ['$__all'] };

interface VariableCommon {
  name: string;
  label: string;
  description?: string;
  hide?: VariableHide;
}

export function queryVariable(
  spec: VariableCommon & { query: TvmVariableQuery; multi?: boolean; includeAll?: boolean }
): VariableModel {
  const multi = spec.multi ?? false;
  const includeAll = spec.includeAll ?? false;
  return {
    type: 'query',
    name: spec.name,
    label: spec.label,
    ...(spec.description ? { description: spec.description } : {}),
    datasource: TVM_DATASOURCE,
    query: { ...spec.query },
    refresh: VariableRefresh.onDashboardLoad,
    regex: '',
    sort: VariableSort.alphabeticalCaseInsensitiveAsc,
    multi,
    includeAll,
    current: includeAll ? ALL : EMPTY,
    options: [],
    hide: spec.hide ?? VariableHide.dontHide,
  };
}

export function customVariable(
  spec: VariableCommon & { values: Array<{ value: string; text?: string }>; multi?: boolean; includeAll?: boolean }
): VariableModel {
  const includeAll = spec.includeAll ?? true;
  return {
    type: 'custom',
    name: spec.name,
    label: spec.label,
    ...(spec.description ? { description: spec.description } : {}),
    // "text : value" pairs, Grafana's custom-variable syntax.
    query: spec.values.map((v) => (v.text && v.text !== v.value ? `${v.text} : ${v.value}` : v.value)).join(','),
    multi: spec.multi ?? true,
    includeAll,
    current: includeAll ? ALL : EMPTY,
    options: [],
    hide: spec.hide ?? VariableHide.dontHide,
  };
}

export function textVariable(spec: VariableCommon): VariableModel {
  return {
    type: 'textbox',
    name: spec.name,
    label: spec.label,
    ...(spec.description ? { description: spec.description } : {}),
    query: '',
    current: { text: '', value: '' },
    options: [],
    hide: spec.hide ?? VariableHide.dontHide,
  };
}

export { VariableHide };

// --------------------------------------------------------------------------------------- dashboards

export const DASHBOARD_TAG = 'tvm';

/** The key of a dashboard file (`dashboards/<key>.json`): its uid without the `tvm-` prefix. */
export function fileKeyOf(key: DashboardKey): string {
  return DASHBOARD_UIDS[key].replace(/^tvm-/, '');
}

/** Grafana's URL slug for a title (lower case, runs of other characters become one dash). */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface DashboardSpec {
  key: DashboardKey;
  title: string;
  description: string;
  variables: VariableModel[];
  panels: LayoutItem[];
  refresh?: string;
  time?: { from: string; to: string };
  /** Extra annotation queries next to Grafana's built-in one. */
  annotations?: AnnotationQuery[];
  hideTimePicker?: boolean;
  graphTooltip?: DashboardCursorSync;
}

/** The row of links to every other TVM dashboard, keeping the time range and the variables. */
export const TVM_LINKS: DashboardLink = {
  title: 'TVM',
  type: 'dashboards',
  tags: [DASHBOARD_TAG],
  asDropdown: true,
  keepTime: true,
  includeVars: true,
  icon: 'external link',
  targetBlank: false,
  tooltip: 'Threat & vulnerability management dashboards',
  url: '',
};

const BUILT_IN_ANNOTATIONS: AnnotationQuery = {
  builtIn: 1,
  datasource: GRAFANA_DATASOURCE,
  enable: true,
  hide: true,
  iconColor: 'rgba(0, 211, 255, 1)',
  name: 'Annotations & Alerts',
  type: 'dashboard',
};

export function dashboard(spec: DashboardSpec): Dashboard {
  return {
    uid: DASHBOARD_UIDS[spec.key],
    id: null,
    title: spec.title,
    description: spec.description,
    tags: [DASHBOARD_TAG],
    editable: true,
    graphTooltip: spec.graphTooltip ?? DashboardCursorSync.Crosshair,
    timezone: 'browser',
    fiscalYearStartMonth: 0,
    liveNow: false,
    refresh: spec.refresh ?? '5m',
    time: spec.time ?? { from: 'now-30d', to: 'now' },
    timepicker: {
      ...(spec.hideTimePicker ? { hidden: true } : {}),
      refresh_intervals: ['1m', '5m', '15m', '30m', '1h'],
    },
    links: [TVM_LINKS],
    annotations: { list: [BUILT_IN_ANNOTATIONS, ...(spec.annotations ?? [])] },
    templating: { list: spec.variables },
    panels: grid(spec.panels),
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    weekStart: '',
  };
}

export function tvmAnnotation(name: string, iconColor: string, query: QuerySpec): AnnotationQuery {
  return {
    name,
    datasource: TVM_DATASOURCE,
    enable: true,
    hide: false,
    iconColor,
    target: targets([query])[0],
  };
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
