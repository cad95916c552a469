/**
 * Building the OData `$filter` and `$orderby` the service understands (see backend/src/api/odata.ts for its
 * grammar). Values are always quoted string literals: a value never becomes syntax.
 */

/** A string literal: quotes doubled, as OData escapes them. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `field eq 'a'` for one value, `field in ('a', 'b')` for several; undefined for none (no filter). */
export function anyOf(field: string, values: readonly string[] | undefined): string | undefined {
  if (!values || values.length === 0) {
    return undefined;
  }
  return values.length === 1 ? `${field} eq ${literal(values[0])}` : `${field} in (${values.map(literal).join(', ')})`;
}

/** Case-insensitive text search over several fields (the service's `contains` ignores case). */
export function containsAny(fields: readonly string[], text: string | undefined): string | undefined {
  const needle = text?.trim();
  if (!needle || fields.length === 0) {
    return undefined;
  }
  return fields.map((f) => `contains(${f}, ${literal(needle)})`).join(' or ');
}

/** Every given condition must hold; each is parenthesized so an `or` inside one cannot leak into the others. */
export function allOf(conditions: ReadonlyArray<string | undefined>): string | undefined {
  const parts = conditions.map((c) => c?.trim()).filter((c): c is string => Boolean(c));
  if (parts.length === 0) {
    return undefined;
  }
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' and ');
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isFieldName(name: string): boolean {
  return FIELD_NAME.test(name);
}
