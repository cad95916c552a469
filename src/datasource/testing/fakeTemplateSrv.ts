import type { ScopedVars, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv, VariableInterpolation } from '@grafana/runtime';

export interface FakeVariable {
  name: string;
  /** The options the variable offers (without All). */
  options: string[];
  /** The selection: one value, several, or `'$__all'`. */
  current: string | string[];
  multi?: boolean;
  includeAll?: boolean;
  /** A custom all value (Grafana's "Custom all value"). */
  allValue?: string;
}

const FORMATS: Record<string, (values: string[]) => string> = {
  csv: (v) => v.join(','),
  raw: (v) => v.join(','),
  singlequote: (v) => v.map((x) => `'${x.replace(/'/g, "\\'")}'`).join(','),
  pipe: (v) => v.join('|'),
};

/**
 * A template service that interpolates the way Grafana's does for what the data source relies on: `$name`,
 * `${name}`, `${name:format}`, scoped variables winning over dashboard ones, All expanding to every option (or
 * the custom all value), an explicit format overriding the default, and `interpolations` being reported.
 */
export class FakeTemplateSrv implements TemplateSrv {
  constructor(public variables: FakeVariable[] = []) {}

  getVariables(): TypedVariableModel[] {
    return this.variables.map(
      (v) =>
        ({
          name: v.name,
          type: 'custom',
          multi: v.multi ?? Array.isArray(v.current),
          includeAll: v.includeAll ?? false,
          allValue: v.allValue,
          current: {
            selected: true,
            text: v.current,
            value: v.current === '$__all' ? ['$__all'] : v.current,
          },
          options: [
            ...(v.includeAll ? [{ selected: false, text: 'All', value: '$__all' }] : []),
            ...v.options.map((o) => ({ selected: false, text: o, value: o })),
          ],
        }) as unknown as TypedVariableModel
    );
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
      /\$(\w+)|\$\{(\w+)(?::(\w+))?\}/g,
      (match: string, plain?: string, braced?: string, explicit?: string) => {
        const name = plain ?? braced ?? '';
        const values = this.valuesOf(name, scopedVars);
        if (values === undefined) {
          interpolations?.push({ match, variableName: name, value: match, found: false });
          return match;
        }
        const fmt = explicit ?? (typeof format === 'string' ? format : 'raw');
        const value = (FORMATS[fmt] ?? FORMATS.raw)(values);
        interpolations?.push({ match, variableName: name, format: fmt, value, found: true });
        return value;
      }
    );
  }

  containsTemplate(target?: string): boolean {
    return Boolean(target && /\$\w+|\$\{\w+/.test(target));
  }

  updateTimeRange(): void {}

  private valuesOf(name: string, scopedVars?: ScopedVars): string[] | undefined {
    const scoped = scopedVars?.[name];
    if (scoped) {
      return Array.isArray(scoped.value) ? scoped.value.map(String) : [String(scoped.value)];
    }
    const v = this.variables.find((x) => x.name === name);
    if (!v) {
      return undefined;
    }
    if (v.current === '$__all' || (Array.isArray(v.current) && v.current.includes('$__all'))) {
      return v.allValue !== undefined ? [v.allValue] : v.options;
    }
    return Array.isArray(v.current) ? v.current : [v.current];
  }
}
