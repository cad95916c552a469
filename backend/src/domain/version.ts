/**
 * Version comparison for the version strings found in NVD ranges and in real inventories.
 *
 * There is no single version scheme: NVD bounds are whatever the vendor publishes (Chrome
 * `124.0.6367.201`, Adobe `22.003.20282`, OpenSSL `1.1.1w`, Cisco `12.5.3-035`, Jabber `12.9(3)`), and
 * installed versions come from osquery, dpkg, rpm or a scanner (`1:4.5-1ubuntu2`, `2.8.14-23.el6`,
 * `1.8.0_381`, `5.17.5 (31030)`). So the comparison is generic and token-wise, in three steps:
 *
 * 1. Epoch: a leading `N:` (Debian/RPM) is compared first; a missing epoch is 0.
 * 2. The rest is cut into tokens: runs of digits (numbers), runs of letters (words), a `~`, and the
 *    separators between them. `.` is a plain separator; `-` `_` `+` `(` `)` blanks and other punctuation
 *    are "hard" separators (a release/revision/build boundary); a digit/letter change is a plain one.
 * 3. The tokens are normalised into a canonical list, which is then compared lexicographically:
 *    - a number's leading zeros do not count (`003` = `3`), numbers of any length compare exactly;
 *    - trailing zeros of a run of numbers do not count (`24.09` = `24.09.0.0`, `1.0-beta` = `1.0.0-beta`);
 *    - a hard separator between two runs of numbers becomes a SEP token (`2.8.14-23`: revision 23);
 *    - a leading `v` before a digit is dropped (`v1.2` = `1.2`), as are the words `final`, `ga`,
 *      `release`, `stable` (`1.0-final` = `1.0`);
 *    - pre-release words (`dev`, `snapshot`, `ea` < `alpha`/`a1` < `beta`/`b1` < `pre`/`preview` <
 *      `rc`/`cr`/`c1`) sort before the release; the single letters a/b/c only when a number follows
 *      (Python `3.12.0a1`), so OpenSSL's `1.1.1a` stays a post-release letter;
 *    - other words (`1.1.1w`, `9.0r1`, `9.3p1`, `8u381`, `ubuntu`, `el`) sort after the release.
 *
 *    Position by position the kinds rank: `~` < pre-release word < end of version < SEP < other word <
 *    number. Hence `1.0~rc1` < `1.0rc1` < `1.0` < `1.0-1` < `1.0a` < `1.0.1`.
 *
 * Because every version maps to one canonical list and lists are compared lexicographically over a
 * total order of tokens, the comparison is a total preorder (reflexive, antisymmetric up to the
 * canonical form, transitive) and deterministic. It never throws; anything that is not a string or is
 * blank sorts lowest, and the work is linear in the length of the input.
 *
 * Known limit: semver's numeric pre-release `1.21.0-0` (Go's "lowest 1.21.0 pre-release") equals
 * `1.21.0` here, so a Go `1.21.0-rc.2` is below a `versionStartIncluding: 1.21.0-0`.
 */

/** Version strings longer than this are not versions a comparison can mean (see isValidVersion). */
export const MAX_VERSION_LENGTH = 128;

// Token kinds, valued by their rank at one position (see above). END is the virtual token past the end.
const TILDE = 0;
const PRE = 1;
const END = 2;
const SEP = 3;
const WORD = 4;
const NUM = 5;

interface Token {
  kind: number;
  /** NUM: digits without leading zeros ('' for zero); WORD: the word; PRE: its rank as a string. */
  text: string;
  /** PRE only: the rank of the pre-release word. */
  rank?: number;
}

/** Pre-release words and their order (dev builds first, release candidates last). */
const PRE_RELEASE_RANK: Readonly<Record<string, number>> = {
  dev: 0,
  snapshot: 0,
  ea: 0,
  alpha: 1,
  beta: 2,
  pre: 3,
  preview: 3,
  rc: 4,
  cr: 4,
};
/** Single letters that are pre-release markers only when a number follows (`3.12.0a1`, `2.0b3`, `1.0c1`). */
const PRE_RELEASE_LETTER_RANK: Readonly<Record<string, number>> = { a: 1, b: 2, c: 4 };
/** Words that mean "the release itself". */
const NULL_WORDS = new Set(['final', 'ga', 'release', 'stable']);

type RawToken = { t: 'num'; v: string } | { t: 'word'; v: string } | { t: 'tilde' } | { t: 'hard' };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** ASCII letters after lower-casing, plus any non-ASCII non-blank character (treated as a letter). */
function isLetter(ch: string, c: number): boolean {
  return (c >= 97 && c <= 122) || (c > 127 && !/\s/u.test(ch));
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length && digits.charCodeAt(i) === 48) {
    i++;
  }
  return digits.slice(i);
}

/** Splits off a Debian/RPM epoch (`1:4.5-1`). Returns the epoch digits (no leading zeros) and the rest. */
function splitEpoch(s: string): { epoch: string; rest: string } {
  let i = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) {
    i++;
  }
  if (i > 0 && i < s.length && s[i] === ':') {
    return { epoch: stripLeadingZeros(s.slice(0, i)), rest: s.slice(i + 1) };
  }
  return { epoch: '', rest: s };
}

function rawTokens(s: string): RawToken[] {
  const out: RawToken[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      let j = i + 1;
      while (j < s.length && isDigit(s.charCodeAt(j))) {
        j++;
      }
      out.push({ t: 'num', v: stripLeadingZeros(s.slice(i, j)) });
      i = j;
    } else if (isLetter(ch, c)) {
      let j = i + 1;
      while (j < s.length && isLetter(s[j], s.charCodeAt(j))) {
        j++;
      }
      out.push({ t: 'word', v: s.slice(i, j) });
      i = j;
    } else if (ch === '~') {
      out.push({ t: 'tilde' });
      i++;
    } else if (ch === '.') {
      i++;
    } else {
      // Any other character (`-` `_` `+` `(` `)` `:` blanks, punctuation) is a hard separator; a run counts once.
      if (out.length === 0 || out[out.length - 1].t !== 'hard') {
        out.push({ t: 'hard' });
      }
      i++;
    }
  }
  return out;
}

function canonical(rest: string): Token[] {
  const raw = rawTokens(rest);
  const out: Token[] = [];
  let run: string[] = [];
  // Whether a hard separator sits between the previous run of numbers and the run being collected.
  let sepBeforeRun = false;
  let prevWasNum = false;
  let pendingHard = false;

  const flushRun = () => {
    // Trailing zeros of a run of numbers do not count: 24.09 = 24.09.0.0.
    let n = run.length;
    while (n > 0 && run[n - 1] === '') {
      n--;
    }
    if (n > 0) {
      if (sepBeforeRun) {
        out.push({ kind: SEP, text: '' });
      }
      for (let k = 0; k < n; k++) {
        out.push({ kind: NUM, text: run[k] });
      }
    }
    run = [];
    sepBeforeRun = false;
  };

  for (let idx = 0; idx < raw.length; idx++) {
    const r = raw[idx];
    if (r.t === 'hard') {
      pendingHard = true;
      continue;
    }
    if (r.t === 'num') {
      if (pendingHard && prevWasNum) {
        // A new run after a hard separator (2.8.14-23): close the previous run, mark the boundary.
        flushRun();
        sepBeforeRun = true;
      }
      run.push(r.v);
      prevWasNum = true;
      pendingHard = false;
      continue;
    }
    flushRun();
    pendingHard = false;
    prevWasNum = false;
    if (r.t === 'tilde') {
      out.push({ kind: TILDE, text: '~' });
      continue;
    }
    const w = r.v;
    const nextIsNum = idx + 1 < raw.length && raw[idx + 1].t === 'num';
    if (out.length === 0 && w === 'v' && nextIsNum && idx === 0) {
      continue; // v1.2.3
    }
    if (NULL_WORDS.has(w)) {
      continue;
    }
    const rank = PRE_RELEASE_RANK[w] ?? (nextIsNum ? PRE_RELEASE_LETTER_RANK[w] : undefined);
    if (rank !== undefined) {
      out.push({ kind: PRE, text: '', rank });
    } else {
      out.push({ kind: WORD, text: w });
    }
  }
  flushRun();
  return out;
}

function compareDigits(a: string, b: string): number {
  // Both without leading zeros: the longer is larger; same length compares as text.
  if (a.length !== b.length) {
    return a.length < b.length ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTokens(a: Token | undefined, b: Token | undefined): number {
  const ka = a ? a.kind : END;
  const kb = b ? b.kind : END;
  if (ka !== kb) {
    return ka < kb ? -1 : 1;
  }
  if (!a || !b) {
    return 0;
  }
  switch (a.kind) {
    case NUM:
      return compareDigits(a.text, b.text);
    case PRE:
      return Math.sign((a.rank ?? 0) - (b.rank ?? 0));
    case WORD:
      return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
    default:
      return 0;
  }
}

interface ParsedVersion {
  blank: boolean;
  epoch: string;
  tokens: Token[];
}

function parse(v: unknown): ParsedVersion {
  if (typeof v !== 'string') {
    return { blank: true, epoch: '', tokens: [] };
  }
  const s = v.trim().toLowerCase();
  if (s === '') {
    return { blank: true, epoch: '', tokens: [] };
  }
  const { epoch, rest } = splitEpoch(s);
  return { blank: false, epoch, tokens: canonical(rest) };
}

/**
 * Compares two version strings: negative when `a` is older than `b`, 0 when they are the same version
 * (`22.003.20282` and `22.3.20282`, `131.0` and `131.0.0`), positive when `a` is newer. See the module
 * comment for the rules. Blank (or non-string) input sorts lowest. Never throws.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa.blank || pb.blank) {
    return pa.blank === pb.blank ? 0 : pa.blank ? -1 : 1;
  }
  const e = compareDigits(pa.epoch, pb.epoch);
  if (e !== 0) {
    return e;
  }
  const n = Math.max(pa.tokens.length, pb.tokens.length);
  for (let i = 0; i < n; i++) {
    const c = compareTokens(pa.tokens[i], pb.tokens[i]);
    if (c !== 0) {
      return c;
    }
  }
  return 0;
}

/**
 * Whether a comparison can mean something for this string: non-blank, at most MAX_VERSION_LENGTH
 * characters, with at least one digit. (`*`, `-`, `latest`, `unknown` are not versions.)
 */
export function isValidVersion(s: unknown): s is string {
  if (typeof s !== 'string') {
    return false;
  }
  const t = s.trim();
  return t.length > 0 && t.length <= MAX_VERSION_LENGTH && /\d/.test(t);
}

/** NVD's range bounds (`versionStartIncluding` … of a cpeMatch entry). */
export interface VersionRange {
  startIncluding?: string;
  startExcluding?: string;
  endIncluding?: string;
  endExcluding?: string;
}

function present(bound: string | undefined): bound is string {
  return typeof bound === 'string' && bound.trim() !== '';
}

/**
 * Whether `version` lies in the range: every bound that is given must hold (start ≤/<, end ≤/<); a
 * range without bounds holds every valid version. An invalid version (see isValidVersion) is in no
 * range. Blank bounds count as absent.
 */
export function versionInRange(version: string, range: VersionRange): boolean {
  if (!isValidVersion(version)) {
    return false;
  }
  if (present(range.startIncluding) && compareVersions(version, range.startIncluding) < 0) {
    return false;
  }
  if (present(range.startExcluding) && compareVersions(version, range.startExcluding) <= 0) {
    return false;
  }
  if (present(range.endIncluding) && compareVersions(version, range.endIncluding) > 0) {
    return false;
  }
  if (present(range.endExcluding) && compareVersions(version, range.endExcluding) >= 0) {
    return false;
  }
  return true;
}

/** Whether the range has at least one bound. */
export function hasRangeBounds(range: VersionRange): boolean {
  return (
    present(range.startIncluding) ||
    present(range.startExcluding) ||
    present(range.endIncluding) ||
    present(range.endExcluding)
  );
}
