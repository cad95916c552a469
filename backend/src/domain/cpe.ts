/**
 * CPE 2.3 formatted strings (NISTIR 7695) and name matching (NISTIR 7696).
 *
 *   cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other
 *
 * Each of the 11 attributes is one of
 * - ANY (`*` alone): every value;
 * - NA (`-` alone): "not applicable", equal only to NA;
 * - a value: case-insensitive; in the formatted string, punctuation other than `-` `.` `_` is quoted
 *   with a backslash (`solidfire\,_enterprise_sds_\&_hci_storage_node`, `\:` does not split); a
 *   source (match) value may start and/or end with the wildcards `*` (any run of characters) or
 *   `?`… (exactly one character each), e.g. `*_firmware`, `1.2.?`.
 *
 * A parsed value is kept unescaped and lower-case (ProductIdentity's convention), with its leading and
 * trailing wildcards apart, so a quoted `\*` (a literal asterisk) never becomes a wildcard.
 *
 * Parsing never throws: `parseCpeResult` says what is wrong, `parseCpe` returns null.
 */

import type { ProductIdentity } from './types';

export type CpePart = 'a' | 'o' | 'h';

/** A wildcard at one end of a value: `*` (zero or more characters) or `?`×n (exactly n characters). */
export type CpeWildcard = { kind: 'any' } | { kind: 'one'; count: number };

export type CpeAttribute =
  | { type: 'ANY' }
  | { type: 'NA' }
  | {
      type: 'VALUE';
      /** Unescaped, lower-case; wildcards excluded (a quoted `\*` stays here as a literal `*`). */
      value: string;
      leading?: CpeWildcard;
      trailing?: CpeWildcard;
    };

/** The attribute names, in formatted-string order (after `cpe:2.3:`). */
export const CPE_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'swEdition',
  'targetSw',
  'targetHw',
  'other',
] as const;

export type CpeAttributeName = (typeof CPE_ATTRIBUTES)[number];

/** A parsed CPE 2.3 name: one attribute per component. */
export type ParsedCpe = { readonly [K in CpeAttributeName]: CpeAttribute };

export type CpeParseErrorCode =
  | 'NOT_A_STRING'
  | 'TOO_LONG'
  | 'BAD_PREFIX'
  | 'WRONG_COMPONENT_COUNT'
  | 'EMPTY_COMPONENT'
  | 'INVALID_CHARACTER'
  | 'BAD_ESCAPE'
  | 'EMBEDDED_WILDCARD'
  | 'BAD_PART';

export interface CpeParseError {
  code: CpeParseErrorCode;
  message: string;
  /** The attribute concerned, when the problem is in one. */
  attribute?: CpeAttributeName;
}

export type CpeParseResult = { ok: true; cpe: ParsedCpe } | { ok: false; error: CpeParseError };

/** Longer input is refused rather than processed: no real CPE name comes near it. */
export const MAX_CPE_LENGTH = 2048;

export const ANY: CpeAttribute = Object.freeze({ type: 'ANY' }) as CpeAttribute;
export const NA: CpeAttribute = Object.freeze({ type: 'NA' }) as CpeAttribute;

function fail(code: CpeParseErrorCode, message: string, attribute?: CpeAttributeName): CpeParseResult {
  return { ok: false, error: attribute ? { code, message, attribute } : { code, message } };
}

/**
 * Splits on unquoted `:`. A backslash quotes the next character (kept with it here; decoded later).
 * Returns null for a trailing lone backslash.
 */
function splitComponents(s: string): string[] | null {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') {
      if (i + 1 >= s.length) {
        return null;
      }
      cur += ch + s[i + 1];
      i++;
    } else if (ch === ':') {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

/**
 * Printable characters without blanks: the formatted string's alphabet is printable ASCII; non-ASCII
 * letters are tolerated (some producers emit them) and kept as they are.
 */
function isPrintable(c: number): boolean {
  return (
    c > 0x20 &&
    c !== 0x7f &&
    !(c >= 0x80 && c <= 0xa0) &&
    c !== 0x2028 &&
    c !== 0x2029 &&
    c !== 0xfeff &&
    !(c >= 0x2000 && c <= 0x200b) &&
    c !== 0x3000
  );
}

/**
 * Decodes one component (already split) into an attribute, or says what is wrong with it. Targets and
 * sources share the syntax, so wildcards are accepted here; the matcher decides what a wildcard in a
 * target means (compareAttribute: UNDEFINED).
 */
function decodeComponent(raw: string, name: CpeAttributeName): CpeAttribute | CpeParseError {
  if (raw === '') {
    return { code: 'EMPTY_COMPONENT', message: `${name} is empty (use * for ANY or - for NA)`, attribute: name };
  }
  if (raw === '*') {
    return ANY;
  }
  if (raw === '-') {
    return NA;
  }
  // Walk the characters, separating unquoted wildcards from the literal body.
  type Piece = { wild: '*' | '?' } | { lit: string };
  const pieces: Piece[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    const c = raw.charCodeAt(i);
    if (ch === '\\') {
      const next = raw[i + 1];
      const nc = raw.charCodeAt(i + 1);
      // Anything but a control character may be quoted (blanks too: some producers quote them).
      if (next === undefined || nc < 0x20 || nc === 0x7f) {
        return {
          code: 'BAD_ESCAPE',
          message: `${name}: a backslash must quote a printable character`,
          attribute: name,
        };
      }
      pieces.push({ lit: next });
      i++;
    } else if (ch === '*' || ch === '?') {
      pieces.push({ wild: ch });
    } else if (!isPrintable(c)) {
      return {
        code: 'INVALID_CHARACTER',
        message: `${name}: character ${JSON.stringify(ch)} is not allowed in a CPE formatted string`,
        attribute: name,
      };
    } else {
      pieces.push({ lit: ch });
    }
  }
  let start = 0;
  let end = pieces.length;
  while (start < end && 'wild' in pieces[start]) {
    start++;
  }
  while (end > start && 'wild' in pieces[end - 1]) {
    end--;
  }
  for (let k = start; k < end; k++) {
    if ('wild' in pieces[k]) {
      return {
        code: 'EMBEDDED_WILDCARD',
        message: `${name}: an unquoted * or ? may only start or end a value`,
        attribute: name,
      };
    }
  }
  const wildcard = (ws: Piece[]): CpeWildcard | undefined | CpeParseError => {
    if (ws.length === 0) {
      return undefined;
    }
    const stars = ws.filter((p) => 'wild' in p && p.wild === '*').length;
    if (stars === 0) {
      return { kind: 'one', count: ws.length };
    }
    if (stars === 1 && ws.length === 1) {
      return { kind: 'any' };
    }
    return {
      code: 'EMBEDDED_WILDCARD',
      message: `${name}: use either one * or a run of ? at each end`,
      attribute: name,
    };
  };
  const leading = wildcard(pieces.slice(0, start));
  const trailing = start === end ? undefined : wildcard(pieces.slice(end));
  if (leading && 'code' in leading) {
    return leading;
  }
  if (trailing && 'code' in trailing) {
    return trailing;
  }
  const value = pieces
    .slice(start, end)
    .map((p) => ('lit' in p ? p.lit : ''))
    .join('')
    .toLowerCase();
  const attr: CpeAttribute = { type: 'VALUE', value };
  if (leading) {
    attr.leading = leading;
  }
  if (trailing) {
    attr.trailing = trailing;
  }
  return attr;
}

/** Parses a CPE 2.3 formatted string, saying what is wrong when it is not one. Never throws. */
export function parseCpeResult(input: unknown): CpeParseResult {
  if (typeof input !== 'string') {
    return fail('NOT_A_STRING', 'a CPE name must be a string');
  }
  const s = input.trim();
  if (s.length > MAX_CPE_LENGTH) {
    return fail('TOO_LONG', `a CPE name is at most ${MAX_CPE_LENGTH} characters`);
  }
  if (!/^cpe:2\.3:/i.test(s)) {
    return fail('BAD_PREFIX', 'a CPE 2.3 formatted string starts with "cpe:2.3:"');
  }
  const components = splitComponents(s.slice('cpe:2.3:'.length));
  if (components === null) {
    return fail('BAD_ESCAPE', 'the name ends with a lone backslash');
  }
  if (components.length !== CPE_ATTRIBUTES.length) {
    return fail(
      'WRONG_COMPONENT_COUNT',
      `expected ${CPE_ATTRIBUTES.length} components after "cpe:2.3:", found ${components.length} (an unquoted ":" inside a value?)`
    );
  }
  const attrs = {} as Record<CpeAttributeName, CpeAttribute>;
  for (let i = 0; i < CPE_ATTRIBUTES.length; i++) {
    const name = CPE_ATTRIBUTES[i];
    const decoded = decodeComponent(components[i], name);
    if ('code' in decoded) {
      return { ok: false, error: decoded };
    }
    attrs[name] = decoded;
  }
  const part = attrs.part;
  if (
    part.type === 'NA' ||
    (part.type === 'VALUE' && (part.leading || part.trailing || !['a', 'o', 'h'].includes(part.value)))
  ) {
    return fail('BAD_PART', 'part must be a (application), o (operating system), h (hardware) or *', 'part');
  }
  return { ok: true, cpe: attrs };
}

/** Parses a CPE 2.3 formatted string; null when it is not one (see parseCpeResult for why). */
export function parseCpe(input: unknown): ParsedCpe | null {
  const r = parseCpeResult(input);
  return r.ok ? r.cpe : null;
}

/** Characters that stand for themselves in a formatted-string value (everything else is quoted). */
function isUnreserved(ch: string): boolean {
  return /^[a-z0-9_.-]$/i.test(ch) || (ch.charCodeAt(0) > 0x7f && isPrintable(ch.charCodeAt(0)));
}

/**
 * Quotes an unescaped attribute value for a formatted string: every character other than a letter,
 * digit, `_`, `.` or `-` gets a backslash (`,` → `\,`, `:` → `\:`, `*` → `\*`); a value that is just `-`
 * is quoted too (`\-`), or it would read as NA. Lossless: `unescapeCpeValue` gives the value back.
 */
export function quoteCpeValue(value: string): string {
  if (value === '-') {
    return '\\-';
  }
  let out = '';
  for (const ch of value) {
    out += isUnreserved(ch) ? ch : `\\${ch}`;
  }
  return out;
}

/** Removes the backslash quoting of a formatted-string value (`solidfire\,_x` → `solidfire,_x`). */
export function unescapeCpeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\' && i + 1 < value.length) {
      out += value[i + 1];
      i++;
    } else {
      out += value[i];
    }
  }
  return out;
}

/**
 * Turns free text (a product or vendor name as a human writes it) into a formatted-string attribute:
 * trimmed, lower-case, runs of blanks → `_`, other punctuation quoted (`Acrobat Reader DC` →
 * `acrobat_reader_dc`, `Solidfire, Enterprise SDS & HCI` → `solidfire\,_enterprise_sds_\&_hci`).
 * Blank text gives `*` (nothing known); the text `-` gives `\-` (a literal hyphen, not NA).
 */
export function escapeCpeValue(text: string): string {
  const v = normalizeCpeText(text);
  return v === '' ? '*' : quoteCpeValue(v);
}

/** The unescaped attribute value for free text: trimmed, lower-case, runs of blanks → `_`. */
export function normalizeCpeText(text: string): string {
  return String(text ?? '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_');
}

function formatWildcard(w: CpeWildcard | undefined): string {
  if (!w) {
    return '';
  }
  return w.kind === 'any' ? '*' : '?'.repeat(w.count);
}

/** Formats one attribute (`*`, `-`, or the quoted value with its wildcards). */
export function formatCpeAttribute(a: CpeAttribute): string {
  switch (a.type) {
    case 'ANY':
      return '*';
    case 'NA':
      return '-';
    default: {
      const body = quoteCpeValue(a.value);
      // A value that is only wildcards (e.g. `??`) has an empty body. An empty value without wildcards
      // cannot be written in a formatted string (parsing never produces one); it is written as ANY.
      return `${formatWildcard(a.leading)}${a.value === '' ? '' : body}${formatWildcard(a.trailing)}` || '*';
    }
  }
}

/** Formats a parsed CPE as a CPE 2.3 formatted string (lower-case, canonical quoting). */
export function formatCpe(cpe: ParsedCpe): string {
  return `cpe:2.3:${CPE_ATTRIBUTES.map((n) => formatCpeAttribute(cpe[n])).join(':')}`;
}

/** A plain value attribute (no wildcards), or ANY for ''. */
function literal(value: string, empty: CpeAttribute): CpeAttribute {
  const v = normalizeCpeText(value);
  if (v === '') {
    return empty;
  }
  return { type: 'VALUE', value: v };
}

/**
 * The CPE of an installed product, the "target" of matching. Conventions (see ProductIdentity):
 * - vendor/product: the identity's values ('' → NA, which no named criterion matches);
 * - version: the installed version as reported ('' → ANY: unknown version; `-` → NA);
 * - update: '' means "no update" → NA (Office 2007 without a service pack is not `sp3`);
 * - sw_edition: '' means the standard edition → NA (plain Firefox is not `esr`, and ESR is not `-`);
 * - target_sw: '' means unknown → ANY (the matcher does not let an unknown exclude a match);
 * - edition, language, target_hw, other: unknown → ANY.
 * Values are taken literally (no wildcards); `*`/`-` in the identity read as ANY/NA.
 */
export function buildTargetCpe(identity: ProductIdentity, version: string): ParsedCpe {
  const lit = (value: string | undefined, empty: CpeAttribute): CpeAttribute => {
    const v = (value ?? '').trim();
    if (v === '*') {
      return ANY;
    }
    if (v === '-') {
      return NA;
    }
    return literal(v, empty);
  };
  const part = (['a', 'o', 'h'] as const).includes(identity.part) ? identity.part : 'a';
  const ver = (version ?? '').trim();
  return {
    part: { type: 'VALUE', value: part },
    vendor: lit(identity.vendor, NA),
    product: lit(identity.product, NA),
    // Versions keep their blanks ("5.17.5 (31030)"): compareVersions reads them, not CPE text rules.
    version: ver === '' || ver === '*' ? ANY : ver === '-' ? NA : { type: 'VALUE', value: ver.toLowerCase() },
    update: lit(identity.update, NA),
    edition: ANY,
    language: ANY,
    swEdition: lit(identity.swEdition, NA),
    targetSw: lit(identity.targetSw, ANY),
    targetHw: ANY,
    other: ANY,
  };
}

// ---------------------------------------------------------------------------------------------
// Name matching (NISTIR 7696)
// ---------------------------------------------------------------------------------------------

/**
 * The set relation of a source (match) attribute to a target attribute:
 * SUPERSET: the source covers the target and more (`*` vs `chrome`, `chrom*` vs `chrome`);
 * EQUAL; SUBSET: the target covers more than the source (source `chrome`, target `*`);
 * DISJOINT: nothing in common; UNDEFINED: the target has wildcards (a target must be concrete).
 */
export type AttributeRelation = 'SUPERSET' | 'EQUAL' | 'SUBSET' | 'DISJOINT' | 'UNDEFINED';

function hasWildcards(a: CpeAttribute): boolean {
  return a.type === 'VALUE' && (a.leading !== undefined || a.trailing !== undefined);
}

function wildcardLength(w: CpeWildcard | undefined): { min: number; exact: boolean } {
  if (!w) {
    return { min: 0, exact: true };
  }
  return w.kind === 'any' ? { min: 0, exact: false } : { min: w.count, exact: true };
}

/** Whether a value with end wildcards covers the concrete string `s` (both unescaped, lower-case). */
export function wildcardMatches(pattern: Extract<CpeAttribute, { type: 'VALUE' }>, s: string): boolean {
  const lead = wildcardLength(pattern.leading);
  const trail = wildcardLength(pattern.trailing);
  const body = pattern.value;
  const spare = s.length - body.length - lead.min - trail.min;
  if (spare < 0) {
    return false;
  }
  if (lead.exact && trail.exact) {
    return spare === 0 && s.startsWith(body, lead.min);
  }
  if (lead.exact) {
    return s.startsWith(body, lead.min);
  }
  if (trail.exact) {
    return s.startsWith(body, s.length - trail.min - body.length);
  }
  // `*body*`: body anywhere, leaving room for the `?`s (none: both ends are `*`).
  return s.includes(body);
}

/** NISTIR 7696 attribute comparison (values compared unescaped and lower-case). */
export function compareAttribute(source: CpeAttribute, target: CpeAttribute): AttributeRelation {
  if (source.type === 'ANY') {
    return target.type === 'ANY' ? 'EQUAL' : 'SUPERSET';
  }
  if (hasWildcards(target)) {
    return 'UNDEFINED';
  }
  if (target.type === 'ANY') {
    return 'SUBSET';
  }
  if (source.type === 'NA') {
    return target.type === 'NA' ? 'EQUAL' : 'DISJOINT';
  }
  if (target.type === 'NA') {
    return 'DISJOINT';
  }
  if (hasWildcards(source)) {
    return wildcardMatches(source, target.value) ? 'SUPERSET' : 'DISJOINT';
  }
  return source.value === target.value ? 'EQUAL' : 'DISJOINT';
}

/**
 * Strict NISTIR 7696 CPE name match: the source names the target when every attribute is SUPERSET or
 * EQUAL. (Versions compared as text here; NVD applicability with version ranges is in nvdMatch.ts.)
 */
export function cpeMatches(source: ParsedCpe, target: ParsedCpe): boolean {
  return CPE_ATTRIBUTES.every((n) => {
    const r = compareAttribute(source[n], target[n]);
    return r === 'SUPERSET' || r === 'EQUAL';
  });
}

/** The attribute as a plain lower-case unescaped string when it is a value without wildcards, else null. */
export function plainValue(a: CpeAttribute): string | null {
  return a.type === 'VALUE' && !hasWildcards(a) ? a.value : null;
}
