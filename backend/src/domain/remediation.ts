/**
 * Pure rules of remediation activities (reference/defender-tvm.md §1.9, §2.3): remediation types per
 * recommendation, due dates, overdue, progress and completion, retention, SLA figures, and the retry
 * policy of the outbound webhook. No I/O: engine/remediation.ts stores and applies them.
 *
 * Decisions (see README "Remediation and exceptions"):
 * - Types: software recommendations take Update (or Upgrade, when that is what the recommendation
 *   says), Uninstall or AttentionRequired; configuration ones ConfigurationChange or AttentionRequired.
 *   Update is refused when no fixed version is known (the recommendation says Uninstall).
 * - Due date: required, in the future and at most two years ahead, except for AttentionRequired, which
 *   has none (Defender hides it) and is never overdue. A date alone means 00:00 UTC of that day, as
 *   Defender writes due dates. Overdue: still Active strictly after the due instant.
 * - Progress: target devices are the exposed devices in scope at creation (snapshotted); a target is
 *   fixed while it is no longer exposed to the recommendation (it can become exposed again, e.g. a
 *   downgrade, until the activity completes). All fixed → completed automatically ("System confirmation").
 * - Statuses: Active, Completed (automatic or manual) and Canceled; completed and cancelled activities
 *   are kept for the retention period (default 180 days) after their last status change.
 */

import { parseInstant } from './exceptions';

export const PRIORITIES = ['High', 'Medium', 'Low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const REMEDIATION_TYPES = [
  'Update',
  'Upgrade',
  'Uninstall',
  'ConfigurationChange',
  'AttentionRequired',
] as const;
export type RemediationType = (typeof REMEDIATION_TYPES)[number];

export const TASK_STATUSES = ['Active', 'Completed', 'Canceled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const COMPLETION_METHODS = ['Automatic', 'Manual'] as const;
export type CompletionMethod = (typeof COMPLETION_METHODS)[number];

/** Who completes an activity automatically (Defender's "Completed by" column). */
export const SYSTEM_CONFIRMATION = 'System confirmation';

export const DEFAULT_RETENTION_DAYS = 180;
/** Defender sends at most 10,000 devices per request to Intune. */
export const DEFAULT_MAX_DEVICES = 10000;
export const MAX_DUE_DAYS = 730;

const DAY_MS = 86400_000;

export interface RecommendationKind {
  /** Configuration recommendations have a check; software ones a product. */
  configuration: boolean;
  remediationType: 'ConfigurationChange' | 'Update' | 'Upgrade' | 'Uninstall';
}

/** The remediation types a recommendation allows; the first is the default. */
export function allowedRemediationTypes(rec: RecommendationKind): RemediationType[] {
  if (rec.configuration) {
    return ['ConfigurationChange', 'AttentionRequired'];
  }
  switch (rec.remediationType) {
    case 'Update':
      return ['Update', 'Uninstall', 'AttentionRequired'];
    case 'Upgrade':
      return ['Upgrade', 'Update', 'Uninstall', 'AttentionRequired'];
    default:
      return ['Uninstall', 'AttentionRequired'];
  }
}

export interface RuleError {
  ok: false;
  field: string;
  message: string;
}

/** The remediation type of a request (default: the recommendation's own), or why it is not allowed. */
export function resolveRemediationType(
  requested: RemediationType | undefined,
  rec: RecommendationKind
): { ok: true; type: RemediationType } | RuleError {
  const allowed = allowedRemediationTypes(rec);
  const type = requested ?? allowed[0];
  if (!allowed.includes(type)) {
    const why =
      !rec.configuration && rec.remediationType === 'Uninstall' && (type === 'Update' || type === 'Upgrade')
        ? 'no fixed version is known for this software, so there is nothing to update to; '
        : '';
    return { ok: false, field: 'remediationType', message: `${why}this recommendation allows ${allowed.join(', ')}` };
  }
  return { ok: true, type };
}

/** The due instant of a request: ISO-8601 (a date alone = 00:00 UTC), or why it is refused. */
export function resolveDueOn(
  type: RemediationType,
  dueOn: string | undefined,
  now: string
): { ok: true; dueOn: string | null } | RuleError {
  if (type === 'AttentionRequired') {
    return dueOn === undefined
      ? { ok: true, dueOn: null }
      : { ok: false, field: 'dueOn', message: 'an AttentionRequired activity has no due date: omit dueOn' };
  }
  if (dueOn === undefined) {
    return { ok: false, field: 'dueOn', message: `required for a ${type} activity (an ISO-8601 date or date-time)` };
  }
  const ms = parseInstant(dueOn);
  if (ms === null) {
    return {
      ok: false,
      field: 'dueOn',
      message: 'must be an ISO-8601 date or a date-time with a zone, e.g. 2026-12-31T00:00:00Z',
    };
  }
  const nowMs = Date.parse(now);
  if (ms <= nowMs) {
    return { ok: false, field: 'dueOn', message: `must be in the future (now is ${now})` };
  }
  if (ms > nowMs + MAX_DUE_DAYS * DAY_MS) {
    return { ok: false, field: 'dueOn', message: `must be at most ${MAX_DUE_DAYS} days ahead` };
  }
  return { ok: true, dueOn: new Date(ms).toISOString() };
}

/** Still Active strictly after its due instant (AttentionRequired has none: never overdue). */
export function isOverdue(task: { status: TaskStatus; dueOn: string | null }, now: string): boolean {
  return task.status === 'Active' && task.dueOn !== null && Date.parse(now) > Date.parse(task.dueOn);
}

/** Active, not overdue, and due within `days` from now. */
export function isDueSoon(task: { status: TaskStatus; dueOn: string | null }, now: string, days: number): boolean {
  if (task.status !== 'Active' || task.dueOn === null || isOverdue(task, now)) {
    return false;
  }
  return Date.parse(task.dueOn) <= Date.parse(now) + days * DAY_MS;
}

/** Fixed devices as a percentage of the target devices, one decimal. */
export function progressPercent(targetDevices: number, fixedDevices: number): number {
  if (targetDevices <= 0) {
    return 0;
  }
  return Math.round((1000 * Math.min(fixedDevices, targetDevices)) / targetDevices) / 10;
}

/** Automatic completion: every target device fixed (an activity always has at least one target). */
export function isFullyFixed(targetDevices: number, fixedDevices: number): boolean {
  return targetDevices > 0 && fixedDevices >= targetDevices;
}

/** The instant before which finished activities are no longer kept. */
export function retentionCutoff(now: string, retentionDays: number): string {
  return new Date(Date.parse(now) - retentionDays * DAY_MS).toISOString();
}

/** Active activities are always kept; finished ones for `retentionDays` after their last status change. */
export function isRetained(
  task: { status: TaskStatus; statusLastModifiedOn: string },
  now: string,
  retentionDays: number
): boolean {
  return (
    task.status === 'Active' || Date.parse(task.statusLastModifiedOn) >= Date.parse(retentionCutoff(now, retentionDays))
  );
}

/** The groups two scopes share. */
export function overlappingGroups(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return [...new Set(a)].filter((g) => set.has(g)).sort();
}

// ---------------------------------------------------------------------------------------------
// SLA figures
// ---------------------------------------------------------------------------------------------

export const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Unknown'] as const;
export type SeverityBucket = (typeof SEVERITIES)[number];

export interface FixedFindingAggregate {
  severity: string | null;
  fixed: number;
  /** Σ (fixed_at − first_detected) in days. */
  totalDays: number;
}

export interface MttrFigure {
  fixed: number;
  meanDays: number | null;
}

/** Mean time to remediate per severity (and overall) from per-severity sums; unknown severities pool. */
export function meanTimeToRemediate(rows: readonly FixedFindingAggregate[]): {
  bySeverity: Record<SeverityBucket, MttrFigure>;
  overall: MttrFigure;
} {
  const acc = new Map<SeverityBucket, { n: number; days: number }>(SEVERITIES.map((s) => [s, { n: 0, days: 0 }]));
  for (const r of rows) {
    const bucket = (SEVERITIES as readonly string[]).includes(r.severity ?? '')
      ? (r.severity as SeverityBucket)
      : 'Unknown';
    const a = acc.get(bucket) ?? { n: 0, days: 0 };
    a.n += r.fixed;
    a.days += r.totalDays;
    acc.set(bucket, a);
  }
  const figure = (n: number, days: number): MttrFigure => ({
    fixed: n,
    meanDays: n > 0 ? Math.round((100 * days) / n) / 100 : null,
  });
  let n = 0;
  let days = 0;
  const bySeverity = {} as Record<SeverityBucket, MttrFigure>;
  for (const s of SEVERITIES) {
    const a = acc.get(s) ?? { n: 0, days: 0 };
    bySeverity[s] = figure(a.n, a.days);
    n += a.n;
    days += a.days;
  }
  return { bySeverity, overall: figure(n, days) };
}

/** Monday 00:00 UTC of the ISO week holding `iso`. */
export function weekStart(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString();
}

/** Completions per ISO week over the last `weeks` weeks (the current one included), oldest first, zeros kept. */
export function completedPerWeek(
  completedOn: readonly string[],
  now: string,
  weeks: number
): Array<{ weekStart: string; completed: number }> {
  const current = Date.parse(weekStart(now));
  const out = Array.from({ length: weeks }, (_, i) => ({
    weekStart: new Date(current - (weeks - 1 - i) * 7 * DAY_MS).toISOString(),
    completed: 0,
  }));
  const first = current - (weeks - 1) * 7 * DAY_MS;
  for (const c of completedOn) {
    const w = Date.parse(weekStart(c));
    if (w < first || w > current) {
      continue;
    }
    out[Math.round((w - first) / (7 * DAY_MS))].completed++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Outbound webhook
// ---------------------------------------------------------------------------------------------

export const DELIVERY_STATUSES = ['NotConfigured', 'NotApplicable', 'Pending', 'Delivered', 'Failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const WEBHOOK_MAX_ATTEMPTS = 5;

/**
 * What an attempt's outcome means: a 2xx delivered it; a network error or timeout (null), 408, 425,
 * 429 and 5xx are worth retrying; anything else (a 4xx the receiver means, a redirect we do not
 * follow) fails for good.
 */
export function classifyDelivery(status: number | null): 'delivered' | 'retry' | 'permanent' {
  if (status === null) {
    return 'retry';
  }
  if (status >= 200 && status < 300) {
    return 'delivered';
  }
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return 'retry';
  }
  return 'permanent';
}

/**
 * The wait before the next attempt after `attempt` (1-based) failed: base × 2^(attempt−1), capped,
 * or the receiver's Retry-After when it gives one (also capped).
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, retryAfterMs?: number | null): number {
  if (retryAfterMs !== undefined && retryAfterMs !== null && retryAfterMs >= 0) {
    return Math.min(retryAfterMs, maxMs);
  }
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxMs);
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

// ---------------------------------------------------------------------------------------------
// Who did it
// ---------------------------------------------------------------------------------------------

export interface Actor {
  /** The person (forwarded user header) or, failing that, the API token's name. */
  id: string;
  email: string | null;
  /** The name of the API token the request used (null when the API is open). */
  token: string | null;
}

const MAX_ACTOR_LENGTH = 200;

/**
 * The actor of a write: the user a trusted front end forwards (`X-TVM-User`, or Grafana's
 * `X-Grafana-User`), else the token's name, else "anonymous" (no token configured). Control characters
 * are dropped and the length capped, since it lands in logs, CSV files and ticket bodies.
 */
export function actorFrom(forwardedUser: string | undefined, tokenName: string | null): Actor {
  const clean = (forwardedUser ?? '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, MAX_ACTOR_LENGTH);
  const id = clean || tokenName || 'anonymous';
  return { id, email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(id) ? id : null, token: tokenName };
}
