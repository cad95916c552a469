/**
 * The read API: Microsoft Defender for Endpoint's vulnerability-management paths, field names and
 * OData envelopes, plus our extensions (history, distribution, breakdown, events, reports).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { DEVICE_VALUES } from '../ingest/deviceReport';
import { HISTORY_INTERVALS, listEvents, scoreHistory, EVENT_TYPES, type EventType } from '../engine/history';
import {
  machineEntity,
  machineRef,
  machineSelect,
  softwareDistribution,
  softwareId,
  softwareInventory,
  vulnerabilityEntity,
  VULNERABILITY_COLUMNS,
  vulnerableDevicesReport,
  weaknesses,
  type MachineRow,
  type VulnerabilityRow,
} from '../engine/inventory';
import { recordAudit } from '../engine/audit';
import { afterFindingsChanged, flushPendingSnapshot } from '../engine/pipeline';
import { cveExceptedCondition, exceptionCoverage } from '../engine/exceptionCoverage';
import { exposureBreakdown } from '../engine/breakdown';
import {
  configurationScore,
  exposureDistribution,
  exposureScore,
  exposureScoreByGroups,
  recommendations,
  splitProductKey,
  type Recommendation,
  type Scope,
  type ViewContext,
} from '../engine/views';
import type { SqlValue } from '../store/db';
import type { ServiceContext } from './app';
import { actorOf } from './auth';
import { ApiError, fromZodError } from './errors';
import { defineFields, listQuery, nextLink, odataEnvelope, type FieldSpec } from './odata';

type Handler = (req: Request, res: Response) => Promise<void>;

export function readRoutes(
  ctx: ServiceContext,
  wrap: (h: Handler) => (req: Request, res: Response, next: (e?: unknown) => void) => void
): Router {
  const r = Router();
  const view = (): ViewContext => ({
    q: ctx.db,
    now: ctx.clock().toISOString(),
    cfg: ctx.settings.scoring,
    checks: ctx.settings.checks,
  });
  const context = (req: Request, entity: string) => `${req.protocol}://${req.get('host')}/api/$metadata#${entity}`;
  const machinesWhere = (req: Request, condition: string, params: SqlValue[]) =>
    machinesWhereImpl(ctx, req, condition, params);

  /** A computed list, filtered and paged by OData in SQL over its JSON (one statement, no shared state). */
  async function sendJsonList<T extends object>(
    req: Request,
    res: Response,
    entity: string,
    items: T[],
    fields: FieldSpec,
    maxTop = 10000
  ) {
    const lq = listQuery(req.query as Record<string, unknown>, fields, { defaultTop: maxTop, maxTop });
    const params: SqlValue[] = [JSON.stringify(items), ...lq.params];
    const total = await ctx.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM json_each(?) WHERE 1 = 1 ${lq.where}`,
      params
    );
    const rows = await ctx.db.all<{ value: string }>(
      `SELECT value FROM json_each(?) WHERE 1 = 1 ${lq.where} ${lq.orderBy ? `ORDER BY ${lq.orderBy}` : 'ORDER BY key'} LIMIT ? OFFSET ?`,
      [...params, lq.top, lq.skip]
    );
    const value = rows.map((row) => JSON.parse(row.value) as T);
    res.json(
      odataEnvelope(context(req, entity), value, nextLink(req, lq.top, lq.skip, value.length, Number(total?.n ?? 0)))
    );
  }

  // ------------------------------------------------------------------------------------------- scores
  r.get(
    '/exposureScore',
    wrap(async (req, res) => {
      const s = await exposureScore(view(), scopeOf(req));
      res.json({ '@odata.context': context(req, 'ExposureScore/$entity'), ...omitExact(s) });
    })
  );
  r.get(
    '/exposureScore/ByMachineGroups',
    wrap(async (req, res) => {
      const list = (await exposureScoreByGroups(view(), scopeOf(req))).map(omitExact);
      res.json(odataEnvelope(context(req, 'ExposureScore'), list));
    })
  );
  r.get(
    '/configurationScore',
    wrap(async (req, res) => {
      const s = await configurationScore(view(), scopeOf(req));
      res.json({ '@odata.context': context(req, 'ConfigurationScore/$entity'), ...s });
    })
  );
  for (const [path, field] of [
    ['/exposureScore/history', 'exposureScore'],
    ['/configurationScore/history', 'secureScore'],
  ] as const) {
    r.get(
      path,
      wrap(async (req, res) => {
        const q = historyQuery.safeParse(req.query);
        if (!q.success) {
          throw fromZodError(q.error, 'invalid history query');
        }
        const now = ctx.clock().toISOString();
        const to = q.data.to ?? now;
        const from = q.data.from ?? new Date(Date.parse(to) - 30 * 86400_000).toISOString();
        const groups = scopeOf(req).groups;
        if (groups && groups.length > 1) {
          throw new ApiError(
            400,
            'InvalidInput',
            'history takes one device group (rbacGroupName) at a time',
            'rbacGroupName'
          );
        }
        await flushPendingSnapshot(ctx.db, ctx.settings, now);
        const points = await scoreHistory(
          ctx.db,
          groups ? `group:${groups[0]}` : '',
          from,
          to,
          q.data.interval ?? null
        );
        res.json(
          odataEnvelope(
            context(req, 'ScoreHistory'),
            points.map((p) => (field === 'exposureScore' ? p : { ...p, score: p.secureScore, maxScore: p.secureMax }))
          )
        );
      })
    );
  }
  r.get(
    '/exposureDistribution',
    wrap(async (req, res) => {
      const byGroup = String(req.query.byGroup ?? 'false') === 'true';
      res.json(
        odataEnvelope(context(req, 'ExposureDistribution'), await exposureDistribution(view(), scopeOf(req), byGroup))
      );
    })
  );

  // --------------------------------------------------------------------------------- recommendations
  const recommendationFields = jsonFields({
    id: 'string',
    productName: 'string',
    recommendationName: 'string',
    vendor: 'string',
    recommendedVersion: 'string',
    recommendationCategory: 'string',
    subCategory: 'string',
    severityScore: 'number',
    remediationType: 'string',
    status: 'string',
    statusDetail: 'string',
    activeRemediationTasks: 'number',
    exposureImpactAfterExceptions: 'number',
    configScoreImpactAfterExceptions: 'number',
    exposedMachinesCountAfterExceptions: 'number',
    exceptionIds: 'stringArray',
    publicExploit: 'boolean',
    activeAlert: 'boolean',
    knownExploited: 'boolean',
    exposureImpact: 'number',
    configScoreImpact: 'number',
    weaknesses: 'number',
    exposedMachinesCount: 'number',
    totalMachineCount: 'number',
    tags: 'stringArray',
  });
  const findRecommendation = async (req: Request): Promise<Recommendation> => {
    const id = String(req.params.id);
    const rec = (await recommendations(view(), scopeOf(req))).find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (!rec) {
      throw new ApiError(404, 'NotFound', `no recommendation "${id}" in this scope`, 'id');
    }
    return rec;
  };
  r.get(
    '/recommendations',
    wrap(async (req, res) =>
      sendJsonList(
        req,
        res,
        'Recommendations',
        (await recommendations(view(), scopeOf(req))).map(publicRecommendation),
        recommendationFields
      )
    )
  );
  r.get(
    '/recommendations/:id',
    wrap(async (req, res) => {
      res.json({
        '@odata.context': context(req, 'Recommendations/$entity'),
        ...publicRecommendation(await findRecommendation(req)),
      });
    })
  );
  r.get(
    '/recommendations/:id/machineReferences',
    wrap(async (req, res) => {
      const rec = await findRecommendation(req);
      const refs = rec.checkId
        ? await machinesWhere(
            req,
            `EXISTS (SELECT 1 FROM device_configuration c WHERE c.device_id = d.id AND c.check_id = ? AND c.status = 'noncompliant')`,
            [rec.checkId]
          )
        : await machinesWhere(
            req,
            `EXISTS (SELECT 1 FROM finding f WHERE f.device_id = d.id AND f.product_key = ? AND f.status = 'open')`,
            [rec.productKey ?? '']
          );
      res.json(odataEnvelope(context(req, 'MachineReferences'), refs));
    })
  );
  r.get(
    '/recommendations/:id/vulnerabilities',
    wrap(async (req, res) => {
      const rec = await findRecommendation(req);
      const list = rec.productKey
        ? (await weaknesses(view(), scopeOf(req))).filter((v) =>
            v.relatedSoftware.includes(softwareId(rec.productKey ?? ''))
          )
        : [];
      res.json(odataEnvelope(context(req, 'Vulnerabilities'), list));
    })
  );
  r.get(
    '/recommendations/:id/software',
    wrap(async (req, res) => {
      const rec = await findRecommendation(req);
      const sw = rec.productKey
        ? (await softwareInventory(view(), scopeOf(req))).find((s) => s.productKey === rec.productKey)
        : undefined;
      if (!sw) {
        throw new ApiError(
          404,
          'NotFound',
          `recommendation "${rec.id}" is a configuration change: it has no software`,
          'id'
        );
      }
      res.json({ '@odata.context': context(req, 'Software/$entity'), ...sw });
    })
  );

  // --------------------------------------------------------------------------------- vulnerabilities
  const vulnerabilityFields = jsonFields({
    id: 'string',
    name: 'string',
    description: 'string',
    severity: 'string',
    cvssV3: 'number',
    epss: 'number',
    exposedMachines: 'number',
    publishedOn: 'datetime',
    updatedOn: 'datetime',
    publicExploit: 'boolean',
    knownExploited: 'boolean',
    ageDays: 'number',
    relatedSoftware: 'stringArray',
  });
  r.get(
    '/vulnerabilities',
    wrap(async (req, res) =>
      sendJsonList(req, res, 'Vulnerabilities', await weaknesses(view(), scopeOf(req)), vulnerabilityFields, 8000)
    )
  );
  r.get(
    '/vulnerabilities/:cveId',
    wrap(async (req, res) => {
      const id = String(req.params.cveId).toUpperCase();
      const row = await ctx.db.get<VulnerabilityRow>(
        `SELECT ${VULNERABILITY_COLUMNS} FROM cve c LEFT JOIN epss e ON e.cve_id = c.id LEFT JOIN kev k ON k.cve_id = c.id WHERE c.id = ?`,
        [id]
      );
      const exposed = (await weaknesses(view(), scopeOf(req))).find((v) => v.id === id);
      if (!row && !exposed) {
        throw new ApiError(404, 'NotFound', `no vulnerability "${id}" is known; import its NVD record`, 'cveId');
      }
      const entity = row
        ? vulnerabilityEntity(
            row,
            exposed?.exposedMachines ?? 0,
            ctx.clock().toISOString(),
            exposed?.relatedSoftware ?? []
          )
        : exposed;
      res.json({ '@odata.context': context(req, 'Vulnerabilities/$entity'), ...entity });
    })
  );
  r.get(
    '/vulnerabilities/:cveId/machineReferences',
    wrap(async (req, res) => {
      // Devices a CVE exception covers are not listed as exposed to that CVE (Defender's rule).
      const excepted = cveExceptedCondition(await exceptionCoverage(ctx.db, ctx.clock().toISOString()));
      const refs = await machinesWhere(
        req,
        `EXISTS (SELECT 1 FROM finding f WHERE f.device_id = d.id AND f.cve_id = ? AND f.status = 'open' AND NOT ${excepted.sql})`,
        [String(req.params.cveId).toUpperCase(), ...excepted.params]
      );
      res.json(odataEnvelope(context(req, 'MachineReferences'), refs));
    })
  );

  // ---------------------------------------------------------------------------------------- software
  const softwareFields = jsonFields({
    id: 'string',
    name: 'string',
    vendor: 'string',
    displayName: 'string',
    weaknesses: 'number',
    publicExploit: 'boolean',
    activeAlert: 'boolean',
    knownExploited: 'boolean',
    exposedMachines: 'number',
    installedMachines: 'number',
    impactScore: 'number',
    supported: 'boolean',
  });
  const findSoftware = async (req: Request) => {
    const id = String(req.params.id).toLowerCase();
    const sw = (await softwareInventory(view(), scopeOf(req))).find((s) => s.id.toLowerCase() === id);
    if (!sw) {
      throw new ApiError(404, 'NotFound', `no software "${req.params.id}" is installed in this scope`, 'id');
    }
    return sw;
  };
  for (const base of ['/Software', '/software']) {
    r.get(
      base,
      wrap(async (req, res) =>
        sendJsonList(req, res, 'Software', await softwareInventory(view(), scopeOf(req)), softwareFields)
      )
    );
    r.get(
      `${base}/:id`,
      wrap(async (req, res) => {
        res.json({ '@odata.context': context(req, 'Software/$entity'), ...(await findSoftware(req)) });
      })
    );
    r.get(
      `${base}/:id/distributions`,
      wrap(async (req, res) => {
        const sw = await findSoftware(req);
        res.json(
          odataEnvelope(context(req, 'Distributions'), await softwareDistribution(view(), scopeOf(req), sw.productKey))
        );
      })
    );
    r.get(
      `${base}/:id/machineReferences`,
      wrap(async (req, res) => {
        const sw = await findSoftware(req);
        const refs = await machinesWhere(
          req,
          `EXISTS (SELECT 1 FROM device_software s WHERE s.device_id = d.id AND s.product_key = ? AND s.uninstalled_at IS NULL)`,
          [sw.productKey]
        );
        res.json(odataEnvelope(context(req, 'MachineReferences'), refs));
      })
    );
    r.get(
      `${base}/:id/vulnerabilities`,
      wrap(async (req, res) => {
        const sw = await findSoftware(req);
        const list = (await weaknesses(view(), scopeOf(req))).filter((v) => v.relatedSoftware.includes(sw.id));
        res.json(odataEnvelope(context(req, 'Vulnerabilities'), list));
      })
    );
  }

  // ---------------------------------------------------------------------------------------- machines
  const machineFields = defineFields({
    id: { sql: 'm.id', type: 'string' },
    computerDnsName: { sql: 'm.computer_dns_name', type: 'string' },
    osPlatform: { sql: 'm.os_platform', type: 'string' },
    version: { sql: 'm.os_version', type: 'string' },
    rbacGroupName: { sql: 'm.rbac_group_name', type: 'string' },
    rbacGroupId: { sql: 'm.rbac_group_name', type: 'string' },
    machineTags: { sql: 'm.machine_tags', type: 'stringArray' },
    deviceValue: { sql: 'm.device_value', type: 'enum', values: DEVICE_VALUES },
    exposureLevel: { sql: 'm.exposure_level', type: 'enum', values: ['None', 'Low', 'Medium', 'High'] },
    exposureScore: { sql: 'm.exposure_score', type: 'number' },
    riskScore: { sql: 'm.risk_level', type: 'enum', values: ['None', 'Informational', 'Low', 'Medium', 'High'] },
    healthStatus: { sql: 'm.health_status', type: 'enum', values: ['Active', 'Inactive'] },
    lastSeen: { sql: 'm.last_seen', type: 'datetime' },
    firstSeen: { sql: 'm.first_seen', type: 'datetime' },
    internetFacing: { sql: 'm.internet_facing', type: 'boolean' },
    vulnerabilities: { sql: 'm.open_findings', type: 'number' },
    knownExploitedVulnerabilities: { sql: 'm.known_exploited', type: 'number' },
  });
  r.get(
    '/machines',
    wrap(async (req, res) => {
      const lq = listQuery(req.query as Record<string, unknown>, machineFields, { defaultTop: 10000, maxTop: 10000 });
      const base = machineSelect(view());
      const groups = scopeOf(req).groups;
      const groupSql = groups ? `AND COALESCE(m.rbac_group_name, '') IN (${groups.map(() => '?').join(', ')})` : '';
      const params: SqlValue[] = [...base.params, ...(groups ?? []), ...lq.params];
      const total = await ctx.db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM (${base.sql}) m WHERE 1 = 1 ${groupSql} ${lq.where}`,
        params
      );
      const rows = await ctx.db.all<MachineRow>(
        `SELECT * FROM (${base.sql}) m WHERE 1 = 1 ${groupSql} ${lq.where}
         ORDER BY ${lq.orderBy || 'm.exposure_score IS NULL, m.exposure_score DESC, m.computer_dns_name'} LIMIT ? OFFSET ?`,
        [...params, lq.top, lq.skip]
      );
      const value = rows.map(machineEntity);
      res.json(
        odataEnvelope(
          context(req, 'Machines'),
          value,
          nextLink(req, lq.top, lq.skip, value.length, Number(total?.n ?? 0))
        )
      );
    })
  );
  const findMachine = async (req: Request): Promise<MachineRow> => {
    const base = machineSelect(view());
    const row = await ctx.db.get<MachineRow>(`SELECT * FROM (${base.sql}) m WHERE m.id = ?`, [
      ...base.params,
      String(req.params.id),
    ]);
    const groups = scopeOf(req).groups;
    if (!row || (groups && !groups.includes(row.rbac_group_name ?? ''))) {
      throw new ApiError(
        404,
        'NotFound',
        `no machine "${req.params.id}"${groups ? ' in this device group scope' : ''}`,
        'id'
      );
    }
    return row;
  };
  r.get(
    '/machines/:id',
    wrap(async (req, res) => {
      res.json({ '@odata.context': context(req, 'Machines/$entity'), ...machineEntity(await findMachine(req)) });
    })
  );
  r.get(
    '/machines/:id/software',
    wrap(async (req, res) => {
      const m = await findMachine(req);
      const rows = await ctx.db.all<{
        product_key: string;
        version: string;
        display_name: string;
        publisher: string | null;
        supported: number;
        unsupported_reason: string | null;
        first_seen: string;
        last_seen: string;
        weaknesses: number;
      }>(
        `SELECT s.product_key, s.version, s.display_name, s.publisher, s.supported, s.unsupported_reason, s.first_seen, s.last_seen,
                (SELECT COUNT(*) FROM finding f WHERE f.device_id = s.device_id AND f.product_key = s.product_key AND f.status = 'open') AS weaknesses
         FROM device_software s WHERE s.device_id = ? AND s.uninstalled_at IS NULL ORDER BY weaknesses DESC, s.display_name`,
        [m.id]
      );
      const value = rows.map((s) => {
        const unsupported = s.product_key.startsWith('unsupported:');
        const named = splitProductKey(s.product_key);
        return {
          id: softwareId(s.product_key),
          name: unsupported ? s.display_name : named.product,
          vendor: unsupported ? (s.publisher ?? '') : named.vendor,
          displayName: s.display_name,
          version: s.version,
          weaknesses: Number(s.supported) === 1 || s.product_key.startsWith('pkg:') ? Number(s.weaknesses) : null,
          supported: Number(s.supported) === 1,
          unsupportedReason: s.unsupported_reason,
          firstSeen: s.first_seen,
          lastSeen: s.last_seen,
        };
      });
      res.json(odataEnvelope(context(req, 'Software'), value));
    })
  );
  r.get(
    '/machines/:id/vulnerabilities',
    wrap(async (req, res) => {
      const m = await findMachine(req);
      const rows = await ctx.db.all<
        VulnerabilityRow & {
          product_key: string;
          version: string;
          fixed_in: string | null;
          first_detected: string;
          source: string;
        }
      >(
        `SELECT f.cve_id AS id, c.description, COALESCE(c.severity, f.scanner_severity) AS severity, COALESCE(c.cvss_score, f.scanner_cvss) AS cvss_score,
                c.cvss_vector, c.cvss_version, c.published, c.last_modified, c.public_exploit, c.vuln_status, c.cwes, e.epss, e.percentile,
                k.cve_id AS kev_id, k.date_added AS kev_added, k.due_date AS kev_due, k.known_ransomware, c.cisa_exploit_add,
                f.product_key, f.version, f.fixed_in, f.first_detected, f.source
         FROM finding f LEFT JOIN cve c ON c.id = f.cve_id LEFT JOIN epss e ON e.cve_id = f.cve_id LEFT JOIN kev k ON k.cve_id = f.cve_id
         WHERE f.device_id = ? AND f.status = 'open' ORDER BY cvss_score DESC, f.cve_id`,
        [m.id]
      );
      const now = ctx.clock().toISOString();
      const value = rows.map((row) => ({
        ...vulnerabilityEntity(row, 1, now, [softwareId(row.product_key)]),
        productVersion: row.version,
        fixedIn: row.fixed_in,
        firstDetected: row.first_detected,
        detectionSource: row.source,
      }));
      res.json(odataEnvelope(context(req, 'Vulnerabilities'), value));
    })
  );
  r.get(
    '/machines/:id/recommendations',
    wrap(async (req, res) => {
      const m = await findMachine(req);
      const products = new Set(
        (
          await ctx.db.all<{ product_key: string }>(
            "SELECT DISTINCT product_key FROM finding WHERE device_id = ? AND status = 'open'",
            [m.id]
          )
        ).map((x) => x.product_key)
      );
      const checks = new Set(
        (
          await ctx.db.all<{ check_id: string }>(
            "SELECT check_id FROM device_configuration WHERE device_id = ? AND status = 'noncompliant'",
            [m.id]
          )
        ).map((x) => x.check_id)
      );
      const list = (await recommendations(view(), { groups: null })).filter(
        (x) => (x.productKey && products.has(x.productKey)) || (x.checkId && checks.has(x.checkId))
      );
      res.json(odataEnvelope(context(req, 'Recommendations'), list.map(publicRecommendation)));
    })
  );
  r.get(
    '/machines/:id/exposureBreakdown',
    wrap(async (req, res) => {
      const m = await findMachine(req);
      res.json({
        '@odata.context': context(req, 'ExposureBreakdown/$entity'),
        ...(await exposureBreakdown(view(), m.id)),
      });
    })
  );

  // ------------------------------------------------------------------------------- events, reports
  r.get(
    '/events',
    wrap(async (req, res) => {
      const q = eventQuery.safeParse(req.query);
      if (!q.success) {
        throw fromZodError(q.error, 'invalid event query');
      }
      const now = ctx.clock().toISOString();
      const to = q.data.to ?? now;
      const from = q.data.from ?? new Date(Date.parse(to) - 30 * 86400_000).toISOString();
      const types = q.data.type ? (q.data.type.split(',') as EventType[]) : null;
      const activeSince = new Date(Date.parse(now) - ctx.settings.scoring.activeDays * 86400_000).toISOString();
      const value = await listEvents(ctx.db, {
        from,
        to,
        types,
        top: q.data.$top ?? 100,
        skip: q.data.$skip ?? 0,
        activeSince,
      });
      res.json(odataEnvelope(context(req, 'Events'), value));
    })
  );
  r.get(
    '/reports/vulnerableDevices',
    wrap(async (req, res) => {
      res.json({
        '@odata.context': context(req, 'VulnerableDevicesReport/$entity'),
        ...(await vulnerableDevicesReport(view(), scopeOf(req))),
      });
    })
  );

  // -------------------------------------------------------------------------------------- writes
  r.post(
    '/machines/:id/setDeviceValue',
    wrap(async (req, res) => {
      const body = setDeviceValueBody.safeParse(req.body);
      if (!body.success) {
        throw fromZodError(body.error, 'invalid device value');
      }
      const m = await findMachine(req);
      const value = body.data.DeviceValue ?? body.data.deviceValue ?? 'Normal';
      const now = ctx.clock().toISOString();
      await ctx.db.transaction(async (tx) => {
        const before = await tx.get<{ device_value: string }>('SELECT device_value FROM device WHERE id = ?', [m.id]);
        await tx.run('UPDATE device SET device_value = ?, updated_at = ? WHERE id = ?', [value, now, m.id]);
        await recordAudit(tx, now, actorOf(req, res), {
          action: 'DeviceValueChanged',
          entityType: 'Machine',
          entityId: m.id,
          summary: `Device value of ${m.computer_dns_name} set to ${value} (was ${before?.device_value ?? 'unknown'})`,
          detail: { from: before?.device_value ?? null, to: value },
        });
        await afterFindingsChanged(tx, ctx.settings, now, [m.id]);
      });
      res.json({ '@odata.context': context(req, 'Machines/$entity'), ...machineEntity(await findMachine(req)) });
    })
  );

  return r;
}

/** The device-group scope of a request: `rbacGroupName` (or `rbacGroupId`), repeated or comma-separated. */
export function scopeOf(req: Request): Scope {
  const raw = [req.query.rbacGroupName, req.query.rbacGroupId].flat().filter((v): v is string => typeof v === 'string');
  const groups = raw.flatMap((v) => v.split(',')).map((g) => g.trim());
  return { groups: groups.length > 0 ? groups : null };
}

function omitExact<T extends { exactScore?: unknown }>(s: T): Omit<T, 'exactScore'> {
  const { exactScore: _exact, ...rest } = s;
  return rest;
}

function publicRecommendation(r: Recommendation) {
  const { exactExposureImpact: _exact, exactExposureImpactAfterExceptions: _exactAfter, ...rest } = r;
  return rest;
}

function jsonFields(spec: Record<string, 'string' | 'number' | 'boolean' | 'datetime' | 'stringArray'>): FieldSpec {
  return defineFields(
    Object.fromEntries(
      Object.entries(spec).map(([name, type]) => [name, { sql: `json_extract(value, '$.${name}')`, type }])
    )
  );
}

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date-time')
  .transform((s) => new Date(s).toISOString());

const historyQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    interval: z.enum(HISTORY_INTERVALS as [string, ...string[]]).optional(),
    rbacGroupName: z.union([z.string(), z.array(z.string())]).optional(),
    rbacGroupId: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .strict();

const eventQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    type: z
      .string()
      .refine(
        (s) => s.split(',').every((t) => (EVENT_TYPES as readonly string[]).includes(t)),
        `must be one or more of ${EVENT_TYPES.join(', ')}`
      )
      .optional(),
    $top: z.coerce.number().int().min(1).max(10000).optional(),
    $skip: z.coerce.number().int().min(0).optional(),
  })
  .strict();

const setDeviceValueBody = z
  .object({ DeviceValue: z.enum(DEVICE_VALUES).optional(), deviceValue: z.enum(DEVICE_VALUES).optional() })
  .strict()
  .refine((b) => b.DeviceValue || b.deviceValue, {
    message: 'DeviceValue is required (Low, Normal or High)',
    path: ['DeviceValue'],
  });

async function machinesWhereImpl(ctx: ServiceContext, req: Request, condition: string, params: SqlValue[]) {
  const groups = scopeOf(req).groups;
  const cutoff = new Date(
    Date.parse(ctx.clock().toISOString()) - ctx.settings.scoring.activeDays * 86400_000
  ).toISOString();
  const rows = await ctx.db.all<{
    id: string;
    computer_dns_name: string;
    os_platform: string | null;
    rbac_group_name: string | null;
  }>(
    `SELECT d.id, d.computer_dns_name, d.os_platform, d.rbac_group_name FROM device d
     WHERE ${condition} AND d.last_seen >= ? ${groups ? `AND COALESCE(d.rbac_group_name, '') IN (${groups.map(() => '?').join(', ')})` : ''}
     ORDER BY d.computer_dns_name`,
    [...params, cutoff, ...(groups ?? [])]
  );
  return rows.map(machineRef);
}
