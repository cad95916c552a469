/**
 * The metric names a PromQL expression reads, for checking alert rules against what /metrics
 * exposes. A small scanner, not a parser: it skips string literals, label matchers `{…}`, range and
 * subquery brackets `[…]`, numbers and durations, comments, keywords and aggregation operators,
 * function names (an identifier followed by `(`) and the label lists of by / without / on / ignoring
 * / group_left / group_right. What is left are the metric names.
 */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'atan2',
  'inf',
  'nan',
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);
const LABEL_LIST_MODIFIERS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** The index just past the string literal that starts at `start`. */
function skipString(expr: string, start: number): number {
  const quote = expr[start];
  let i = start + 1;
  while (i < expr.length && expr[i] !== quote) {
    // Backticks are raw strings; in quoted strings a backslash escapes the next character.
    i += quote !== '`' && expr[i] === '\\' ? 2 : 1;
  }
  if (i >= expr.length) {
    throw new Error(`unterminated string in PromQL: ${expr}`);
  }
  return i + 1;
}

/** The index just past the bracket that closes the one at `start` (strings inside are skipped). */
function skipBracket(expr: string, start: number, close: string): number {
  const open = expr[start];
  let depth = 0;
  let i = start;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(expr, i);
      continue;
    }
    if (c === open) {
      depth++;
    } else if (c === close && --depth === 0) {
      return i + 1;
    }
    i++;
  }
  throw new Error(`unbalanced "${open}" in PromQL: ${expr}`);
}

export function promqlMetricNames(expr: string): string[] {
  const names = new Set<string>();
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(expr, i);
    } else if (c === '{') {
      i = skipBracket(expr, i, '}');
    } else if (c === '[') {
      i = skipBracket(expr, i, ']');
    } else if (c === '#') {
      const eol = expr.indexOf('\n', i);
      i = eol < 0 ? expr.length : eol;
    } else if (/[0-9.]/.test(c)) {
      // A number or a duration (1d, 1h30m, 0x1f, 1e3).
      i += /^[0-9.][0-9a-zA-Z_.]*/.exec(expr.slice(i))?.[0].length ?? 1;
    } else if (/[a-zA-Z_:]/.test(c)) {
      const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expr.slice(i))?.[0] ?? c;
      i += ident.length;
      let j = i;
      while (/\s/.test(expr[j] ?? '')) {
        j++;
      }
      const lower = ident.toLowerCase();
      if (LABEL_LIST_MODIFIERS.has(lower)) {
        if (expr[j] === '(') {
          i = skipBracket(expr, j, ')');
        }
      } else if (!KEYWORDS.has(lower) && expr[j] !== '(') {
        names.add(ident);
      }
    } else {
      i++;
    }
  }
  return [...names];
}
