/**
 * Seeds a store with the demo: the knowledge snapshot and the demo fleet, replayed over the last weeks
 * through the engine itself, with its clock set to each moment. Knowledge is imported by the real
 * importers (the CVEs fixed by releases that ship during the replay arrive with them, as zero-days
 * do), devices send dated native reports, people create remediation activities and exceptions through
 * the engine functions the API uses, and every score, snapshot and event is the engine's own output.
 */
import fs from 'fs';
import path from 'path';
import type { Logger } from 'pino';
import { buildTargetCpe } from '../domain/cpe';
import { evaluateConfigurations } from '../domain/nvdMatch';
import { identifySoftware, type NormalizerRules } from '../domain/normalizer';
import type { Actor, Priority } from '../domain/remediation';
import type { Justification } from '../domain/exceptions';
import type { CveRecord, KevCatalog } from '../domain/types';
import { cancelException, createException } from '../engine/exceptions';
import { ingestDeviceReports, productKeyOf } from '../engine/fleet';
import { recordEvents } from '../engine/history';
import { importEpssFile, importKevCatalog, importNvdRecords } from '../engine/knowledge';
import { afterFindingsChanged, flushPendingSnapshot, refreshScores, type EngineSettings } from '../engine/pipeline';
import { createRemediationTask, finishTask } from '../engine/remediation';
import { RuleViolation } from '../engine/ruleViolation';
import { activeCutoff, recommendations, ORG, type ViewContext } from '../engine/views';
import { deviceReportSchema, type DeviceReport } from '../ingest/deviceReport';
import type { Db, Queryable } from '../store/db';
import { APPS, type AppKey, type OsFamily } from './catalog';
import { DemoFleet } from './fleet';
import { KNOWLEDGE_DIR, readSnapshot, SNAPSHOT_FILES, type KnowledgeSnapshot } from './knowledgeSnapshot';

export const DEMO_DEFAULTS = { devices: 400, weeks: 8, seed: 7 } as const;
export const DEMO_LIMITS = { devices: [1, 5000], weeks: [1, 52] } as const;

export interface DemoOptions {
  devices?: number;
  weeks?: number;
  seed?: number;
  /** The replay ends here (default: the context's clock, else now). */
  end?: Date;
  progress?: (phase: string, done: number, total: number) => void;
}

export interface DemoContext {
  db: Db;
  rules: NormalizerRules;
  settings: EngineSettings;
  /** The service's clock: the replay ends at its now unless `end` says otherwise. */
  clock?: () => Date;
}

export interface DemoSummary {
  devices: number;
  activeDevices: number;
  deviceGroups: number;
  cves: number;
  kevEntries: number;
  openFindings: number;
  knownExploitedFindings: number;
  exposedDevices: number;
  recommendations: number;
  historyPoints: number;
  events: number;
  remediationActivities: Record<string, number>;
  exceptions: number;
  reports: number;
  /** Scripted activities or exceptions that did not apply to this fleet (e.g. too few devices). */
  skipped: string[];
  from: string;
  to: string;
  seconds: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const PEOPLE: Record<'secops' | 'it' | 'finance', Actor> = {
  secops: { id: 'alice.nguyen@corp.example', email: 'alice.nguyen@corp.example', token: null },
  it: { id: 'ben.okafor@corp.example', email: 'ben.okafor@corp.example', token: null },
  finance: { id: 'carla.diaz@corp.example', email: 'carla.diaz@corp.example', token: null },
};

/** Nothing imported or reported yet: the only kind of store the demo fills. */
export async function storeIsEmpty(q: Queryable): Promise<boolean> {
  const row = await q.get<{ used: number }>(
    `SELECT CASE WHEN EXISTS (SELECT 1 FROM device) OR EXISTS (SELECT 1 FROM cve) OR EXISTS (SELECT 1 FROM kev)
       OR EXISTS (SELECT 1 FROM epss) OR EXISTS (SELECT 1 FROM feed_state) THEN 1 ELSE 0 END AS used`
  );
  return Number(row?.used ?? 0) === 0;
}

/**
 * TVM_DEMO: whether `tvm serve` seeds an empty store with the demo (default yes, so `npm start` shows a
 * working product). Anything but a clear yes or no stops the service with a message.
 */
export function demoEnabledFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = (env.TVM_DEMO ?? '').trim().toLowerCase();
  if (raw === '' || ['true', '1', 'yes', 'on'].includes(raw)) {
    return true;
  }
  if (['false', '0', 'no', 'off'].includes(raw)) {
    return false;
  }
  throw new Error(`TVM_DEMO must be true or false, not "${env.TVM_DEMO}"`);
}

/**
 * What `tvm serve` does before listening: seeds the default demo when TVM_DEMO allows it and the store
 * is empty, saying so in the log (and how to turn it off). Returns the summary, or null when it did not.
 */
export async function seedDemoOnStart(
  ctx: DemoContext & { log: Pick<Logger, 'info' | 'warn'> },
  env: NodeJS.ProcessEnv = process.env,
  progress?: DemoOptions['progress']
): Promise<DemoSummary | null> {
  if (!demoEnabledFromEnv(env) || !(await storeIsEmpty(ctx.db))) {
    return null;
  }
  const missing = Object.values(SNAPSHOT_FILES).filter((f) => !fs.existsSync(path.join(KNOWLEDGE_DIR, f)));
  if (missing.length) {
    // An installation without backend/demo/ (a trimmed image) still serves, only without the demo.
    ctx.log.warn(
      `the store is empty but the demo knowledge is not installed (${KNOWLEDGE_DIR} lacks ${missing.join(', ')}): starting with an empty store`
    );
    return null;
  }
  ctx.log.info(
    `the store ${ctx.db.location} is empty: seeding the demo fleet (${DEMO_DEFAULTS.devices} devices, ${DEMO_DEFAULTS.weeks} weeks of history). Set TVM_DEMO=false to start with an empty store.`
  );
  const summary = await seedDemo(ctx, { progress });
  ctx.log.info({ demo: summary }, `demo fleet seeded in ${summary.seconds} s`);
  return summary;
}

/** Checks a whole-number option against its range, naming the flag in the error. */
export function demoOption(name: string, value: number, [min, max]: readonly [number, number]): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return value;
}

interface AppIdentity {
  app: AppKey;
  productKey: string;
  identities: Array<{ version: string; target: ReturnType<typeof buildTargetCpe> }>;
}

/** Every app's product key and the CPE of each ladder version, as the real normalizer names them. */
function identifyApps(fleet: DemoFleet, rules: NormalizerRules): AppIdentity[] {
  const out: AppIdentity[] = [];
  for (const app of Object.keys(APPS) as AppKey[]) {
    // The first OS on which the agent's listing identifies every release (server software: Linux).
    for (const family of ['windows', 'linux', 'macos'] as OsFamily[]) {
      const identities: AppIdentity['identities'] = [];
      let productKey = '';
      for (const entry of fleet.ladder(app)) {
        const id = identifySoftware(APPS[app].item(entry.version, family), rules);
        if ('unsupported' in id) {
          break;
        }
        productKey = productKeyOf(id.identity);
        identities.push({ version: entry.version, target: buildTargetCpe(id.identity, id.version) });
      }
      if (identities.length === fleet.ladder(app).length) {
        out.push({ app, productKey, identities });
        break;
      }
    }
  }
  return out;
}

/**
 * The replay day a CVE becomes known: the day the first release that fixes it ships, when that happens
 * during the replay (a zero-day arriving with its fix); day 0 for everything older.
 */
function arrivalDays(
  records: readonly CveRecord[],
  fleet: DemoFleet,
  apps: readonly AppIdentity[]
): Map<string, number> {
  const out = new Map<string, number>();
  for (const cve of records) {
    let day = 0;
    for (const a of apps) {
      const affected = a.identities.map((x) => evaluateConfigurations(cve.configurations, x.target, []) !== null);
      const last = affected.lastIndexOf(true);
      if (last >= 0 && last + 1 < affected.length) {
        day = Math.max(day, fleet.ladder(a.app)[last + 1].day);
      }
    }
    out.set(cve.id, day);
  }
  return out;
}

type Action =
  | {
      day: number;
      kind: 'task';
      target: { app: AppKey } | { check: string } | { productKey: string };
      groups?: string[];
      priority: Priority;
      dueInDays: number;
      notes: string;
      by: Actor;
      campaign?: { spread: number; coverage: number };
      finish?: { day: number; how: 'complete' | 'cancel'; comment: string; by: Actor };
    }
  | {
      day: number;
      kind: 'exception';
      target: { app: AppKey } | { cve: string };
      groups?: string[];
      justification: Justification;
      expiresInDays: number;
      context: string;
      by: Actor;
      cancel?: { day: number; by: Actor };
    };

/** What the people of the demo do, on days relative to the replay's length. */
function script(days: number, arrivals: Map<string, number>): Action[] {
  const at = (fraction: number) => Math.min(days - 1, Math.max(1, Math.round(days * fraction)));
  const winrarDay = (arrivals.get('CVE-2025-8088') ?? 0) + 1;
  return [
    {
      day: at(0.16),
      kind: 'exception',
      target: { app: 'putty' },
      groups: ['Engineering'],
      justification: 'RiskAccepted',
      expiresInDays: 21,
      context: 'PuTTY is only used against lab switches without P-521 keys; risk accepted until the new image ships.',
      by: PEOPLE.secops,
    },
    {
      day: at(0.18),
      kind: 'task',
      target: { app: 'sevenZip' },
      priority: 'High',
      dueInDays: 14,
      notes: '7-Zip Mark-of-the-Web bypass is exploited in phishing campaigns: push 7-Zip 24.09 or later with Intune.',
      by: PEOPLE.secops,
      campaign: { spread: 10, coverage: 1 },
    },
    {
      day: at(0.21),
      kind: 'task',
      target: { app: 'chrome' },
      groups: ['Kiosks'],
      priority: 'Medium',
      dueInDays: 7,
      notes: 'Kiosk images pin Chrome; rebuild the image with the current stable channel.',
      by: PEOPLE.it,
      campaign: { spread: 20, coverage: 0.55 },
    },
    {
      day: at(0.29),
      kind: 'exception',
      target: { cve: 'CVE-2023-4911' },
      groups: ['Servers-EU', 'Servers-US'],
      justification: 'AlternateMitigation',
      expiresInDays: 180,
      context:
        'Canonical and Red Hat backported the Looney Tunables fix into the 2.35 and 2.34 glibc packages (USN-6409-1, RHSA-2023:5455); the upstream version in the inventory stays the same.',
      by: PEOPLE.secops,
    },
    {
      day: at(0.36),
      kind: 'task',
      target: { check: 'scid-2020' },
      groups: ['Finance'],
      priority: 'Low',
      dueInDays: 30,
      notes: 'Enable BitLocker with TPM+PIN through the Finance device configuration profile.',
      by: PEOPLE.finance,
      campaign: { spread: 25, coverage: 0.8 },
    },
    {
      day: Math.min(days - 1, Math.max(1, winrarDay)),
      kind: 'task',
      target: { app: 'winrar' },
      priority: 'High',
      dueInDays: 7,
      notes: 'CVE-2025-8088 is exploited in the wild (KEV). Update WinRAR to 7.13 everywhere.',
      by: PEOPLE.secops,
      campaign: { spread: 6, coverage: 1 },
    },
    {
      day: at(0.46),
      kind: 'task',
      target: { app: 'zoom' },
      groups: ['Sales'],
      priority: 'Low',
      dueInDays: 30,
      notes: 'Update the Zoom client on Sales laptops.',
      by: PEOPLE.it,
      finish: {
        day: at(0.64),
        how: 'cancel',
        comment: 'Sales moves to Teams; Zoom is uninstalled with the next image instead.',
        by: PEOPLE.it,
      },
    },
    {
      day: at(0.54),
      kind: 'exception',
      target: { cve: 'CVE-2024-6387' },
      justification: 'AlternateMitigation',
      expiresInDays: 90,
      context:
        'LoginGraceTime 0 is set on every server (the vendor workaround for regreSSHion) until the fixed OpenSSH packages are rolled out.',
      by: PEOPLE.secops,
    },
    {
      day: at(0.59),
      kind: 'task',
      target: { app: 'firefoxEsr' },
      groups: ['Finance'],
      priority: 'Medium',
      dueInDays: 35,
      notes: 'Move Finance to Firefox ESR 128.8.1 or later; the trading portal was certified on 128.',
      by: PEOPLE.finance,
      campaign: { spread: 30, coverage: 0.5 },
    },
    {
      day: at(0.62),
      kind: 'exception',
      target: { app: 'vlc' },
      groups: ['Sales'],
      justification: 'RiskAccepted',
      expiresInDays: 60,
      context: 'VLC is used for customer demo videos only.',
      by: PEOPLE.it,
      cancel: { day: at(0.84), by: PEOPLE.secops },
    },
    {
      day: at(0.68),
      kind: 'task',
      target: { app: 'log4j' },
      priority: 'High',
      dueInDays: 7,
      notes: 'Rebuild the Java services with Log4j 2.17.1 or later.',
      by: PEOPLE.secops,
      campaign: { spread: 5, coverage: 1 },
    },
    {
      day: at(0.71),
      kind: 'task',
      target: { check: 'scid-2073' },
      groups: ['Servers-EU', 'Servers-US'],
      priority: 'High',
      dueInDays: 14,
      notes: 'Disable SMBv1 on every Windows server.',
      by: PEOPLE.it,
      campaign: { spread: 10, coverage: 1 },
      finish: {
        day: at(0.8),
        how: 'complete',
        comment: 'SMBv1 removed by GPO on all servers; the agents confirm at their next scan.',
        by: PEOPLE.it,
      },
    },
    {
      day: at(0.75),
      kind: 'exception',
      target: { app: 'office2016' },
      groups: ['Kiosks'],
      justification: 'PlannedRemediation',
      expiresInDays: 60,
      context: 'The kiosks move to Microsoft 365 Apps with the new image in Q1.',
      by: PEOPLE.it,
    },
    {
      day: at(0.8),
      kind: 'task',
      target: { productKey: 'a:openssl:openssl:' },
      groups: ['Servers-EU'],
      priority: 'Medium',
      dueInDays: 28,
      notes: 'Upgrade the remaining Ubuntu 22.04 and RHEL 8 servers to the current LTS releases.',
      by: PEOPLE.it,
      campaign: { spread: 40, coverage: 0.6 },
    },
  ];
}

/** Seeds the demo into an empty store and returns what it made. */
export async function seedDemo(ctx: DemoContext, opts: DemoOptions = {}): Promise<DemoSummary> {
  const started = Date.now();
  const devices = demoOption('devices', opts.devices ?? DEMO_DEFAULTS.devices, DEMO_LIMITS.devices);
  const weeks = demoOption('weeks', opts.weeks ?? DEMO_DEFAULTS.weeks, DEMO_LIMITS.weeks);
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  if (!Number.isInteger(seed)) {
    throw new Error(`--seed must be a whole number, not "${seed}"`);
  }
  if (!(await storeIsEmpty(ctx.db))) {
    throw new Error(
      `the store at ${ctx.db.location} already holds data: the demo fills only an empty store. Point TVM_DB at a new file (e.g. TVM_DB=var/demo.sqlite) or delete ${ctx.db.location}`
    );
  }
  const progress = opts.progress ?? (() => undefined);
  const knowledge = readSnapshot();
  const days = weeks * 7;
  const endMs = Math.floor((opts.end ?? ctx.clock?.() ?? new Date()).getTime() / 60_000) * 60_000;
  // Day 0 starts at midnight UTC, `days` days before today; day `days` is today, up to `end`.
  const startMs = Math.floor(endMs / DAY_MS) * DAY_MS - days * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  // Events keep their hour of the day; none is later than `end` (today is cut short at now).
  const timeOf = (day: number, hour: number) => Math.min(endMs, startMs + day * DAY_MS + hour * HOUR_MS);

  const fleet = new DemoFleet({ devices, weeks, seed, checks: ctx.settings.checks, startMs });
  const apps = identifyApps(fleet, ctx.rules);
  const arrivals = arrivalDays(knowledge.records, fleet, apps);
  const actions = script(days, arrivals);
  const skipped: string[] = [];
  const taskIds = new Map<Action, string>();
  const exceptionIds = new Map<Action, string>();
  let reports = 0;

  for (let day = 0; day <= days; day++) {
    await importKnowledge(ctx, knowledge, arrivals, day, iso(timeOf(day, 6)));
    for (const action of actions) {
      await runAction(ctx, fleet, apps, action, day, iso(timeOf(day, 14)), taskIds, exceptionIds, skipped);
    }
    fleet.advance(day);
    const batch: DeviceReport[] = [];
    for (const d of fleet.devices) {
      if (fleet.reportsOn(d, day)) {
        // Reports of the last day come in during its last hour; others at the device's usual hour.
        const seen =
          day === days
            ? endMs - (1 + (d.reportHour % 50)) * 60_000
            : timeOf(day, d.reportHour) + (d.reportOffset * 7 + 3) * 60_000;
        batch.push(deviceReportSchema.parse(fleet.report(d, day, iso(seen))));
      }
    }
    const ingestAt = day === days ? endMs : timeOf(day, 20);
    for (let i = 0; i < batch.length; i += 500) {
      await ingestDeviceReports(ctx.db, batch.slice(i, i + 500), ctx.rules, iso(ingestAt), ctx.settings);
    }
    reports += batch.length;
    // The service re-scores at least hourly; weekly is enough for the replay (devices age out of
    // the activity window, expired exceptions stop counting).
    if (day % 7 === 6) {
      await refreshScores(ctx.db, ctx.settings, iso(timeOf(day, 23)));
    }
    progress('replay', day + 1, days + 1);
  }
  await refreshScores(ctx.db, ctx.settings, iso(endMs));
  await flushPendingSnapshot(ctx.db, ctx.settings, iso(endMs));
  return summarize(ctx, iso(endMs), {
    reports,
    skipped,
    from: iso(startMs),
    to: iso(endMs),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  });
}

async function importKnowledge(
  ctx: DemoContext,
  knowledge: KnowledgeSnapshot,
  arrivals: Map<string, number>,
  day: number,
  now: string
): Promise<void> {
  const origin = (feed: keyof KnowledgeSnapshot['files']) => `demo:${knowledge.files[feed]}`;
  if (day === 0) {
    await importEpssFile(ctx.db, knowledge.epss, origin('epss'), now, ctx.settings);
  }
  const arriving = knowledge.records.filter((r) => (arrivals.get(r.id) ?? 0) === day);
  if (arriving.length) {
    await importNvdRecords(ctx.db, arriving, origin('nvd'), now, undefined, ctx.settings);
  }
  // CISA lists a zero-day a day after its fix ships: the KEV catalog grows by what is known by then.
  const known = (cveId: string) => (arrivals.get(cveId) ?? 0) + (arrivals.get(cveId) ? 1 : 0) <= day;
  const addedToday = knowledge.kev.entries.some(
    (e) => (arrivals.get(e.cveId) ?? 0) + (arrivals.get(e.cveId) ? 1 : 0) === day
  );
  if (addedToday) {
    const catalog: KevCatalog = { ...knowledge.kev, entries: knowledge.kev.entries.filter((e) => known(e.cveId)) };
    await importKevCatalog(ctx.db, catalog, origin('kev'), now, ctx.settings);
  }
}

function viewOf(q: Queryable, now: string, settings: EngineSettings): ViewContext {
  return { q, now, cfg: settings.scoring, checks: settings.checks };
}

async function runAction(
  ctx: DemoContext,
  fleet: DemoFleet,
  apps: readonly AppIdentity[],
  action: Action,
  day: number,
  now: string,
  taskIds: Map<Action, string>,
  exceptionIds: Map<Action, string>,
  skipped: string[]
): Promise<void> {
  const productKeys = (target: { app: AppKey } | { productKey: string }) =>
    'app' in target ? apps.filter((a) => a.app === target.app).map((a) => a.productKey) : [target.productKey];
  const describe = (t: object) => Object.values(t).join(' ');
  try {
    if (action.kind === 'task' && action.day === day) {
      const task = await ctx.db.transaction(async (tx) => {
        const view = viewOf(tx, now, ctx.settings);
        const recs = await recommendations(view, ORG);
        const rec =
          'check' in action.target
            ? recs.find((r) => r.checkId === (action.target as { check: string }).check)
            : recs.find(
                (r) =>
                  r.productKey !== undefined && productKeys(action.target as { app: AppKey }).includes(r.productKey)
              );
        if (!rec) {
          throw new RuleViolation(404, 'recommendationId', `no active device is exposed to ${describe(action.target)}`);
        }
        return createRemediationTask(
          tx,
          view,
          {
            recommendationId: rec.id,
            priority: action.priority,
            dueOn: new Date(Date.parse(now) + action.dueInDays * DAY_MS).toISOString(),
            requesterNotes: action.notes,
            rbacGroupNames: action.groups,
          },
          action.by,
          // The demo never calls a ticketing system, whatever TVM_REMEDIATION_WEBHOOK_URL says.
          { ...ctx.settings.remediation, webhookUrl: null }
        );
      });
      taskIds.set(action, task.id);
      if (action.campaign) {
        const targets = new Set(
          (
            await ctx.db.all<{ device_id: string }>('SELECT device_id FROM remediation_task_device WHERE task_id = ?', [
              task.id,
            ])
          ).map((r) => r.device_id)
        );
        if ('check' in action.target) {
          fleet.fixCheck(targets, action.target.check, day + 1, action.campaign.spread, action.campaign.coverage);
        } else {
          const keys = productKeys(action.target);
          const pushed = apps.filter((a) => keys.includes(a.productKey)).map((a) => a.app);
          // A product without an app of its own comes with the OS: a release upgrade fixes it.
          fleet.pushApp(
            targets,
            pushed,
            day + 1,
            action.campaign.spread,
            action.campaign.coverage,
            pushed.length === 0
          );
        }
      }
    }
    if (action.kind === 'task' && action.finish?.day === day) {
      const id = taskIds.get(action);
      if (id) {
        const finish = action.finish;
        await ctx.db.transaction(async (tx) => {
          const done = await finishTask(tx, id, finish.how, finish.by, now, finish.comment);
          if (done.event) {
            await recordEvents(tx, now, activeCutoff(now, ctx.settings.scoring), [done.event]);
          }
        });
      }
    }
    if (action.kind === 'exception' && action.day === day) {
      const id = await ctx.db.transaction(async (tx) => {
        const view = viewOf(tx, now, ctx.settings);
        let recommendationId: string | undefined;
        if ('app' in action.target) {
          const keys = productKeys(action.target);
          recommendationId = (await recommendations(view, ORG)).find(
            (r) => r.productKey !== undefined && keys.includes(r.productKey)
          )?.id;
          if (!recommendationId) {
            throw new RuleViolation(404, 'recommendationId', `no active device is exposed to ${action.target.app}`);
          }
        }
        const created = await createException(
          tx,
          view,
          {
            ...(recommendationId ? { recommendationId } : { cveId: (action.target as { cve: string }).cve }),
            justification: action.justification,
            context: action.context,
            rbacGroupNames: action.groups,
            expiresOn: new Date(Date.parse(now) + action.expiresInDays * DAY_MS).toISOString(),
          },
          action.by
        );
        await afterFindingsChanged(tx, ctx.settings, now, null);
        return created.row.id;
      });
      exceptionIds.set(action, id);
    }
    if (action.kind === 'exception' && action.cancel?.day === day) {
      const id = exceptionIds.get(action);
      const by = action.cancel.by;
      if (id) {
        await ctx.db.transaction(async (tx) => {
          await cancelException(tx, id, undefined, by, now);
          await afterFindingsChanged(tx, ctx.settings, now, null);
        });
      }
    }
  } catch (err) {
    // A small or unusual fleet may not be exposed to what the script expects: the demo goes on.
    if (err instanceof RuleViolation) {
      skipped.push(`day ${day} ${action.kind} ${describe(action.target)}: ${err.message}`);
      return;
    }
    throw err;
  }
}

async function summarize(
  ctx: DemoContext,
  now: string,
  extra: Pick<DemoSummary, 'reports' | 'skipped' | 'from' | 'to' | 'seconds'>
): Promise<DemoSummary> {
  const q = ctx.db;
  const active = activeCutoff(now, ctx.settings.scoring);
  const n = async (sql: string, params: Array<string | number> = []) =>
    Number((await q.get<{ n: number }>(sql, params))?.n ?? 0);
  const tasks = await q.all<{ status: string; overdue: number; n: number }>(
    `SELECT status, CASE WHEN status = 'Active' AND due_on < ? THEN 1 ELSE 0 END AS overdue, COUNT(*) AS n
     FROM remediation_task GROUP BY 1, 2`,
    [now]
  );
  const remediationActivities: Record<string, number> = {};
  for (const t of tasks) {
    const key = t.overdue ? 'Overdue' : t.status;
    remediationActivities[key] = (remediationActivities[key] ?? 0) + Number(t.n);
  }
  return {
    devices: await n('SELECT COUNT(*) AS n FROM device'),
    activeDevices: await n('SELECT COUNT(*) AS n FROM device WHERE last_seen >= ?', [active]),
    deviceGroups: await n('SELECT COUNT(DISTINCT rbac_group_name) AS n FROM device'),
    cves: await n('SELECT COUNT(*) AS n FROM cve'),
    kevEntries: await n('SELECT COUNT(*) AS n FROM kev'),
    openFindings: await n(
      "SELECT COUNT(*) AS n FROM finding f JOIN device d ON d.id = f.device_id WHERE f.status = 'open' AND d.last_seen >= ?",
      [active]
    ),
    knownExploitedFindings: await n(
      `SELECT COUNT(*) AS n FROM finding f JOIN device d ON d.id = f.device_id JOIN kev k ON k.cve_id = f.cve_id
       WHERE f.status = 'open' AND d.last_seen >= ?`,
      [active]
    ),
    exposedDevices: await n(
      "SELECT COUNT(DISTINCT f.device_id) AS n FROM finding f JOIN device d ON d.id = f.device_id WHERE f.status = 'open' AND d.last_seen >= ?",
      [active]
    ),
    recommendations: (await recommendations(viewOf(q, now, ctx.settings), ORG)).length,
    historyPoints: await n("SELECT COUNT(*) AS n FROM score_snapshot WHERE scope = ''"),
    events: await n('SELECT COUNT(*) AS n FROM event'),
    remediationActivities,
    exceptions: await n('SELECT COUNT(*) AS n FROM risk_exception'),
    ...extra,
  };
}
