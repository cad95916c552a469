/**
 * Remediation activities in the store: creating, completing and cancelling them (inside the caller's
 * transaction), their API entity, what every scoring pass does with them (progress, automatic
 * completion, retention), and the SLA figures for the dashboards. The rules are in
 * domain/remediation.ts; the outbound webhook is remediationWebhook.ts.
 */
import crypto from 'crypto';
import {
  completedPerWeek,
  DEFAULT_MAX_DEVICES,
  DEFAULT_RETENTION_DAYS,
  isDueSoon,
  isOverdue,
  isRetained,
  meanTimeToRemediate,
  overlappingGroups,
  progressPercent,
  resolveDueOn,
  resolveRemediationType,
  retentionCutoff,
  SYSTEM_CONFIRMATION,
  WEBHOOK_MAX_ATTEMPTS,
  type Actor,
  type DeliveryStatus,
  type Priority,
  type RemediationType,
  type TaskStatus,
} from '../domain/remediation';
import { insertMany, type Queryable } from '../store/db';
import { recordAudit } from './audit';
import { currentGroups } from './exceptions';
import type { NewEvent as PassEvent } from './history';
import { softwareId } from './inventory';
import { RuleViolation, violate } from './ruleViolation';
import { activeCutoff, recommendations, splitProductKey, ORG, type Scope, type ViewContext } from './views';

export interface RemediationSettings {
  /** Days a completed or cancelled activity is kept after its last status change. */
  retentionDays: number;
  /** Where new activities are POSTed (a ticketing system's inbound hook); null = no webhook. */
  webhookUrl: string | null;
  /** Signs each delivery (X-TVM-Signature-256: sha256=HMAC(secret, body)) when set. */
  webhookSecret: string | null;
  /** At most this many devices are listed in one delivery. */
  maxDevices: number;
  webhookMaxAttempts: number;
  /** First retry delay; doubles with each attempt, capped by webhookMaxBackoffMs. */
  webhookBackoffMs: number;
  webhookMaxBackoffMs: number;
  webhookTimeoutMs: number;
}

export const DEFAULT_REMEDIATION: RemediationSettings = {
  retentionDays: DEFAULT_RETENTION_DAYS,
  webhookUrl: null,
  webhookSecret: null,
  maxDevices: DEFAULT_MAX_DEVICES,
  webhookMaxAttempts: WEBHOOK_MAX_ATTEMPTS,
  webhookBackoffMs: 2000,
  webhookMaxBackoffMs: 60_000,
  webhookTimeoutMs: 10_000,
};

/**
 * TVM_REMEDIATION_RETENTION_DAYS, TVM_REMEDIATION_WEBHOOK_URL, TVM_REMEDIATION_WEBHOOK_SECRET and
 * TVM_REMEDIATION_MAX_DEVICES on top of the defaults; a bad value stops the service at start.
 */
export function remediationSettingsFromEnv(env: NodeJS.ProcessEnv): RemediationSettings {
  const whole = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      throw new Error(`${name} must be a whole number ≥ ${min}, not "${raw}"`);
    }
    return n;
  };
  const url = env.TVM_REMEDIATION_WEBHOOK_URL?.trim() || null;
  if (url !== null) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`TVM_REMEDIATION_WEBHOOK_URL is not a URL: "${url}"`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new Error(`TVM_REMEDIATION_WEBHOOK_URL must be an http(s) URL, not "${parsed.protocol}"`);
    }
  }
  return {
    ...DEFAULT_REMEDIATION,
    retentionDays: whole('TVM_REMEDIATION_RETENTION_DAYS', DEFAULT_RETENTION_DAYS, 1),
    webhookUrl: url,
    webhookSecret: env.TVM_REMEDIATION_WEBHOOK_SECRET || null,
    maxDevices: whole('TVM_REMEDIATION_MAX_DEVICES', DEFAULT_MAX_DEVICES, 1),
  };
}

export interface TaskRow {
  id: string;
  recommendation_id: string;
  product_key: string | null;
  check_id: string | null;
  title: string;
  description: string;
  category: string;
  remediation_type: RemediationType;
  related_component: string;
  recommended_version: string | null;
  all_groups: number;
  rbac_group_names: string;
  priority: Priority;
  due_on: string | null;
  created_on: string;
  requester_id: string;
  requester_email: string | null;
  requester_token: string | null;
  requester_notes: string | null;
  status: TaskStatus;
  status_last_modified_on: string;
  completion_method: string | null;
  completer_id: string | null;
  completer_email: string | null;
  completed_on: string | null;
  status_comment: string | null;
  target_devices: number;
  fixed_devices: number;
  delivery_status: DeliveryStatus;
  delivery_attempts: number;
  delivery_last_error: string | null;
  delivery_last_attempt_on: string | null;
  delivered_on: string | null;
  delivery_devices_sent: number | null;
}

export interface CreateTaskInput {
  recommendationId: string;
  remediationType?: RemediationType;
  priority: Priority;
  dueOn?: string;
  requesterNotes?: string;
  rbacGroupNames?: string[];
}

const TITLE_VERB: Partial<Record<RemediationType, string>> = {
  Uninstall: 'Uninstall',
  AttentionRequired: 'Attention required:',
};

/**
 * Creates an activity in the caller's transaction: resolves the recommendation, type, due date and
 * scope, snapshots the exposed devices in scope as the targets, and refuses a second active activity
 * for the same recommendation and an overlapping scope. Throws RuleViolation, leaving nothing written.
 */
export async function createRemediationTask(
  tx: Queryable,
  view: ViewContext,
  input: CreateTaskInput,
  actor: Actor,
  settings: RemediationSettings
): Promise<TaskRow> {
  const now = view.now;
  const wanted = input.recommendationId.trim().toLowerCase();
  const rec = (await recommendations(view, ORG)).find((r) => r.id.toLowerCase() === wanted);
  if (!rec) {
    violate({
      field: 'recommendationId',
      message: `no recommendation "${input.recommendationId}" exposes an active device; see GET /api/recommendations`,
    });
  }
  const type = resolveRemediationType(input.remediationType, {
    configuration: rec.checkId !== undefined,
    remediationType: rec.remediationType,
  });
  if (!type.ok) {
    violate(type);
  }
  const due = resolveDueOn(type.type, input.dueOn, now);
  if (!due.ok) {
    violate(due);
  }
  const known = await currentGroups(tx);
  let groups: string[];
  if (input.rbacGroupNames !== undefined) {
    if (input.rbacGroupNames.length === 0) {
      violate({
        field: 'rbacGroupNames',
        message: 'name at least one device group, or omit rbacGroupNames for all groups',
      });
    }
    const unknown = input.rbacGroupNames.findIndex((g) => !known.includes(g));
    if (unknown >= 0) {
      violate({
        field: `rbacGroupNames[${unknown}]`,
        message: `no device group "${input.rbacGroupNames[unknown]}" exists; known groups: ${known.join(', ') || '(none)'}`,
      });
    }
    groups = [...new Set(input.rbacGroupNames)].sort();
  } else {
    groups = known;
  }
  const cutoff = activeCutoff(now, view.cfg);
  const marks = groups.map(() => '?').join(', ');
  const targets = await tx.all<{
    id: string;
    computer_dns_name: string;
    os_platform: string | null;
    rbac_group_name: string | null;
  }>(
    rec.productKey !== undefined
      ? `SELECT d.id, d.computer_dns_name, d.os_platform, d.rbac_group_name FROM device_product_score p JOIN device d ON d.id = p.device_id
         WHERE p.product_key = ? AND d.last_seen >= ? AND COALESCE(d.rbac_group_name, '') IN (${marks}) ORDER BY d.computer_dns_name, d.id`
      : `SELECT d.id, d.computer_dns_name, d.os_platform, d.rbac_group_name FROM device_configuration c JOIN device d ON d.id = c.device_id
         WHERE c.check_id = ? AND c.status = 'noncompliant' AND d.last_seen >= ? AND COALESCE(d.rbac_group_name, '') IN (${marks})
         ORDER BY d.computer_dns_name, d.id`,
    [rec.productKey ?? rec.checkId ?? '', cutoff, ...groups]
  );
  if (targets.length === 0) {
    violate({
      field: input.rbacGroupNames !== undefined ? 'rbacGroupNames' : 'recommendationId',
      message: `no active device in ${input.rbacGroupNames !== undefined ? `device group(s) ${groups.join(', ')}` : 'the fleet'} is exposed to ${rec.id}`,
    });
  }
  const active = await tx.all<{ id: string; rbac_group_names: string }>(
    "SELECT id, rbac_group_names FROM remediation_task WHERE status = 'Active' AND LOWER(recommendation_id) = ?",
    [rec.id.toLowerCase()]
  );
  for (const a of active) {
    const overlap = overlappingGroups(groups, JSON.parse(a.rbac_group_names) as string[]);
    if (overlap.length > 0) {
      throw new RuleViolation(
        409,
        'recommendationId',
        `remediation activity ${a.id} for ${rec.id} is already active in device group${overlap.length > 1 ? 's' : ''} ${overlap.join(', ')}; complete or cancel it first, or choose other groups`
      );
    }
  }

  const id = crypto.randomUUID();
  const verb = TITLE_VERB[type.type];
  const title = verb ? `${verb} ${rec.relatedComponent}` : rec.recommendationName;
  const description =
    `${title}: ${targets.length} exposed device${targets.length === 1 ? '' : 's'} in ${input.rbacGroupNames ? groups.join(', ') : 'all device groups'}` +
    (rec.checkId ? '.' : `; ${rec.weaknesses} vulnerabilit${rec.weaknesses === 1 ? 'y' : 'ies'}.`) +
    (rec.note ? ` ${rec.note}` : '');
  const delivery: DeliveryStatus =
    type.type === 'AttentionRequired' ? 'NotApplicable' : settings.webhookUrl ? 'Pending' : 'NotConfigured';
  await tx.run(
    `INSERT INTO remediation_task (id, recommendation_id, product_key, check_id, title, description, category, remediation_type,
       related_component, recommended_version, all_groups, rbac_group_names, priority, due_on, created_on, requester_id,
       requester_email, requester_token, requester_notes, status, status_last_modified_on, target_devices, fixed_devices,
       delivery_status, delivery_attempts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Active', ?, ?, 0, ?, 0)`,
    [
      id,
      rec.id,
      rec.productKey ?? null,
      rec.checkId ?? null,
      title,
      description,
      rec.checkId ? 'Security configuration' : 'Software',
      type.type,
      rec.relatedComponent,
      rec.recommendedVersion || null,
      input.rbacGroupNames === undefined ? 1 : 0,
      JSON.stringify(groups),
      input.priority,
      due.dueOn,
      now,
      actor.id,
      actor.email,
      actor.token,
      input.requesterNotes?.trim() ? input.requesterNotes : null,
      now,
      targets.length,
      delivery,
    ]
  );
  await insertMany(
    tx,
    'remediation_task_device',
    ['task_id', 'device_id', 'computer_dns_name', 'os_platform', 'rbac_group_name'],
    targets.map((t) => [id, t.id, t.computer_dns_name, t.os_platform, t.rbac_group_name])
  );
  await recordAudit(tx, now, actor, {
    action: 'RemediationTaskCreated',
    entityType: 'RemediationTask',
    entityId: id,
    summary: `${title} (${input.priority} priority${due.dueOn ? `, due ${due.dueOn}` : ''}) for ${targets.length} device${targets.length === 1 ? '' : 's'}`,
    detail: {
      recommendationId: rec.id,
      remediationType: type.type,
      priority: input.priority,
      dueOn: due.dueOn,
      rbacGroupNames: groups,
      targetDevices: targets.length,
    },
  });
  return (await loadTask(tx, id)) as TaskRow;
}

export async function loadTask(q: Queryable, id: string): Promise<TaskRow | undefined> {
  return q.get<TaskRow>('SELECT * FROM remediation_task WHERE id = ?', [id]);
}

/**
 * Marks an active activity completed by a person ("Mark as completed") or cancels it, in the caller's
 * transaction. Throws RuleViolation (404 unknown, 409 not active).
 */
export async function finishTask(
  tx: Queryable,
  id: string,
  how: 'complete' | 'cancel',
  actor: Actor,
  now: string,
  comment: string | undefined
): Promise<{ task: TaskRow; event: PassEvent | null }> {
  const task = await loadTask(tx, id);
  if (!task) {
    throw new RuleViolation(404, 'id', `no remediation activity "${id}"`);
  }
  if (task.status !== 'Active') {
    throw new RuleViolation(
      409,
      'id',
      `remediation activity ${id} is ${task.status}; only an active one can be ${how === 'complete' ? 'completed' : 'cancelled'}`
    );
  }
  const note = comment?.trim() ? comment.trim() : null;
  if (how === 'complete') {
    await tx.run(
      `UPDATE remediation_task SET status = 'Completed', status_last_modified_on = ?, completion_method = 'Manual', completer_id = ?,
         completer_email = ?, completed_on = ?, status_comment = ? WHERE id = ?`,
      [now, actor.id, actor.email, now, note, id]
    );
  } else {
    await tx.run(
      `UPDATE remediation_task SET status = 'Canceled', status_last_modified_on = ?, completer_id = ?, completer_email = ?, status_comment = ?
       WHERE id = ?`,
      [now, actor.id, actor.email, note, id]
    );
  }
  await recordAudit(tx, now, actor, {
    action: how === 'complete' ? 'RemediationTaskCompleted' : 'RemediationTaskCanceled',
    entityType: 'RemediationTask',
    entityId: id,
    summary: `${task.title}: ${how === 'complete' ? 'marked as completed' : 'cancelled'} with ${task.fixed_devices} of ${task.target_devices} devices fixed`,
    detail: { completionMethod: how === 'complete' ? 'Manual' : null, comment: note },
  });
  const updated = (await loadTask(tx, id)) as TaskRow;
  return { task: updated, event: how === 'complete' ? completionEvent(updated) : null };
}

function completionEvent(t: TaskRow): PassEvent {
  return {
    type: 'RemediationCompleted',
    title: `Remediation completed: ${t.title} (${t.completion_method === 'Automatic' ? SYSTEM_CONFIRMATION : `by ${t.completer_id}`})`,
    productKey: t.product_key,
    checkId: t.check_id,
    devicesThen: Number(t.target_devices),
    detail: {
      taskId: t.id,
      recommendationId: t.recommendation_id,
      completionMethod: t.completion_method,
      fixedDevices: Number(t.fixed_devices),
    },
  };
}

/**
 * What a scoring pass does with activities: a target device is fixed while it is no longer exposed
 * (an open finding of the product, or a non-compliant result of the check); an activity whose targets
 * are all fixed completes automatically ("System confirmation"); finished activities past the
 * retention period are deleted. In a scoped pass only the devices of scope_device are re-checked.
 */
export async function remediationPass(
  tx: Queryable,
  scoped: boolean,
  now: string,
  settings: RemediationSettings
): Promise<PassEvent[]> {
  await tx.run("DELETE FROM remediation_task WHERE status <> 'Active' AND status_last_modified_on < ?", [
    retentionCutoff(now, settings.retentionDays),
  ]);
  const any = await tx.get<{ one: number }>("SELECT 1 AS one FROM remediation_task WHERE status = 'Active' LIMIT 1");
  if (!any) {
    return [];
  }
  await tx.run(
    `UPDATE remediation_task_device SET fixed_on = CASE WHEN EXISTS (
       SELECT 1 FROM remediation_task t WHERE t.id = remediation_task_device.task_id AND (
         EXISTS (SELECT 1 FROM finding f WHERE f.device_id = remediation_task_device.device_id AND f.product_key = t.product_key AND f.status = 'open')
         OR EXISTS (SELECT 1 FROM device_configuration c WHERE c.device_id = remediation_task_device.device_id AND c.check_id = t.check_id
                    AND c.status = 'noncompliant')))
       THEN NULL ELSE COALESCE(fixed_on, ?) END
     WHERE task_id IN (SELECT id FROM remediation_task WHERE status = 'Active')
       ${scoped ? 'AND device_id IN (SELECT id FROM scope_device)' : ''}`,
    [now]
  );
  await tx.run(
    `UPDATE remediation_task SET fixed_devices = (
       SELECT COUNT(*) FROM remediation_task_device x WHERE x.task_id = remediation_task.id AND x.fixed_on IS NOT NULL)
     WHERE status = 'Active'`
  );
  const done = await tx.all<TaskRow>(
    "SELECT * FROM remediation_task WHERE status = 'Active' AND fixed_devices >= target_devices AND target_devices > 0 ORDER BY created_on, id"
  );
  const events: PassEvent[] = [];
  for (const t of done) {
    await tx.run(
      `UPDATE remediation_task SET status = 'Completed', status_last_modified_on = ?, completion_method = 'Automatic', completer_id = ?,
         completer_email = NULL, completed_on = ? WHERE id = ?`,
      [now, SYSTEM_CONFIRMATION, now, t.id]
    );
    await recordAudit(
      tx,
      now,
      { id: SYSTEM_CONFIRMATION, email: null, token: null },
      {
        action: 'RemediationTaskCompleted',
        entityType: 'RemediationTask',
        entityId: t.id,
        summary: `${t.title}: completed automatically, all ${t.target_devices} target devices are no longer exposed`,
        detail: { completionMethod: 'Automatic' },
      }
    );
    events.push(completionEvent({ ...t, completion_method: 'Automatic', fixed_devices: t.target_devices }));
  }
  return events;
}

/** The API shape of an activity at `now`: Defender's RemediationTask fields plus ours. */
export function taskEntity(t: TaskRow, now: string) {
  const target = Number(t.target_devices);
  const fixed = Number(t.fixed_devices);
  const ids = t.product_key ? splitProductKey(t.product_key) : null;
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    category: t.category,
    type: t.remediation_type,
    relatedComponent: t.related_component,
    recommendationId: t.recommendation_id,
    productId: t.product_key ? softwareId(t.product_key) : null,
    vendorId: ids?.vendor ?? null,
    nameId: ids?.product ?? null,
    recommendedVersion: t.recommended_version,
    recommendedVendor: null,
    recommendedProgram: null,
    scid: t.check_id,
    priority: t.priority,
    dueOn: t.due_on,
    createdOn: t.created_on,
    requesterId: t.requester_id,
    requesterEmail: t.requester_email,
    requesterNotes: t.requester_notes,
    status: t.status,
    statusLastModifiedOn: t.status_last_modified_on,
    overdue: isOverdue({ status: t.status, dueOn: t.due_on }, now),
    targetDevices: target,
    fixedDevices: fixed,
    exposedDevices: target - fixed,
    progressPercent: progressPercent(target, fixed),
    rbacGroupNames: JSON.parse(t.rbac_group_names) as string[],
    allDeviceGroups: Number(t.all_groups) === 1,
    productivityImpactRemediationType: 'AllExposedAssets',
    completionMethod: t.completion_method,
    completerId: t.completer_id,
    completerEmail: t.completer_email,
    completedOn: t.completed_on,
    statusComment: t.status_comment,
    deliveryStatus: t.delivery_status,
    deliveryAttempts: Number(t.delivery_attempts),
    deliveryLastError: t.delivery_last_error,
    deliveryLastAttemptOn: t.delivery_last_attempt_on,
    deliveredOn: t.delivered_on,
    deliveryDevicesSent: t.delivery_devices_sent === null ? null : Number(t.delivery_devices_sent),
  };
}
export type TaskEntity = ReturnType<typeof taskEntity>;

/** The activities kept at `now` (finished ones within the retention period) that meet the scope, newest first. */
export async function taskEntities(
  q: Queryable,
  now: string,
  scope: Scope,
  retentionDays: number
): Promise<TaskEntity[]> {
  const rows = await q.all<TaskRow>('SELECT * FROM remediation_task ORDER BY created_on DESC, id');
  return rows
    .filter((t) =>
      isRetained({ status: t.status, statusLastModifiedOn: t.status_last_modified_on }, now, retentionDays)
    )
    .filter(
      (t) =>
        scope.groups === null || overlappingGroups(JSON.parse(t.rbac_group_names) as string[], scope.groups).length > 0
    )
    .map((t) => taskEntity(t, now));
}

export interface TaskDeviceRow {
  device_id: string;
  computer_dns_name: string;
  os_platform: string | null;
  rbac_group_name: string | null;
  fixed_on: string | null;
}

/** An activity's target devices (`Exposed`: not fixed; `Fixed`; `All`), by name. */
export async function taskDevices(
  q: Queryable,
  id: string,
  which: 'Exposed' | 'Fixed' | 'All'
): Promise<TaskDeviceRow[]> {
  const filter = which === 'Exposed' ? 'AND fixed_on IS NULL' : which === 'Fixed' ? 'AND fixed_on IS NOT NULL' : '';
  return q.all<TaskDeviceRow>(
    `SELECT device_id, computer_dns_name, os_platform, rbac_group_name, fixed_on FROM remediation_task_device
     WHERE task_id = ? ${filter} ORDER BY computer_dns_name, device_id`,
    [id]
  );
}

export function taskDeviceEntity(d: TaskDeviceRow) {
  return {
    id: d.device_id,
    computerDnsName: d.computer_dns_name,
    osPlatform: d.os_platform,
    rbacGroupName: d.rbac_group_name,
    status: d.fixed_on === null ? 'Exposed' : 'Fixed',
    fixedOn: d.fixed_on,
  };
}

export interface SlaOptions {
  dueSoonDays: number;
  /** Findings fixed within this many days count in the mean time to remediate. */
  mttrDays: number;
  weeks: number;
}

/**
 * Remediation SLA figures: activities open past due and due soon (by priority), completions per week,
 * the mean days an activity took; and the mean time to remediate per severity, from the findings fixed
 * in the window (fixed_at − first_detected). The group scope applies to activities through their
 * groups and to findings through their device's group.
 */
export async function remediationSla(
  q: Queryable,
  view: ViewContext,
  scope: Scope,
  opts: SlaOptions,
  retentionDays: number
) {
  const now = view.now;
  const tasks = await taskEntities(q, now, scope, retentionDays);
  const byPriority = Object.fromEntries(
    (['High', 'Medium', 'Low'] as const).map((p) => {
      const list = tasks.filter((t) => t.priority === p && t.status === 'Active');
      return [
        p,
        {
          active: list.length,
          overdue: list.filter((t) => t.overdue).length,
          dueSoon: list.filter((t) => isDueSoon({ status: t.status, dueOn: t.dueOn }, now, opts.dueSoonDays)).length,
        },
      ];
    })
  );
  const completed = tasks.filter((t) => t.status === 'Completed' && t.completedOn !== null);
  const took = completed.map((t) => (Date.parse(t.completedOn ?? now) - Date.parse(t.createdOn)) / 86400_000);
  const from = new Date(Date.parse(now) - opts.mttrDays * 86400_000).toISOString();
  const groups = scope.groups;
  // julianday() is SQLite's; the store is SQLite (a PostgreSQL Db would use EXTRACT(EPOCH FROM …)).
  const rows = await q.all<{ severity: string | null; fixed: number; total_days: number }>(
    `SELECT COALESCE(c.severity, f.scanner_severity) AS severity, COUNT(*) AS fixed,
            SUM(julianday(f.fixed_at) - julianday(f.first_detected)) AS total_days
     FROM finding f JOIN device d ON d.id = f.device_id LEFT JOIN cve c ON c.id = f.cve_id
     WHERE f.status = 'fixed' AND f.fixed_at IS NOT NULL AND f.fixed_at >= ? AND f.fixed_at <= ?
       ${groups ? `AND COALESCE(d.rbac_group_name, '') IN (${groups.map(() => '?').join(', ')})` : ''}
     GROUP BY COALESCE(c.severity, f.scanner_severity)`,
    [from, now, ...(groups ?? [])]
  );
  const mttr = meanTimeToRemediate(
    rows.map((r) => ({ severity: r.severity, fixed: Number(r.fixed), totalDays: Number(r.total_days ?? 0) }))
  );
  const active = tasks.filter((t) => t.status === 'Active');
  return {
    time: now,
    activities: {
      active: active.length,
      overdue: active.filter((t) => t.overdue).length,
      dueSoon: active.filter((t) => isDueSoon({ status: t.status, dueOn: t.dueOn }, now, opts.dueSoonDays)).length,
      dueSoonDays: opts.dueSoonDays,
      completed: completed.length,
      canceled: tasks.filter((t) => t.status === 'Canceled').length,
      meanDaysToComplete:
        took.length > 0 ? Math.round((100 * took.reduce((a, b) => a + b, 0)) / took.length) / 100 : null,
      byPriority,
    },
    completedPerWeek: completedPerWeek(
      completed.map((t) => t.completedOn ?? now),
      now,
      opts.weeks
    ),
    meanTimeToRemediate: { windowDays: opts.mttrDays, ...mttr },
  };
}
