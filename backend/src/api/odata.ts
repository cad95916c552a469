/**
 * A small, safe OData v4 subset for the read API, shaped after Microsoft Defender for Endpoint's
 * vulnerability-management endpoints (`$filter`, `$top`, `$skip`, `$orderby`, `@odata.nextLink`).
 *
 * Safety model: a client never writes SQL. Field names are looked up in a per-endpoint whitelist
 * (`defineFields`) whose `sql` is written by us; every literal becomes a `?` parameter. The filter
 * is tokenized and parsed by hand (recursive descent) into a small tree, type-checked against the
 * whitelist, then translated. Anything else is a 400 `ApiError` naming the problem and its position
 * (a 0-based character offset into the option's text).
 *
 * `$filter` grammar (keywords, operators, function and field names are case-insensitive):
 *
 *     filter     := or EOF
 *     or         := and ('or' and)*
 *     and        := unary ('and' unary)*
 *     unary      := 'not' unary | primary
 *     primary    := '(' or ')'
 *                 | func '(' field ',' string ')' [boolTest]          contains / startswith / endswith
 *                 | field '/' ('any' | 'all') '(' [var ':' or] ')' [boolTest]
 *                 | operand ('eq'|'ne'|'gt'|'ge'|'lt'|'le') operand   one side a field, the other a literal
 *                 | operand 'in' '(' literal (',' literal)* ')'
 *                 | booleanField
 *     boolTest   := ('eq' | 'ne') ('true' | 'false')
 *     literal    := 'string' ('' escapes a quote) | number (-1, 2.5, 1e3) | true | false | null
 *                 | date-time, unquoted or quoted: 2026-11-01, 2018-08-01Z, 2026-11-01T00:00:00Z,
 *                   2026-11-01T02:00:00.1234567+02:00 (no zone means UTC)
 *
 * Semantics and decisions:
 * - `not` binds to the predicate that follows it: `not status eq 'X'` means `not (status eq 'X')`.
 * - Two-valued logic as OData defines it: a comparison with a null column is false, and `not` of it is
 *   true. The translation pushes `not` down to the leaves (De Morgan) and adds `OR col IS NULL` to
 *   negated leaves, so `not (status eq 'Exception')` and `status ne 'Exception'` both keep rows whose
 *   status is null, as Defender does. `eq null` / `ne null` become `IS NULL` / `IS NOT NULL`.
 * - `eq`/`ne`/`in` on strings compare exactly; `contains`/`startswith`/`endswith` are
 *   case-insensitive (`LOWER(col) LIKE LOWER(?) ESCAPE '\'`, with `%`, `_` and `\` escaped).
 * - Enum values are matched case-insensitively and sent in their declared spelling; a value outside
 *   the list is a 400 listing the allowed ones. `gt/ge/lt/le` on an enum are allowed only when the
 *   field is declared `ordered` (its `values` ascending): `severity ge 'High'` ⇒ `IN ('High', 'Critical')`.
 * - Date-times are normalised to `YYYY-MM-DDTHH:mm:ss.sssZ` (what `Date#toISOString` writes), so the
 *   column must hold that form for text comparison to order correctly.
 * - Booleans are sent as 1/0 (the store keeps them as INTEGER).
 * - `stringArray` fields (a JSON array in text) support `tags/any(t: …)`, `tags/all(t: …)`, `tags/any()`,
 *   and, as a shorthand, `tags eq 'x'` (has x), `tags ne 'x'` (lacks x), `tags in ('x','y')` (has one of
 *   them). `contains(tags,'x')` is refused: substring matching over the JSON text would be wrong.
 * - Limits: ≤ 4,000 characters, nesting (parentheses, `not`, lambdas) ≤ 32 levels, ≤ 200 terms
 *   (comparisons, `in` lists, function calls, lambdas, boolean fields).
 * - Comparing two fields, or two literals, is refused. Inside a lambda only its variable can be used
 *   (a field's SQL could name a column that the element rows shadow, such as json_each's `value`).
 *
 * `$top` larger than the endpoint's maximum is a 400 naming the maximum (not clamped): silently
 * returning fewer rows than asked for would look like the end of the data to a careless client.
 */
import type { SqlValue } from '../store/db';
import { ApiError } from './errors';

export const MAX_FILTER_LENGTH = 4000;
export const MAX_FILTER_DEPTH = 32;
export const MAX_FILTER_TERMS = 200;
export const MAX_ORDERBY_LENGTH = 1000;
export const MAX_ORDERBY_TERMS = 32;
/** Defender's `$top` ceiling for list endpoints… */
export const DEFENDER_MAX_TOP = 10000;
/** …and for `/api/vulnerabilities`. */
export const DEFENDER_MAX_TOP_VULNERABILITIES = 8000;

export type FieldType = 'string' | 'number' | 'boolean' | 'datetime' | 'enum' | 'stringArray';

/** One whitelisted field: how to reach it in SQL and what it holds. */
export interface FieldDef {
  /** A column or SQL expression, written by us (never by a client). */
  readonly sql: string;
  readonly type: FieldType;
  /** The allowed values of an `enum`, in their canonical spelling (ascending when `ordered`). */
  readonly values?: readonly string[];
  /** An `enum` whose `values` are listed in ascending order: allows `gt`, `ge`, `lt`, `le`. */
  readonly ordered?: boolean;
}

export interface Field extends FieldDef {
  /** The API name as declared (camelCase). */
  readonly name: string;
}

/** A per-endpoint whitelist of filterable and sortable fields; look-ups are case-insensitive. */
export interface Fields {
  /** Declared names, in declaration order. */
  readonly names: readonly string[];
  get(name: string): Field | undefined;
}

/** The same whitelist under the name route code uses for it. */
export type FieldSpec = Fields;

const RESERVED = new Set([
  'and',
  'or',
  'not',
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'in',
  'true',
  'false',
  'null',
  'any',
  'all',
  'asc',
  'desc',
]);

function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isIdentChar(c: string | undefined): boolean {
  return isIdentStart(c) || isDigit(c);
}

function isIdentifier(s: string): boolean {
  if (!isIdentStart(s[0])) {
    return false;
  }
  for (const c of s) {
    if (!isIdentChar(c)) {
      return false;
    }
  }
  return true;
}

/**
 * Declares an endpoint's whitelist. Throws (a programming error, not a 400) on a name that is not an
 * identifier or is an OData keyword, on names equal but for case, and on an `enum` without values.
 */
export function defineFields(spec: Readonly<Record<string, FieldDef>>): Fields {
  const byName = new Map<string, Field>();
  const names: string[] = [];
  for (const [name, s] of Object.entries(spec)) {
    if (!isIdentifier(name) || RESERVED.has(name.toLowerCase())) {
      throw new Error(`defineFields: "${name}" is not a usable field name`);
    }
    const key = name.toLowerCase();
    if (byName.has(key)) {
      throw new Error(`defineFields: "${name}" is declared twice (names are case-insensitive)`);
    }
    if (!s.sql.trim()) {
      throw new Error(`defineFields: "${name}" has no sql`);
    }
    if (s.type === 'enum' && (!s.values || s.values.length === 0)) {
      throw new Error(`defineFields: enum "${name}" needs values`);
    }
    if (s.ordered && s.type !== 'enum') {
      throw new Error(`defineFields: only an enum can be ordered ("${name}")`);
    }
    const field: Field = Object.freeze({
      name,
      sql: s.sql,
      type: s.type,
      ...(s.values ? { values: Object.freeze([...s.values]) } : {}),
      ...(s.ordered ? { ordered: true } : {}),
    });
    byName.set(key, field);
    names.push(name);
  }
  Object.freeze(names);
  return Object.freeze({ names, get: (name: string) => byName.get(name.toLowerCase()) });
}

/**
 * How a dialect reads the elements of a JSON array held as text. This is the only dialect-specific
 * piece of the translation: a lambda over `tags` becomes
 * `EXISTS (SELECT 1 FROM ${from} WHERE <predicate over ${element}>)`.
 *
 * SQLite (`sqliteJsonArray`): `(SELECT col AS arr) AS e_a, json_each(e_a.arr) AS e`, element `e.value`.
 * The array expression is evaluated in a derived table of its own because inside `json_each(…)` an
 * unqualified `value` or `key` would name json_each's own columns, not the outer row's (so
 * `json_each(json_extract(value, '$.tags'))` over rows that themselves come from json_each breaks).
 *
 * PostgreSQL needs the jsonb form instead:
 * `({ from: \`jsonb_array_elements_text((${col})::jsonb) AS ${alias}(value)\`, element: \`${alias}.value\` })`.
 */
export type JsonArrayDialect = (arraySql: string, alias: string) => { from: string; element: string };

export const sqliteJsonArray: JsonArrayDialect = (arraySql, alias) => ({
  from: `(SELECT ${arraySql} AS arr) AS ${alias}_a, json_each(${alias}_a.arr) AS ${alias}`,
  element: `${alias}.value`,
});

// ---------------------------------------------------------------------------------------------
// Tokenizer

type TokenKind = 'ident' | 'string' | 'number' | 'datetime' | '(' | ')' | ',' | '/' | ':' | 'eof';

interface Token {
  kind: TokenKind;
  /** The source text of the token (for a string: its content, quotes removed and '' unescaped). */
  text: string;
  pos: number;
}

type Option = '$filter' | '$orderby';

const ERROR_CODES: Record<Option, string> = { $filter: 'InvalidFilter', $orderby: 'InvalidOrderBy' };

function optionError(option: Option, message: string): ApiError {
  return new ApiError(400, ERROR_CODES[option], `${option}: ${message}`, option);
}

function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `string '${clip(t.text)}'`;
    default:
      return `'${clip(t.text)}'`;
  }
}

/** The extent of an unquoted date-time; validated by `normaliseDateTime`. */
const DATETIME_PREFIX = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?/y;
const NUMBER_PREFIX = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function tokenize(text: string, option: Option): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')' || c === ',' || c === '/' || c === ':') {
      tokens.push({ kind: c as TokenKind, text: c, pos: start });
      i++;
    } else if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= n) {
          throw optionError(option, `unterminated string starting at position ${start}`);
        }
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: 'string', text: value, pos: start });
      i = j;
    } else if (isDigit(c) || (c === '-' && isDigit(text[i + 1]))) {
      DATETIME_PREFIX.lastIndex = i;
      const dt = isDigit(c) ? DATETIME_PREFIX.exec(text) : null;
      if (dt) {
        tokens.push({ kind: 'datetime', text: dt[0], pos: start });
        i += dt[0].length;
      } else {
        NUMBER_PREFIX.lastIndex = i;
        const num = NUMBER_PREFIX.exec(text);
        const raw = num ? num[0] : c;
        tokens.push({ kind: 'number', text: raw, pos: start });
        i += raw.length;
      }
      const next = text[i];
      if (isIdentChar(next) || next === '.' || next === ':' || next === '-' || next === '+') {
        let j = i;
        while (j < n && !' \t\r\n(),'.includes(text[j])) {
          j++;
        }
        throw optionError(option, `invalid number or date-time '${clip(text.slice(start, j))}' at position ${start}`);
      }
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentChar(text[j])) {
        j++;
      }
      tokens.push({ kind: 'ident', text: text.slice(i, j), pos: start });
      i = j;
    } else {
      throw optionError(option, `unexpected character '${c}' at position ${start}`);
    }
  }
  tokens.push({ kind: 'eof', text: '', pos: n });
  return tokens;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DATETIME_FULL =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:(Z)|([+-])(\d{2}):(\d{2}))?$/;

/**
 * `2026-11-01T02:00:00+02:00` → `2026-11-01T00:00:00.000Z`; undefined when not a valid ISO-8601
 * date or date-time (no zone means UTC; sub-millisecond digits are dropped).
 */
export function normaliseDateTime(s: string): string | undefined {
  const m = DATETIME_FULL.exec(s);
  if (!m) {
    return undefined;
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) {
      return undefined;
    }
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  const t = d.getTime() - offsetMinutes * 60000;
  const out = new Date(t);
  const y = out.getUTCFullYear();
  if (y < 0 || y > 9999) {
    return undefined;
  }
  return out.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Intermediate form: typed predicates whose values are already parameters.

type SqlOp = '=' | '>' | '>=' | '<' | '<=';

type Pred =
  | { k: 'and' | 'or'; items: Pred[] }
  | { k: 'not'; item: Pred }
  | { k: 'const'; value: boolean }
  | { k: 'cmp'; lhs: string; op: SqlOp; value: SqlValue }
  | { k: 'null'; lhs: string }
  | { k: 'in'; lhs: string; values: SqlValue[] }
  | { k: 'like'; lhs: string; pattern: string }
  | { k: 'exists'; from: string; body?: Pred; all: boolean };

const INVERSE: Record<SqlOp, string> = { '=': '<>', '>': '<=', '>=': '<', '<': '>=', '<=': '>' };

/**
 * SQL for `p` (or for `not p` when `neg`), never NULL-valued: negations are pushed to the leaves and
 * a negated leaf is also true when its column is null.
 */
function toSql(p: Pred, neg: boolean, params: SqlValue[]): string {
  switch (p.k) {
    case 'and':
    case 'or': {
      const joiner = (p.k === 'and') !== neg ? ' AND ' : ' OR ';
      const parts = p.items.map((item) => toSql(item, neg, params));
      return parts.length === 1 ? parts[0] : `(${parts.join(joiner)})`;
    }
    case 'not':
      return toSql(p.item, !neg, params);
    case 'const':
      return p.value !== neg ? '1 = 1' : '1 = 0';
    case 'cmp':
      params.push(p.value);
      return neg ? `(${p.lhs} ${INVERSE[p.op]} ? OR ${p.lhs} IS NULL)` : `${p.lhs} ${p.op} ?`;
    case 'null':
      return `${p.lhs} IS ${neg ? 'NOT ' : ''}NULL`;
    case 'in': {
      params.push(...p.values);
      const list = p.values.map(() => '?').join(', ');
      return neg ? `(${p.lhs} NOT IN (${list}) OR ${p.lhs} IS NULL)` : `${p.lhs} IN (${list})`;
    }
    case 'like':
      params.push(p.pattern);
      return neg
        ? `(LOWER(${p.lhs}) NOT LIKE LOWER(?) ESCAPE '\\' OR ${p.lhs} IS NULL)`
        : `LOWER(${p.lhs}) LIKE LOWER(?) ESCAPE '\\'`;
    case 'exists': {
      // any: EXISTS(body); all: NOT EXISTS(not body). Negation flips EXISTS only.
      const where = p.body ? ` WHERE ${toSql(p.body, p.all, params)}` : '';
      const exists = p.all === neg;
      return `${exists ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${p.from}${where})`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Parser

type Literal =
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'datetime'; value: string; pos: number };

type Operand = { kind: 'field'; field: Field; pos: number } | Literal;

type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const CMP_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const SQL_OP: Record<Exclude<CmpOp, 'ne'>, SqlOp> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' };
const FLIPPED: Record<CmpOp, CmpOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
const FUNCTIONS = ['contains', 'startswith', 'endswith'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

const TYPE_LABEL: Record<FieldType, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  datetime: 'date-time',
  enum: 'enum',
  stringArray: 'collection of strings',
};

function describeLiteral(l: Literal): string {
  switch (l.kind) {
    case 'string':
      return `string '${clip(l.value)}'`;
    case 'number':
      return `number ${l.value}`;
    case 'boolean':
      return String(l.value);
    case 'null':
      return 'null';
    case 'datetime':
      return `date-time ${l.value}`;
  }
}

function escapeLike(s: string): string {
  let out = '';
  for (const c of s) {
    out += c === '\\' || c === '%' || c === '_' ? `\\${c}` : c;
  }
  return out;
}

class FilterParser {
  private i = 0;
  private depth = 0;
  private terms = 0;
  private aliases = 0;
  private readonly scopes: Field[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly fields: Fields,
    private readonly jsonArray: JsonArrayDialect
  ) {}

  parse(): Pred {
    const p = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'eof') {
      throw this.error(`expected 'and', 'or' or end of input at position ${t.pos}, found ${describe(t)}`);
    }
    return p;
  }

  private error(message: string): ApiError {
    return optionError('$filter', message);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private expect(kind: TokenKind, what = `'${kind}'`): Token {
    const t = this.peek();
    if (t.kind !== kind) {
      throw this.error(`expected ${what} at position ${t.pos}, found ${describe(t)}`);
    }
    return this.next();
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_FILTER_DEPTH) {
      throw this.error(`nested deeper than ${MAX_FILTER_DEPTH} levels at position ${t.pos}`);
    }
  }

  private term(pos: number): void {
    if (++this.terms > MAX_FILTER_TERMS) {
      throw this.error(`more than ${MAX_FILTER_TERMS} terms (at position ${pos}); split the query`);
    }
  }

  private parseOr(): Pred {
    const items = [this.parseAnd()];
    while (this.isKeyword('or')) {
      this.next();
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0] : { k: 'or', items };
  }

  private parseAnd(): Pred {
    const items = [this.parseUnary()];
    while (this.isKeyword('and')) {
      this.next();
      items.push(this.parseUnary());
    }
    return items.length === 1 ? items[0] : { k: 'and', items };
  }

  private parseUnary(): Pred {
    if (this.isKeyword('not')) {
      const t = this.next();
      this.enter(t);
      const item = this.parseUnary();
      this.depth--;
      return { k: 'not', item };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Pred {
    const t = this.peek();
    if (t.kind === '(') {
      this.next();
      this.enter(t);
      const p = this.parseOr();
      this.expect(')');
      this.depth--;
      return p;
    }
    if (t.kind === 'ident' && this.peek(1).kind === '(' && !RESERVED.has(t.text.toLowerCase())) {
      return this.boolTest(this.parseFunction());
    }
    if (t.kind === 'ident' && this.peek(1).kind === '/') {
      return this.boolTest(this.parseLambda());
    }
    const left = this.parseOperand();
    const op = this.peek();
    const word = op.kind === 'ident' ? op.text.toLowerCase() : '';
    if (CMP_OPS.has(word)) {
      this.next();
      const right = this.parseOperand();
      return this.comparison(left, word as CmpOp, right, op);
    }
    if (word === 'in') {
      this.next();
      return this.inList(left, op);
    }
    if (left.kind === 'field' && left.field.type === 'boolean') {
      this.term(left.pos);
      return { k: 'cmp', lhs: left.field.sql, op: '=', value: 1 };
    }
    throw this.error(
      `expected a comparison operator (eq, ne, gt, ge, lt, le, in) at position ${op.pos}, found ${describe(op)}`
    );
  }

  /** `contains(x,'a') eq true` and friends: folds a boolean test onto a boolean predicate. */
  private boolTest(p: Pred): Pred {
    if ((this.isKeyword('eq') || this.isKeyword('ne')) && (this.isKeyword('true', 1) || this.isKeyword('false', 1))) {
      const eq = this.next().text.toLowerCase() === 'eq';
      const value = this.next().text.toLowerCase() === 'true';
      return eq === value ? p : { k: 'not', item: p };
    }
    return p;
  }

  private resolve(t: Token): Field {
    const key = t.text.toLowerCase();
    for (let s = this.scopes.length - 1; s >= 0; s--) {
      if (this.scopes[s].name.toLowerCase() === key) {
        return this.scopes[s];
      }
    }
    const f = this.fields.get(t.text);
    if (!f) {
      throw this.error(`unknown field "${clip(t.text)}"; filterable fields: ${this.fields.names.join(', ')}`);
    }
    if (this.scopes.length) {
      // A field's SQL may name columns that the lambda's element rows shadow (json_each has `value`).
      const v = this.scopes[this.scopes.length - 1].name;
      throw this.error(`inside a lambda only its variable ${v} can be used, not ${f.name} (at position ${t.pos})`);
    }
    return f;
  }

  private parseOperand(): Operand {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.text, pos: t.pos };
      case 'number': {
        const value = Number(t.text);
        if (!Number.isFinite(value)) {
          throw this.error(`number '${clip(t.text)}' out of range at position ${t.pos}`);
        }
        return { kind: 'number', value, pos: t.pos };
      }
      case 'datetime': {
        const value = normaliseDateTime(t.text);
        if (value === undefined) {
          throw this.error(`invalid date-time '${clip(t.text)}' at position ${t.pos}`);
        }
        return { kind: 'datetime', value, pos: t.pos };
      }
      case 'ident': {
        const word = t.text.toLowerCase();
        if (word === 'true' || word === 'false') {
          return { kind: 'boolean', value: word === 'true', pos: t.pos };
        }
        if (word === 'null') {
          return { kind: 'null', pos: t.pos };
        }
        if (RESERVED.has(word)) {
          throw this.error(`expected a field or a value at position ${t.pos}, found ${describe(t)}`);
        }
        return { kind: 'field', field: this.resolve(t), pos: t.pos };
      }
      default:
        throw this.error(`expected a field or a value at position ${t.pos}, found ${describe(t)}`);
    }
  }

  private comparison(left: Operand, op: CmpOp, right: Operand, opToken: Token): Pred {
    if (left.kind !== 'field' && right.kind === 'field') {
      return this.comparison(right, FLIPPED[op], left, opToken);
    }
    if (left.kind !== 'field') {
      throw this.error(`a comparison needs a field on one side (at position ${opToken.pos})`);
    }
    if (right.kind === 'field') {
      throw this.error(
        `comparing two fields is not supported (${left.field.name} and ${right.field.name} at position ${opToken.pos})`
      );
    }
    this.term(left.pos);
    const f = left.field;
    if (right.kind === 'null') {
      if (op === 'eq' || op === 'ne') {
        const isNull: Pred = { k: 'null', lhs: f.sql };
        return op === 'eq' ? isNull : { k: 'not', item: isNull };
      }
      throw this.error(`null can only be compared with eq or ne (${f.name} ${op} null at position ${opToken.pos})`);
    }
    if (f.type === 'stringArray') {
      if (op !== 'eq' && op !== 'ne') {
        throw this.error(
          `${f.name} is a collection: use ${f.name}/any(t: t eq 'x') or ${f.name} eq 'x' (operator ${op} at position ${opToken.pos})`
        );
      }
      const value = this.value(f, right);
      const has = this.arrayHas(f, (element) => ({ k: 'cmp', lhs: element, op: '=', value }));
      return op === 'eq' ? has : { k: 'not', item: has };
    }
    if (f.type === 'boolean' && op !== 'eq' && op !== 'ne') {
      throw this.error(`${f.name} is a boolean: use eq or ne, not ${op} (at position ${opToken.pos})`);
    }
    if (f.type === 'enum' && op !== 'eq' && op !== 'ne') {
      if (!f.ordered) {
        throw this.error(`${f.name} is an enum: use eq, ne or in, not ${op} (at position ${opToken.pos})`);
      }
      const values = f.values ?? [];
      const index = values.indexOf(this.value(f, right) as string);
      const keep = values.filter((_, i) =>
        op === 'gt' ? i > index : op === 'ge' ? i >= index : op === 'lt' ? i < index : i <= index
      );
      return keep.length ? { k: 'in', lhs: f.sql, values: keep } : { k: 'const', value: false };
    }
    const value = this.value(f, right);
    if (op === 'ne') {
      return { k: 'not', item: { k: 'cmp', lhs: f.sql, op: '=', value } };
    }
    return { k: 'cmp', lhs: f.sql, op: SQL_OP[op], value };
  }

  /** The parameter for comparing field `f` with literal `l`, or a 400 naming the mismatch. */
  private value(f: Field, l: Literal): SqlValue {
    const mismatch = (): ApiError =>
      this.error(`cannot compare ${f.name} (${TYPE_LABEL[f.type]}) with ${describeLiteral(l)} at position ${l.pos}`);
    switch (f.type) {
      case 'string':
      case 'stringArray':
        if (l.kind !== 'string') {
          throw mismatch();
        }
        return l.value;
      case 'number':
        if (l.kind !== 'number') {
          throw mismatch();
        }
        return l.value;
      case 'boolean':
        if (l.kind !== 'boolean') {
          throw mismatch();
        }
        return l.value ? 1 : 0;
      case 'datetime': {
        if (l.kind === 'datetime') {
          return l.value;
        }
        if (l.kind !== 'string') {
          throw mismatch();
        }
        const v = normaliseDateTime(l.value);
        if (v === undefined) {
          throw this.error(
            `${f.name} is a date-time and '${clip(l.value)}' is not one (ISO 8601, e.g. 2026-11-01T00:00:00Z) at position ${l.pos}`
          );
        }
        return v;
      }
      case 'enum': {
        const allowed = f.values ?? [];
        if (l.kind !== 'string') {
          throw mismatch();
        }
        const canonical = allowed.find((v) => v.toLowerCase() === l.value.toLowerCase());
        if (canonical === undefined) {
          throw this.error(
            `'${clip(l.value)}' is not a valid ${f.name} at position ${l.pos}; allowed values: ${allowed.join(', ')}`
          );
        }
        return canonical;
      }
    }
  }

  private arrayHas(f: Field, body: (element: string) => Pred): Pred {
    const { from, element } = this.jsonArray(f.sql, `odata_e${this.aliases++}`);
    return { k: 'exists', from, body: body(element), all: false };
  }

  private inList(left: Operand, opToken: Token): Pred {
    if (left.kind !== 'field') {
      throw this.error(`'in' needs a field on its left (at position ${opToken.pos})`);
    }
    const f = left.field;
    this.term(left.pos);
    this.expect('(', `'(' to open the in list`);
    const literals: Literal[] = [];
    for (;;) {
      const t = this.peek();
      const item = this.parseOperand();
      if (item.kind === 'field') {
        throw this.error(`an in list holds values, not fields (${item.field.name} at position ${t.pos})`);
      }
      literals.push(item);
      if (this.peek().kind === ',') {
        this.next();
        continue;
      }
      this.expect(')', `',' or ')'`);
      break;
    }
    const hasNull = literals.some((l) => l.kind === 'null');
    const values: SqlValue[] = [];
    for (const l of literals) {
      if (l.kind !== 'null') {
        values.push(this.value(f, l));
      }
    }
    if (f.type === 'stringArray') {
      if (hasNull) {
        throw this.error(`null cannot be an element of ${f.name} (in list at position ${opToken.pos})`);
      }
      return this.arrayHas(f, (element) => ({ k: 'in', lhs: element, values }));
    }
    const items: Pred[] = [];
    if (values.length) {
      items.push({ k: 'in', lhs: f.sql, values });
    }
    if (hasNull) {
      items.push({ k: 'null', lhs: f.sql });
    }
    return items.length === 1 ? items[0] : { k: 'or', items };
  }

  private parseFunction(): Pred {
    const nameTok = this.next();
    const name = nameTok.text.toLowerCase() as FunctionName;
    if (!FUNCTIONS.includes(name)) {
      throw this.error(
        `unknown function '${clip(nameTok.text)}' at position ${nameTok.pos}; supported: ${FUNCTIONS.join(', ')}`
      );
    }
    this.term(nameTok.pos);
    this.expect('(');
    const argTok = this.peek();
    const arg = this.parseOperand();
    if (arg.kind !== 'field') {
      throw this.error(`${name} needs a field as its first argument at position ${argTok.pos}`);
    }
    const f = arg.field;
    if (f.type === 'stringArray') {
      throw this.error(
        `${name} does not apply to the collection ${f.name}; use ${f.name}/any(t: ${name}(t,'…')) (at position ${argTok.pos})`
      );
    }
    if (f.type !== 'string' && f.type !== 'enum') {
      throw this.error(
        `${name} applies to text fields; ${f.name} is a ${TYPE_LABEL[f.type]} (at position ${argTok.pos})`
      );
    }
    this.expect(',', `','`);
    const sTok = this.peek();
    const s = this.parseOperand();
    if (s.kind !== 'string') {
      throw this.error(`${name} needs a quoted string as its second argument at position ${sTok.pos}`);
    }
    this.expect(')');
    const escaped = escapeLike(s.value);
    const pattern = name === 'contains' ? `%${escaped}%` : name === 'startswith' ? `${escaped}%` : `%${escaped}`;
    return { k: 'like', lhs: f.sql, pattern };
  }

  private parseLambda(): Pred {
    const fieldTok = this.next();
    const f = this.resolve(fieldTok);
    this.next(); // '/'
    const qTok = this.expect('ident', `any or all after '/'`);
    const q = qTok.text.toLowerCase();
    if (q !== 'any' && q !== 'all') {
      throw this.error(`expected any or all after '/' at position ${qTok.pos}, found ${describe(qTok)}`);
    }
    if (f.type !== 'stringArray') {
      const collections = this.fields.names.filter((n) => this.fields.get(n)?.type === 'stringArray');
      throw this.error(
        `${f.name} is not a collection; ${q} applies to: ${collections.join(', ') || '(none here)'} (at position ${qTok.pos})`
      );
    }
    this.term(fieldTok.pos);
    this.expect('(');
    const { from, element } = this.jsonArray(f.sql, `odata_e${this.aliases++}`);
    if (this.peek().kind === ')') {
      if (q === 'all') {
        throw this.error(`all needs a condition, as in ${f.name}/all(t: t ne 'x') (at position ${this.peek().pos})`);
      }
      this.next();
      return { k: 'exists', from, all: false };
    }
    const varTok = this.expect('ident', 'a lambda variable');
    if (RESERVED.has(varTok.text.toLowerCase())) {
      throw this.error(`'${varTok.text}' cannot name a lambda variable (at position ${varTok.pos})`);
    }
    this.expect(':', `':' after the lambda variable`);
    this.enter(varTok);
    this.scopes.push({ name: varTok.text, sql: element, type: 'string' });
    const body = this.parseOr();
    this.scopes.pop();
    this.depth--;
    this.expect(')');
    return { k: 'exists', from, body, all: q === 'all' };
  }
}

export interface SqlFilter {
  /** A predicate (no `WHERE`), with `?` placeholders only. */
  sql: string;
  params: SqlValue[];
}

export interface FilterOptions {
  /** How JSON arrays are read; `sqliteJsonArray` unless a dialect swaps it. */
  jsonArray?: JsonArrayDialect;
}

/** Parses and translates an OData `$filter`; throws ApiError(400, 'InvalidFilter', …, '$filter'). */
export function parseFilter(text: string, fields: Fields, options: FilterOptions = {}): SqlFilter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw optionError('$filter', `longer than ${MAX_FILTER_LENGTH} characters (${text.length})`);
  }
  if (!text.trim()) {
    throw optionError('$filter', 'is empty');
  }
  const tokens = tokenize(text, '$filter');
  const pred = new FilterParser(tokens, fields, options.jsonArray ?? sqliteJsonArray).parse();
  const params: SqlValue[] = [];
  const sql = toSql(pred, false, params);
  return { sql, params };
}

/**
 * `$orderby=lastSeen desc, id` → `last_seen DESC NULLS LAST, id ASC NULLS FIRST` (no `ORDER BY`
 * keyword). Nulls sort first ascending and last descending, as OData defines, in both dialects.
 */
export function parseOrderBy(text: string, fields: Fields): string {
  if (text.length > MAX_ORDERBY_LENGTH) {
    throw optionError('$orderby', `longer than ${MAX_ORDERBY_LENGTH} characters (${text.length})`);
  }
  const tokens = tokenize(text, '$orderby');
  const sortable = fields.names.filter((n) => fields.get(n)?.type !== 'stringArray');
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const t = tokens[i++];
    if (t.kind !== 'ident') {
      throw optionError('$orderby', `expected a field name at position ${t.pos}, found ${describe(t)}`);
    }
    const f = fields.get(t.text);
    if (!f) {
      throw optionError('$orderby', `unknown field "${clip(t.text)}"; sortable fields: ${sortable.join(', ')}`);
    }
    if (f.type === 'stringArray') {
      throw optionError('$orderby', `cannot sort by the collection ${f.name}; sortable fields: ${sortable.join(', ')}`);
    }
    let desc = false;
    const dir = tokens[i];
    if (dir.kind === 'ident') {
      const word = dir.text.toLowerCase();
      if (word !== 'asc' && word !== 'desc') {
        throw optionError('$orderby', `expected asc, desc or ',' at position ${dir.pos}, found ${describe(dir)}`);
      }
      desc = word === 'desc';
      i++;
    }
    parts.push(`${f.sql} ${desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`);
    if (parts.length > MAX_ORDERBY_TERMS) {
      throw optionError('$orderby', `more than ${MAX_ORDERBY_TERMS} sort keys`);
    }
    const sep = tokens[i++];
    if (sep.kind === 'eof') {
      return parts.join(', ');
    }
    if (sep.kind !== ',') {
      throw optionError('$orderby', `expected ',' or end of input at position ${sep.pos}, found ${describe(sep)}`);
    }
  }
}

export interface PagingOptions {
  defaultTop: number;
  maxTop: number;
}

export interface Paging {
  top: number;
  skip: number;
}

function pagingError(option: '$top' | '$skip', message: string): ApiError {
  return new ApiError(400, 'InvalidPaging', `${option}: ${message}`, option);
}

function nonNegativeInteger(option: '$top' | '$skip', raw: unknown): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (typeof raw !== 'string') {
    throw pagingError(option, Array.isArray(raw) ? 'given more than once' : 'must be a non-negative integer');
  }
  if (!raw.trim()) {
    return undefined;
  }
  let digits = true;
  for (const c of raw) {
    digits &&= isDigit(c);
  }
  if (!digits) {
    throw pagingError(option, `must be a non-negative integer; got "${clip(raw)}"`);
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) {
    throw pagingError(option, `must be at most ${Number.MAX_SAFE_INTEGER}; got "${clip(raw)}"`);
  }
  return n;
}

/**
 * `$top` / `$skip` from a query. Blank values count as absent. A `$top` above `maxTop` is a 400 naming
 * the maximum rather than being clamped (see the module comment).
 */
export function parsePaging(query: { $top?: string; $skip?: string }, options: PagingOptions): Paging {
  const { defaultTop, maxTop } = options;
  if (!Number.isSafeInteger(defaultTop) || !Number.isSafeInteger(maxTop) || defaultTop < 0 || defaultTop > maxTop) {
    throw new Error(`parsePaging: invalid options defaultTop=${defaultTop}, maxTop=${maxTop}`);
  }
  const top = nonNegativeInteger('$top', query.$top) ?? defaultTop;
  const skip = nonNegativeInteger('$skip', query.$skip) ?? 0;
  if (top > maxTop) {
    throw pagingError(
      '$top',
      `${top} exceeds the maximum of ${maxTop} for this endpoint; page through with $skip or @odata.nextLink`
    );
  }
  return { top, skip };
}

export interface ListQueryOptions extends PagingOptions, FilterOptions {
  /**
   * Trusted SQL ordering used when there is no `$orderby`, and appended after the client's keys as a
   * tie-breaker so that paging is stable (e.g. `id ASC`).
   */
  defaultOrderBy?: string;
}

export interface ListQuery {
  /** `''` or `AND (…)`: append after an existing `WHERE` condition (`WHERE 1 = 1` at least). */
  where: string;
  /** The parameters of `where`, in order. */
  params: SqlValue[];
  /** `''` or sort keys without the keyword (`last_seen DESC NULLS LAST, id ASC NULLS FIRST`). */
  orderBy: string;
  top: number;
  skip: number;
}

const LIST_OPTIONS = ['$filter', '$top', '$skip', '$orderby'] as const;
type ListOption = (typeof LIST_OPTIONS)[number];

/**
 * The OData options of a list request (an Express `req.query`). Option names are case-insensitive
 * (`$Top`); any other `$`-prefixed option (`$expand`, `$select`, `$count`, …) is a 400 naming it;
 * parameters without `$` are left to the endpoint. Blank options count as absent.
 *
 * Use: `SELECT … FROM t WHERE 1 = 1 ${q.where} ORDER BY ${q.orderBy || 'id'} LIMIT ? OFFSET ?`
 * with `[...q.params, q.top, q.skip]`.
 */
export function listQuery(query: Record<string, unknown>, fields: Fields, options: ListQueryOptions): ListQuery {
  const found: Partial<Record<ListOption, unknown>> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('$')) {
      continue;
    }
    const name = LIST_OPTIONS.find((o) => o === key.toLowerCase());
    if (!name) {
      unknown.push(key);
      continue;
    }
    if (name in found) {
      throw new ApiError(400, 'InvalidQueryOption', `${name} given more than once`, name);
    }
    found[name] = value;
  }
  if (unknown.length) {
    throw new ApiError(
      400,
      'InvalidQueryOption',
      `unsupported query option${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => clip(u)).join(', ')}; supported: ${LIST_OPTIONS.join(', ')}`,
      unknown[0]
    );
  }
  const text = (name: '$filter' | '$orderby'): string | undefined => {
    const v = found[name];
    if (v === undefined) {
      return undefined;
    }
    if (typeof v !== 'string') {
      throw new ApiError(
        400,
        name === '$filter' ? 'InvalidFilter' : 'InvalidOrderBy',
        `${name}: ${Array.isArray(v) ? 'given more than once' : 'must be a string'}`,
        name
      );
    }
    return v.trim() ? v : undefined;
  };
  const filterText = text('$filter');
  const orderText = text('$orderby');
  const filter = filterText === undefined ? undefined : parseFilter(filterText, fields, options);
  const order = orderText === undefined ? undefined : parseOrderBy(orderText, fields);
  const paging = parsePaging(
    { $top: found.$top as string | undefined, $skip: found.$skip as string | undefined },
    options
  );
  const keys = [order, options.defaultOrderBy].filter((k): k is string => Boolean(k && k.trim()));
  return {
    where: filter ? `AND (${filter.sql})` : '',
    params: filter ? filter.params : [],
    orderBy: keys.join(', '),
    top: paging.top,
    skip: paging.skip,
  };
}

/** What `nextLink` needs of an Express request (`req.host` includes the port in Express 5). */
export interface RequestUrl {
  protocol: string;
  host: string;
  originalUrl: string;
}

function encodeQueryPart(s: string): string {
  // encodeURIComponent, but keeping `$` readable: `$skip=100` as Defender writes it.
  return encodeURIComponent(s).replace(/%24/g, '$');
}

/**
 * The `@odata.nextLink` of a page: the request's URL with `$skip` advanced by `returnedCount`, every
 * other parameter kept (re-encoded, spaces as %20). Undefined when this page is the last one: fewer
 * rows than `top`, nothing returned, or `skip + returnedCount` reaching `total`.
 *
 * `req` is an Express request or an absolute URL string of the current request (use the latter behind
 * a proxy: `${publicBaseUrl}${req.originalUrl}`).
 */
export function nextLink(
  req: RequestUrl | string,
  top: number,
  skip: number,
  returnedCount: number,
  total?: number
): string | undefined {
  if (top <= 0 || returnedCount <= 0 || returnedCount < top) {
    return undefined;
  }
  const nextSkip = skip + returnedCount;
  if (total !== undefined && nextSkip >= total) {
    return undefined;
  }
  let origin: string;
  let pathAndQuery: string;
  if (typeof req === 'string') {
    const url = new URL(req);
    origin = url.origin;
    pathAndQuery = url.pathname + url.search;
  } else {
    origin = `${req.protocol}://${req.host}`;
    // Only the path and query of originalUrl are used: `//other.host/x` cannot change the origin.
    pathAndQuery = req.originalUrl.startsWith('/') ? req.originalUrl : `/${req.originalUrl}`;
  }
  const q = pathAndQuery.indexOf('?');
  const path = (q < 0 ? pathAndQuery : pathAndQuery.slice(0, q)).replace(/^\/+/, '/');
  const search = new URLSearchParams(q < 0 ? '' : pathAndQuery.slice(q + 1));
  const parts: string[] = [];
  let placed = false;
  for (const [key, value] of search) {
    if (key.toLowerCase() === '$skip') {
      if (!placed) {
        parts.push(`$skip=${nextSkip}`);
        placed = true;
      }
      continue;
    }
    parts.push(`${encodeQueryPart(key)}=${encodeQueryPart(value)}`);
  }
  if (!placed) {
    parts.push(`$skip=${nextSkip}`);
  }
  return `${origin}${path}?${parts.join('&')}`;
}

export interface ODataEnvelope<T> {
  '@odata.context': string;
  value: T[];
  '@odata.nextLink'?: string;
}

/** `{ '@odata.context', value, '@odata.nextLink'? }`: the nextLink key is absent on the last page. */
export function odataEnvelope<T>(context: string, value: T[], nextLink?: string): ODataEnvelope<T> {
  return nextLink === undefined
    ? { '@odata.context': context, value }
    : { '@odata.context': context, value, '@odata.nextLink': nextLink };
}
