import {
  createDataFrame,
  type DataFrame,
  type FieldConfig,
  FieldType,
  type QueryResultMeta,
  type Labels,
  type ThresholdsConfig,
  ThresholdsMode,
} from '@grafana/data';
import {
  BREAKDOWN_FINDING_COLUMNS,
  BREAKDOWN_PRODUCT_COLUMNS,
  col,
  type Column,
  DISTRIBUTION_LEVEL_COLUMNS,
  exposureScoreConfig,
  humanize,
  LEVEL_MAPPINGS,
  SECURE_CATEGORY_COLUMNS,
  securePercentConfig,
  textMappings,
} from './columns';
import { groupLink } from './links';
import { EXPOSURE_LEVELS, type ReportDimension } from './types';

/**
 * Service responses → data frames. Field names are the API's property names; `config.displayName` is what
 * people read. Everything here is pure: the data source fetches, these functions shape.
 */

type Row = Record<string, unknown>;

function toTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && value !== '') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return null;
}

function toText(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (Array.isArray(value)) {
    return value.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

function cell(column: Column, value: unknown): unknown {
  if (column.format) {
    return column.format(value);
  }
  switch (column.type) {
    case FieldType.time:
      return toTime(value);
    case FieldType.number:
      return toNumber(value);
    case FieldType.boolean:
      return typeof value === 'boolean' ? value : null;
    default:
      return toText(value);
  }
}

function inferColumn(name: string, rows: Row[]): Column {
  const sample = rows.map((r) => r[name]).find((v) => v !== null && v !== undefined);
  const type =
    typeof sample === 'number' ? FieldType.number : typeof sample === 'boolean' ? FieldType.boolean : FieldType.string;
  return col(name, type, humanize(name));
}

/** OData bookkeeping, never a column. */
const isBookkeeping = (key: string) => key.startsWith('@odata.');

/**
 * One row per item. The declared columns come first, in their order; a property the service sends beyond them
 * is appended (typed from its values) so nothing the API returns is hidden.
 */
export function rowsFrame(
  refId: string,
  columns: Column[],
  rows: Row[],
  name?: string,
  meta?: QueryResultMeta
): DataFrame {
  const declared = new Set(columns.map((c) => c.name));
  const extra: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!declared.has(key) && !isBookkeeping(key) && !extra.includes(key)) {
        extra.push(key);
      }
    }
  }
  const all = [...columns, ...extra.map((key) => inferColumn(key, rows))];
  return createDataFrame({
    refId,
    name,
    meta,
    fields: all.map((c) => ({
      name: c.name,
      type: c.type,
      config: c.config,
      values: rows.map((row) => cell(c, row[c.name])),
    })),
  });
}

// ----------------------------------------------------------------------------------------------- scores

export interface ExposureScoreBody {
  time: string;
  score: number | null;
  level: string;
  activeDevices: number;
  rbacGroupName?: string;
}

const scoreColumns = (): Column[] => [
  col('time', FieldType.time, 'Time'),
  col('score', FieldType.number, 'Exposure score', exposureScoreConfig),
  col('level', FieldType.string, 'Exposure level', { mappings: LEVEL_MAPPINGS }),
  col('activeDevices', FieldType.number, 'Active devices', { unit: 'none', decimals: 0 }),
];

export function exposureScoreFrame(refId: string, body: ExposureScoreBody): DataFrame {
  return rowsFrame(refId, scoreColumns(), [pick(body, ['time', 'score', 'level', 'activeDevices'])], 'Exposure score');
}

/** One row per device group, the group first. */
export function exposureScoreByGroupFrame(refId: string, groups: ExposureScoreBody[]): DataFrame {
  const columns = [col('rbacGroupName', FieldType.string, 'Device group', { links: [groupLink()] }), ...scoreColumns()];
  return rowsFrame(
    refId,
    columns,
    groups.map((g) => pick(g, ['rbacGroupName', 'time', 'score', 'level', 'activeDevices'])),
    'Exposure score by device group'
  );
}

export interface HistoryPoint {
  time: string;
  exposureScore: number | null;
  secureScore: number | null;
  secureMax?: number | null;
  score?: number | null;
  maxScore?: number | null;
  levels?: Partial<Record<(typeof EXPOSURE_LEVELS)[number], number>>;
  findingsOpen?: number;
  knownExploited?: number;
}

interface Series {
  name: string;
  type: FieldType;
  config: FieldConfig;
  values: unknown[];
}

/** A time series frame; with `group`, every value field carries `labels: { group }` and names it. */
function seriesFrame(refId: string, name: string, times: unknown[], series: Series[], group?: string): DataFrame {
  const labels: Labels | undefined = group === undefined ? undefined : { group };
  return createDataFrame({
    refId,
    name: group === undefined ? name : `${name}: ${group}`,
    fields: [
      { name: 'time', type: FieldType.time, config: { displayName: 'Time' }, values: times.map(toTime) },
      ...series.map((s) => ({
        ...s,
        labels,
        // Several groups in one panel: the legend must tell them apart, so the group names the series.
        config:
          group === undefined
            ? s.config
            : { ...s.config, displayName: series.length === 1 ? group : `${group}: ${String(s.config.displayName)}` },
      })),
    ],
  });
}

/**
 * Exposure history. The organization frame has the score and the devices per level, open findings and known
 * exploited findings; `compact` (one frame per group) only the score.
 */
export function exposureHistoryFrame(
  refId: string,
  points: HistoryPoint[],
  group?: string,
  compact = false
): DataFrame {
  const counts = { unit: 'none', decimals: 0 };
  const series: Series[] = [
    {
      name: 'exposureScore',
      type: FieldType.number,
      config: { displayName: 'Exposure score', ...exposureScoreConfig },
      values: points.map((p) => toNumber(p.exposureScore)),
    },
  ];
  if (!compact) {
    for (const level of EXPOSURE_LEVELS) {
      series.push({
        name: level,
        type: FieldType.number,
        config: { displayName: level === 'None' ? 'No data' : `${level} exposure devices`, ...counts },
        values: points.map((p) => toNumber(p.levels?.[level])),
      });
    }
    series.push(
      {
        name: 'findingsOpen',
        type: FieldType.number,
        config: { displayName: 'Open findings', ...counts },
        values: points.map((p) => toNumber(p.findingsOpen)),
      },
      {
        name: 'knownExploited',
        type: FieldType.number,
        config: { displayName: 'Known exploited findings', ...counts },
        values: points.map((p) => toNumber(p.knownExploited)),
      }
    );
  }
  return seriesFrame(
    refId,
    'Exposure score history',
    points.map((p) => p.time),
    series,
    group
  );
}

/** Secure score history: points, maximum and the percentage (computed: the service keeps points and maximum). */
export function secureHistoryFrame(refId: string, points: HistoryPoint[], group?: string): DataFrame {
  const score = points.map((p) => toNumber(p.score ?? p.secureScore));
  const max = points.map((p) => toNumber(p.maxScore ?? p.secureMax));
  return seriesFrame(
    refId,
    'Secure score history',
    points.map((p) => p.time),
    [
      {
        name: 'secureScore',
        type: FieldType.number,
        config: { displayName: 'Secure score', unit: 'none', min: 0, decimals: 2 },
        values: score,
      },
      {
        name: 'maxScore',
        type: FieldType.number,
        config: { displayName: 'Maximum', unit: 'none', min: 0, decimals: 2 },
        values: max,
      },
      {
        name: 'percent',
        type: FieldType.number,
        config: { displayName: 'Secure score %', ...securePercentConfig },
        values: score.map((s, i) => {
          const m = max[i];
          return s === null || m === null || m <= 0 ? null : Math.round((10000 * s) / m) / 100;
        }),
      },
    ],
    group
  );
}

export interface ConfigurationScoreBody {
  time: string;
  score: number;
  maxScore: number;
  percent: number;
  categories: Array<{ category: string; score: number; maxScore: number; percent: number }>;
}

export function secureScoreFrame(
  refId: string,
  body: ConfigurationScoreBody,
  breakdown: 'overall' | 'category'
): DataFrame {
  if (breakdown === 'category') {
    return rowsFrame(refId, SECURE_CATEGORY_COLUMNS, body.categories ?? [], 'Secure score by category');
  }
  const columns = [
    col('time', FieldType.time, 'Time'),
    col('score', FieldType.number, 'Secure score', { unit: 'none', min: 0, decimals: 2 }),
    col('maxScore', FieldType.number, 'Maximum', { unit: 'none', min: 0, decimals: 2 }),
    col('percent', FieldType.number, 'Secure score %', securePercentConfig),
  ];
  return rowsFrame(refId, columns, [pick(body, ['time', 'score', 'maxScore', 'percent'])], 'Secure score');
}

export interface DistributionRow {
  rbacGroupName?: string;
  None: number;
  Low: number;
  Medium: number;
  High: number;
  total: number;
}

export function distributionFrame(refId: string, rows: DistributionRow[], byGroup: boolean): DataFrame {
  if (!byGroup) {
    // The service answers one row for the organization; no device at all is an empty fleet, not missing data.
    const org = rows[0];
    const levels = EXPOSURE_LEVELS.map((level) => ({ level, devices: org ? (toNumber(org[level]) ?? 0) : 0 }));
    return rowsFrame(refId, DISTRIBUTION_LEVEL_COLUMNS, levels, 'Device exposure distribution');
  }
  const counts = { unit: 'none', decimals: 0 };
  const columns = [
    col('rbacGroupName', FieldType.string, 'Device group', { links: [groupLink()] }),
    col('None', FieldType.number, 'No data', counts),
    col('Low', FieldType.number, 'Low', counts),
    col('Medium', FieldType.number, 'Medium', counts),
    col('High', FieldType.number, 'High', counts),
    col('total', FieldType.number, 'Total', counts),
  ];
  return rowsFrame(refId, columns, rows as unknown as Row[], 'Device exposure distribution by device group');
}

export interface VulnerableDevicesBody {
  time: string;
  vulnerableDevices: number;
  bySeverity: Record<string, number>;
  byExploitability: Record<string, number>;
  byAge: Record<string, number>;
}

const REPORT_BUCKETS: Record<
  ReportDimension,
  { key: keyof VulnerableDevicesBody; order: string[]; names: Record<string, string> }
> = {
  severity: { key: 'bySeverity', order: ['Critical', 'High', 'Medium', 'Low', 'Unknown'], names: {} },
  exploitability: {
    key: 'byExploitability',
    order: ['KnownExploited', 'PublicExploit', 'NoKnownExploit'],
    names: { KnownExploited: 'Known exploited', PublicExploit: 'Public exploit', NoKnownExploit: 'No known exploit' },
  },
  age: { key: 'byAge', order: ['0-30 days', '31-90 days', '91-180 days', 'over 180 days'], names: {} },
};

/** One row per bucket of the chosen dimension, in the dimension's natural order (buckets the service adds last). */
export function vulnerableDevicesFrame(
  refId: string,
  body: VulnerableDevicesBody,
  dimension: ReportDimension
): DataFrame {
  const spec = REPORT_BUCKETS[dimension];
  const buckets = (body[spec.key] ?? {}) as Record<string, number>;
  const keys = [
    ...spec.order.filter((k) => k in buckets),
    ...Object.keys(buckets).filter((k) => !spec.order.includes(k)),
  ];
  const names = Object.fromEntries(Object.entries(spec.names).map(([k, text]) => [k, { text }]));
  const columns = [
    col('bucket', FieldType.string, humanize(dimension), { mappings: textMappings(names) }),
    col('devices', FieldType.number, 'Vulnerable devices', { unit: 'none', decimals: 0 }),
  ];
  return rowsFrame(
    refId,
    columns,
    keys.map((bucket) => ({ bucket, devices: buckets[bucket] })),
    `Vulnerable devices by ${dimension}`,
    { custom: { vulnerableDevices: body.vulnerableDevices, time: body.time } }
  );
}

// ----------------------------------------------------------------------------------------------- device

export interface ExposureBreakdownBody {
  deviceId: string;
  scoringModel: string;
  time?: string;
  active?: boolean;
  exposureScore: number | null;
  exposureLevel: string;
  alertPressure?: number;
  products: Row[];
  findings: Array<Row & { signals?: Row }>;
}

/** Per product or per finding; the device's own figures go to `meta.custom` for panels that show them. */
export function breakdownFrame(refId: string, body: ExposureBreakdownBody, level: 'product' | 'finding'): DataFrame {
  const custom = {
    deviceId: body.deviceId,
    exposureScore: body.exposureScore,
    exposureLevel: body.exposureLevel,
    alertPressure: body.alertPressure,
    scoringModel: body.scoringModel,
    active: body.active,
  };
  if (level === 'finding') {
    const rows = (body.findings ?? []).map(({ signals, ...rest }) => ({ ...rest, ...(signals ?? {}) }));
    return rowsFrame(refId, BREAKDOWN_FINDING_COLUMNS, rows, 'Exposure by finding', { custom });
  }
  return rowsFrame(refId, BREAKDOWN_PRODUCT_COLUMNS, body.products ?? [], 'Exposure by product', { custom });
}

// -------------------------------------------------------------------------------------------------- SLA

/** Any activity past its due date is worth a red number. */
const PAST_DUE_THRESHOLDS: ThresholdsConfig = {
  mode: ThresholdsMode.Absolute,
  steps: [
    { value: -Infinity, color: 'green' },
    { value: 1, color: 'red' },
  ],
};

export interface RemediationSlaBody {
  time: string;
  activities: {
    active: number;
    overdue: number;
    dueSoon: number;
    dueSoonDays: number;
    completed: number;
    canceled: number;
    meanDaysToComplete: number | null;
    byPriority: Record<string, { active: number; overdue: number; dueSoon: number }>;
  };
  completedPerWeek: Array<{ weekStart: string; completed: number }>;
  meanTimeToRemediate: {
    windowDays: number;
    bySeverity: Record<string, { fixed: number; meanDays: number | null }>;
    overall: { fixed: number; meanDays: number | null };
  };
}

/**
 * Four frames, named: the summary (one row), activities per priority, completions per week, and mean time to
 * remediate per severity. Panels pick theirs by name (or with the "Filter data by query/frame" transformation).
 */
export function remediationSlaFrames(refId: string, body: RemediationSlaBody): DataFrame[] {
  const a = body.activities;
  const mttr = body.meanTimeToRemediate;
  const counts = { unit: 'none', decimals: 0 };
  const days = { unit: 'd', decimals: 1 };
  const summary = rowsFrame(
    refId,
    [
      col('time', FieldType.time, 'Time'),
      col('active', FieldType.number, 'Active activities', counts),
      col('overdue', FieldType.number, 'Past due', { ...counts, thresholds: PAST_DUE_THRESHOLDS }),
      col('dueSoon', FieldType.number, `Due in ${a.dueSoonDays} days`, counts),
      col('completed', FieldType.number, 'Completed', counts),
      col('canceled', FieldType.number, 'Canceled', counts),
      col('meanDaysToComplete', FieldType.number, 'Mean time to complete', days),
      col('meanTimeToRemediate', FieldType.number, `Mean time to remediate (${mttr.windowDays} days)`, days),
      col('remediatedFindings', FieldType.number, `Findings remediated (${mttr.windowDays} days)`, counts),
    ],
    [
      {
        time: body.time,
        active: a.active,
        overdue: a.overdue,
        dueSoon: a.dueSoon,
        completed: a.completed,
        canceled: a.canceled,
        meanDaysToComplete: a.meanDaysToComplete,
        meanTimeToRemediate: mttr.overall.meanDays,
        remediatedFindings: mttr.overall.fixed,
      },
    ],
    'Remediation SLA'
  );
  const byPriority = rowsFrame(
    refId,
    [
      col('priority', FieldType.string, 'Priority'),
      col('active', FieldType.number, 'Active', counts),
      col('overdue', FieldType.number, 'Past due', counts),
      col('dueSoon', FieldType.number, 'Due soon', counts),
    ],
    Object.entries(a.byPriority ?? {}).map(([priority, v]) => ({ priority, ...v })),
    'Activities by priority'
  );
  const perWeek = rowsFrame(
    refId,
    [col('weekStart', FieldType.time, 'Week'), col('completed', FieldType.number, 'Completed', counts)],
    body.completedPerWeek ?? [],
    'Completed per week'
  );
  const bySeverity = rowsFrame(
    refId,
    [
      col('severity', FieldType.string, 'Severity'),
      col('fixed', FieldType.number, 'Findings remediated', counts),
      col('meanDays', FieldType.number, 'Mean time to remediate', days),
    ],
    Object.entries(mttr.bySeverity ?? {}).map(([severity, v]) => ({ severity, ...v })),
    'Mean time to remediate by severity'
  );
  return [summary, byPriority, perWeek, bySeverity];
}

function pick<T extends object>(o: T, keys: string[]): Row {
  const src = o as Row;
  return Object.fromEntries(keys.map((k) => [k, src[k]]));
}
