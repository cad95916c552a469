import fs from 'fs';
import path from 'path';
import { DEFAULT_SCORING, resolveScoringConfig, type ScoringConfig } from '../domain/scoring';
import { loadConfigurationChecks, type ConfigurationCheck } from '../domain/secureScore';
import type { Db, Queryable } from '../store/db';
import { exceptionExpiryDue, exceptionsPass } from './exceptions';
import {
  DEFAULT_HISTORY,
  detectNewExposure,
  recordEvents,
  takeSnapshot,
  type HistorySettings,
  type NewEvent,
} from './history';
import {
  DEFAULT_REMEDIATION,
  remediationPass,
  remediationSettingsFromEnv,
  type RemediationSettings,
} from './remediation';
import { scoreDevices } from './scores';
import { activeCutoff } from './views';

/**
 * What the engine computes with: the scoring model's settings, the check catalog, history settings,
 * and remediation settings (retention of finished activities, the outbound webhook).
 */
export interface EngineSettings {
  scoring: ScoringConfig;
  checks: readonly ConfigurationCheck[];
  history: HistorySettings;
  remediation: RemediationSettings;
}

/** backend/rules/configuration-checks.json: the same relative place from backend/src and backend/dist. */
export const SHIPPED_CHECKS_PATH = path.resolve(__dirname, '../../rules/configuration-checks.json');

let shipped: EngineSettings | undefined;

/**
 * Settings from the environment: TVM_SCORING (JSON overrides of the scoring constants, e.g.
 * {"activeDays": 14}), TVM_HISTORY_DAYS (history retention), the TVM_REMEDIATION_* variables
 * (engine/remediation.ts), on top of the shipped defaults.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): EngineSettings {
  const base = defaultSettings();
  let overrides: unknown = {};
  if (env.TVM_SCORING) {
    try {
      overrides = JSON.parse(env.TVM_SCORING);
    } catch (err) {
      throw new Error(`TVM_SCORING is not valid JSON: ${(err as Error).message}`);
    }
  }
  const historyDays = env.TVM_HISTORY_DAYS === undefined ? base.history.retentionDays : Number(env.TVM_HISTORY_DAYS);
  if (!Number.isInteger(historyDays) || historyDays < 1) {
    throw new Error(`TVM_HISTORY_DAYS must be a whole number of days ≥ 1, not "${env.TVM_HISTORY_DAYS}"`);
  }
  return {
    ...base,
    scoring: resolveScoringConfig(overrides),
    history: { ...base.history, retentionDays: historyDays },
    remediation: remediationSettingsFromEnv(env),
  };
}

/**
 * Re-scores every device and snapshots the scores: run at least hourly, so devices that went quiet
 * leave the scores, alerts age out, and history has a point every hour even without new reports.
 */
export async function refreshScores(db: Db, settings: EngineSettings, now: string): Promise<void> {
  await db.transaction((tx) => afterFindingsChanged(tx, settings, now, null));
}

const catchingUp = new WeakMap<Db, Promise<boolean>>();

/**
 * Reads call this first: when an exception's expiry has passed and no scoring pass has taken it into
 * account yet, it runs one now (a full pass), so scores stop counting the expired exception at its
 * expiry instant, not at the next hourly refresh. Cheap when nothing is due (one indexed lookup);
 * concurrent callers share one pass. Returns whether a pass ran.
 */
export async function catchUpExceptionExpiry(db: Db, settings: EngineSettings, now: string): Promise<boolean> {
  if (!(await exceptionExpiryDue(db, now))) {
    return false;
  }
  let pass = catchingUp.get(db);
  if (!pass) {
    pass = db
      .transaction(async (tx) => {
        if (!(await exceptionExpiryDue(tx, now))) {
          return false;
        }
        await afterFindingsChanged(tx, settings, now, null);
        return true;
      })
      .finally(() => catchingUp.delete(db));
    catchingUp.set(db, pass);
  }
  return pass;
}

export function defaultSettings(): EngineSettings {
  shipped ??= {
    scoring: DEFAULT_SCORING,
    checks: loadConfigurationChecks(JSON.parse(fs.readFileSync(SHIPPED_CHECKS_PATH, 'utf8'))),
    history: DEFAULT_HISTORY,
    remediation: DEFAULT_REMEDIATION,
  };
  return shipped;
}

/**
 * Everything downstream of findings, in the same transaction as the change that caused it: device
 * scores (of the devices touched, or all), exceptions (expiry, resurfacing), remediation activities
 * (progress, automatic completion, retention), the events the change raised, and a history snapshot.
 *
 * A pass for some devices becomes a full one when an exception expiry is due (it changes scores
 * everywhere); a resurfaced exception re-scores every device after the fact.
 */
export async function afterFindingsChanged(
  tx: Queryable,
  settings: EngineSettings,
  now: string,
  deviceIds: readonly string[] | null,
  extraEvents: Parameters<typeof recordEvents>[3] = []
): Promise<void> {
  let ids = deviceIds;
  if (ids !== null && (await exceptionExpiryDue(tx, now))) {
    ids = null;
  }
  await scoreDevices(tx, ids, now, settings.scoring);
  const activeSince = activeCutoff(now, settings.scoring);
  const exceptions = await exceptionsPass(tx, ids !== null, now, activeSince);
  if (exceptions.rescore) {
    await scoreDevices(tx, null, now, settings.scoring);
  }
  const remediation = await remediationPass(tx, ids !== null, now, settings.remediation ?? DEFAULT_REMEDIATION);
  const events: NewEvent[] = [
    ...extraEvents,
    ...exceptions.events,
    ...remediation,
    ...(await detectNewExposure(tx, ids, now, activeSince)),
  ];
  // A snapshot aggregates the whole fleet: a pass for a few devices takes one only when the last is
  // older than the minimum interval; otherwise the snapshot is pending (history reads and the hourly
  // refresh take it), so a stream of single reports does not re-aggregate the fleet each time.
  if (ids === null || (await snapshotDue(tx, settings, now))) {
    events.push(...(await snapshotWithEvents(tx, settings, now)));
  } else {
    await tx.run('UPDATE snapshot_state SET pending = 1 WHERE id = 1');
  }
  await recordEvents(tx, now, activeSince, events);
}

async function snapshotDue(q: Queryable, settings: EngineSettings, now: string): Promise<boolean> {
  const last = await q.get<{ t: string | null }>("SELECT MAX(taken_at) AS t FROM score_snapshot WHERE scope = ''");
  return !last?.t || Date.parse(now) - Date.parse(last.t) >= settings.history.minIntervalMs;
}

async function snapshotWithEvents(tx: Queryable, settings: EngineSettings, now: string): Promise<NewEvent[]> {
  const { before, after } = await takeSnapshot(
    { q: tx, now, cfg: settings.scoring, checks: settings.checks },
    settings.history
  );
  await tx.run('UPDATE snapshot_state SET pending = 0 WHERE id = 1');
  if (before !== null && after !== null && Math.abs(after - before) >= settings.history.scoreChangeThreshold) {
    return [
      {
        type: 'ExposureScoreChange',
        title: `Exposure score ${after > before ? 'rose' : 'fell'} from ${before.toFixed(1)} to ${after.toFixed(1)}`,
        devicesThen: 0,
        scoreBefore: before,
        scoreAfter: after,
      },
    ];
  }
  return [];
}

/** Takes the pending snapshot, if a pass left one: history reads call this first, so history ends at the current scores. */
export async function flushPendingSnapshot(db: Db, settings: EngineSettings, now: string): Promise<void> {
  const pending = async (q: Queryable) =>
    Number((await q.get<{ pending: number }>('SELECT pending FROM snapshot_state WHERE id = 1'))?.pending) === 1;
  if (!(await pending(db))) {
    return;
  }
  await db.transaction(async (tx) => {
    if (await pending(tx)) {
      await recordEvents(tx, now, activeCutoff(now, settings.scoring), await snapshotWithEvents(tx, settings, now));
    }
  });
}
