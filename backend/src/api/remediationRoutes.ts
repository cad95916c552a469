/**
 * Remediation activities, exceptions, the audit log and the SLA figures, in the style of the read API
 * (Defender's RemediationTask fields and OData envelopes; our extensions in the same style):
 *
 *   GET  /api/remediationTasks[/{id}[/machineReferences]]      POST /api/remediationTasks
 *   POST /api/remediationTasks/{id}/complete | /cancel          GET  /api/remediationTasks/export.csv
 *   GET  /api/remediationTasks/{id}/machineReferences/export.csv
 *   GET  /api/exceptions[/{id}]   POST /api/exceptions   POST /api/exceptions/{id}/cancel
 *   GET  /api/exceptions/export.csv   GET /api/audit   GET /api/remediation/sla
 *
 * Reads need the read scope, writes the admin scope and a JSON body. A write is one transaction:
 * a rule it breaks is a JSON error naming the field, and nothing of it is stored. The actor (requester,
 * completer, audit) is X-TVM-User, else the token's name (auth.ts actorOf).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { EXCEPTION_SCOPES, EXPIRY_PRESETS, JUSTIFICATIONS } from '../domain/exceptions';
import { PRIORITIES, REMEDIATION_TYPES, isRetained } from '../domain/remediation';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, auditEntity, type AuditRow } from '../engine/audit';
import { cancelException, createException, exceptionEntities, type ExceptionEntity } from '../engine/exceptions';
import { recordEvents } from '../engine/history';
import { afterFindingsChanged } from '../engine/pipeline';
import {
  createRemediationTask,
  finishTask,
  loadTask,
  remediationSla,
  taskDeviceEntity,
  taskDevices,
  taskEntities,
  taskEntity,
  type TaskEntity,
} from '../engine/remediation';
import type { RemediationWebhook } from '../engine/remediationWebhook';
import { RuleViolation } from '../engine/ruleViolation';
import { activeCutoff, type ViewContext } from '../engine/views';
import type { Queryable, SqlValue } from '../store/db';
import { toCsv, type CsvCell } from '../util/csv';
import type { ServiceContext } from './app';
import { actorOf } from './auth';
import { ApiError, fromZodError } from './errors';
import { defineFields, listQuery, nextLink, odataEnvelope, type FieldSpec } from './odata';
import { scopeOf } from './readRoutes';

type Handler = (req: Request, res: Response) => Promise<void>;
type Wrap = (h: Handler) => (req: Request, res: Response, next: (e?: unknown) => void) => void;

const CODES = { 400: 'InvalidInput', 404: 'NotFound', 409: 'Conflict' } as const;

/** A broken rule as the JSON error the API returns. */
function apiError(err: unknown): never {
  if (err instanceof RuleViolation) {
    throw new ApiError(
      err.status,
      CODES[err.status],
      `${err.message}.${err.status === 404 ? '' : ' Nothing was stored.'}`,
      err.target
    );
  }
  throw err;
}

const text = (max: number) => z.string().max(max);
const groupList = z.array(text(256).min(1)).max(1000);

const createTaskBody = z
  .object({
    recommendationId: text(300).min(1),
    remediationType: z.enum(REMEDIATION_TYPES).optional(),
    priority: z.enum(PRIORITIES),
    dueOn: text(64).optional(),
    requesterNotes: text(4000).optional(),
    rbacGroupNames: groupList.optional(),
  })
  .strict();

const finishBody = z.object({ comment: text(4000).optional() }).strict();

const createExceptionBody = z
  .object({
    recommendationId: text(300).min(1).optional(),
    cveId: text(64).min(1).optional(),
    justification: z.enum(JUSTIFICATIONS),
    context: text(4000).optional(),
    scope: z.enum(EXCEPTION_SCOPES).optional(),
    rbacGroupNames: groupList.optional(),
    expiresOn: text(64).optional(),
    expiresIn: z.enum(Object.keys(EXPIRY_PRESETS) as [string, ...string[]]).optional(),
  })
  .strict()
  .refine((b) => (b.recommendationId === undefined) !== (b.cveId === undefined), {
    message: 'give exactly one of recommendationId (a recommendation exception) or cveId (a CVE exception)',
    path: ['recommendationId'],
  });

const cancelExceptionBody = z.object({ rbacGroupName: text(256).optional() }).strict();

const slaQuery = z
  .object({
    dueSoonDays: z.coerce.number().int().min(1).max(365).optional(),
    mttrDays: z.coerce.number().int().min(1).max(3650).optional(),
    weeks: z.coerce.number().int().min(1).max(104).optional(),
    rbacGroupName: z.union([z.string(), z.array(z.string())]).optional(),
    rbacGroupId: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .strict();

const deviceStatus = (req: Request): 'Exposed' | 'Fixed' | 'All' => {
  const v = req.query.status;
  if (v === undefined) {
    return 'Exposed';
  }
  if (v === 'Exposed' || v === 'Fixed' || v === 'All') {
    return v;
  }
  throw new ApiError(400, 'InvalidInput', 'status must be Exposed (default), Fixed or All', 'status');
};

function jsonFields(spec: Record<string, 'string' | 'number' | 'boolean' | 'datetime' | 'stringArray'>): FieldSpec {
  return defineFields(
    Object.fromEntries(
      Object.entries(spec).map(([name, type]) => [name, { sql: `json_extract(value, '$.${name}')`, type }])
    )
  );
}

const TASK_FIELDS = jsonFields({
  id: 'string',
  title: 'string',
  category: 'string',
  type: 'string',
  relatedComponent: 'string',
  recommendationId: 'string',
  productId: 'string',
  scid: 'string',
  priority: 'string',
  status: 'string',
  overdue: 'boolean',
  dueOn: 'datetime',
  createdOn: 'datetime',
  statusLastModifiedOn: 'datetime',
  completedOn: 'datetime',
  requesterId: 'string',
  completerId: 'string',
  completionMethod: 'string',
  targetDevices: 'number',
  fixedDevices: 'number',
  exposedDevices: 'number',
  progressPercent: 'number',
  rbacGroupNames: 'stringArray',
  deliveryStatus: 'string',
});

const EXCEPTION_FIELDS = jsonFields({
  id: 'string',
  type: 'string',
  recommendationId: 'string',
  cveId: 'string',
  title: 'string',
  justification: 'string',
  scope: 'string',
  status: 'string',
  suspended: 'boolean',
  effective: 'boolean',
  scoreEffect: 'string',
  createdOn: 'datetime',
  createdBy: 'string',
  expiresOn: 'datetime',
  canceledOn: 'datetime',
  rbacGroupNames: 'stringArray',
});

const AUDIT_FIELDS = defineFields({
  id: { sql: 'a.id', type: 'number' },
  time: { sql: 'a.occurred_at', type: 'datetime' },
  actor: { sql: 'a.actor', type: 'string' },
  actorToken: { sql: 'a.actor_token', type: 'string' },
  action: { sql: 'a.action', type: 'enum', values: AUDIT_ACTIONS },
  entityType: { sql: 'a.entity_type', type: 'enum', values: AUDIT_ENTITY_TYPES },
  entityId: { sql: 'a.entity_id', type: 'string' },
  summary: { sql: 'a.summary', type: 'string' },
});

/** Rows for a CSV file: no paging, but $filter and $orderby as on the list. */
const CSV_MAX_ROWS = 1_000_000;

export function remediationRoutes(
  ctx: ServiceContext,
  wrap: Wrap,
  auth: (scope: 'read' | 'admin') => RequestHandler,
  json: RequestHandler,
  webhook: RemediationWebhook
): Router {
  const r = Router();
  const read = auth('read');
  const write = [auth('admin'), json];
  const now = () => ctx.clock().toISOString();
  const viewOf = (q: Queryable, at: string): ViewContext => ({
    q,
    now: at,
    cfg: ctx.settings.scoring,
    checks: ctx.settings.checks,
  });
  const context = (req: Request, entity: string) => `${req.protocol}://${req.get('host')}/api/$metadata#${entity}`;
  const retention = () => ctx.settings.remediation.retentionDays;

  /** A computed list, filtered, ordered and paged by OData in SQL over its JSON (as the read API does). */
  async function jsonList<T extends object>(req: Request, items: T[], fields: FieldSpec, maxTop: number) {
    const lq = listQuery(req.query as Record<string, unknown>, fields, { defaultTop: maxTop, maxTop });
    const params: SqlValue[] = [JSON.stringify(items), ...lq.params];
    const total = await ctx.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM json_each(?) WHERE 1 = 1 ${lq.where}`,
      params
    );
    const rows = await ctx.db.all<{ value: string }>(
      `SELECT value FROM json_each(?) WHERE 1 = 1 ${lq.where} ${lq.orderBy ? `ORDER BY ${lq.orderBy}, key` : 'ORDER BY key'} LIMIT ? OFFSET ?`,
      [...params, lq.top, lq.skip]
    );
    return {
      value: rows.map((row) => JSON.parse(row.value) as T),
      top: lq.top,
      skip: lq.skip,
      total: Number(total?.n ?? 0),
    };
  }

  async function sendList<T extends object>(
    req: Request,
    res: Response,
    entity: string,
    items: T[],
    fields: FieldSpec
  ) {
    const page = await jsonList(req, items, fields, 10000);
    res.json(
      odataEnvelope(context(req, entity), page.value, nextLink(req, page.top, page.skip, page.value.length, page.total))
    );
  }

  function sendCsv(res: Response, filename: string, header: string[], rows: CsvCell[][]) {
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${filename}"`)
      .send(toCsv(header, rows));
  }

  const body = <T>(schema: z.ZodType<T>, req: Request, what: string): T => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw fromZodError(parsed.error, what);
    }
    return parsed.data;
  };

  const findTask = async (id: string) => {
    const t = await loadTask(ctx.db, id);
    if (!t || !isRetained({ status: t.status, statusLastModifiedOn: t.status_last_modified_on }, now(), retention())) {
      throw new ApiError(404, 'NotFound', `no remediation activity "${id}"`, 'id');
    }
    return t;
  };

  // ------------------------------------------------------------------------------ remediation tasks
  r.get(
    '/remediationTasks',
    read,
    wrap(async (req, res) => {
      await sendList(
        req,
        res,
        'RemediationTasks',
        await taskEntities(ctx.db, now(), scopeOf(req), retention()),
        TASK_FIELDS
      );
    })
  );

  r.get(
    '/remediationTasks/export.csv',
    read,
    wrap(async (req, res) => {
      const at = now();
      const { value } = await jsonList(
        req,
        await taskEntities(ctx.db, at, scopeOf(req), retention()),
        TASK_FIELDS,
        CSV_MAX_ROWS
      );
      sendCsv(res, `remediation-activities-${at.slice(0, 10)}.csv`, TASK_CSV_HEADER, value.map(taskCsvRow));
    })
  );

  r.post(
    '/remediationTasks',
    ...write,
    wrap(async (req, res) => {
      const input = body(createTaskBody, req, 'invalid remediation request');
      const at = now();
      const task = await ctx.db
        .transaction((tx) =>
          createRemediationTask(tx, viewOf(tx, at), input, actorOf(req, res), ctx.settings.remediation)
        )
        .catch(apiError);
      if (task.delivery_status === 'Pending') {
        webhook.enqueue(task.id);
      }
      res
        .status(201)
        .location(`/api/remediationTasks/${task.id}`)
        .json({ '@odata.context': context(req, 'RemediationTasks/$entity'), ...taskEntity(task, at) });
    })
  );

  r.get(
    '/remediationTasks/:id',
    read,
    wrap(async (req, res) => {
      const t = await findTask(String(req.params.id));
      res.json({ '@odata.context': context(req, 'RemediationTasks/$entity'), ...taskEntity(t, now()) });
    })
  );

  r.get(
    '/remediationTasks/:id/machineReferences',
    read,
    wrap(async (req, res) => {
      const t = await findTask(String(req.params.id));
      const devices = await taskDevices(ctx.db, t.id, deviceStatus(req));
      res.json(odataEnvelope(context(req, 'MachineReferences'), devices.map(taskDeviceEntity)));
    })
  );

  r.get(
    '/remediationTasks/:id/machineReferences/export.csv',
    read,
    wrap(async (req, res) => {
      const t = await findTask(String(req.params.id));
      const devices = (await taskDevices(ctx.db, t.id, deviceStatus(req))).map(taskDeviceEntity);
      sendCsv(
        res,
        `remediation-${t.id}-devices.csv`,
        [
          'Device id',
          'Device name',
          'OS platform',
          'Device group',
          'Status',
          'Fixed on',
          'Remediation activity',
          'Due on',
        ],
        devices.map((d) => [
          d.id,
          d.computerDnsName,
          d.osPlatform,
          d.rbacGroupName,
          d.status,
          d.fixedOn,
          t.title,
          t.due_on,
        ])
      );
    })
  );

  for (const how of ['complete', 'cancel'] as const) {
    r.post(
      `/remediationTasks/:id/${how}`,
      ...write,
      wrap(async (req, res) => {
        const input = body(finishBody, req, `invalid ${how} request`);
        const at = now();
        const task = await ctx.db
          .transaction(async (tx) => {
            const done = await finishTask(tx, String(req.params.id), how, actorOf(req, res), at, input.comment);
            if (done.event) {
              await recordEvents(tx, at, activeCutoff(at, ctx.settings.scoring), [done.event]);
            }
            return done.task;
          })
          .catch(apiError);
        res.json({ '@odata.context': context(req, 'RemediationTasks/$entity'), ...taskEntity(task, at) });
      })
    );
  }

  // ------------------------------------------------------------------------------------ exceptions
  const exceptionsInScope = async (req: Request, at: string): Promise<ExceptionEntity[]> => {
    const groups = scopeOf(req).groups;
    const all = await exceptionEntities(ctx.db, at);
    // A global exception covers every group; a group-scoped one the groups it names.
    return groups === null
      ? all
      : all.filter((e) => e.scope === 'Global' || e.rbacGroupNames.some((g) => groups.includes(g)));
  };

  r.get(
    '/exceptions',
    read,
    wrap(async (req, res) => {
      await sendList(req, res, 'Exceptions', await exceptionsInScope(req, now()), EXCEPTION_FIELDS);
    })
  );

  r.get(
    '/exceptions/export.csv',
    read,
    wrap(async (req, res) => {
      const at = now();
      const { value } = await jsonList(req, await exceptionsInScope(req, at), EXCEPTION_FIELDS, CSV_MAX_ROWS);
      sendCsv(res, `exceptions-${at.slice(0, 10)}.csv`, EXCEPTION_CSV_HEADER, value.map(exceptionCsvRow));
    })
  );

  r.post(
    '/exceptions',
    ...write,
    wrap(async (req, res) => {
      const input = body(createExceptionBody, req, 'invalid exception');
      const at = now();
      const id = await ctx.db
        .transaction(async (tx) => {
          const created = await createException(tx, viewOf(tx, at), input, actorOf(req, res));
          await afterFindingsChanged(tx, ctx.settings, at, null);
          return created.row.id;
        })
        .catch(apiError);
      const entity = (await exceptionEntities(ctx.db, at)).find((e) => e.id === id);
      res
        .status(201)
        .location(`/api/exceptions/${id}`)
        .json({ '@odata.context': context(req, 'Exceptions/$entity'), ...entity });
    })
  );

  r.get(
    '/exceptions/:id',
    read,
    wrap(async (req, res) => {
      const e = (await exceptionEntities(ctx.db, now())).find((x) => x.id === String(req.params.id));
      if (!e) {
        throw new ApiError(404, 'NotFound', `no exception "${req.params.id}"`, 'id');
      }
      res.json({ '@odata.context': context(req, 'Exceptions/$entity'), ...e });
    })
  );

  r.post(
    '/exceptions/:id/cancel',
    ...write,
    wrap(async (req, res) => {
      const input = body(cancelExceptionBody, req, 'invalid cancel request');
      const at = now();
      const id = String(req.params.id);
      await ctx.db
        .transaction(async (tx) => {
          await cancelException(tx, id, input.rbacGroupName, actorOf(req, res), at);
          await afterFindingsChanged(tx, ctx.settings, at, null);
        })
        .catch(apiError);
      const entity = (await exceptionEntities(ctx.db, at)).find((e) => e.id === id);
      res.json({ '@odata.context': context(req, 'Exceptions/$entity'), ...entity });
    })
  );

  // ------------------------------------------------------------------------------------ audit, SLA
  r.get(
    '/audit',
    read,
    wrap(async (req, res) => {
      const lq = listQuery(req.query as Record<string, unknown>, AUDIT_FIELDS, {
        defaultTop: 1000,
        maxTop: 10000,
        defaultOrderBy: 'a.occurred_at DESC, a.id DESC',
      });
      const total = await ctx.db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM audit_log a WHERE 1 = 1 ${lq.where}`,
        lq.params
      );
      const rows = await ctx.db.all<AuditRow>(
        `SELECT a.* FROM audit_log a WHERE 1 = 1 ${lq.where} ORDER BY ${lq.orderBy} LIMIT ? OFFSET ?`,
        [...lq.params, lq.top, lq.skip]
      );
      const value = rows.map(auditEntity);
      res.json(
        odataEnvelope(
          context(req, 'AuditEntries'),
          value,
          nextLink(req, lq.top, lq.skip, value.length, Number(total?.n ?? 0))
        )
      );
    })
  );

  r.get(
    '/remediation/sla',
    read,
    wrap(async (req, res) => {
      const q = slaQuery.safeParse(req.query);
      if (!q.success) {
        throw fromZodError(q.error, 'invalid SLA query');
      }
      const at = now();
      const sla = await remediationSla(
        ctx.db,
        viewOf(ctx.db, at),
        scopeOf(req),
        { dueSoonDays: q.data.dueSoonDays ?? 7, mttrDays: q.data.mttrDays ?? 90, weeks: q.data.weeks ?? 12 },
        retention()
      );
      res.json({ '@odata.context': context(req, 'RemediationSla/$entity'), ...sla });
    })
  );

  return r;
}

const TASK_CSV_HEADER = [
  'Remediation activity',
  'Id',
  'Recommendation',
  'Related component',
  'Category',
  'Remediation type',
  'Priority',
  'Status',
  'Overdue',
  'Due on',
  'Created on',
  'Created by',
  'Notes',
  'Device groups',
  'Target devices',
  'Fixed devices',
  'Progress (%)',
  'Completed by',
  'Completed on',
  'Completion method',
  'Ticket status',
  'Ticket attempts',
  'Ticket last error',
];

function taskCsvRow(t: TaskEntity): CsvCell[] {
  return [
    t.title,
    t.id,
    t.recommendationId,
    t.relatedComponent,
    t.category,
    t.type,
    t.priority,
    t.status,
    t.overdue,
    t.dueOn,
    t.createdOn,
    t.requesterId,
    t.requesterNotes,
    t.allDeviceGroups ? ['All device groups'] : t.rbacGroupNames,
    t.targetDevices,
    t.fixedDevices,
    t.progressPercent,
    t.completerId,
    t.completedOn,
    t.completionMethod,
    t.deliveryStatus,
    t.deliveryAttempts,
    t.deliveryLastError,
  ];
}

const EXCEPTION_CSV_HEADER = [
  'Id',
  'Type',
  'Recommendation',
  'CVE',
  'Title',
  'Justification',
  'Context',
  'Scope',
  'Device groups',
  'Status',
  'Suspended',
  'Score effect',
  'Created by',
  'Created on',
  'Expires on',
  'Canceled by',
  'Canceled on',
  'Resurfaced on',
];

function exceptionCsvRow(e: ExceptionEntity): CsvCell[] {
  return [
    e.id,
    e.type,
    e.recommendationId,
    e.cveId,
    e.title,
    e.justification,
    e.context,
    e.scope,
    e.scope === 'Global'
      ? ['All device groups, current and future']
      : e.groups.map((g) => (g.status === 'Canceled' ? `${g.rbacGroupName} (cancelled)` : g.rbacGroupName)),
    e.status,
    e.suspended,
    e.scoreEffect,
    e.createdBy,
    e.createdOn,
    e.expiresOn,
    e.canceledBy,
    e.canceledOn,
    e.resurfacedOn,
  ];
}
