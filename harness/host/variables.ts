import {
  ALL_TEXT,
  ALL_VALUE,
  isAllValue,
  type HarnessTemplateSrv,
  type HarnessVariable,
  type VariableOption,
} from './templateSrv';

/** A variable as the dashboard JSON stores it (classic model). */
export interface VariableModelJson {
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
  current?: { text?: string | string[]; value?: string | string[] };
  options?: Array<{ text: string; value: string }>;
}

/** Runs a query variable's query through its data source and returns its options (text, value). */
export type QueryVariableRunner = (variable: VariableModelJson) => Promise<VariableOption[]>;

/** `key : value` pairs and escaped commas, as Grafana's custom variable reads its query. */
export function parseCustomQuery(query: string): VariableOption[] {
  const items = query.match(/(?:\\,|[^,])+/g) ?? [];
  return items.map((raw) => {
    const item = raw.replace(/\\,/g, ',').trim();
    const m = /^(.+?)\s:\s(.+)$/.exec(item);
    return m ? { text: m[1].trim(), value: m[2].trim() } : { text: item, value: item };
  });
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Grafana's variable sort orders (0 none, 1/2 alphabetical, 3/4 numerical, 5/6 case-insensitive, 7/8 natural). */
export function sortOptions(options: VariableOption[], sort = 0): VariableOption[] {
  if (!sort) {
    return options;
  }
  const num = (t: string) => {
    const m = /\d+/.exec(t);
    return m ? Number(m[0]) : -Infinity;
  };
  const compare: Record<number, (a: VariableOption, b: VariableOption) => number> = {
    1: (a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
    3: (a, b) => num(a.text) - num(b.text),
    5: (a, b) => a.text.toLowerCase().localeCompare(b.text.toLowerCase()),
    7: (a, b) => collator.compare(a.text, b.text),
  };
  const base = compare[sort % 2 === 0 ? sort - 1 : sort];
  if (!base) {
    return options;
  }
  const sorted = [...options].sort(base);
  return sort % 2 === 0 ? sorted.reverse() : sorted;
}

function applyRegex(options: VariableOption[], regex?: string): VariableOption[] {
  if (!regex) {
    return options;
  }
  const m = /^\/(.*)\/([gimsuy]*)$/.exec(regex);
  const re = m ? new RegExp(m[1], m[2]) : new RegExp(regex);
  const out: VariableOption[] = [];
  for (const o of options) {
    const hit = re.exec(o.value);
    if (hit) {
      const captured = hit.groups?.value ?? hit[1] ?? o.value;
      out.push({ text: hit.groups?.text ?? (hit[1] ? captured : o.text), value: captured });
    }
  }
  return out;
}

/**
 * Resolves a dashboard's variables in order, as Grafana does on load: each variable's options come from
 * its query (later variables may reference earlier ones, so the template service is updated as it goes),
 * and its value from the URL (`var-<name>`, repeatable), else the saved current value when it is still an
 * option, else All or the first option.
 */
export async function resolveVariables(
  models: VariableModelJson[],
  params: URLSearchParams,
  templateSrv: HarnessTemplateSrv,
  runQuery: QueryVariableRunner
): Promise<HarnessVariable[]> {
  const resolved: HarnessVariable[] = [];
  for (const model of models) {
    const v: HarnessVariable = {
      name: model.name,
      type: model.type,
      label: model.label,
      description: model.description,
      hide: model.hide,
      multi: model.multi,
      includeAll: model.includeAll,
      allValue: model.allValue,
      query: model.query,
      datasource: model.datasource,
      regex: model.regex,
      sort: model.sort,
      options: [],
      current: { text: '', value: '' },
    };
    try {
      switch (model.type) {
        case 'query':
          v.options = sortOptions(applyRegex(await runQuery(model), model.regex), model.sort);
          break;
        case 'custom':
          v.options = parseCustomQuery(String(model.query ?? ''));
          break;
        case 'constant':
        case 'textbox':
          v.options = model.query ? [{ text: String(model.query), value: String(model.query) }] : [];
          break;
        default:
          v.options = model.options ?? [];
      }
    } catch (err) {
      v.error = `variable ${model.name}: ${(err as Error).message}`;
    }
    if (v.includeAll) {
      v.options = [{ text: ALL_TEXT, value: ALL_VALUE }, ...v.options];
    }
    v.current = pickCurrent(v, model, params.getAll(`var-${model.name}`));
    resolved.push(v);
    templateSrv.setVariables([...resolved]);
  }
  return resolved;
}

function pickCurrent(v: HarnessVariable, model: VariableModelJson, fromUrl: string[]): HarnessVariable['current'] {
  const textOf = (value: string) => v.options.find((o) => o.value === value)?.text ?? value;
  const toCurrent = (values: string[]): HarnessVariable['current'] => {
    if (values.some((x) => x === ALL_VALUE || (x === ALL_TEXT && v.includeAll))) {
      return { text: v.multi ? [ALL_TEXT] : ALL_TEXT, value: v.multi ? [ALL_VALUE] : ALL_VALUE };
    }
    return v.multi
      ? { text: values.map(textOf), value: values }
      : { text: textOf(values[0] ?? ''), value: values[0] ?? '' };
  };
  if (model.type === 'constant') {
    return toCurrent([String(model.query ?? '')]);
  }
  if (fromUrl.length) {
    // Grafana keeps a URL value even when it is not (yet) an option: links may point at anything.
    return toCurrent(fromUrl);
  }
  const saved = model.current?.value;
  const savedList = saved === undefined ? [] : (Array.isArray(saved) ? saved : [saved]).filter((x) => x !== '');
  if (model.type === 'textbox') {
    return toCurrent(savedList.length ? savedList : [String(model.query ?? '')]);
  }
  const valid = savedList.filter((x) => (isAllValue(x) ? v.includeAll : v.options.some((o) => o.value === x)));
  if (valid.length) {
    return toCurrent(valid);
  }
  return toCurrent(v.options.length ? [v.options[0].value] : []);
}
