import type { Server } from 'http';
import pino, { type Logger } from 'pino';
import { createApp, DEFAULT_LIMITS, type ServiceContext } from './api/app';
import { ALL_SCOPES, ensureToken, hasTokens } from './api/auth';
import type { NormalizerRules } from './domain/normalizer';
import { catchUpExceptionExpiry, refreshScores, settingsFromEnv, type EngineSettings } from './engine/pipeline';
import { rulesWithUserFile } from './ingest/fleet';
import { openStore, type Db } from './store';

/** The shipped name→CPE rules, preceded by the user's own (`TVM_CPE_RULES`) when given. */
export function loadNormalizerRules(userRulesPath = process.env.TVM_CPE_RULES): NormalizerRules {
  try {
    return rulesWithUserFile(userRulesPath);
  } catch (err) {
    throw new Error(
      `${userRulesPath ? `TVM_CPE_RULES=${userRulesPath}` : 'shipped CPE rules'}: ${(err as Error).message}`
    );
  }
}

export function createLogger(): Logger {
  return pino({ level: process.env.TVM_LOG_LEVEL ?? 'info', base: { service: 'tvm' } });
}

export interface ServiceOptions {
  db?: Db;
  dbLocation?: string;
  log?: Logger;
  clock?: () => Date;
  adminToken?: string;
  rules?: NormalizerRules;
  settings?: EngineSettings;
}

/** Opens the store, applies the admin token, and builds the service context shared by HTTP and CLI. */
export async function createContext(opts: ServiceOptions = {}): Promise<ServiceContext> {
  const log = opts.log ?? createLogger();
  const db = opts.db ?? (await openStore(opts.dbLocation));
  const clock = opts.clock ?? (() => new Date());
  const adminToken = opts.adminToken ?? process.env.TVM_ADMIN_TOKEN;
  if (adminToken) {
    if (adminToken.length < 16) {
      throw new Error('TVM_ADMIN_TOKEN must be at least 16 characters long');
    }
    await ensureToken(db, adminToken, 'admin (TVM_ADMIN_TOKEN)', ALL_SCOPES, clock().toISOString());
  }
  // Decided at start: tokens created later by another process take effect after a restart.
  const tokensExist = await hasTokens(db);
  return {
    db,
    log,
    clock,
    rules: opts.rules ?? loadNormalizerRules(),
    settings: opts.settings ?? settingsFromEnv(),
    authDisabled: () => !tokensExist,
    limits: {
      ingestBytes: Number(process.env.TVM_MAX_INGEST_BYTES ?? DEFAULT_LIMITS.ingestBytes),
      importBytes: Number(process.env.TVM_MAX_IMPORT_BYTES ?? DEFAULT_LIMITS.importBytes),
    },
  };
}

const REFRESH_INTERVAL_MS = 3600_000;
/** How often the service looks for an exception expiry to apply (reads also apply it on arrival). */
const EXPIRY_CHECK_INTERVAL_MS = 60_000;

export async function serve(ctx: ServiceContext, port: number, host = '0.0.0.0'): Promise<Server> {
  const app = createApp(ctx);
  if (ctx.authDisabled()) {
    ctx.log.warn(
      'no API token exists: the API is open to anyone who can reach it. Set TVM_ADMIN_TOKEN to require tokens.'
    );
  }
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => {
      ctx.log.info({ port, host, store: ctx.db.location }, 'TVM service listening');
      resolve(server);
    });
    // At least hourly: re-score (devices age out of the activity window) and snapshot history.
    const timer = setInterval(() => {
      refreshScores(ctx.db, ctx.settings, ctx.clock().toISOString()).catch((err) =>
        ctx.log.error({ err }, 'hourly refresh failed')
      );
    }, REFRESH_INTERVAL_MS);
    timer.unref();
    // Exception expiries take effect at their instant for reads; this puts them in history and the
    // event timeline within a minute even when nobody reads.
    const expiryTimer = setInterval(() => {
      catchUpExceptionExpiry(ctx.db, ctx.settings, ctx.clock().toISOString()).catch((err) =>
        ctx.log.error({ err }, 'exception expiry check failed')
      );
    }, EXPIRY_CHECK_INTERVAL_MS);
    expiryTimer.unref();
    server.on('close', () => {
      clearInterval(timer);
      clearInterval(expiryTimer);
    });
    server.on('error', reject);
  });
}
