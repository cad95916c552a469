/**
 * Lints the provisioned dashboards and the Grafana provisioning files without a Grafana server: the
 * JSON is what the generator (dashboards/src) builds; uids, data sources, panel types, grid, queries,
 * frame field names, variables and drill-down links are consistent with the app, the data source and
 * each other; the provisioning YAML provisions what the dashboards read, with secrets only from the
 * environment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { SCHEMAS } from '../backend/src/api/openapi';
import { DASHBOARD_UIDS, PLUGIN_IDS, PROVISIONED_DATASOURCE_UID, VARIABLES, type DashboardKey } from '../src/constants';
import { QUERY_TYPE_INFO, queryProblem, type QueryOption } from '../src/datasource/queryTypes';
import {
  EVENT_TYPES,
  EXPOSURE_LEVELS,
  QUERY_TYPES,
  RECOMMENDATION_CATEGORIES,
  REMEDIATION_TYPES,
  REPORT_DIMENSIONS,
  SEVERITIES,
  VARIABLE_KINDS,
  type QueryType,
  type TvmQuery,
} from '../src/datasource/types';
import { buildDashboards } from './src';
import { fileKeyOf, GRID_COLUMNS, slugify } from './src/grafana';

const ROOT = join(__dirname, '..');

// ------------------------------------------------------------------------------------ the JSON model

interface DataSourceRef {
  type?: string;
  uid?: string;
}
interface Target extends Record<string, unknown> {
  refId: string;
  datasource?: DataSourceRef;
  queryType: QueryType;
}
interface Override {
  matcher: { id: string; options?: unknown };
  properties: Array<{ id: string; value?: unknown }>;
}
interface Transformation {
  id: string;
  options: Record<string, unknown>;
  filter?: { id: string; options?: unknown };
}
interface PanelJson {
  id: number;
  type: string;
  title?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DataSourceRef;
  targets?: Target[];
  options?: Record<string, unknown>;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: Override[] };
  transformations?: Transformation[];
  panels?: PanelJson[];
  collapsed?: boolean;
}
interface VariableJson {
  name: string;
  type: string;
  hide?: number;
  multi?: boolean;
  includeAll?: boolean;
  datasource?: DataSourceRef;
  query?: unknown;
  current?: { value?: unknown };
}
interface DashboardJson {
  uid: string;
  id: unknown;
  title: string;
  tags?: string[];
  schemaVersion: number;
  refresh?: string;
  graphTooltip?: number;
  time?: { from: string; to: string };
  timepicker?: { hidden?: boolean };
  links?: Array<Record<string, unknown>>;
  annotations?: { list?: Array<{ datasource?: DataSourceRef; target?: Target; builtIn?: number }> };
  templating?: { list?: VariableJson[] };
  panels?: PanelJson[];
}

const dashboardFiles = readdirSync(__dirname)
  .filter((f) => f.endsWith('.json'))
  .sort();
const texts = new Map(dashboardFiles.map((f) => [f, readFileSync(join(__dirname, f), 'utf8')]));
const dashboards = new Map<string, DashboardJson>(
  dashboardFiles.map((f) => [f.replace(/\.json$/, ''), JSON.parse(texts.get(f) ?? '') as DashboardJson])
);
const byUid = new Map([...dashboards.values()].map((d) => [d.uid, d]));

const KEYS = Object.keys(DASHBOARD_UIDS) as DashboardKey[];
const keyOfFile = (fileKey: string) => KEYS.find((k) => fileKeyOf(k) === fileKey);

function allPanels(d: DashboardJson): PanelJson[] {
  return (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
}
const variableNames = (d: DashboardJson) => new Set((d.templating?.list ?? []).map((v) => v.name));

/** Every string in a value, with its JSON path. */
function strings(value: unknown, path = '$'): Array<{ path: string; text: string }> {
  if (typeof value === 'string') {
    return [{ path, text: value }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  }
  return [];
}

/** Variable names a string refers to: `$x`, `${x}`, `${x:fmt}`, `[[x]]`; Grafana's own (`__…`) excluded. */
function variableRefs(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/\$\{(\w+)(?:[.:][^}]*)?\}|\$(\w+)|\[\[(\w+)(?::\w+)?\]\]/g)) {
    const name = m[1] ?? m[2] ?? m[3];
    // `$1` is a regex capture group (value mappings), never a variable.
    if (!name.startsWith('__') && !/^\d+$/.test(name)) {
      names.push(name);
    }
  }
  return names;
}

/** Placeholders the app's panels substitute themselves in their URL options (not dashboard variables). */
const PANEL_PLACEHOLDERS: Record<string, { option: string; names: string[] }> = {
  [PLUGIN_IDS.secureScorePanel]: { option: 'categoryUrl', names: ['category'] },
  [PLUGIN_IDS.deviceExposurePanel]: { option: 'levelUrl', names: ['level'] },
};

/** Strings of a dashboard where variables are referenced: everything but the variables' saved state. */
function referencingStrings(d: DashboardJson): Array<{ path: string; text: string; placeholders: string[] }> {
  const { templating, panels, ...rest } = d;
  const vars = (templating?.list ?? []).map(({ current: _current, ...v }) => v);
  const fromPanels = allPanels({ ...d, panels }).flatMap((p) => {
    const { panels: _nested, ...own } = p;
    const placeholder = PANEL_PLACEHOLDERS[p.type];
    return strings(own, `panel ${p.id} "${p.title}"`).map((s) => ({
      ...s,
      placeholders: placeholder && s.path.endsWith(`.options.${placeholder.option}`) ? placeholder.names : [],
    }));
  });
  return [
    ...strings(rest).map((s) => ({ ...s, placeholders: [] })),
    ...strings(vars, 'templating').map((s) => ({ ...s, placeholders: [] })),
    ...fromPanels,
  ];
}

// ------------------------------------------------------------------------------- what frames carry

/** List query types: one row per item, the API's property names (backend/src/api/openapi.ts SCHEMAS). */
const LIST_SCHEMA: Partial<Record<QueryType, string>> = {
  recommendations: 'Recommendation',
  recommendationDevices: 'MachineRef',
  recommendationVulnerabilities: 'Vulnerability',
  recommendationSoftware: 'Software',
  software: 'Software',
  softwareVersions: 'Distribution',
  softwareDevices: 'MachineRef',
  softwareVulnerabilities: 'Vulnerability',
  vulnerabilities: 'Vulnerability',
  vulnerabilityDevices: 'MachineRef',
  devices: 'Machine',
  deviceSoftware: 'MachineSoftware',
  deviceVulnerabilities: 'Vulnerability',
  deviceRecommendations: 'Recommendation',
  remediationActivities: 'RemediationTask',
  exceptions: 'Exception',
  events: 'Event',
};

/** The other frames, as src/datasource/frames.ts builds them. */
const SCORE_FRAMES: Partial<Record<QueryType, string[]>> = {
  exposureScore: ['time', 'score', 'level', 'activeDevices', 'rbacGroupName'],
  exposureScoreHistory: ['time', 'exposureScore', ...EXPOSURE_LEVELS, 'findingsOpen', 'knownExploited'],
  secureScore: ['time', 'score', 'maxScore', 'percent', 'category'],
  secureScoreHistory: ['time', 'secureScore', 'maxScore', 'percent'],
  exposureDistribution: ['level', 'devices', 'rbacGroupName', ...EXPOSURE_LEVELS, 'total'],
  vulnerableDevicesReport: ['bucket', 'devices'],
  deviceExposureBreakdown: ['productKey', 'cveCount', 'scoreWithout', 'contribution', 'cveId', 'risk', 'mitigated'],
};

/** remediationSla returns four named frames. */
const SLA_FRAMES: Record<string, string[]> = {
  'Remediation SLA': [
    'time',
    'active',
    'overdue',
    'dueSoon',
    'completed',
    'canceled',
    'meanDaysToComplete',
    'meanTimeToRemediate',
    'remediatedFindings',
  ],
  'Activities by priority': ['priority', 'active', 'overdue', 'dueSoon'],
  'Completed per week': ['weekStart', 'completed'],
  'Mean time to remediate by severity': ['severity', 'fixed', 'meanDays'],
};

function schemaFields(name: string): string[] {
  const schema = SCHEMAS[name] as { properties?: Record<string, unknown>; allOf?: unknown };
  return Object.keys(schema.properties ?? {}).filter((k) => !k.startsWith('@odata.'));
}

function frameFields(queryType: QueryType, frameName?: string): string[] {
  const schema = LIST_SCHEMA[queryType];
  if (schema) {
    return schemaFields(schema);
  }
  if (queryType === 'remediationSla') {
    return frameName ? (SLA_FRAMES[frameName] ?? []) : Object.values(SLA_FRAMES).flat();
  }
  return SCORE_FRAMES[queryType] ?? [];
}

/**
 * Display name → field name of the data source's columns, read from the source text of
 * src/datasource/columns.ts (`col('name', type, 'Display name', …)`): that module loads @grafana/data, which
 * needs a browser. A name shared by two fields maps to neither.
 */
const DATASOURCE_DISPLAY_NAMES: Map<string, string> = (() => {
  const source = readFileSync(join(ROOT, 'src/datasource/columns.ts'), 'utf8');
  const byDisplay = new Map<string, string | null>();
  for (const m of source.matchAll(/\bcol\(\s*'(\w+)',\s*\w+,\s*'([^']+)'/g)) {
    byDisplay.set(m[2], byDisplay.has(m[2]) && byDisplay.get(m[2]) !== m[1] ? null : m[1]);
  }
  return new Map([...byDisplay].filter((e): e is [string, string] => e[1] !== null));
})();

/** The frame a panel keeps with the "only this frame" transformation (dashboards/src/grafana.ts onlyFrame). */
function keptFrame(p: PanelJson): string | undefined {
  const t = (p.transformations ?? []).find((x) => x.id === 'filterByRefId' && x.filter?.id === 'byName');
  const m = typeof t?.filter?.options === 'string' ? /^\/\^\(\?!(.*)\$\)\/$/.exec(t.filter.options) : null;
  return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}

/** Field names a panel relies on, with where. */
function fieldRefs(p: PanelJson): Array<{ field: string; where: string }> {
  const refs: Array<{ field: string; where: string }> = [];
  for (const o of p.fieldConfig?.overrides ?? []) {
    if (o.matcher.id === 'byName') {
      refs.push({ field: String(o.matcher.options), where: 'override' });
    }
  }
  for (const t of p.transformations ?? []) {
    if (t.id === 'filterFieldsByName') {
      const names = (t.options.include as { names?: string[] } | undefined)?.names ?? [];
      refs.push(...names.map((field) => ({ field, where: 'filterFieldsByName' })));
    }
    if (t.id === 'calculateField') {
      // Grafana matches a binary operand against display names, which the data source sets.
      const binary = t.options.binary as Record<string, { matcher?: { options?: string } }> | undefined;
      for (const side of ['left', 'right']) {
        const displayName = binary?.[side]?.matcher?.options;
        if (displayName) {
          const field = DATASOURCE_DISPLAY_NAMES.get(displayName) ?? `(no field is displayed as "${displayName}")`;
          refs.push({ field, where: `calculateField ${side}` });
        }
      }
    }
  }
  for (const key of ['xField', 'colorByField']) {
    const v = p.options?.[key];
    if (typeof v === 'string') {
      refs.push({ field: v, where: `options.${key}` });
    }
  }
  for (const s of strings(p.fieldConfig ?? {})) {
    for (const m of s.text.matchAll(/\$\{__data\.fields\.(\w+)/g)) {
      refs.push({ field: m[1], where: `data link ${s.path}` });
    }
  }
  for (const t of p.targets ?? []) {
    if (typeof t.orderBy === 'string') {
      refs.push({ field: t.orderBy, where: `${t.refId}.orderBy` });
    }
    if (typeof t.filter === 'string') {
      // Field names in an OData filter: the left side of a comparison or a lambda's collection.
      for (const m of t.filter.matchAll(/\b([A-Za-z]\w*)(?=\s+(?:eq|ne|gt|ge|lt|le|in)\s|\/(?:any|all)\()/g)) {
        if (!/^[a-z]$/.test(m[1])) {
          refs.push({ field: m[1], where: `${t.refId}.filter` });
        }
      }
    }
  }
  return refs;
}

function availableFields(p: PanelJson): Set<string> {
  const frame = keptFrame(p);
  const fields = new Set((p.targets ?? []).flatMap((t) => frameFields(t.queryType, frame)));
  for (const t of p.transformations ?? []) {
    if (t.id === 'calculateField' && typeof t.options.alias === 'string') {
      fields.add(t.options.alias);
    }
  }
  return fields;
}

// ------------------------------------------------------------------------------- query options

/** The query model keys behind each option of the data source's query editor (src/datasource/queryTypes.ts). */
const OPTION_KEYS: Record<QueryOption, string[]> = {
  deviceGroup: ['deviceGroup'],
  scoreBreakdown: ['breakdown'],
  secureBreakdown: ['breakdown'],
  category: ['category'],
  remediationType: ['remediationType'],
  recommendationStatus: ['status'],
  onlyVulnerable: ['onlyVulnerable'],
  severity: ['severity'],
  knownExploitedOnly: ['knownExploitedOnly'],
  exposureLevel: ['exposureLevel'],
  osPlatform: ['osPlatform'],
  onlyExposed: ['onlyExposed'],
  recommendationId: ['recommendationId'],
  softwareId: ['softwareId'],
  cveId: ['cveId'],
  deviceId: ['deviceId'],
  breakdownLevel: ['level'],
  taskStatus: ['status'],
  exceptionStatus: ['status'],
  eventTypes: ['eventTypes'],
  limit: ['limit'],
  sort: ['orderBy', 'orderDirection'],
  search: ['search'],
  filter: ['filter'],
  dimension: ['dimension'],
};
const ALWAYS = new Set(['refId', 'datasource', 'queryType', 'hide']);

/** Allowed values of enumerated options (a variable reference is allowed too). */
const ENUMS: Record<string, readonly string[]> = {
  category: RECOMMENDATION_CATEGORIES,
  severity: SEVERITIES,
  exposureLevel: EXPOSURE_LEVELS,
  remediationType: REMEDIATION_TYPES,
  dimension: REPORT_DIMENSIONS,
};

function targetProblems(t: Target, vars: Set<string>): string[] {
  const problems: string[] = [];
  if (!(QUERY_TYPES as readonly string[]).includes(t.queryType)) {
    return [`unknown queryType ${String(t.queryType)}`];
  }
  const allowed = new Set([...ALWAYS, ...QUERY_TYPE_INFO[t.queryType].options.flatMap((o) => OPTION_KEYS[o])]);
  for (const key of Object.keys(t)) {
    if (!allowed.has(key)) {
      problems.push(`${t.queryType} does not take "${key}"`);
    }
  }
  const problem = queryProblem(t as unknown as TvmQuery);
  if (problem) {
    problems.push(`${t.queryType}: ${problem}`);
  }
  for (const [key, values] of Object.entries(ENUMS)) {
    const v = t[key];
    if (typeof v === 'string' && variableRefs(v).length === 0) {
      const bad = v.split(',').filter((x) => !values.includes(x.trim()));
      if (bad.length > 0) {
        problems.push(`${key} "${v}" is not one of ${values.join(', ')}`);
      }
    }
  }
  if (Array.isArray(t.eventTypes)) {
    const bad = t.eventTypes.filter((e) => !(EVENT_TYPES as readonly string[]).includes(String(e)));
    if (bad.length > 0) {
      problems.push(`eventTypes ${bad.join(', ')} unknown`);
    }
  }
  if ('breakdown' in t) {
    const ok = t.queryType === 'secureScore' ? ['overall', 'category'] : ['organization', 'deviceGroup'];
    if (!ok.includes(String(t.breakdown))) {
      problems.push(`breakdown "${String(t.breakdown)}" is not one of ${ok.join(', ')}`);
    }
  }
  for (const s of strings(t)) {
    for (const name of variableRefs(s.text)) {
      if (!vars.has(name)) {
        problems.push(`${s.path} uses $${name}, which the dashboard does not define`);
      }
    }
  }
  return problems;
}

// ------------------------------------------------------------------------------------------ links

interface DashLink {
  uid: string;
  slug?: string;
  params: string[];
  where: string;
}

function dashboardLinks(d: DashboardJson): DashLink[] {
  const out: DashLink[] = [];
  for (const s of referencingStrings(d)) {
    for (const m of s.text.matchAll(/\/d\/([\w-]+)(?:\/([\w-]+))?(?:\?([^\s"]*))?/g)) {
      // A panel's own placeholder stands for a value the panel fills in.
      const query = (m[3] ?? '').replace(/\$\{(\w+)\}/g, (all, name: string) =>
        s.placeholders.includes(name) ? 'VALUE' : all
      );
      out.push({ uid: m[1], slug: m[2], params: query.split('&').filter(Boolean), where: s.path });
    }
  }
  return out;
}

const KEEP_GROUP = `\${${VARIABLES.group}:queryparam}`;
const KEEP_TIME = '${__url_time_range}';

/** Which detail dashboards each dashboard must drill down to. */
const DRILLS_TO: Partial<Record<DashboardKey, DashboardKey[]>> = {
  overview: ['recommendations', 'software', 'device', 'events', 'devices'],
  recommendations: ['recommendations', 'device', 'weaknesses', 'software'],
  remediation: ['recommendations', 'weaknesses'],
  softwareInventory: ['software'],
  software: ['device', 'weaknesses', 'recommendations'],
  weaknesses: ['weaknesses', 'device'],
  devices: ['device'],
  device: ['recommendations', 'software', 'weaknesses'],
  events: ['weaknesses'],
};

// ------------------------------------------------------------------------------------ table widths

/**
 * The content width of a panel `w` columns wide on a 1600 px screen: Grafana's grid of 24 columns with 8 px
 * gaps inside the page's 16 px padding, less the panel's 8 px padding and a table's vertical scrollbar.
 */
const DESK_PX = 1600;
function tableWidthAt1600(w: number): number {
  const grid = DESK_PX - 2 * 16;
  const column = (grid - 8 * (GRID_COLUMNS - 1)) / GRID_COLUMNS;
  return Math.floor(column * w + 8 * (w - 1)) - 2 * 8 - 16;
}

/** Grafana's width for a table column without one (TableNG COLUMN.DEFAULT_WIDTH): its minimum, or 150. */
const AUTO_COLUMN_PX = 150;

/** The columns a table draws, with the override properties of each. */
function drawnColumns(p: PanelJson): Array<{ field: string; props: Map<string, unknown> }> {
  const kept = p.transformations?.find((t) => t.id === 'filterFieldsByName');
  const names = (kept?.options.include as { names?: string[] } | undefined)?.names ?? [];
  return names
    .map((field) => {
      const o = p.fieldConfig?.overrides.find((x) => x.matcher.id === 'byName' && x.matcher.options === field);
      return { field, props: new Map((o?.properties ?? []).map((x) => [x.id, x.value])) };
    })
    .filter((c) => c.props.get('custom.hideFrom.viz') !== true);
}

// ============================================================================================ tests

describe('the generator', () => {
  it('built the committed JSON (run `npm run dashboards` after editing dashboards/src)', () => {
    const built = buildDashboards();
    expect(built.map((b) => b.file).sort()).toEqual(dashboardFiles);
    for (const { file, dashboard } of built) {
      expect({ file, dashboard: JSON.parse(JSON.stringify(dashboard)) }).toEqual({
        file,
        dashboard: JSON.parse(texts.get(file) ?? 'null'),
      });
    }
  });

  it('type-checks and leaves the committed files as they are, formatting included', () => {
    // The script itself: TypeScript type-checks the generator (ts-node), Prettier formats the JSON.
    const run = spawnSync('npm', ['run', '--silent', 'dashboards', '--', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr.replace(/^npm warn.*\n/gm, '') }).toEqual({
      status: 0,
      stderr: '',
    });
  }, 120_000);
});

describe('the lint itself', () => {
  it('knows the frame fields of every query type of the data source', () => {
    expect(QUERY_TYPES.filter((t) => frameFields(t).length === 0)).toEqual([]);
  });
});

describe('the app', () => {
  const app = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8')) as {
    includes: Array<{ type: string; path?: string; uid?: string; name: string }>;
  };
  const included = app.includes.filter((i) => i.type === 'dashboard');

  it('includes exactly the dashboards in dashboards/, by file, uid and title', () => {
    expect(included.map((i) => i.path).sort()).toEqual(dashboardFiles.map((f) => `dashboards/${f}`));
    for (const inc of included) {
      const d = dashboards.get((inc.path ?? '').replace(/^dashboards\/|\.json$/g, ''));
      expect({ uid: d?.uid, title: d?.title }).toEqual({ uid: inc.uid, title: inc.name });
    }
  });

  it('has one dashboard file per uid of src/constants.ts', () => {
    expect([...dashboards.keys()].sort()).toEqual(KEYS.map(fileKeyOf).sort());
  });
});

describe.each([...dashboards.keys()])('dashboards/%s.json', (fileKey) => {
  const d = dashboards.get(fileKey) as DashboardJson;
  const key = keyOfFile(fileKey) as DashboardKey;
  const text = texts.get(`${fileKey}.json`) ?? '';
  const vars = variableNames(d);
  const panels = allPanels(d);

  it('has the fixed uid, no instance id and nothing only the import flow resolves', () => {
    expect(d.uid).toBe(`tvm-${fileKey}`);
    expect(d.uid).toBe(DASHBOARD_UIDS[key]);
    expect(d.id).toBeNull();
    expect(text).not.toContain('__inputs');
    expect(text).not.toContain('${DS_');
    expect(d.schemaVersion).toBeGreaterThanOrEqual(39);
  });

  it('is tagged, refreshes, defaults to 30 days and links to the other TVM dashboards', () => {
    expect(d.tags).toContain('tvm');
    expect(d.refresh).toMatch(/^\d+[smhd]$/);
    expect(d.time).toEqual({ from: 'now-30d', to: 'now' });
    expect(d.links).toContainEqual(
      expect.objectContaining({
        type: 'dashboards',
        tags: ['tvm'],
        asDropdown: true,
        keepTime: true,
        includeVars: true,
      })
    );
  });

  it('uses known panel types and unique panel ids', () => {
    const known = new Set([
      'row',
      'table',
      'stat',
      'timeseries',
      'barchart',
      'bargauge',
      'text',
      PLUGIN_IDS.exposureScorePanel,
      PLUGIN_IDS.secureScorePanel,
      PLUGIN_IDS.deviceExposurePanel,
    ]);
    expect(panels.filter((p) => !known.has(p.type)).map((p) => `${p.id}: ${p.type}`)).toEqual([]);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
  });

  it('lays panels out inside 24 columns without overlaps', () => {
    const problems: string[] = [];
    const place = (list: PanelJson[], label: string) => {
      const taken = new Map<string, number>();
      for (const p of list) {
        const { x, y, w, h } = p.gridPos;
        if (![x, y, w, h].every(Number.isInteger) || x < 0 || y < 0 || w < 1 || h < 1 || x + w > GRID_COLUMNS) {
          problems.push(`${label}panel ${p.id} "${p.title}" is outside the grid: ${JSON.stringify(p.gridPos)}`);
          continue;
        }
        for (let cx = x; cx < x + w; cx++) {
          for (let cy = y; cy < y + h; cy++) {
            const other = taken.get(`${cx},${cy}`);
            if (other !== undefined) {
              problems.push(`${label}panel ${p.id} overlaps panel ${other} at ${cx},${cy}`);
              cy = y + h;
              cx = x + w;
            } else {
              taken.set(`${cx},${cy}`, p.id);
            }
          }
        }
      }
    };
    place(d.panels ?? [], '');
    for (const row of (d.panels ?? []).filter((p) => p.panels?.length)) {
      place(row.panels ?? [], `row ${row.id}: `);
    }
    expect(problems).toEqual([]);
  });

  it('fits the columns of every table in its panel on a 1600 px screen', () => {
    const tooWide = panels
      .filter((p) => p.type === 'table')
      .map((p) => {
        const cols = drawnColumns(p);
        const need = cols.reduce((sum, c) => {
          const width = c.props.get('custom.width') ?? c.props.get('custom.minWidth') ?? AUTO_COLUMN_PX;
          return sum + Number(width);
        }, 0);
        return { panel: `${p.id} "${p.title}"`, need, has: tableWidthAt1600(p.gridPos.w) };
      })
      .filter((t) => t.need > t.has);
    expect(tooWide).toEqual([]);
  });

  it('says what an empty list or chart means, and prints it in no empty cell', () => {
    const lists = panels.filter((p) => ['table', 'bargauge', 'barchart'].includes(p.type));
    const silent = lists.filter((p) => !p.fieldConfig?.defaults.noValue).map((p) => `${p.id} "${p.title}"`);
    expect(silent).toEqual([]);
    // Grafana prints the panel's noValue in each empty cell of a field without its own.
    const leaky = panels
      .filter((p) => p.type === 'table')
      .flatMap((p) =>
        drawnColumns(p)
          .filter((c) => !c.props.has('noValue'))
          .map((c) => `${p.id}: ${c.field}`)
      );
    expect(leaky).toEqual([]);
  });

  it('reads only the provisioned TVM data source', () => {
    const tvm = { type: PLUGIN_IDS.datasource, uid: PROVISIONED_DATASOURCE_UID };
    const builtIn = [
      { type: 'grafana', uid: '-- Grafana --' },
      { type: 'datasource', uid: '-- Dashboard --' },
    ];
    const refs = [
      ...panels
        .filter((p) => p.type !== 'row' && p.type !== 'text')
        .map((p) => ({ where: `panel ${p.id}`, ds: p.datasource })),
      ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel ${p.id} ${t.refId}`, ds: t.datasource }))),
      ...(d.templating?.list ?? [])
        .filter((v) => v.type === 'query')
        .map((v) => ({ where: `$${v.name}`, ds: v.datasource })),
      ...(d.annotations?.list ?? []).map((a, i) => ({ where: `annotation ${i}`, ds: a.datasource })),
    ];
    const bad = refs.filter(
      ({ ds }) => !(ds && [tvm, ...builtIn].some((ok) => ok.type === ds.type && ok.uid === ds.uid))
    );
    expect(bad).toEqual([]);
    expect(refs.filter(({ ds }) => ds?.uid === PROVISIONED_DATASOURCE_UID).length).toBeGreaterThan(0);
  });

  it('sends queries the data source takes, with valid options', () => {
    const problems = panels.flatMap((p) =>
      (p.targets ?? []).map((t) => targetProblems(t, vars).map((x) => `panel ${p.id} "${p.title}": ${x}`)).flat()
    );
    for (const a of d.annotations?.list ?? []) {
      if (a.target && a.datasource?.uid === PROVISIONED_DATASOURCE_UID) {
        problems.push(...targetProblems(a.target, vars).map((x) => `annotation: ${x}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('refers only to fields the data source returns', () => {
    const problems = panels.flatMap((p) => {
      const available = availableFields(p);
      return fieldRefs(p)
        .filter((r) => !available.has(r.field))
        .map(
          (r) =>
            `panel ${p.id} "${p.title}": ${r.where} names "${r.field}", not a field of ${(p.targets ?? []).map((t) => t.queryType).join(', ')}`
        );
    });
    expect(problems).toEqual([]);
  });

  it('sorts tables by a column it names', () => {
    for (const p of panels.filter((x) => x.type === 'table')) {
      const names = (p.fieldConfig?.overrides ?? []).flatMap((o) =>
        o.properties.filter((x) => x.id === 'displayName').map((x) => x.value)
      );
      for (const s of (p.options?.sortBy as Array<{ displayName: string }> | undefined) ?? []) {
        expect(names).toContain(s.displayName);
      }
    }
  });

  it('has the device-group variable and defines every variable it uses', () => {
    const group = d.templating?.list?.find((v) => v.name === VARIABLES.group);
    expect(group).toMatchObject({ type: 'query', multi: true, includeAll: true, query: { kind: 'deviceGroups' } });
    const names = (d.templating?.list ?? []).map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => !(Object.values(VARIABLES) as string[]).includes(n))).toEqual([]);
    for (const v of d.templating?.list ?? []) {
      if (v.type === 'query') {
        const q = v.query as { kind: string; deviceGroup?: string };
        expect(VARIABLE_KINDS).toContain(q.kind);
        expect(variableRefs(q.deviceGroup ?? '')).not.toContain(v.name);
      }
    }
    const undefinedRefs = referencingStrings(d).flatMap((s) =>
      variableRefs(s.text)
        .filter((name) => !vars.has(name) && !s.placeholders.includes(name))
        .map((name) => `${s.path}: $${name}`)
    );
    expect(undefinedRefs).toEqual([]);
  });

  it('links only to existing dashboards, setting only their variables, keeping the group and the time range', () => {
    const problems: string[] = [];
    for (const link of dashboardLinks(d)) {
      const target = byUid.get(link.uid);
      if (!target) {
        problems.push(`${link.where}: /d/${link.uid} is not a TVM dashboard`);
        continue;
      }
      if (link.slug !== undefined && link.slug !== slugify(target.title)) {
        problems.push(`${link.where}: slug ${link.slug}, but "${target.title}" is ${slugify(target.title)}`);
      }
      const targetVars = variableNames(target);
      for (const param of link.params) {
        const set = /^var-(\w+)=/.exec(param)?.[1] ?? /^\$\{(\w+):queryparam\}$/.exec(param)?.[1];
        if (set && !targetVars.has(set)) {
          problems.push(`${link.where}: sets ${set}, which ${target.uid} does not define`);
        }
      }
      for (const keep of [KEEP_GROUP, KEEP_TIME]) {
        if (!link.params.includes(keep)) {
          problems.push(`${link.where}: link to ${target.uid} drops ${keep}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('drills down from its lists to the detail dashboards', () => {
    const targets = new Set(dashboardLinks(d).map((l) => l.uid));
    for (const detail of DRILLS_TO[key] ?? []) {
      expect({ from: d.uid, to: targets.has(DASHBOARD_UIDS[detail]) ? DASHBOARD_UIDS[detail] : 'missing' }).toEqual({
        from: d.uid,
        to: DASHBOARD_UIDS[detail],
      });
    }
    if (key !== 'wall') {
      const listTables = panels.filter(
        (p) =>
          p.type === 'table' &&
          (p.targets ?? []).some((t) => LIST_SCHEMA[t.queryType] && t.limit !== 1 && t.queryType !== 'events')
      );
      const silent = listTables.filter((p) => !JSON.stringify(p.fieldConfig).includes('"links"'));
      expect(silent.map((p) => `panel ${p.id} "${p.title}"`)).toEqual([]);
    }
  });
});

describe('the wall display', () => {
  const wall = dashboards.get(fileKeyOf('wall')) as DashboardJson;

  it('shows no controls, refreshes every minute and shares no crosshair', () => {
    expect(wall.refresh).toBe('1m');
    expect(wall.timepicker?.hidden).toBe(true);
    expect(wall.graphTooltip).toBe(0);
    expect((wall.templating?.list ?? []).map((v) => [v.name, v.hide])).toEqual([[VARIABLES.group, 2]]);
    expect(wall.templating?.list?.[0].current?.value).toEqual(['$__all']);
  });

  it('fits a 1920×1080 screen without scrolling', () => {
    // Grid rows are 30 px with 8 px gutters; kiosk mode leaves about 1,040 px of the 1,080.
    const rows = Math.max(...allPanels(wall).map((p) => p.gridPos.y + p.gridPos.h));
    expect(rows * 38 - 8).toBeLessThanOrEqual(1040);
  });
});

describe('the event timeline', () => {
  it('annotates the graphs with TVM events', () => {
    const events = dashboards.get(fileKeyOf('events')) as DashboardJson;
    const annotation = events.annotations?.list?.find((a) => a.datasource?.uid === PROVISIONED_DATASOURCE_UID);
    expect(annotation?.target?.queryType).toBe('events');
    expect(allPanels(events).some((p) => p.type === 'timeseries')).toBe(true);
  });
});

// ==================================================================================== provisioning

interface ProvisionedDataSource {
  name: string;
  type: string;
  uid?: string;
  access?: string;
  jsonData?: Record<string, unknown>;
  secureJsonData?: Record<string, unknown>;
}

const PROVISIONING = join(ROOT, 'provisioning');
const ENV_REF = /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;
const SECRET_NAME = /key|token|secret|password|credential/i;

function yamlFiles(dir: string): Array<{ file: string; doc: Record<string, unknown> }> {
  const full = join(PROVISIONING, dir);
  return readdirSync(full)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ file: `${dir}/${f}`, doc: load(readFileSync(join(full, f), 'utf8')) as Record<string, unknown> }));
}

describe('provisioning', () => {
  const datasources = yamlFiles('datasources');
  const providers = yamlFiles('dashboards');
  const plugins = yamlFiles('plugins');

  it('has apiVersion 1 in every file', () => {
    const all = [...datasources, ...providers, ...plugins];
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.filter((f) => f.doc?.apiVersion !== 1).map((f) => f.file)).toEqual([]);
  });

  const sources = datasources.flatMap((f) => (f.doc.datasources as ProvisionedDataSource[] | undefined) ?? []);

  it('provisions the TVM data source under the uid the dashboards read, through the proxy', () => {
    const tvm = sources.filter((s) => s.type === PLUGIN_IDS.datasource);
    expect(tvm).toHaveLength(1);
    expect(tvm[0]).toMatchObject({ name: 'TVM', uid: PROVISIONED_DATASOURCE_UID, access: 'proxy' });
    expect(String(tvm[0].jsonData?.apiUrl)).toMatch(ENV_REF);
    expect(String(tvm[0].secureJsonData?.apiKey)).toMatch(ENV_REF);
    const uids = sources.map((s) => s.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('keeps secrets in secureJsonData, from the environment only', () => {
    for (const s of sources) {
      for (const [k, v] of Object.entries(s.secureJsonData ?? {})) {
        expect({ source: s.name, [k]: String(v) }).toEqual({ source: s.name, [k]: expect.stringMatching(ENV_REF) });
      }
      expect(Object.keys(s.jsonData ?? {}).filter((k) => SECRET_NAME.test(k))).toEqual([]);
    }
    for (const f of plugins) {
      for (const app of (f.doc.apps as Array<{ secureJsonData?: Record<string, unknown> }> | undefined) ?? []) {
        for (const v of Object.values(app.secureJsonData ?? {})) {
          expect(String(v)).toMatch(ENV_REF);
        }
      }
    }
  });

  const provider = providers
    .flatMap((f) => (f.doc.providers as Array<Record<string, unknown>> | undefined) ?? [])
    .find((p) => p.name === 'tvm');
  const providerPath = (provider?.options as { path?: string } | undefined)?.path;

  it('provisions the dashboards from files, read-only, into the TVM folder', () => {
    expect(provider).toMatchObject({ type: 'file', allowUiUpdates: false, folder: 'Threat & Vulnerability' });
    expect(providerPath).toBe('/var/lib/grafana/dashboards/tvm');
  });

  it('enables the app', () => {
    const apps = plugins.flatMap((f) => (f.doc.apps as Array<Record<string, unknown>> | undefined) ?? []);
    expect(apps).toContainEqual(expect.objectContaining({ type: PLUGIN_IDS.app, disabled: false }));
  });

  const composeFile = join(ROOT, 'docker-compose.yml');
  (existsSync(composeFile) ? it : it.skip)('is mounted by docker compose where Grafana reads it', () => {
    const compose = load(readFileSync(composeFile, 'utf8')) as { services: Record<string, { volumes?: string[] }> };
    const grafana = Object.values(compose.services).find((s) =>
      (s.volumes ?? []).some((v) => v.includes('/etc/grafana/provisioning'))
    );
    const mounts = new Map((grafana?.volumes ?? []).map((v) => [v.split(':')[1], v.split(':')[0]]));
    expect(mounts.get('/etc/grafana/provisioning')).toBe('./provisioning');
    expect(['./dashboards', './dist/dashboards']).toContain(mounts.get(providerPath ?? ''));
  });
});
