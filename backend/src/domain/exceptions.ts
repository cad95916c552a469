/**
 * Pure rules of exceptions (reference/defender-tvm.md §1.10): justification and its score effect,
 * status at a time, scope resolution, the global-over-group suspension rule, conflicts, cancelling and
 * resurfacing. No I/O: engine/exceptions.ts stores and applies them.
 *
 * Decisions (see README "Remediation and exceptions"):
 * - Status is a function of the stored facts and a time: Canceled (cancelled as a whole, or every one
 *   of its groups cancelled) > Resurfaced (voided by worsening exposure) > Expired (now ≥ expiresOn)
 *   > InEffect. Expiry is exclusive: at expiresOn − 1 ms the exception is in effect, at expiresOn it
 *   has expired. "Resurfaced" extends Defender's three statuses so a voided exception is not confused
 *   with one a person cancelled.
 * - Scope: Global (every group, current and future, and devices without a group), AllCurrentGroups
 *   (the groups that exist at creation, snapshotted: a group created later is not covered) or Groups
 *   (the ones selected).
 * - Suspension: while a global exception for the same target is in effect, group-scoped exceptions for
 *   that target are suspended (they keep their own status and expiry clock, but have no effect); they
 *   apply again when the global one expires, is cancelled or resurfaces. Which was created first does
 *   not matter (Defender: both orders suspend the group exceptions).
 * - Conflicts: one in-effect global exception per target, and one in-effect group exception per
 *   (target, group). A group exception may be created while a global one is in effect (it starts
 *   suspended), and a global one while group ones are (it suspends them).
 * - Score effects: ThirdPartyControl and AlternateMitigation count the covered findings as mitigated
 *   (lower exposure, higher secure score); the others change no score, only the recommendation's status.
 * - Resurfacing: an exception in effect becomes void when the number of active devices exposed to its
 *   target within its (remaining) scope rises above the number at creation. Device count, not
 *   exposure impact: impact moves every day with EPSS, KEV and alerts, which would void exceptions
 *   for reasons their authors never looked at; a new device exposed is the environment change that
 *   makes the original decision stale.
 */

export const JUSTIFICATIONS = [
  'ThirdPartyControl',
  'AlternateMitigation',
  'RiskAccepted',
  'PlannedRemediation',
  'NoSecurityUpdate',
] as const;
export type Justification = (typeof JUSTIFICATIONS)[number];

/** The justifications whose covered findings count as mitigated in scores. */
export const MITIGATING_JUSTIFICATIONS: readonly Justification[] = ['ThirdPartyControl', 'AlternateMitigation'];

export function isMitigating(j: Justification): boolean {
  return MITIGATING_JUSTIFICATIONS.includes(j);
}

export const EXCEPTION_STATUSES = ['InEffect', 'Expired', 'Canceled', 'Resurfaced'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

export const EXCEPTION_SCOPES = ['Global', 'AllCurrentGroups', 'Groups'] as const;
export type ExceptionScope = (typeof EXCEPTION_SCOPES)[number];

export const EXCEPTION_KINDS = ['Recommendation', 'Cve'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** Duration presets of the exception form, in days ('1y' = 365 days). */
export const EXPIRY_PRESETS = { '30d': 30, '60d': 60, '90d': 90, '180d': 180, '1y': 365 } as const;
export type ExpiryPreset = keyof typeof EXPIRY_PRESETS;
/** An exception lasts at most this long: exceptions are meant to be revisited. */
export const MAX_EXCEPTION_DAYS = 730;

const DAY_MS = 86400_000;

export interface ExceptionTarget {
  kind: ExceptionKind;
  /** The recommendation id (`va-_-…`, `sca-_-scid-…`, lower case) or the CVE id (upper case). */
  key: string;
}

export interface ExceptionGroupState {
  name: string;
  canceledOn: string | null;
}

/** What the rules need of a stored exception. */
export interface ExceptionState {
  id: string;
  target: ExceptionTarget;
  justification: Justification;
  scope: ExceptionScope;
  /** The covered groups (AllCurrentGroups: the snapshot); empty for Global. */
  groups: readonly ExceptionGroupState[];
  createdOn: string;
  expiresOn: string;
  canceledOn: string | null;
  resurfacedOn: string | null;
}

const t = (iso: string) => Date.parse(iso);
const reached = (iso: string | null, now: string) => iso !== null && t(iso) <= t(now);

/** The groups whose coverage has not been cancelled (none for a global exception). */
export function activeGroups(e: ExceptionState, now: string): string[] {
  return e.groups.filter((g) => !reached(g.canceledOn, now)).map((g) => g.name);
}

/** The lifecycle status of an exception at `now` (see the module comment for the precedence). */
export function exceptionStatus(e: ExceptionState, now: string): ExceptionStatus {
  if (
    reached(e.canceledOn, now) ||
    (e.scope !== 'Global' && e.groups.length > 0 && activeGroups(e, now).length === 0)
  ) {
    return 'Canceled';
  }
  if (reached(e.resurfacedOn, now)) {
    return 'Resurfaced';
  }
  if (t(now) >= t(e.expiresOn)) {
    return 'Expired';
  }
  return 'InEffect';
}

/** The status of one covered group: Canceled when that group was, else the exception's; null if not covered. */
export function groupStatus(e: ExceptionState, group: string, now: string): ExceptionStatus | null {
  const g = e.groups.find((x) => x.name === group);
  if (!g) {
    return null;
  }
  return reached(g.canceledOn, now) ? 'Canceled' : exceptionStatus(e, now);
}

export function sameTarget(a: ExceptionTarget, b: ExceptionTarget): boolean {
  return a.kind === b.kind && a.key.toLowerCase() === b.key.toLowerCase();
}

/** The in-effect global exception that suspends `e` at `now`, if any (a global one is never suspended). */
export function suspendingGlobal(
  e: ExceptionState,
  all: readonly ExceptionState[],
  now: string
): ExceptionState | undefined {
  if (e.scope === 'Global') {
    return undefined;
  }
  return all.find(
    (g) =>
      g.id !== e.id && g.scope === 'Global' && sameTarget(g.target, e.target) && exceptionStatus(g, now) === 'InEffect'
  );
}

/** One exception that has an effect at a time: its target, justification and groups (null = all). */
export interface Coverage {
  exceptionId: string;
  target: ExceptionTarget;
  justification: Justification;
  groups: string[] | null;
}

/** The exceptions that take effect at `now`: in effect and not suspended, with their remaining groups. */
export function effectiveCoverage(all: readonly ExceptionState[], now: string): Coverage[] {
  const out: Coverage[] = [];
  for (const e of all) {
    if (exceptionStatus(e, now) !== 'InEffect' || suspendingGlobal(e, all, now)) {
      continue;
    }
    out.push({
      exceptionId: e.id,
      target: e.target,
      justification: e.justification,
      groups: e.scope === 'Global' ? null : activeGroups(e, now),
    });
  }
  return out;
}

export function coversGroup(c: Coverage, group: string): boolean {
  return c.groups === null || c.groups.includes(group);
}

export type RecommendationExceptionStatus = 'Active' | 'PartialException' | 'FullException';

/**
 * Defender's Active / Partial exception / Full exception of a recommendation, in a view: `exposedGroups`
 * are the groups (of the view's scope) with an exposed device, `coverage` the effective exceptions of
 * the recommendation. Every exposed group covered → full; some → partial; none → active.
 */
export function recommendationExceptionStatus(
  exposedGroups: readonly string[],
  coverage: readonly Coverage[]
): RecommendationExceptionStatus {
  if (coverage.length === 0) {
    return 'Active';
  }
  if (exposedGroups.length === 0) {
    return coverage.some((c) => c.groups === null) ? 'FullException' : 'Active';
  }
  const covered = exposedGroups.filter((g) => coverage.some((c) => coversGroup(c, g))).length;
  return covered === 0 ? 'Active' : covered === exposedGroups.length ? 'FullException' : 'PartialException';
}

/** A rule a write breaks: the HTTP status it maps to, the offending field, and why. */
export interface Violation {
  ok: false;
  status: 400 | 404 | 409;
  field: string;
  message: string;
}

const violation = (status: Violation['status'], field: string, message: string): Violation => ({
  ok: false,
  status,
  field,
  message,
});

/**
 * The scope of a new exception: `scope` when given, else Groups when rbacGroupNames is given and Global
 * when not (DESIGN: "absent = global"). AllCurrentGroups snapshots `currentGroups`.
 */
export function resolveExceptionScope(
  input: { scope?: ExceptionScope; rbacGroupNames?: readonly string[] },
  currentGroups: readonly string[]
): { ok: true; scope: ExceptionScope; groups: string[] } | Violation {
  const scope = input.scope ?? (input.rbacGroupNames ? 'Groups' : 'Global');
  if (scope !== 'Groups') {
    if (input.rbacGroupNames) {
      return violation(
        400,
        'rbacGroupNames',
        `a ${scope} exception names no groups: omit rbacGroupNames or use scope Groups`
      );
    }
    if (scope === 'Global') {
      return { ok: true, scope, groups: [] };
    }
    if (currentGroups.length === 0) {
      return violation(400, 'scope', 'there is no device group yet: use a Global exception');
    }
    return { ok: true, scope, groups: [...new Set(currentGroups)].sort() };
  }
  const names = input.rbacGroupNames ?? [];
  if (names.length === 0) {
    return violation(
      400,
      'rbacGroupNames',
      'name at least one device group (or omit rbacGroupNames for a global exception)'
    );
  }
  const known = new Set(currentGroups);
  const unknown = names.findIndex((g) => !known.has(g));
  if (unknown >= 0) {
    return violation(
      400,
      `rbacGroupNames[${unknown}]`,
      `no device group "${names[unknown]}" exists; known groups: ${[...known].sort().join(', ') || '(none)'}`
    );
  }
  return { ok: true, scope, groups: [...new Set(names)].sort() };
}

/**
 * The expiry of a new exception: exactly one of a preset (`expiresIn`) or a date (`expiresOn`, an
 * ISO-8601 date-time; a date alone means 00:00 UTC of that day). It must lie in the future and at most
 * MAX_EXCEPTION_DAYS ahead.
 */
export function resolveExpiry(
  input: { expiresOn?: string; expiresIn?: string },
  now: string
): { ok: true; expiresOn: string } | Violation {
  if ((input.expiresOn === undefined) === (input.expiresIn === undefined)) {
    return violation(
      400,
      'expiresOn',
      `give exactly one of expiresOn (a date-time) or expiresIn (${Object.keys(EXPIRY_PRESETS).join(', ')})`
    );
  }
  const nowMs = t(now);
  const max = nowMs + MAX_EXCEPTION_DAYS * DAY_MS;
  if (input.expiresIn !== undefined) {
    const days = EXPIRY_PRESETS[input.expiresIn as ExpiryPreset];
    if (days === undefined) {
      return violation(400, 'expiresIn', `must be one of ${Object.keys(EXPIRY_PRESETS).join(', ')}`);
    }
    return { ok: true, expiresOn: new Date(nowMs + days * DAY_MS).toISOString() };
  }
  const at = parseInstant(input.expiresOn ?? '');
  if (at === null) {
    return violation(400, 'expiresOn', 'must be an ISO-8601 date or date-time, e.g. 2027-01-31T00:00:00Z');
  }
  if (at <= nowMs) {
    return violation(400, 'expiresOn', `must be in the future (now is ${now})`);
  }
  if (at > max) {
    return violation(
      400,
      'expiresOn',
      `must be at most ${MAX_EXCEPTION_DAYS} days ahead (${new Date(max).toISOString()})`
    );
  }
  return { ok: true, expiresOn: new Date(at).toISOString() };
}

/**
 * An ISO-8601 instant in ms: `2027-01-31` (00:00 UTC), or a date-time with a zone (`Z` or ±hh:mm).
 * A date-time without a zone is refused: the server's zone must not decide when something expires.
 */
export function parseInstant(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(
    s.trim()
  );
  if (!m) {
    return null;
  }
  const [, y, mo, d, hh, mm, , zone] = m;
  if (hh !== undefined && zone === undefined) {
    return null;
  }
  const ms = Date.parse(hh === undefined ? `${y}-${mo}-${d}T00:00:00Z` : s.trim());
  if (Number.isNaN(ms)) {
    return null;
  }
  // Date.parse rolls 2027-02-30 over to March; a calendar date must exist as written.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d)
  ) {
    return null;
  }
  return ms;
}

/**
 * In-effect exceptions a new one would duplicate: another global one for the same target (new one
 * global), or group ones for the same target that cover one of its groups (new one group-scoped).
 */
export function findConflicts(
  candidate: { target: ExceptionTarget; scope: ExceptionScope; groups: readonly string[] },
  existing: readonly ExceptionState[],
  now: string
): { ids: string[]; groups: string[] } | null {
  const ids: string[] = [];
  const groups = new Set<string>();
  for (const e of existing) {
    if (!sameTarget(e.target, candidate.target) || exceptionStatus(e, now) !== 'InEffect') {
      continue;
    }
    if (candidate.scope === 'Global' && e.scope === 'Global') {
      ids.push(e.id);
    } else if (candidate.scope !== 'Global' && e.scope !== 'Global') {
      const overlap = activeGroups(e, now).filter((g) => candidate.groups.includes(g));
      if (overlap.length > 0) {
        ids.push(e.id);
        overlap.forEach((g) => groups.add(g));
      }
    }
  }
  return ids.length === 0 ? null : { ids, groups: [...groups].sort() };
}

/**
 * Cancelling an exception as a whole (`group` undefined) or for one group. Only an exception in
 * effect can be cancelled; a global one only as a whole. Cancelling its last group cancels it whole.
 */
export function planCancel(
  e: ExceptionState,
  group: string | undefined,
  now: string
): { ok: true; whole: boolean; group: string | null } | Violation {
  const status = exceptionStatus(e, now);
  if (status !== 'InEffect') {
    return violation(409, 'id', `exception ${e.id} is ${status}; only an exception in effect can be cancelled`);
  }
  if (group === undefined) {
    return { ok: true, whole: true, group: null };
  }
  if (e.scope === 'Global') {
    return violation(
      400,
      'rbacGroupName',
      'a global exception covers every device group and can only be cancelled as a whole'
    );
  }
  const g = e.groups.find((x) => x.name === group);
  if (!g) {
    return violation(
      400,
      'rbacGroupName',
      `exception ${e.id} does not cover device group "${group}"; it covers ${e.groups.map((x) => x.name).join(', ')}`
    );
  }
  if (reached(g.canceledOn, now)) {
    return violation(409, 'rbacGroupName', `device group "${group}" of exception ${e.id} is already cancelled`);
  }
  const remaining = activeGroups(e, now).filter((x) => x !== group);
  return { ok: true, whole: remaining.length === 0, group };
}

/**
 * Whether an exception in effect resurfaces: exposed devices within its scope now versus at creation.
 * Global: the whole fleet. Group-scoped: the sum over its groups still covered, against the sum of
 * those groups' counts at creation (a cancelled group leaves both sides).
 */
export function shouldResurface(
  e: Pick<ExceptionState, 'scope'> & {
    baselineExposed: number;
    groups: ReadonlyArray<ExceptionGroupState & { baselineExposed: number }>;
  },
  current: { total: number; byGroup: ReadonlyMap<string, number> },
  now: string
): boolean {
  if (e.scope === 'Global') {
    return current.total > e.baselineExposed;
  }
  let before = 0;
  let after = 0;
  for (const g of e.groups) {
    if (reached(g.canceledOn, now)) {
      continue;
    }
    before += g.baselineExposed;
    after += current.byGroup.get(g.name) ?? 0;
  }
  return after > before;
}
