/**
 * The audit log: who changed what, when. Every remediation activity, exception and device-value change
 * writes one entry in the same transaction as the change, so an entry exists exactly when the change
 * does. Automatic changes are written with the actor "System confirmation" (automatic completion, as
 * Defender's "Completed by" column says) or "system" (expiry, resurfacing). Entries are never updated
 * or purged by the service.
 */
import type { Actor } from '../domain/remediation';
import type { Queryable } from '../store/db';

export const AUDIT_ACTIONS = [
  'RemediationTaskCreated',
  'RemediationTaskCompleted',
  'RemediationTaskCanceled',
  'ExceptionCreated',
  'ExceptionCanceled',
  'ExceptionGroupCanceled',
  'ExceptionExpired',
  'ExceptionResurfaced',
  'DeviceValueChanged',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = ['RemediationTask', 'Exception', 'Machine'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export const SYSTEM_ACTOR: Actor = { id: 'system', email: null, token: null };

export interface AuditEntry {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string;
  summary: string;
  detail?: Record<string, unknown>;
}

export async function recordAudit(q: Queryable, now: string, actor: Actor, entry: AuditEntry): Promise<void> {
  await q.run(
    `INSERT INTO audit_log (occurred_at, actor, actor_token, action, entity_type, entity_id, summary, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      now,
      actor.id,
      actor.token,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.summary,
      JSON.stringify(entry.detail ?? {}),
    ]
  );
}

export interface AuditRow {
  id: number;
  occurred_at: string;
  actor: string;
  actor_token: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  summary: string;
  detail: string;
}

export function auditEntity(r: AuditRow) {
  return {
    id: String(r.id),
    time: r.occurred_at,
    actor: r.actor,
    actorToken: r.actor_token,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    summary: r.summary,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  };
}
