/**
 * Exceptions in the store: creating and cancelling them (inside the caller's transaction, which then
 * runs the scoring pass), their API entity, and what every scoring pass does with them (expiry and
 * resurfacing). The rules themselves are in domain/exceptions.ts; how exceptions change scores is in
 * exceptionCoverage.ts (applied by scores.ts and views.ts).
 */
import crypto from 'crypto';
import {
  activeGroups,
  exceptionStatus,
  findConflicts,
  groupStatus,
  isMitigating,
  planCancel,
  resolveExceptionScope,
  resolveExpiry,
  shouldResurface,
  suspendingGlobal,
  type ExceptionScope,
  type ExceptionState,
  type Justification,
} from '../domain/exceptions';
import type { Actor } from '../domain/remediation';
import type { Queryable, SqlValue } from '../store/db';
import { recordAudit, SYSTEM_ACTOR } from './audit';
import { loadExceptions, type StoredException } from './exceptionCoverage';
import type { NewEvent as PassEvent } from './history';
import { RuleViolation, violate } from './ruleViolation';
import { recommendations, ORG, type ViewContext } from './views';

export interface CreateExceptionInput {
  recommendationId?: string;
  cveId?: string;
  justification: Justification;
  context?: string;
  scope?: ExceptionScope;
  rbacGroupNames?: string[];
  expiresOn?: string;
  expiresIn?: string;
}

/** What an exception applies to in the store. */
interface TargetRef {
  productKey: string | null;
  checkId: string | null;
  cveId: string | null;
}

/** Every device group that exists now (devices without one form the group ""). */
export async function currentGroups(q: Queryable): Promise<string[]> {
  return (await q.all<{ g: string }>("SELECT DISTINCT COALESCE(rbac_group_name, '') AS g FROM device ORDER BY 1")).map(
    (r) => r.g
  );
}

/** Active devices exposed to a target, per group (raw exposure: exceptions do not hide devices here). */
export async function exposureByGroup(
  q: Queryable,
  target: TargetRef,
  activeSince: string
): Promise<{ total: number; byGroup: Map<string, number> }> {
  let rows: Array<{ g: string; n: number }>;
  if (target.productKey !== null) {
    rows = await q.all(
      `SELECT COALESCE(d.rbac_group_name, '') AS g, COUNT(*) AS n
       FROM device_product_score p JOIN device d ON d.id = p.device_id
       WHERE p.product_key = ? AND d.last_seen >= ? GROUP BY COALESCE(d.rbac_group_name, '')`,
      [target.productKey, activeSince]
    );
  } else if (target.checkId !== null) {
    rows = await q.all(
      `SELECT COALESCE(d.rbac_group_name, '') AS g, COUNT(*) AS n
       FROM device_configuration c JOIN device d ON d.id = c.device_id
       WHERE c.check_id = ? AND c.status = 'noncompliant' AND d.last_seen >= ? GROUP BY COALESCE(d.rbac_group_name, '')`,
      [target.checkId, activeSince]
    );
  } else {
    rows = await q.all(
      `SELECT COALESCE(d.rbac_group_name, '') AS g, COUNT(DISTINCT f.device_id) AS n
       FROM finding f JOIN device d ON d.id = f.device_id
       WHERE f.status = 'open' AND f.cve_id = ? AND d.last_seen >= ? GROUP BY COALESCE(d.rbac_group_name, '')`,
      [target.cveId, activeSince]
    );
  }
  const byGroup = new Map(rows.map((r) => [r.g, Number(r.n)]));
  return { total: [...byGroup.values()].reduce((a, b) => a + b, 0), byGroup };
}

function activeSinceOf(view: ViewContext): string {
  return new Date(Date.parse(view.now) - view.cfg.activeDays * 86400_000).toISOString();
}

/**
 * Creates an exception in the caller's transaction (the caller then runs the scoring pass, so a
 * mitigating one changes scores before the response). Throws RuleViolation, leaving nothing written.
 */
export async function createException(
  tx: Queryable,
  view: ViewContext,
  input: CreateExceptionInput,
  actor: Actor
): Promise<StoredException> {
  const now = view.now;
  let kind: 'Recommendation' | 'Cve';
  let key: string;
  let title: string;
  let ref: TargetRef;
  const activeSince = activeSinceOf(view);
  if (input.recommendationId !== undefined) {
    if (input.justification === 'NoSecurityUpdate') {
      violate({
        field: 'justification',
        message: 'NoSecurityUpdate (CVE with no patch) applies to CVE exceptions only: give cveId',
      });
    }
    const id = input.recommendationId.trim().toLowerCase();
    const rec = (await recommendations(view, ORG)).find((r) => r.id.toLowerCase() === id);
    if (!rec) {
      violate({
        field: 'recommendationId',
        message: `no recommendation "${input.recommendationId}" exposes an active device; see GET /api/recommendations`,
      });
    }
    kind = 'Recommendation';
    key = rec.id;
    title = rec.recommendationName;
    ref = { productKey: rec.productKey ?? null, checkId: rec.checkId ?? null, cveId: null };
  } else {
    const cve = (input.cveId ?? '').trim().toUpperCase();
    const exposed = await tx.get<{ one: number }>(
      `SELECT 1 AS one FROM finding f JOIN device d ON d.id = f.device_id WHERE f.status = 'open' AND f.cve_id = ? AND d.last_seen >= ? LIMIT 1`,
      [cve, activeSince]
    );
    if (!exposed) {
      violate({
        field: 'cveId',
        message: `no active device is exposed to "${input.cveId}"; see GET /api/vulnerabilities`,
      });
    }
    kind = 'Cve';
    key = cve;
    title = cve;
    ref = { productKey: null, checkId: null, cveId: cve };
  }
  const scope = resolveExceptionScope(input, await currentGroups(tx));
  if (!scope.ok) {
    violate(scope);
  }
  const expiry = resolveExpiry(input, now);
  if (!expiry.ok) {
    violate(expiry);
  }
  const existing = (await loadExceptions(tx, now)).map((s) => s.state);
  const conflict = findConflicts({ target: { kind, key }, scope: scope.scope, groups: scope.groups }, existing, now);
  if (conflict) {
    throw new RuleViolation(
      409,
      scope.scope === 'Global' ? (kind === 'Cve' ? 'cveId' : 'recommendationId') : 'rbacGroupNames',
      scope.scope === 'Global'
        ? `a global exception for ${key} is already in effect (${conflict.ids.join(', ')}); cancel it first`
        : `device group${conflict.groups.length > 1 ? 's' : ''} ${conflict.groups.join(', ')} already ha${conflict.groups.length > 1 ? 've' : 's'} an exception in effect for ${key} (${conflict.ids.join(', ')})`
    );
  }
  const baseline = await exposureByGroup(tx, ref, activeSince);
  const id = crypto.randomUUID();
  const context = input.context?.trim() ? input.context.trim() : null;
  await tx.run(
    `INSERT INTO risk_exception (id, kind, recommendation_id, product_key, check_id, cve_id, title, justification, context, scope,
       created_on, created_by, created_by_email, created_by_token, expires_on, baseline_exposed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      kind,
      kind === 'Recommendation' ? key : null,
      ref.productKey,
      ref.checkId,
      ref.cveId,
      title,
      input.justification,
      context,
      scope.scope,
      now,
      actor.id,
      actor.email,
      actor.token,
      expiry.expiresOn,
      scope.scope === 'Global' ? baseline.total : scope.groups.reduce((n, g) => n + (baseline.byGroup.get(g) ?? 0), 0),
    ]
  );
  for (const g of scope.groups) {
    await tx.run(
      'INSERT INTO risk_exception_group (exception_id, rbac_group_name, baseline_exposed) VALUES (?, ?, ?)',
      [id, g, baseline.byGroup.get(g) ?? 0]
    );
  }
  await recordAudit(tx, now, actor, {
    action: 'ExceptionCreated',
    entityType: 'Exception',
    entityId: id,
    summary: `${input.justification} exception for ${key} (${scope.scope === 'Global' ? 'global' : scope.groups.join(', ')}) until ${expiry.expiresOn}`,
    detail: {
      kind,
      target: key,
      justification: input.justification,
      scope: scope.scope,
      rbacGroupNames: scope.groups,
      expiresOn: expiry.expiresOn,
      context,
    },
  });
  return (await loadException(tx, id)) as StoredException;
}

export async function loadException(q: Queryable, id: string): Promise<StoredException | undefined> {
  return (await loadExceptions(q)).find((s) => s.row.id === id);
}

/**
 * Cancels an exception as a whole, or its coverage of one group, in the caller's transaction (which
 * then runs the scoring pass). Throws RuleViolation.
 */
export async function cancelException(
  tx: Queryable,
  id: string,
  group: string | undefined,
  actor: Actor,
  now: string
): Promise<StoredException> {
  const stored = await loadException(tx, id);
  if (!stored) {
    throw new RuleViolation(404, 'id', `no exception "${id}"`);
  }
  const plan = planCancel(stored.state, group, now);
  if (!plan.ok) {
    violate(plan);
  }
  if (plan.group !== null) {
    await tx.run(
      'UPDATE risk_exception_group SET canceled_on = ?, canceled_by = ? WHERE exception_id = ? AND rbac_group_name = ?',
      [now, actor.id, id, plan.group]
    );
  }
  if (plan.whole) {
    await tx.run('UPDATE risk_exception SET canceled_on = ?, canceled_by = ? WHERE id = ?', [now, actor.id, id]);
  }
  const key = stored.state.target.key;
  await recordAudit(tx, now, actor, {
    action: plan.group !== null && !plan.whole ? 'ExceptionGroupCanceled' : 'ExceptionCanceled',
    entityType: 'Exception',
    entityId: id,
    summary:
      plan.group !== null
        ? `Exception for ${key} cancelled for device group ${plan.group}${plan.whole ? ' (its last group: the exception is cancelled)' : ''}`
        : `Exception for ${key} cancelled for all device groups`,
    detail: { rbacGroupName: plan.group, wholeException: plan.whole },
  });
  return (await loadException(tx, id)) as StoredException;
}

/** The API shape of an exception at `now` (`all`: the other exceptions, for the suspension rule). */
export function exceptionEntity(s: StoredException, all: readonly ExceptionState[], now: string) {
  const status = exceptionStatus(s.state, now);
  const suspender = status === 'InEffect' ? suspendingGlobal(s.state, all, now) : undefined;
  const r = s.row;
  return {
    id: r.id,
    type: r.kind,
    recommendationId: r.recommendation_id,
    cveId: r.cve_id,
    productKey: r.product_key,
    checkId: r.check_id,
    title: r.title,
    justification: r.justification,
    context: r.context,
    scope: r.scope,
    rbacGroupNames: s.groups.map((g) => g.rbac_group_name),
    groups: s.groups.map((g) => ({
      rbacGroupName: g.rbac_group_name,
      status: groupStatus(s.state, g.rbac_group_name, now) ?? status,
      canceledOn: g.canceled_on,
      canceledBy: g.canceled_by,
      exposedDevicesAtCreation: Number(g.baseline_exposed),
    })),
    status,
    suspended: suspender !== undefined,
    suspendedBy: suspender?.id ?? null,
    effective: status === 'InEffect' && suspender === undefined,
    scoreEffect: isMitigating(r.justification) ? 'Mitigated' : 'None',
    createdOn: r.created_on,
    createdBy: r.created_by,
    createdByEmail: r.created_by_email,
    expiresOn: r.expires_on,
    canceledOn: r.canceled_on,
    canceledBy: r.canceled_by,
    resurfacedOn: r.resurfaced_on,
    exposedDevicesAtCreation: Number(r.baseline_exposed),
  };
}
export type ExceptionEntity = ReturnType<typeof exceptionEntity>;

/** Every exception as the API shows it, newest first. */
export async function exceptionEntities(q: Queryable, now: string): Promise<ExceptionEntity[]> {
  const stored = await loadExceptions(q);
  const states = stored.map((s) => s.state);
  return stored
    .map((s) => exceptionEntity(s, states, now))
    .sort((a, b) => b.createdOn.localeCompare(a.createdOn) || a.id.localeCompare(b.id));
}

/** An exception expiry that has passed and no scoring pass has taken into account yet. */
export async function exceptionExpiryDue(q: Queryable, now: string): Promise<boolean> {
  const row = await q.get<{ one: number }>(
    `SELECT 1 AS one FROM risk_exception
     WHERE expiry_processed_on IS NULL AND expires_on <= ? AND canceled_on IS NULL AND resurfaced_on IS NULL LIMIT 1`,
    [now]
  );
  return row !== undefined;
}

/**
 * What a scoring pass does with exceptions, after the devices were scored: resurfaces the exceptions
 * whose exposure worsened (in a scoped pass, only those whose target the devices in scope_device
 * touch) and records the expiries that passed (the caller makes such a pass a full one). Returns the
 * events, and whether the scores must be recomputed (an exception stopped taking effect).
 */
export async function exceptionsPass(
  tx: Queryable,
  scoped: boolean,
  now: string,
  activeSince: string
): Promise<{ events: PassEvent[]; rescore: boolean }> {
  const events: PassEvent[] = [];
  let rescore = false;
  const live = (await loadExceptions(tx, now)).filter((s) => exceptionStatus(s.state, now) === 'InEffect');
  for (const s of live) {
    const ref = { productKey: s.row.product_key, checkId: s.row.check_id, cveId: s.row.cve_id };
    if (scoped && !(await touchesScope(tx, ref))) {
      continue;
    }
    const current = await exposureByGroup(tx, ref, activeSince);
    const candidate = {
      scope: s.state.scope,
      baselineExposed: Number(s.row.baseline_exposed),
      groups: s.groups.map((g) => ({
        name: g.rbac_group_name,
        canceledOn: g.canceled_on,
        baselineExposed: Number(g.baseline_exposed),
      })),
    };
    if (!shouldResurface(candidate, current, now)) {
      continue;
    }
    const inScope =
      s.state.scope === 'Global'
        ? current.total
        : activeGroups(s.state, now).reduce((n, g) => n + (current.byGroup.get(g) ?? 0), 0);
    const before =
      s.state.scope === 'Global'
        ? candidate.baselineExposed
        : candidate.groups.filter((g) => g.canceledOn === null).reduce((n, g) => n + g.baselineExposed, 0);
    await tx.run('UPDATE risk_exception SET resurfaced_on = ? WHERE id = ?', [now, s.row.id]);
    await recordAudit(tx, now, SYSTEM_ACTOR, {
      action: 'ExceptionResurfaced',
      entityType: 'Exception',
      entityId: s.row.id,
      summary: `Exception for ${s.state.target.key} resurfaced: ${inScope} exposed devices in its scope, ${before} when it was created`,
      detail: { exposedDevicesAtCreation: before, exposedDevicesNow: inScope },
    });
    events.push({
      type: 'ExceptionResurfaced',
      title: `Exception for ${s.row.title} resurfaced: exposed devices rose from ${before} to ${inScope}`,
      cveId: s.row.cve_id,
      productKey: s.row.product_key,
      checkId: s.row.check_id,
      devicesThen: inScope,
      detail: { exceptionId: s.row.id, justification: s.row.justification },
    });
    rescore = true;
  }

  const expired = await tx.all<{
    id: string;
    title: string;
    justification: string;
    expires_on: string;
    cve_id: string | null;
    product_key: string | null;
    check_id: string | null;
    recommendation_id: string | null;
  }>(
    `SELECT id, title, justification, expires_on, cve_id, product_key, check_id, recommendation_id FROM risk_exception
     WHERE expiry_processed_on IS NULL AND expires_on <= ? AND canceled_on IS NULL AND resurfaced_on IS NULL ORDER BY expires_on, id`,
    [now]
  );
  for (const e of expired) {
    await tx.run('UPDATE risk_exception SET expiry_processed_on = ? WHERE id = ?', [now, e.id]);
    const ref = { productKey: e.product_key, checkId: e.check_id, cveId: e.cve_id };
    const exposed = await exposureByGroup(tx, ref, activeSince);
    await recordAudit(tx, now, SYSTEM_ACTOR, {
      action: 'ExceptionExpired',
      entityType: 'Exception',
      entityId: e.id,
      summary: `Exception for ${e.recommendation_id ?? e.cve_id} expired at ${e.expires_on}`,
      detail: { expiresOn: e.expires_on },
    });
    events.push({
      type: 'ExceptionExpired',
      title: `Exception for ${e.title} expired`,
      cveId: e.cve_id,
      productKey: e.product_key,
      checkId: e.check_id,
      devicesThen: exposed.total,
      detail: { exceptionId: e.id, justification: e.justification, expiresOn: e.expires_on },
    });
  }
  return { events, rescore };
}

/** Whether a device of scope_device is exposed to the target (so its exposure may have changed). */
async function touchesScope(q: Queryable, ref: TargetRef): Promise<boolean> {
  let sql: string;
  let params: SqlValue[];
  if (ref.productKey !== null) {
    sql = `SELECT 1 AS one FROM finding WHERE device_id IN (SELECT id FROM scope_device) AND product_key = ? AND status = 'open' LIMIT 1`;
    params = [ref.productKey];
  } else if (ref.checkId !== null) {
    sql = `SELECT 1 AS one FROM device_configuration WHERE device_id IN (SELECT id FROM scope_device) AND check_id = ? AND status = 'noncompliant' LIMIT 1`;
    params = [ref.checkId];
  } else {
    sql = `SELECT 1 AS one FROM finding WHERE device_id IN (SELECT id FROM scope_device) AND cve_id = ? AND status = 'open' LIMIT 1`;
    params = [ref.cveId];
  }
  return (await q.get(sql, params)) !== undefined;
}
