import fs from 'fs';
import path from 'path';
import { Command, InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { ingestDeviceReports, ReportConflictError, type IngestResult } from './engine/fleet';
import {
  importEpssFile,
  importFeedFromUrl,
  importKevCatalog,
  importNvdFromUrl,
  importNvdRecords,
  recomputeAll,
} from './engine/knowledge';
import { deviceBatchSchema, deviceReportSchema, type DeviceReport } from './ingest/deviceReport';
import { toDeviceReport, type FleetFormat } from './ingest/fleet';
import { readNvdPath } from './ingest/knowledge';
import { FEED_URLS, isFeedUrl } from './ingest/knowledge/fetch';
import { parseFeedBuffer } from './ingest/knowledgeFeed';
import { INVENTORY_FORMATS } from './api/app';
import { formatPath } from './api/errors';
import { DEFAULT_DB_PATH } from './store';
import { createContext, createLogger, feedRefreshFromEnv, serve } from './service';
import { DEMO_DEFAULTS, seedDemo, seedDemoOnStart } from './demo/seed';

const ENVIRONMENT_HELP = `
Environment:
  TVM_DB                 database: a SQLite file path (default ${DEFAULT_DB_PATH}, created on first start)
  TVM_PORT               HTTP port of \`tvm serve\` (default 8080)
  TVM_ADMIN_TOKEN        a token with every scope (read, ingest, admin), created at start when set;
                         requests then need "Authorization: Bearer <token>". Without any token the API is open.
  TVM_READ_TOKEN         a token with the read scope only (for Grafana and Prometheus), created at start when set
  TVM_CPE_RULES          a JSON file of your own name→CPE rules, applied before the shipped ones
  TVM_MAX_INGEST_BYTES   request size limit of /api/ingest/* (default 52428800)
  TVM_MAX_IMPORT_BYTES   request size limit of /api/import/* (default 536870912)
  TVM_SCORING            JSON overrides of the scoring constants, e.g. '{"activeDays":14}' (docs/scoring-model.md)
  TVM_HISTORY_DAYS       days of score history and events to keep (default 400)
  TVM_REMEDIATION_RETENTION_DAYS   days completed or cancelled remediation activities are kept (default 180)
  TVM_REMEDIATION_WEBHOOK_URL      POST each new remediation activity as JSON to this http(s) URL (a ticketing
                                   system's inbound hook); retried up to 5 times with exponential backoff
  TVM_REMEDIATION_WEBHOOK_SECRET   signs each delivery: X-TVM-Signature-256: sha256=<HMAC-SHA256 of the body>
  TVM_REMEDIATION_MAX_DEVICES      at most this many devices per webhook delivery (default 10000)
  TVM_LOG_LEVEL          pino log level (default info)
  TVM_DEMO               \`tvm serve\` seeds an empty store with the demo fleet (default true); false starts empty
  TVM_FEED_REFRESH       while serving, refresh KEV, EPSS and NVD from their URLs at this interval, e.g. 24h
                         (at least 1h; unset: never). A feed that fails keeps its previous knowledge.
  TVM_NVD_URL            the NVD CVE API (default ${FEED_URLS.nvd}); "off" skips the feed
  TVM_KEV_URL            the CISA KEV catalog (default ${FEED_URLS.kev})
  TVM_EPSS_URL           the FIRST EPSS scores (default ${FEED_URLS.epss})
  NVD_API_KEY            NVD API key: 50 instead of 5 requests per 30 s (https://nvd.nist.gov/developers/request-an-api-key)
`;

function progressBar(
  label: string,
  { ttyOnly = false }: { ttyOnly?: boolean } = {}
): {
  update: (phase: string, done: number, total: number) => void;
  stop: () => void;
} {
  if (!process.stderr.isTTY && ttyOnly) {
    return { update: () => undefined, stop: () => undefined };
  }
  if (!process.stderr.isTTY) {
    let last = '';
    return {
      update: (phase, done, total) => {
        const line = `${label} ${phase}: ${done}/${total}`;
        if (done === total && line !== last) {
          process.stderr.write(`${line}\n`);
          last = line;
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { format: `${label} {phase} [{bar}] {value}/{total} ({percentage}%) ETA {eta_formatted}`, stream: process.stderr },
    Presets.shades_classic
  );
  let started = false;
  return {
    update: (phase, done, total) => {
      if (!started) {
        bar.start(total, done, { phase });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { phase });
    },
    stop: () => started && bar.stop(),
  };
}

const INVENTORY_LABELS: Record<string, string> = {
  osquery: 'osquery results (programs, deb_packages, rpm_packages, apps; JSON rows or result-log lines)',
  cyclonedx: 'a CycloneDX 1.2-1.7 JSON SBOM (VEX included)',
  trivy: 'a Trivy JSON report',
  grype: 'a Grype JSON report',
};

function print(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj, null, 2)}\n`);
}

async function withContext<T>(fn: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<T>): Promise<T> {
  const log = createLogger();
  log.level = process.env.TVM_LOG_LEVEL ?? 'warn';
  const ctx = await createContext({ log });
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}

function readJsonFile(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function reportIngest(result: IngestResult): void {
  print(result);
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('tvm')
    .description(
      'Threat & vulnerability management service: knowledge import, fleet ingest, matching and the HTTP API.'
    )
    .addHelpText('after', ENVIRONMENT_HELP)
    .showHelpAfterError();

  program
    .command('serve')
    .description('serve the HTTP API (GET /health, POST /api/import/{nvd,kev,epss}, POST /api/ingest/devices, ...)')
    .option('-p, --port <port>', 'HTTP port (default: TVM_PORT or 8080)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        throw new InvalidArgumentError('must be a port number 0-65535');
      }
      return n;
    })
    .option('--host <host>', 'interface to listen on', '0.0.0.0')
    .action(async (opts: { port?: number; host: string }) => {
      const feedRefresh = feedRefreshFromEnv(process.env);
      const ctx = await createContext();
      // An empty embedded store gets the demo (TVM_DEMO=false turns it off) before the port opens.
      const bar = progressBar('demo', { ttyOnly: true });
      try {
        await seedDemoOnStart(ctx, process.env, bar.update);
      } finally {
        bar.stop();
      }
      const port = opts.port ?? Number(process.env.TVM_PORT ?? 8080);
      const server = await serve(ctx, port, opts.host, { feedRefresh });
      const stop = () => {
        server.close(() => {
          ctx.db.close().finally(() => process.exit(0));
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  const imp = program.command('import').description('import vulnerability knowledge or a fleet inventory');

  imp
    .command('nvd <paths...>')
    .description(
      `NVD CVE API 2.0 JSON: response pages, single cve records or {cve} wrappers; .json or .json.gz; files or directories; or the API URL (${FEED_URLS.nvd}), fetched page by page within NVD's rate limit`
    )
    .option(
      '--since <date>',
      'URL only: records modified since this ISO-8601 date (default: the newest record stored; everything when none is)'
    )
    .option('--until <date>', 'URL only: records modified until this ISO-8601 date (default: now)')
    .action(async (paths: string[], opts: { since?: string; until?: string }) => {
      if (paths.some(isFeedUrl)) {
        if (paths.length !== 1) {
          throw new Error('give one NVD API URL, or files and directories, not both');
        }
        await withContext(async (ctx) => {
          const bar = progressBar('nvd');
          try {
            print(
              await importNvdFromUrl(ctx.db, {
                url: paths[0],
                apiKey: process.env.NVD_API_KEY || undefined,
                since: opts.since,
                until: opts.until,
                now: ctx.clock().toISOString(),
                settings: ctx.settings,
                progress: bar.update,
              })
            );
          } finally {
            bar.stop();
          }
        });
        return;
      }
      if (opts.since || opts.until) {
        throw new Error('--since and --until apply to the NVD API URL only');
      }
      await withContext(async (ctx) => {
        const bar = progressBar('nvd');
        try {
          const records = [];
          for (const p of paths) {
            const read = await readNvdPath(p, (done, total) => bar.update(`read ${path.basename(p)}`, done, total));
            records.push(...read.records);
          }
          const result = await importNvdRecords(
            ctx.db,
            records,
            `file:${paths.join(',')}`,
            ctx.clock().toISOString(),
            bar.update,
            ctx.settings
          );
          bar.stop();
          print(result);
        } finally {
          bar.stop();
        }
      });
    });

  for (const feed of ['kev', 'epss'] as const) {
    imp
      .command(`${feed} <file>`)
      .description(
        `${feed === 'kev' ? 'the CISA KEV catalog (JSON or CSV)' : 'a FIRST EPSS CSV (plain or .gz)'}: a file or a URL, e.g. ${FEED_URLS[feed]}`
      )
      .action(async (file: string) => {
        await withContext(async (ctx) => {
          if (isFeedUrl(file)) {
            print(await importFeedFromUrl(ctx.db, feed, file, ctx.clock().toISOString(), ctx.settings));
            return;
          }
          const parsed = parseFeedBuffer(feed, fs.readFileSync(file), `file:${file}`);
          const now = ctx.clock().toISOString();
          if (parsed.feed === 'kev') {
            print(await importKevCatalog(ctx.db, parsed.catalog, `file:${file}`, now, ctx.settings));
          } else if (parsed.feed === 'epss') {
            print(await importEpssFile(ctx.db, parsed.file, `file:${file}`, now, ctx.settings));
          }
        });
      });
  }

  for (const format of INVENTORY_FORMATS) {
    imp
      .command(`${format} <file>`)
      .description(
        `${INVENTORY_LABELS[format] ?? format}, ingested as one device report (a full snapshot of that device)`
      )
      .requiredOption('--device <name>', 'device name (also its id unless --device-id is given)')
      .option('--device-id <id>', 'stable device id')
      .option('--group <name>', 'device group (rbacGroupName)')
      .option('--os <platform>', 'OS platform, e.g. Windows11, macOS, Linux')
      .action(async (file: string, opts: { device: string; deviceId?: string; group?: string; os?: string }) => {
        await withContext(async (ctx) => {
          // osquery result logs are one JSON object per line: the importer reads the text itself.
          const input = format === 'osquery' ? fs.readFileSync(file, 'utf8') : readJsonFile(file);
          const report = toDeviceReport(format as FleetFormat, input, {
            deviceName: opts.device,
            deviceId: opts.deviceId,
            rbacGroupName: opts.group,
            osPlatform: opts.os,
            rules: ctx.rules,
          });
          const valid = deviceReportSchema.safeParse(report);
          if (!valid.success) {
            throw new Error(`${file}: ${formatPath(valid.error.issues[0].path)}: ${valid.error.issues[0].message}`);
          }
          reportIngest(
            await ingestDeviceReports(ctx.db, [valid.data], ctx.rules, ctx.clock().toISOString(), ctx.settings)
          );
        });
      });
  }

  program
    .command('ingest <files...>')
    .description(
      'native device reports: a {"devices": [...]} batch, one report, or an array of reports per file; all files are one batch'
    )
    .action(async (files: string[]) => {
      await withContext(async (ctx) => {
        const devices: unknown[] = [];
        for (const f of files) {
          const doc = readJsonFile(f) as { devices?: unknown };
          if (Array.isArray(doc)) {
            devices.push(...doc);
          } else if (doc && typeof doc === 'object' && Array.isArray(doc.devices)) {
            devices.push(...doc.devices);
          } else {
            devices.push(doc);
          }
        }
        const parsed = deviceBatchSchema.safeParse({ devices });
        if (!parsed.success) {
          const i = parsed.error.issues[0];
          throw new Error(`invalid device report: ${formatPath(i.path)}: ${i.message}. Nothing was stored.`);
        }
        try {
          reportIngest(
            await ingestDeviceReports(
              ctx.db,
              parsed.data.devices as DeviceReport[],
              ctx.rules,
              ctx.clock().toISOString(),
              ctx.settings
            )
          );
        } catch (err) {
          if (err instanceof ReportConflictError) {
            throw new Error(`${err.message}. Nothing was stored.`);
          }
          throw err;
        }
      });
    });

  const wholeNumber = (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n)) {
      throw new InvalidArgumentError('must be a whole number');
    }
    return n;
  };
  program
    .command('demo')
    .description(
      'seed an empty store with the demo: real vulnerability knowledge (NVD, KEV, EPSS snapshot) and a fleet replayed through the engine over weeks of history, with remediation activities and exceptions. Refuses a store that holds data: point TVM_DB at a new file.'
    )
    .option('--devices <n>', 'number of devices (1-5000)', wholeNumber, DEMO_DEFAULTS.devices)
    .option('--weeks <n>', 'weeks of history to replay (1-52)', wholeNumber, DEMO_DEFAULTS.weeks)
    .option('--seed <n>', 'random seed: the same seed gives the same fleet', wholeNumber, DEMO_DEFAULTS.seed)
    .action(async (opts: { devices: number; weeks: number; seed: number }) => {
      await withContext(async (ctx) => {
        const bar = progressBar('demo', { ttyOnly: true });
        try {
          const summary = await seedDemo(ctx, { ...opts, progress: bar.update });
          bar.stop();
          print(summary);
        } finally {
          bar.stop();
        }
      });
    });

  program
    .command('recompute')
    .description('re-match every software version against the knowledge and rebuild every finding')
    .action(async () => {
      await withContext(async (ctx) => print(await recomputeAll(ctx.db, ctx.clock().toISOString(), ctx.settings)));
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
