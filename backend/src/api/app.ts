import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { NormalizerRules } from '../domain/normalizer';
import { catchUpExceptionExpiry, type EngineSettings } from '../engine/pipeline';
import { createMetrics } from './metrics';
import { openApiDocument } from './openapi';
import { readCache } from './readCache';
import { readRoutes } from './readRoutes';
import { remediationRoutes } from './remediationRoutes';

export const SERVICE_VERSION: string = require('../../../package.json').version;
import { ingestDeviceReports, ReportConflictError } from '../engine/fleet';
import { importEpssFile, importKevCatalog, importNvdRecords, recomputeAll } from '../engine/knowledge';
import { RemediationWebhook } from '../engine/remediationWebhook';
import { deviceBatchSchema, deviceReportSchema } from '../ingest/deviceReport';
import { FLEET_FORMATS, ImportFormatError, toDeviceReport, type FleetFormat } from '../ingest/fleet';

/** Inventories other than the native report, each ingested as one device. */
export const INVENTORY_FORMATS: readonly string[] = FLEET_FORMATS.filter((f) => f !== 'native');
import { FeedFormatError } from '../ingest/knowledge';
import { parseFeedBuffer, type KnowledgeFeed } from '../ingest/knowledgeFeed';
import type { Db } from '../store/db';
import { getFeedStates } from '../store/knowledgeRepo';
import { requireScope } from './auth';
import { ApiError, errorHandler, fromZodError, notFound } from './errors';

export interface ServiceContext {
  db: Db;
  rules: NormalizerRules;
  clock: () => Date;
  log: Logger;
  /** True while no API token exists: a local install without TVM_ADMIN_TOKEN. */
  authDisabled: () => boolean;
  limits: { ingestBytes: number; importBytes: number };
  settings: EngineSettings;
}

export const DEFAULT_LIMITS = { ingestBytes: 50 * 1024 * 1024, importBytes: 512 * 1024 * 1024 };

const asyncRoute =
  (fn: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, next: NextFunction): void => {
    fn(req, res).catch(next);
  };

function feedError(err: unknown): never {
  if (err instanceof FeedFormatError) {
    throw new ApiError(
      400,
      'InvalidFeed',
      `${err.message}. The feed was rejected as a whole; the previous knowledge is unchanged.`,
      err.path
    );
  }
  throw err;
}

export function createApp(ctx: ServiceContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      ctx.log.info(
        { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request'
      );
    });
    next();
  });
  const metrics = createMetrics(ctx, SERVICE_VERSION);
  app.use(metrics.observeRequests);

  const now = () => ctx.clock().toISOString();
  const auth = (scope: 'read' | 'ingest' | 'admin') => requireScope(ctx.db, scope, ctx.authDisabled);
  const json = express.json({ limit: ctx.limits.ingestBytes, strict: true });
  const raw = express.raw({ type: () => true, limit: ctx.limits.importBytes });

  app.get(
    '/health',
    asyncRoute(async (_req, res) => {
      const schema = await ctx.db.get<{ v: number }>('SELECT MAX(version) AS v FROM schema_migration');
      const counts = await ctx.db.get<{ devices: number; cves: number; open: number }>(
        `SELECT (SELECT COUNT(*) FROM device) AS devices, (SELECT COUNT(*) FROM cve) AS cves,
                (SELECT COUNT(*) FROM finding WHERE status = 'open') AS open`
      );
      res.json({
        status: 'ok',
        store: { dialect: ctx.db.dialect, location: ctx.db.location, schemaVersion: Number(schema?.v ?? 0) },
        devices: Number(counts?.devices ?? 0),
        cves: Number(counts?.cves ?? 0),
        openFindings: Number(counts?.open ?? 0),
        feeds: await getFeedStates(ctx.db),
      });
    })
  );

  // Prometheus metrics need the read scope, like every read: they map where the fleet is weakest.
  app.get('/metrics', auth('read'), asyncRoute(metrics.scrape));

  app.post(
    '/api/import/:feed',
    auth('admin'),
    raw,
    asyncRoute(async (req, res) => {
      const feed = req.params.feed as KnowledgeFeed;
      if (!['nvd', 'kev', 'epss'].includes(feed)) {
        throw new ApiError(404, 'NotFound', `unknown feed "${req.params.feed}": use nvd, kev or epss`, 'feed');
      }
      const body = req.body as Buffer;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new ApiError(400, 'InvalidFeed', `the request body is empty: send the ${feed} feed file as the body`);
      }
      const origin = `http:${req.get('x-tvm-origin') ?? 'upload'}`;
      let parsed;
      try {
        parsed = parseFeedBuffer(feed, body, origin);
      } catch (err) {
        feedError(err);
      }
      let result;
      switch (parsed.feed) {
        case 'nvd':
          result = await importNvdRecords(ctx.db, parsed.records, origin, now(), undefined, ctx.settings);
          break;
        case 'kev':
          result = await importKevCatalog(ctx.db, parsed.catalog, origin, now(), ctx.settings);
          break;
        case 'epss':
          result = await importEpssFile(ctx.db, parsed.file, origin, now(), ctx.settings);
          break;
      }
      res.json(result);
    })
  );

  app.post(
    '/api/ingest/devices',
    auth('ingest'),
    json,
    asyncRoute(async (req, res) => {
      const parsed = deviceBatchSchema.safeParse(req.body);
      if (!parsed.success) {
        throw fromZodError(parsed.error, 'invalid device batch');
      }
      try {
        res.json(await ingestDeviceReports(ctx.db, parsed.data.devices, ctx.rules, now(), ctx.settings));
      } catch (err) {
        if (err instanceof ReportConflictError) {
          throw new ApiError(
            409,
            'Conflict',
            `${err.message}. Nothing of the batch was stored.`,
            `devices[${err.index}].reportId`
          );
        }
        throw err;
      }
    })
  );

  // Other inventories (osquery results, CycloneDX SBOMs, Trivy and Grype reports) become one device report.
  app.post(
    '/api/ingest/:format',
    auth('ingest'),
    json,
    asyncRoute(async (req, res) => {
      const format = req.params.format as FleetFormat;
      if (!INVENTORY_FORMATS.includes(format)) {
        throw new ApiError(
          404,
          'NotFound',
          `unknown inventory format "${req.params.format}": use devices, ${INVENTORY_FORMATS.join(', ')}`
        );
      }
      const q = req.query as Record<string, string | undefined>;
      let report;
      try {
        report = toDeviceReport(format, req.body, {
          deviceId: q.deviceId,
          deviceName: q.device,
          rbacGroupName: q.group,
          osPlatform: q.osPlatform,
          rules: ctx.rules,
        });
      } catch (err) {
        if (err instanceof ImportFormatError) {
          throw new ApiError(
            400,
            'InvalidInput',
            `not a valid ${format} document: ${err.message}. Nothing was stored.`
          );
        }
        throw err;
      }
      const valid = deviceReportSchema.safeParse(report);
      if (!valid.success) {
        throw fromZodError(valid.error, `the ${format} document gives an invalid device report`);
      }
      res.json(await ingestDeviceReports(ctx.db, [valid.data], ctx.rules, now(), ctx.settings));
    })
  );

  app.post(
    '/api/recompute',
    auth('admin'),
    asyncRoute(async (_req, res) => {
      res.json(await recomputeAll(ctx.db, now(), ctx.settings));
    })
  );

  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument(SERVICE_VERSION));
  });

  // Before any read: an exception expiry that has passed but no scoring pass has seen yet is applied
  // now, so every read-time figure follows the clock to the millisecond (see catchUpExceptionExpiry).
  app.get('/api/*path', (_req, _res, next) => {
    catchUpExceptionExpiry(ctx.db, ctx.settings, now()).then(() => next(), next);
  });

  // Remediation activities, exceptions, audit and SLA (their routes carry their own scopes).
  const webhook = new RemediationWebhook(
    ctx.db,
    () => ctx.settings.remediation,
    ctx.clock,
    ctx.log,
    `tvm/${SERVICE_VERSION}`
  );
  app.locals.remediationWebhook = webhook;
  webhook.resumePending().catch((err) => ctx.log.error({ err }, 'cannot resume pending remediation webhooks'));
  app.use('/api', remediationRoutes(ctx, asyncRoute, auth, json, webhook));

  // The one write among the read paths (Defender's Machine.ReadWrite): admin scope, JSON body.
  app.post('/api/machines/:id/setDeviceValue', auth('admin'), json, (_req, _res, next) => next());
  app.use('/api', auth('read'), readCache(ctx.db, { ttlMs: 15_000, maxEntries: 500 }), readRoutes(ctx, asyncRoute));

  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
