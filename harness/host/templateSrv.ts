import { get } from 'lodash';
import {
  dateTimeFormat,
  formattedValueToString,
  getFieldDisplayValuesProxy,
  urlUtil,
  type DataFrame,
  type Field,
  type ScopedVars,
  type TimeRange,
  type TypedVariableModel,
} from '@grafana/data';
import type { TemplateSrv, VariableInterpolation } from '@grafana/runtime';

export const ALL_VALUE = '$__all';
export const ALL_TEXT = 'All';

export interface VariableOption {
  text: string;
  value: string;
}

/** A dashboard variable after resolution: what Grafana's variable state holds. */
export interface HarnessVariable {
  name: string;
  type: string;
  label?: string;
  description?: string;
  hide?: number;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  query?: unknown;
  datasource?: { type?: string; uid?: string } | null;
  regex?: string;
  sort?: number;
  options: VariableOption[];
  current: { text: string | string[]; value: string | string[] };
  /** Why the variable could not be resolved (its query failed). */
  error?: string;
}

export interface TemplateContext {
  dashboard?: { uid: string; title: string };
  timeZone: string;
}

// $name | [[name]] | [[name:format]] | ${name} | ${name.path} | ${name:format}
const VARIABLE_REGEX = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:}]+))?(?::([^}]+))?\}/g;

type Formatter = (value: unknown, variable?: HarnessVariable, fallback?: (v: unknown) => string) => string;
type Value = string | string[];

const asList = (v: Value): string[] => (Array.isArray(v) ? v : [v]);
const encodeStrict = (s: string, encode: (s: string) => string) =>
  encode(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const escapeRegex = (s: string) => s.replace(/[\\^$*+?.()|[\]{}\/]/g, '\\$&');
const escapeLucene = (s: string) => s.replace(/([+\-&|!(){}[\]^"~*?:\\/ ])/g, '\\$1');

export function isAllValue(value: unknown): boolean {
  return value === ALL_VALUE || (Array.isArray(value) && value.includes(ALL_VALUE));
}

/** Grafana's variable formats (`${var:format}`), for single and multi values. */
export function formatValue(value: Value, format: string, variable?: HarnessVariable, text?: Value): string {
  const list = asList(value);
  switch (format) {
    case 'raw':
    case 'csv':
      return list.join(',');
    case 'join':
      return list.join(',');
    case 'pipe':
      return list.join('|');
    case 'distributed': {
      const [first, ...rest] = list;
      return [first, ...rest.map((v) => `${variable?.name ?? ''}=${v}`)].join(',');
    }
    case 'regex':
      return list.length === 1 ? escapeRegex(list[0]) : `(${list.map(escapeRegex).join('|')})`;
    case 'lucene':
      return list.length === 1 ? escapeLucene(list[0]) : `(${list.map((v) => `"${escapeLucene(v)}"`).join(' OR ')})`;
    case 'json':
      return JSON.stringify(value);
    case 'percentencode':
      return encodeStrict(list.length > 1 ? `{${list.join(',')}}` : list[0], encodeURIComponent);
    case 'uriencode':
      return encodeStrict(list.length > 1 ? `{${list.join(',')}}` : list[0], encodeURI);
    case 'singlequote':
      return list.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'doublequote':
      return list.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    case 'sqlstring':
      return list.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
    case 'html':
      return list.join(', ').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    case 'text':
      return asList(text ?? value).join(' + ');
    case 'queryparam': {
      const name = `var-${variable?.name ?? ''}`;
      const v = variable && isAllValue(variable.current.value) && !variable.allValue ? ALL_VALUE : list;
      return urlUtil.toUrlParams({ [name]: v });
    }
    case 'glob':
    default:
      // Grafana's default for multi-value variables, and its fallback for unknown formats.
      return list.length > 1 ? `{${list.join(',')}}` : (list[0] ?? '');
  }
}

interface DataContextValue {
  frame?: DataFrame;
  field?: Field;
  rowIndex?: number;
  calculatedValue?: { text: string; numeric: number; prefix?: string; suffix?: string };
}

/**
 * The template service panels and data sources call through `getTemplateSrv()`: dashboard variables
 * (single, multi, All), scoped variables, the data-link macros (`__data`, `__value`, `__field`,
 * `__series`), time macros (`__from`, `__to`, `__url_time_range`) and `__all_variables`.
 */
export class HarnessTemplateSrv implements TemplateSrv {
  private variables: HarnessVariable[] = [];
  private timeRange?: TimeRange;

  constructor(private context: TemplateContext) {}

  setVariables(variables: HarnessVariable[]): void {
    this.variables = variables;
  }

  getVariables(): TypedVariableModel[] {
    return this.variables as unknown as TypedVariableModel[];
  }

  getVariable(name: string): HarnessVariable | undefined {
    return this.variables.find((v) => v.name === name);
  }

  updateTimeRange(timeRange: TimeRange): void {
    this.timeRange = timeRange;
  }

  /** `from`/`to` as the URL carries them: relative expressions stay relative. */
  timeRangeForUrl(): { from: string; to: string } {
    const tr = this.timeRange;
    if (!tr) {
      return { from: 'now-6h', to: 'now' };
    }
    const raw = (v: unknown, abs: { valueOf(): number }) => (typeof v === 'string' ? v : String(abs.valueOf()));
    return { from: raw(tr.raw.from, tr.from), to: raw(tr.raw.to, tr.to) };
  }

  /** `var-<name>` values of every variable, for `${__all_variables}` and links that keep variables. */
  variablesForUrl(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const v of this.variables) {
      if (v.type === 'constant' || v.type === 'adhoc') {
        continue;
      }
      out[`var-${v.name}`] = isAllValue(v.current.value) ? [ALL_VALUE] : asList(v.current.value);
    }
    return out;
  }

  containsTemplate(target?: string): boolean {
    if (!target) {
      return false;
    }
    for (const m of target.matchAll(VARIABLE_REGEX)) {
      const name = m[1] || m[2] || m[4];
      if (this.getVariable(name) || name.startsWith('__')) {
        return true;
      }
    }
    return false;
  }

  replace(
    target?: string,
    scopedVars?: ScopedVars,
    format?: string | Function,
    interpolations?: VariableInterpolation[]
  ): string {
    if (!target) {
      return target ?? '';
    }
    return target.replace(
      VARIABLE_REGEX,
      (match, v1?: string, v2?: string, fmt2?: string, v3?: string, fieldPath?: string, fmt3?: string) => {
        const name = (v1 || v2 || v3)!;
        const explicit = fmt2 || fmt3;
        const fmt = explicit ?? format;
        const result = this.resolve(name, fieldPath, fmt, scopedVars);
        interpolations?.push({
          match,
          variableName: name,
          fieldPath,
          format: typeof fmt === 'string' ? fmt : undefined,
          value: result ?? match,
          found: result !== undefined,
        });
        return result ?? match;
      }
    );
  }

  private applyFormat(value: Value, fmt: string | Function | undefined, variable?: HarnessVariable, text?: Value) {
    if (typeof fmt === 'function') {
      return String((fmt as Formatter)(value, variable, (v) => formatValue(v as Value, 'glob', variable)));
    }
    return formatValue(value, fmt ?? (Array.isArray(value) ? 'glob' : 'raw'), variable, text);
  }

  private resolve(
    name: string,
    fieldPath: string | undefined,
    fmt: string | Function | undefined,
    scopedVars: ScopedVars | undefined
  ): string | undefined {
    const macro = this.macro(name, fieldPath, fmt, scopedVars);
    if (macro !== undefined) {
      return macro;
    }
    const scoped = scopedVars?.[name];
    if (scoped) {
      const raw = fieldPath ? get(scoped.value, fieldPath) : scoped.value;
      if (raw === undefined || raw === null) {
        return undefined;
      }
      const value = typeof raw === 'object' && !Array.isArray(raw) ? String(raw) : (raw as Value);
      return this.applyFormat(Array.isArray(value) ? value.map(String) : String(value), fmt, undefined, scoped.text);
    }
    const variable = this.getVariable(name);
    if (!variable) {
      return undefined;
    }
    let value = variable.current.value;
    let text = variable.current.text;
    if (isAllValue(value)) {
      text = ALL_TEXT;
      if (variable.allValue) {
        // A custom all value is used as written, except when the text or an encoding is asked for.
        return fmt === 'text'
          ? ALL_TEXT
          : fmt === 'percentencode'
            ? encodeURIComponent(variable.allValue)
            : variable.allValue;
      }
      value = variable.options.filter((o) => o.value !== ALL_VALUE).map((o) => o.value);
    }
    return this.applyFormat(value, fmt, variable, text);
  }

  private macro(
    name: string,
    fieldPath: string | undefined,
    fmt: string | Function | undefined,
    scopedVars: ScopedVars | undefined
  ): string | undefined {
    const tr = this.timeRange;
    switch (name) {
      case '__url_time_range':
        return urlUtil.toUrlParams(this.timeRangeForUrl());
      case '__all_variables':
        return urlUtil.toUrlParams(this.variablesForUrl());
      case '__from':
      case '__to': {
        if (!tr || scopedVars?.[name]) {
          return undefined;
        }
        const ms = (name === '__from' ? tr.from : tr.to).valueOf();
        return formatTime(ms, typeof fmt === 'string' ? fmt : undefined, this.context.timeZone);
      }
      case '__timezone':
        return this.context.timeZone === 'browser'
          ? Intl.DateTimeFormat().resolvedOptions().timeZone
          : this.context.timeZone;
      case '__dashboard':
        return fieldPath === 'uid' ? this.context.dashboard?.uid : this.context.dashboard?.title;
      case '__data':
      case '__value':
      case '__field':
      case '__series': {
        const ctx = (scopedVars?.__dataContext?.value ?? undefined) as DataContextValue | undefined;
        if (!ctx) {
          return undefined;
        }
        const value = dataMacro(name, fieldPath, ctx);
        return value === undefined ? undefined : this.applyFormat(value, fmt);
      }
      default:
        return undefined;
    }
  }
}

function formatTime(ms: number, fmt: string | undefined, timeZone: string): string {
  if (!fmt || !fmt.startsWith('date')) {
    return String(ms);
  }
  const spec = fmt.slice('date'.length).replace(/^:/, '');
  if (!spec || spec === 'iso') {
    return new Date(ms).toISOString();
  }
  if (spec === 'seconds') {
    return String(Math.floor(ms / 1000));
  }
  return dateTimeFormat(ms, { format: spec, timeZone });
}

function dataMacro(name: string, path: string | undefined, ctx: DataContextValue): string | undefined {
  const { frame, field, rowIndex } = ctx;
  if (name === '__series') {
    return path === 'name' || !path ? (frame?.name ?? field?.name) : undefined;
  }
  if (name === '__field') {
    if (!field) {
      return undefined;
    }
    if (!path || path === 'name') {
      return field.name;
    }
    if (path === 'displayName') {
      return field.state?.displayName ?? field.config.displayName ?? field.name;
    }
    return path.startsWith('labels') ? String(get(field, path) ?? '') : undefined;
  }
  if (name === '__value') {
    if (ctx.calculatedValue && rowIndex === undefined) {
      const c = ctx.calculatedValue;
      return path === 'numeric' || path === 'raw' ? String(c.numeric) : formattedValueToString(c);
    }
    if (!field || rowIndex === undefined) {
      return undefined;
    }
    const raw = field.values[rowIndex];
    if (path === 'raw') {
      return String(raw);
    }
    const disp = field.display ? field.display(raw) : { text: String(raw), numeric: Number(raw) };
    if (path === 'numeric') {
      return String(disp.numeric);
    }
    if (path === 'time') {
      const timeField = frame?.fields.find((f) => f.type === 'time');
      return timeField ? String(timeField.values[rowIndex]) : undefined;
    }
    return formattedValueToString(disp);
  }
  // __data: fields.<name> | fields[<index>] | fields["<name>"] with optional .text/.numeric/.raw, name, refId
  if (!frame || rowIndex === undefined || !path) {
    return undefined;
  }
  if (path === 'name') {
    return frame.name;
  }
  if (path === 'refId') {
    return frame.refId;
  }
  const m = /^fields(?:\.([^.[\]]+)|\[\s*["']?([^"'\]]+)["']?\s*\])(?:\.(text|numeric|raw))?$/.exec(path);
  if (!m) {
    return undefined;
  }
  const key = m[1] ?? m[2];
  const disp = getFieldDisplayValuesProxy({ frame, rowIndex })[key];
  if (!disp) {
    return undefined;
  }
  if (m[3] === 'numeric') {
    return String(disp.numeric);
  }
  if (m[3] === 'raw') {
    const f = frame.fields.find((x) => x.name === key) ?? frame.fields[Number(key)];
    return f ? String(f.values[rowIndex]) : undefined;
  }
  return formattedValueToString(disp);
}
