/**
 * Which exceptions take effect at a time, read from the store, and the SQL fragments that apply them
 * to findings (scores) and configuration results (secure score). Every caller passes its clock: an
 * exception that expires stops taking effect at that instant, in reads as in scoring passes.
 *
 * Kept free of the views so both the views and the scoring pass can use it.
 */
import {
  effectiveCoverage,
  isMitigating,
  type Coverage,
  type ExceptionScope,
  type ExceptionState,
  type Justification,
} from '../domain/exceptions';
import type { Queryable, SqlValue } from '../store/db';
import type { ViewContext } from './views';

export interface ExceptionRow {
  id: string;
  kind: 'Recommendation' | 'Cve';
  recommendation_id: string | null;
  product_key: string | null;
  check_id: string | null;
  cve_id: string | null;
  title: string;
  justification: Justification;
  context: string | null;
  scope: ExceptionScope;
  created_on: string;
  created_by: string;
  created_by_email: string | null;
  created_by_token: string | null;
  expires_on: string;
  canceled_on: string | null;
  canceled_by: string | null;
  resurfaced_on: string | null;
  baseline_exposed: number;
  expiry_processed_on: string | null;
}

export interface ExceptionGroupRow {
  exception_id: string;
  rbac_group_name: string;
  baseline_exposed: number;
  canceled_on: string | null;
  canceled_by: string | null;
}

/** A stored exception: its row, its groups, and the state the pure rules read. */
export interface StoredException {
  row: ExceptionRow;
  groups: ExceptionGroupRow[];
  state: ExceptionState;
}

export function toState(row: ExceptionRow, groups: readonly ExceptionGroupRow[]): ExceptionState {
  return {
    id: row.id,
    target: {
      kind: row.kind,
      key: row.kind === 'Cve' ? (row.cve_id ?? '') : (row.recommendation_id ?? ''),
    },
    justification: row.justification,
    scope: row.scope,
    groups: groups.map((g) => ({ name: g.rbac_group_name, canceledOn: g.canceled_on })),
    createdOn: row.created_on,
    expiresOn: row.expires_on,
    canceledOn: row.canceled_on,
    resurfacedOn: row.resurfaced_on,
  };
}

/**
 * Stored exceptions: all of them, or (`liveAt`) only those that can be in effect then: not cancelled,
 * not resurfaced, not yet expired. Few rows: exceptions are decisions people make one by one.
 */
export async function loadExceptions(q: Queryable, liveAt?: string): Promise<StoredException[]> {
  const rows = await q.all<ExceptionRow>(
    liveAt === undefined
      ? 'SELECT * FROM risk_exception ORDER BY created_on, id'
      : 'SELECT * FROM risk_exception WHERE canceled_on IS NULL AND resurfaced_on IS NULL AND expires_on > ? ORDER BY created_on, id',
    liveAt === undefined ? [] : [liveAt]
  );
  if (rows.length === 0) {
    return [];
  }
  const groups = await q.all<ExceptionGroupRow>(
    liveAt === undefined
      ? 'SELECT * FROM risk_exception_group ORDER BY exception_id, rbac_group_name'
      : `SELECT g.* FROM risk_exception_group g JOIN risk_exception e ON e.id = g.exception_id
         WHERE e.canceled_on IS NULL AND e.resurfaced_on IS NULL AND e.expires_on > ? ORDER BY g.exception_id, g.rbac_group_name`,
    liveAt === undefined ? [] : [liveAt]
  );
  const byException = new Map<string, ExceptionGroupRow[]>();
  for (const g of groups) {
    byException.set(g.exception_id, [...(byException.get(g.exception_id) ?? []), g]);
  }
  return rows.map((row) => {
    const list = byException.get(row.id) ?? [];
    return { row, groups: list, state: toState(row, list) };
  });
}

/** An effective exception with what it applies to in the store. */
export interface ResolvedCoverage extends Coverage {
  productKey: string | null;
  checkId: string | null;
  cveId: string | null;
  mitigating: boolean;
}

/** The exceptions in effect (and not suspended) at `now`. */
export async function exceptionCoverage(q: Queryable, now: string): Promise<ResolvedCoverage[]> {
  const stored = await loadExceptions(q, now);
  if (stored.length === 0) {
    return [];
  }
  const byId = new Map(stored.map((s) => [s.row.id, s.row]));
  return effectiveCoverage(
    stored.map((s) => s.state),
    now
  ).map((c) => {
    const row = byId.get(c.exceptionId);
    return {
      ...c,
      productKey: row?.product_key ?? null,
      checkId: row?.check_id ?? null,
      cveId: row?.cve_id ?? null,
      mitigating: isMitigating(c.justification),
    };
  });
}

const cache = new WeakMap<object, { now: string; coverage: Promise<ResolvedCoverage[]> }>();

/** The coverage of a view context at its `now`, loaded once per context object. */
export function coverageOf(ctx: ViewContext): Promise<ResolvedCoverage[]> {
  const hit = cache.get(ctx);
  if (hit && hit.now === ctx.now) {
    return hit.coverage;
  }
  const coverage = exceptionCoverage(ctx.q, ctx.now);
  cache.set(ctx, { now: ctx.now, coverage });
  return coverage;
}

/** A SQL boolean expression with its parameters. */
export interface SqlCondition {
  sql: string;
  params: SqlValue[];
}

const NEVER: SqlCondition = { sql: '0 = 1', params: [] };

const marks = (n: number) => new Array(n).fill('?').join(', ');

/**
 * `(col = key AND group IN (…)) OR col IN (global keys)` over the mitigating coverage of one kind of
 * key. `groupSql` is the device's group, as the views spell it (`COALESCE(d.rbac_group_name, '')`).
 */
function keyedCondition(
  entries: ReadonlyArray<{ key: string; groups: string[] | null }>,
  column: string,
  groupSql: string
): SqlCondition {
  if (entries.length === 0) {
    return NEVER;
  }
  const global = [...new Set(entries.filter((e) => e.groups === null).map((e) => e.key))];
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (global.length > 0) {
    parts.push(`${column} IN (${marks(global.length)})`);
    params.push(...global);
  }
  for (const e of entries) {
    if (e.groups !== null && e.groups.length > 0) {
      parts.push(`(${column} = ? AND ${groupSql} IN (${marks(e.groups.length)}))`);
      params.push(e.key, ...e.groups);
    }
  }
  return parts.length === 0 ? NEVER : { sql: `(${parts.join(' OR ')})`, params };
}

/**
 * Whether a finding (alias `f`, its device's group `groupSql`) is covered by a mitigating exception:
 * a recommendation exception on its product, or a CVE exception on its CVE.
 */
export function findingMitigatedCondition(
  coverage: readonly ResolvedCoverage[],
  alias = 'f',
  groupSql = "COALESCE(dg.rbac_group_name, '')"
): SqlCondition {
  const mitigating = coverage.filter((c) => c.mitigating);
  const byProduct = keyedCondition(
    mitigating.filter((c) => c.productKey !== null).map((c) => ({ key: c.productKey ?? '', groups: c.groups })),
    `${alias}.product_key`,
    groupSql
  );
  const byCve = keyedCondition(
    mitigating
      .filter((c) => c.target.kind === 'Cve' && c.cveId !== null)
      .map((c) => ({ key: c.cveId ?? '', groups: c.groups })),
    `${alias}.cve_id`,
    groupSql
  );
  if (byProduct === NEVER && byCve === NEVER) {
    return NEVER;
  }
  return { sql: `(${byProduct.sql} OR ${byCve.sql})`, params: [...byProduct.params, ...byCve.params] };
}

/** Whether a non-compliant configuration result (alias `c`) is covered by a mitigating exception on its check. */
export function configurationMitigatedCondition(
  coverage: readonly ResolvedCoverage[],
  alias = 'c',
  groupSql = "COALESCE(d.rbac_group_name, '')"
): SqlCondition {
  return keyedCondition(
    coverage.filter((c) => c.mitigating && c.checkId !== null).map((c) => ({ key: c.checkId ?? '', groups: c.groups })),
    `${alias}.check_id`,
    groupSql
  );
}

/**
 * Whether a finding (alias `f`) is hidden by a CVE exception of any justification: Defender hides the
 * devices a CVE exception covers from that CVE's exposed devices (all of them for a global exception,
 * those of the excepted groups otherwise), whatever its score effect.
 */
export function cveExceptedCondition(
  coverage: readonly ResolvedCoverage[],
  alias = 'f',
  groupSql = "COALESCE(d.rbac_group_name, '')"
): SqlCondition {
  return keyedCondition(
    coverage
      .filter((c) => c.target.kind === 'Cve' && c.cveId !== null)
      .map((c) => ({ key: c.cveId ?? '', groups: c.groups })),
    `${alias}.cve_id`,
    groupSql
  );
}

export function isNever(c: SqlCondition): boolean {
  return c.sql === NEVER.sql;
}
