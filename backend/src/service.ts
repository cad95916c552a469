import type { Server } from 'http';
import pino, { type Logger } from 'pino';
import { createApp, DEFAULT_LIMITS, type ServiceContext } from './api/app';
import { ALL_SCOPES, ensureToken, hasTokens, type Scope } from './api/auth';
import type { NormalizerRules } from './domain/normalizer';
import { refreshFeeds, type FeedRefreshOutcome } from './engine/knowledge';
import { catchUpExceptionExpiry, refreshScores, settingsFromEnv, type EngineSettings } from './engine/pipeline';
import type { KnowledgeFeed } from './ingest/knowledge';
import { FEED_URLS, type FetchDeps } from './ingest/knowledge/fetch';
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
  /** A token with the read scope only, for Grafana and Prometheus (TVM_READ_TOKEN). */
  readToken?: string;
  rules?: NormalizerRules;
  settings?: EngineSettings;
}

/** Opens the store, applies the admin token, and builds the service context shared by HTTP and CLI. */
export async function createContext(opts: ServiceOptions = {}): Promise<ServiceContext> {
  const log = opts.log ?? createLogger();
  const db = opts.db ?? (await openStore(opts.dbLocation));
  const clock = opts.clock ?? (() => new Date());
  const now = clock().toISOString();
  const configured: Array<[string | undefined, string, string, Scope[]]> = [
    [opts.adminToken ?? process.env.TVM_ADMIN_TOKEN, 'TVM_ADMIN_TOKEN', 'admin (TVM_ADMIN_TOKEN)', ALL_SCOPES],
    // Dashboards and scrapers only read: they need not hold a token that can ingest or change exceptions.
    [opts.readToken ?? process.env.TVM_READ_TOKEN, 'TVM_READ_TOKEN', 'read (TVM_READ_TOKEN)', ['read']],
  ];
  for (const [token, variable, name, scopes] of configured) {
    if (!token) {
      continue;
    }
    if (token.length < 16) {
      throw new Error(`${variable} must be at least 16 characters long`);
    }
    await ensureToken(db, token, name, scopes, now);
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

/** Refreshing the knowledge from the publishers' URLs while serving (TVM_FEED_REFRESH). */
export interface FeedRefreshSchedule {
  intervalMs: number;
  urls: Record<KnowledgeFeed, string | null>;
  apiKey?: string;
  /** Tests inject a fetch that reaches a local server. */
  deps?: FetchDeps;
}

const DURATION = /^(\d+)\s*(m|min|h|d)$/i;
/** NVD asks clients not to poll more often than every two hours; an hour is the floor here. */
export const MIN_FEED_REFRESH_MS = 3600_000;

/**
 * TVM_FEED_REFRESH (`30m`, `6h`, `24h`, `1d`; at least 1h) with TVM_NVD_URL, TVM_KEV_URL and
 * TVM_EPSS_URL (default: the publishers' URLs; `off` skips a feed) and NVD_API_KEY. Null when unset.
 */
export function feedRefreshFromEnv(env: NodeJS.ProcessEnv = process.env): FeedRefreshSchedule | null {
  const raw = env.TVM_FEED_REFRESH?.trim();
  if (!raw) {
    return null;
  }
  const m = DURATION.exec(raw);
  const ms = m ? Number(m[1]) * { m: 60_000, min: 60_000, h: 3600_000, d: 86_400_000 }[m[2].toLowerCase() as 'm'] : NaN;
  if (!m || !(ms >= MIN_FEED_REFRESH_MS)) {
    throw new Error(
      `TVM_FEED_REFRESH must be an interval of at least 1h such as 6h, 24h or 1d, not "${raw}" (unset it to never refresh)`
    );
  }
  const url = (feed: KnowledgeFeed, name: string): string | null => {
    const v = env[name]?.trim();
    if (!v) {
      return FEED_URLS[feed];
    }
    if (v.toLowerCase() === 'off') {
      return null;
    }
    if (!/^https?:\/\//i.test(v)) {
      throw new Error(`${name} must be an http(s) URL or "off", not "${v}"`);
    }
    return v;
  };
  return {
    intervalMs: ms,
    urls: { nvd: url('nvd', 'TVM_NVD_URL'), kev: url('kev', 'TVM_KEV_URL'), epss: url('epss', 'TVM_EPSS_URL') },
    apiKey: env.NVD_API_KEY?.trim() || undefined,
  };
}

/**
 * Runs a feed refresh now and then every `intervalMs`, one at a time; logs each feed's outcome. A
 * failing feed keeps its previous knowledge (the importers are all or nothing per feed and window).
 */
export function scheduleFeedRefresh(
  ctx: ServiceContext,
  schedule: FeedRefreshSchedule,
  onDone?: (outcomes: FeedRefreshOutcome[]) => void
): () => void {
  let running = false;
  const run = async () => {
    if (running) {
      ctx.log.warn('feed refresh skipped: the previous one is still running');
      return;
    }
    running = true;
    try {
      const outcomes = await refreshFeeds(ctx.db, {
        ...schedule.deps,
        urls: schedule.urls,
        apiKey: schedule.apiKey,
        now: () => ctx.clock().toISOString(),
        settings: ctx.settings,
      });
      for (const o of outcomes) {
        if (o.ok) {
          ctx.log.info({ feed: o.feed, result: o.result }, `${o.feed} feed refreshed`);
        } else {
          ctx.log.error({ feed: o.feed }, `${o.feed} feed refresh failed, the previous knowledge stays: ${o.error}`);
        }
      }
      onDone?.(outcomes);
    } catch (err) {
      ctx.log.error({ err }, 'feed refresh failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 0);
  const timer = setInterval(run, schedule.intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
/** How often the service looks for an exception expiry to apply (reads also apply it on arrival). */
const EXPIRY_CHECK_INTERVAL_MS = 60_000;

export async function serve(
  ctx: ServiceContext,
  port: number,
  host = '0.0.0.0',
  opts: { feedRefresh?: FeedRefreshSchedule | null } = {}
): Promise<Server> {
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
    const feedRefresh = opts.feedRefresh;
    const stopFeedRefresh = feedRefresh ? scheduleFeedRefresh(ctx, feedRefresh) : () => undefined;
    if (feedRefresh) {
      ctx.log.info(
        { intervalMs: feedRefresh.intervalMs, urls: feedRefresh.urls },
        'knowledge feeds refresh from their URLs now and at every interval (TVM_FEED_REFRESH)'
      );
    }
    server.on('close', () => {
      clearInterval(timer);
      clearInterval(expiryTimer);
      stopFeedRefresh();
    });
    server.on('error', reject);
  });
}
