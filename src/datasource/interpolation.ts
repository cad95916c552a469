import type { ScopedVars, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv, VariableInterpolation } from '@grafana/runtime';
import { QUERY_TYPE_INFO, type RequiredId } from './queryTypes';
import type { TvmQuery } from './types';

/** The value Grafana stores for a multi-value variable's "All" option. */
export const ALL_VALUE = '$__all';

/** A query that cannot run as written; its message is shown on the panel. */
export class QueryError extends Error {}

type Interpolator = Pick<TemplateSrv, 'replace' | 'getVariables'>;

/** `$name`, `${name}`, `${name:format}`, `${name.field}` and `[[name]]`: the names a text refers to. */
const VARIABLE_REF = /\$(\w+)|\$\{(\w+)(?:[.:][^}]*)?\}|\[\[(\w+)(?::\w+)?\]\]/g;

function referencedNames(raw: string, interpolations: VariableInterpolation[]): string[] {
  // Grafana reports what it interpolated; the regex covers a template service that does not.
  const reported = interpolations.filter((i) => i.found !== false).map((i) => i.variableName);
  if (reported.length > 0) {
    return [...new Set(reported)];
  }
  const names = new Set<string>();
  for (const m of raw.matchAll(VARIABLE_REF)) {
    names.add(m[1] ?? m[2] ?? m[3]);
  }
  return [...names];
}

/** The variable name when a whole value is a reference left as it was (`$group`, `${group:csv}`). */
function referenceName(value: string): string | undefined {
  const m = /^\$(?:(\w+)|\{(\w+)[^}]*\})$/.exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

function isAllValue(value: unknown): boolean {
  return value === ALL_VALUE || (Array.isArray(value) && value.includes(ALL_VALUE));
}

function variableNamed(templateSrv: Interpolator, name: string): TypedVariableModel | undefined {
  return templateSrv.getVariables().find((v) => v.name === name);
}

/** The selected value(s) of a variable: the scoped value (repeated panels, links) wins over the dashboard's. */
function selectedValue(templateSrv: Interpolator, name: string, scopedVars?: ScopedVars): unknown {
  const scoped = scopedVars?.[name];
  if (scoped) {
    return scoped.value;
  }
  const variable = variableNamed(templateSrv, name);
  return variable && 'current' in variable && variable.current
    ? (variable.current as { value?: unknown }).value
    : undefined;
}

/** The option values of a multi-value variable, without "All"; empty for other variables. */
function optionValues(templateSrv: Interpolator, name: string): string[] {
  const variable = variableNamed(templateSrv, name);
  if (!variable || !('multi' in variable) || !variable.multi || !('options' in variable)) {
    return [];
  }
  return variable.options
    .flatMap((o) => (Array.isArray(o.value) ? o.value : [o.value]))
    .filter((v): v is string => typeof v === 'string' && v !== ALL_VALUE);
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** A field's text with variables replaced; multi-value variables become comma-separated lists. */
export function interpolateText(templateSrv: Interpolator, raw: string | undefined, scopedVars?: ScopedVars): string {
  if (!raw) {
    return '';
  }
  return templateSrv.replace(raw, scopedVars, 'csv').trim();
}

/**
 * The values a multi-value field selects, or `null` for "every value" (no filter): the field is empty or "All",
 * a variable it refers to is on its All option, or the selection holds every option of the variable.
 */
export function interpolateSelection(
  templateSrv: Interpolator,
  raw: string | undefined,
  scopedVars?: ScopedVars
): string[] | null {
  if (!raw || raw.trim() === '' || raw.trim().toLowerCase() === 'all') {
    return null;
  }
  const interpolations: VariableInterpolation[] = [];
  const text = templateSrv.replace(raw, scopedVars, 'csv', interpolations);
  const names = referencedNames(raw, interpolations);
  if (names.some((name) => isAllValue(selectedValue(templateSrv, name, scopedVars)))) {
    return null;
  }
  // A variable the dashboard does not have (a panel copied elsewhere, Explore) selects nothing in particular:
  // sent literally it would scope to a group named "$group" and show an empty panel.
  const values = [...new Set(splitList(text))].filter((v) => {
    const name = referenceName(v);
    return name === undefined || Boolean(scopedVars?.[name]) || variableNamed(templateSrv, name) !== undefined;
  });
  if (values.length === 0 || values.includes(ALL_VALUE)) {
    return null;
  }
  const chosen = new Set(values);
  const everyOption = names.some((name) => {
    const options = optionValues(templateSrv, name);
    return options.length > 0 && !scopedVars?.[name] && options.every((o) => chosen.has(o));
  });
  return everyOption ? null : values;
}

/**
 * A field that names one thing (a device, a CVE): refuses a variable with several values selected, which would
 * otherwise be sent as a comma-separated id that matches nothing.
 */
export function interpolateSingle(
  templateSrv: Interpolator,
  raw: string | undefined,
  what: string,
  scopedVars?: ScopedVars
): string {
  if (!raw) {
    return '';
  }
  const interpolations: VariableInterpolation[] = [];
  const text = templateSrv.replace(raw, scopedVars, 'csv', interpolations).trim();
  for (const name of referencedNames(raw, interpolations)) {
    const value = selectedValue(templateSrv, name, scopedVars);
    if (isAllValue(value) || (Array.isArray(value) && value.length > 1)) {
      throw new QueryError(
        `${what} takes one value, but $${name} has several selected: select one, or turn off its multi-value and All options.`
      );
    }
  }
  return text;
}

const SELECTION_FIELDS = [
  'deviceGroup',
  'category',
  'remediationType',
  'severity',
  'exposureLevel',
  'osPlatform',
  'status',
] as const;
const TEXT_FIELDS = ['search', 'filter', 'orderBy'] as const;
const ID_FIELDS: readonly RequiredId[] = ['recommendationId', 'softwareId', 'cveId', 'deviceId'];
const ID_LABEL: Record<RequiredId, string> = {
  recommendationId: 'The recommendation',
  softwareId: 'The software',
  cveId: 'The CVE',
  deviceId: 'The device',
};

/**
 * The query with every template variable replaced. Selections (device group, severity …) become comma-separated
 * values, or '' when they select everything, so the request carries no filter for them. With `strict`, an id
 * field given several values is a `QueryError`; without it (Explore's "copy query"), it is left as interpolated.
 */
export function interpolateQuery<Q extends TvmQuery>(
  templateSrv: Interpolator,
  query: Q,
  scopedVars?: ScopedVars,
  strict = true
): Q {
  const out: Record<string, unknown> = { ...query };
  for (const key of SELECTION_FIELDS) {
    const raw = out[key];
    if (typeof raw === 'string') {
      out[key] = interpolateSelection(templateSrv, raw, scopedVars)?.join(',') ?? '';
    }
  }
  for (const key of TEXT_FIELDS) {
    const raw = out[key];
    if (typeof raw === 'string') {
      out[key] = interpolateText(templateSrv, raw, scopedVars);
    }
  }
  const required = QUERY_TYPE_INFO[query.queryType]?.required;
  for (const key of ID_FIELDS) {
    const raw = out[key];
    if (typeof raw === 'string') {
      out[key] =
        strict && key === required
          ? interpolateSingle(templateSrv, raw, ID_LABEL[key], scopedVars)
          : interpolateText(templateSrv, raw, scopedVars);
    }
  }
  if (Array.isArray(out.eventTypes)) {
    const types = (out.eventTypes as unknown[])
      .filter((t): t is string => typeof t === 'string')
      .map((t) => interpolateSelection(templateSrv, t, scopedVars));
    // One entry on "All" means every type: no type filter at all.
    out.eventTypes = types.some((t) => t === null) ? [] : [...new Set(types.flatMap((t) => t ?? []))];
  }
  return out as Q;
}
