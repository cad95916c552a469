import crypto from 'crypto';
import { identifySoftware, type NormalizerRules } from '../domain/normalizer';
import type { ProductIdentity } from '../domain/types';
import type { DeviceReport, SoftwareItem } from '../ingest/deviceReport';
import { insertMany, type Db, type Queryable, type SqlValue } from '../store/db';
import { syncFindings } from './findings';
import { matchSoftwareVersions } from './matching';
import { afterFindingsChanged, defaultSettings, type EngineSettings } from './pipeline';

export type ReportOutcome = 'applied' | 'duplicate' | 'stale';

export interface IngestResult {
  reports: Array<{ reportId: string; deviceId: string; outcome: ReportOutcome }>;
  applied: number;
  duplicates: number;
  stale: number;
  softwareItems: number;
  unsupportedItems: number;
  newSoftwareVersions: number;
  findingsOpened: number;
  findingsClosed: number;
}

/** A reportId re-sent with a different body: the client reused an idempotency key. */
export class ReportConflictError extends Error {
  constructor(
    readonly reportId: string,
    readonly index: number
  ) {
    super(`devices[${index}].reportId "${reportId}" was already used for a different report; send a new reportId`);
  }
}

interface IdentifiedItem {
  item: SoftwareItem;
  productKey: string;
  version: string;
  matchVersion: string;
  identity: ProductIdentity | null;
  tupleKey: string | null;
  unsupportedReason: string | null;
}

export function tupleKeyOf(identity: ProductIdentity, version: string): string {
  return [
    identity.part,
    identity.vendor,
    identity.product,
    version,
    identity.swEdition,
    identity.targetSw,
    identity.update,
  ].join(':');
}

export function productKeyOf(identity: ProductIdentity): string {
  return [identity.part, identity.vendor, identity.product, identity.swEdition].join(':');
}

/** Pure: names every item of a report, as NVD does when it can, as "unsupported" when it cannot. */
export function identifyItems(software: readonly SoftwareItem[], rules: NormalizerRules): IdentifiedItem[] {
  const byKey = new Map<string, IdentifiedItem>();
  for (const item of software) {
    const id = identifySoftware(item, rules);
    let entry: IdentifiedItem;
    if ('identity' in id) {
      // The installation keeps the version as reported (with its distro revision); matching uses the
      // normalized one (upstream part, build suffixes removed).
      entry = {
        item,
        productKey: productKeyOf(id.identity),
        version: item.version,
        matchVersion: id.version,
        identity: id.identity,
        tupleKey: tupleKeyOf(id.identity, id.version),
        unsupportedReason: null,
      };
    } else {
      entry = {
        item,
        productKey: `unsupported:${(item.displayName ?? item.name).toLowerCase()}`,
        version: item.version,
        matchVersion: item.version,
        identity: null,
        tupleKey: null,
        unsupportedReason: id.reason,
      };
    }
    // The same product and version reported twice (two install locations) is one installation.
    byKey.set(`${entry.productKey}\u0000${entry.version}`, entry);
  }
  return [...byKey.values()];
}

export function reportHash(report: DeviceReport): string {
  return crypto.createHash('sha256').update(JSON.stringify(report)).digest('hex');
}

/**
 * Applies a batch of device reports, all or nothing. Each report is a full snapshot of its device:
 * software it no longer lists is marked uninstalled (first/last seen kept); configurations, alerts and
 * scanner findings are replaced when the report carries them. A reportId already applied is skipped;
 * a report older than the device's last one is recorded but not applied (it would roll the device back).
 */
export async function ingestDeviceReports(
  db: Db,
  reports: readonly DeviceReport[],
  rules: NormalizerRules,
  now: string,
  settings: EngineSettings = defaultSettings()
): Promise<IngestResult> {
  const identified = reports.map((r) => identifyItems(r.software, rules));
  const hashes = reports.map(reportHash);

  return db.transaction(async (tx) => {
    const result: IngestResult = {
      reports: [],
      applied: 0,
      duplicates: 0,
      stale: 0,
      softwareItems: 0,
      unsupportedItems: 0,
      newSoftwareVersions: 0,
      findingsOpened: 0,
      findingsClosed: 0,
    };
    const known = await existingReports(
      tx,
      reports.map((r) => r.reportId)
    );
    const appliedDevices: string[] = [];
    const toApply: number[] = [];
    for (let i = 0; i < reports.length; i++) {
      const r = reports[i];
      const prior = known.get(r.reportId);
      if (prior !== undefined) {
        if (prior !== hashes[i]) {
          throw new ReportConflictError(r.reportId, i);
        }
        result.duplicates++;
        result.reports.push({ reportId: r.reportId, deviceId: r.id, outcome: 'duplicate' });
        continue;
      }
      toApply.push(i);
    }

    // Distinct software versions first, so every device row can point at its version's id.
    const tuples = new Map<string, ProductIdentity & { version: string }>();
    for (const i of toApply) {
      for (const it of identified[i]) {
        if (it.identity && it.tupleKey) {
          tuples.set(it.tupleKey, { ...it.identity, version: it.matchVersion });
        }
      }
    }
    const versionIds = await ensureSoftwareVersions(tx, tuples);

    for (const i of toApply) {
      const r = reports[i];
      const lastSeen = r.lastSeen ? new Date(r.lastSeen).toISOString() : now;
      const device = await tx.get<{ last_seen: string }>('SELECT last_seen FROM device WHERE id = ?', [r.id]);
      let outcome: ReportOutcome = 'applied';
      if (device && lastSeen < device.last_seen) {
        outcome = 'stale';
        result.stale++;
      } else {
        await upsertDevice(tx, r, lastSeen, now, device !== undefined);
        await applySoftwareSnapshot(tx, r.id, identified[i], versionIds, lastSeen);
        if (r.configurations) {
          await replaceConfigurations(tx, r, now);
        }
        if (r.alerts) {
          await replaceAlerts(tx, r);
        }
        if (r.findings) {
          await applyScannerFindings(tx, r, lastSeen);
        }
        result.applied++;
        result.softwareItems += identified[i].length;
        result.unsupportedItems += identified[i].filter((it) => !it.identity).length;
        appliedDevices.push(r.id);
      }
      await tx.run(
        'INSERT INTO device_report (report_id, device_id, content_hash, received_at, outcome) VALUES (?, ?, ?, ?, ?)',
        [r.reportId, r.id, hashes[i], now, outcome]
      );
      result.reports.push({ reportId: r.reportId, deviceId: r.id, outcome });
    }

    const unmatched = await unmatchedVersions(tx, [...versionIds.values()]);
    result.newSoftwareVersions = unmatched.length;
    if (unmatched.length > 0) {
      await matchSoftwareVersions(tx, { softwareVersionIds: unmatched }, now);
    }
    const sync = await syncFindings(tx, appliedDevices, now);
    result.findingsOpened = sync.opened;
    result.findingsClosed = sync.closed;
    if (appliedDevices.length > 0) {
      const checkIds = [...new Set(toApply.flatMap((i) => (reports[i].configurations ?? []).map((c) => c.id)))];
      await afterFindingsChanged(
        tx,
        settings,
        now,
        appliedDevices,
        await newConfigurationChecks(tx, checkIds, settings, now)
      );
    }
    return result;
  });
}

/** Configuration checks reported for the first time: each is a "new configuration assessment" event. */
async function newConfigurationChecks(tx: Queryable, checkIds: string[], settings: EngineSettings, now: string) {
  if (checkIds.length === 0) {
    return [];
  }
  const seen = new Set(
    (
      await tx.all<{ check_id: string }>(
        `SELECT check_id FROM configuration_check_seen WHERE check_id IN (${checkIds.map(() => '?').join(', ')})`,
        checkIds
      )
    ).map((r) => r.check_id)
  );
  const fresh = checkIds.filter((id) => !seen.has(id));
  await insertMany(
    tx,
    'configuration_check_seen',
    ['check_id', 'first_seen'],
    fresh.map((id) => [id, now])
  );
  const titles = new Map(settings.checks.map((c) => [c.id, c.title]));
  const events = [];
  for (const id of fresh) {
    const n = await tx.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM device_configuration WHERE check_id = ? AND status = 'noncompliant'",
      [id]
    );
    events.push({
      type: 'NewConfigurationAssessment' as const,
      title: `New configuration assessment: ${titles.get(id) ?? id}`,
      checkId: id,
      devicesThen: Number(n?.n ?? 0),
    });
  }
  return events;
}

/** The versions among `ids` never matched yet (new to the fleet). */
async function unmatchedVersions(tx: Queryable, ids: number[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await tx.all<{ id: number }>(
      `SELECT id FROM software_version WHERE matched_at IS NULL AND id IN (${part.map(() => '?').join(',')})`,
      part
    );
    out.push(...rows.map((r) => Number(r.id)));
  }
  return out;
}

async function existingReports(tx: Queryable, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await tx.all<{ report_id: string; content_hash: string }>(
      `SELECT report_id, content_hash FROM device_report WHERE report_id IN (${part.map(() => '?').join(',')})`,
      part
    );
    for (const r of rows) {
      out.set(r.report_id, r.content_hash);
    }
  }
  return out;
}

async function ensureSoftwareVersions(
  tx: Queryable,
  tuples: Map<string, ProductIdentity & { version: string }>
): Promise<Map<string, number>> {
  const entries = [...tuples.entries()];
  const ids = new Map<string, number>();
  const lookup = async (keys: string[]) => {
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500);
      const rows = await tx.all<{ id: number; tuple_key: string }>(
        `SELECT id, tuple_key FROM software_version WHERE tuple_key IN (${part.map(() => '?').join(',')})`,
        part
      );
      for (const r of rows) {
        ids.set(r.tuple_key, Number(r.id));
      }
    }
  };
  await lookup(entries.map(([k]) => k));
  const missing = entries.filter(([k]) => !ids.has(k));
  if (missing.length === 0) {
    return ids;
  }
  await insertMany(
    tx,
    'software_version',
    ['tuple_key', 'part', 'vendor', 'product', 'version', 'sw_edition', 'target_sw', 'update_'],
    missing.map(([key, t]) => [key, t.part, t.vendor, t.product, t.version, t.swEdition, t.targetSw, t.update]),
    'ON CONFLICT (tuple_key) DO NOTHING'
  );
  await lookup(missing.map(([k]) => k));
  return ids;
}

async function upsertDevice(
  tx: Queryable,
  r: DeviceReport,
  lastSeen: string,
  now: string,
  exists: boolean
): Promise<void> {
  if (!exists) {
    await tx.run(
      `INSERT INTO device (id, computer_dns_name, os_platform, os_version, os_architecture, rbac_group_name, machine_tags,
         device_value, internet_facing, first_seen, last_seen, last_report_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        r.id,
        r.computerDnsName ?? r.id,
        r.osPlatform ?? null,
        r.osVersion ?? null,
        r.osArchitecture ?? null,
        r.rbacGroupName ?? null,
        JSON.stringify(r.machineTags),
        r.deviceValue ?? 'Normal',
        r.internetFacing ? 1 : 0,
        lastSeen,
        lastSeen,
        r.reportId,
        now,
      ]
    );
    return;
  }
  // Fields a report leaves out keep their stored value: device value and tags are often set by people.
  await tx.run(
    `UPDATE device SET computer_dns_name = COALESCE(?, computer_dns_name), os_platform = COALESCE(?, os_platform),
       os_version = COALESCE(?, os_version), os_architecture = COALESCE(?, os_architecture),
       rbac_group_name = COALESCE(?, rbac_group_name), machine_tags = CASE WHEN ? THEN ? ELSE machine_tags END,
       device_value = COALESCE(?, device_value), internet_facing = COALESCE(?, internet_facing),
       last_seen = ?, last_report_id = ?, updated_at = ?
     WHERE id = ?`,
    [
      r.computerDnsName ?? null,
      r.osPlatform ?? null,
      r.osVersion ?? null,
      r.osArchitecture ?? null,
      r.rbacGroupName ?? null,
      r.machineTags.length > 0 ? 1 : 0,
      JSON.stringify(r.machineTags),
      r.deviceValue ?? null,
      r.internetFacing === undefined ? null : r.internetFacing ? 1 : 0,
      lastSeen,
      r.reportId,
      now,
      r.id,
    ]
  );
}

const DEVICE_SOFTWARE_COLUMNS = [
  'device_id',
  'product_key',
  'version',
  'software_version_id',
  'vendor',
  'product',
  'display_name',
  'publisher',
  'cpe',
  'purl',
  'source',
  'supported',
  'unsupported_reason',
  'first_seen',
  'last_seen',
] as const;

/** Columns that describe an installation; a change in any of them rewrites the row. */
const DESCRIPTIVE_COLUMNS = DEVICE_SOFTWARE_COLUMNS.slice(3, 13);

/**
 * Applies a software snapshot as a diff against what the device had installed: new installations are
 * inserted (or revived), changed ones rewritten, missing ones marked uninstalled, and the rest only get
 * their last-seen time. Re-reports of an unchanged device, the common case, write one statement.
 */
async function applySoftwareSnapshot(
  tx: Queryable,
  deviceId: string,
  items: IdentifiedItem[],
  versionIds: Map<string, number>,
  seenAt: string
): Promise<void> {
  const installed = await tx.all<Record<string, SqlValue>>(
    `SELECT ${DEVICE_SOFTWARE_COLUMNS.join(', ')} FROM device_software WHERE device_id = ? AND uninstalled_at IS NULL`,
    [deviceId]
  );
  const keyOf = (productKey: SqlValue, version: SqlValue) => `${productKey}\u0000${version}`;
  const remaining = new Map(installed.map((row) => [keyOf(row.product_key, row.version), row]));
  const toWrite: SqlValue[][] = [];
  for (const it of items) {
    const row: SqlValue[] = [
      deviceId,
      it.productKey,
      it.version,
      it.tupleKey ? (versionIds.get(it.tupleKey) ?? null) : null,
      it.identity?.vendor ?? it.item.vendor ?? null,
      it.identity?.product ?? null,
      it.item.displayName ?? it.item.name,
      it.item.publisher ?? null,
      it.item.cpe ?? null,
      it.item.purl ?? null,
      it.item.source ?? null,
      it.identity ? 1 : 0,
      it.unsupportedReason,
      seenAt,
      seenAt,
    ];
    const key = keyOf(it.productKey, it.version);
    const stored = remaining.get(key);
    remaining.delete(key);
    if (!stored || DESCRIPTIVE_COLUMNS.some((c, i) => (stored[c] ?? null) !== row[i + 3])) {
      toWrite.push(row);
    }
  }
  // Uninstalled (or upgraded away): last seen stays the last report that listed it.
  for (const gone of remaining.values()) {
    await tx.run(
      'UPDATE device_software SET uninstalled_at = ? WHERE device_id = ? AND product_key = ? AND version = ?',
      [seenAt, deviceId, gone.product_key, gone.version]
    );
  }
  await tx.run('UPDATE device_software SET last_seen = ? WHERE device_id = ? AND uninstalled_at IS NULL', [
    seenAt,
    deviceId,
  ]);
  await insertMany(
    tx,
    'device_software',
    DEVICE_SOFTWARE_COLUMNS,
    toWrite,
    `ON CONFLICT (device_id, product_key, version) DO UPDATE SET ${DESCRIPTIVE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')},
       last_seen = excluded.last_seen, uninstalled_at = NULL`
  );
}

async function replaceConfigurations(tx: Queryable, r: DeviceReport, now: string): Promise<void> {
  await tx.run('DELETE FROM device_configuration WHERE device_id = ?', [r.id]);
  const unique = new Map((r.configurations ?? []).map((c) => [c.id, c.status]));
  await insertMany(
    tx,
    'device_configuration',
    ['device_id', 'check_id', 'status', 'updated_at'],
    [...unique].map(([id, status]) => [r.id, id, status, now])
  );
}

async function replaceAlerts(tx: Queryable, r: DeviceReport): Promise<void> {
  await tx.run('DELETE FROM device_alert WHERE device_id = ?', [r.id]);
  const unique = new Map((r.alerts ?? []).map((a) => [a.id, a]));
  await insertMany(
    tx,
    'device_alert',
    ['device_id', 'alert_id', 'severity', 'title', 'status', 'created_on', 'cves'],
    [...unique.values()].map((a) => [
      r.id,
      a.id,
      a.severity,
      a.title,
      a.status,
      new Date(a.createdOn).toISOString(),
      JSON.stringify(a.cves),
    ])
  );
}

/** Scanner findings are taken as the scanner states them; the report is their full snapshot. */
async function applyScannerFindings(tx: Queryable, r: DeviceReport, seenAt: string): Promise<void> {
  const unique = new Map<string, NonNullable<DeviceReport['findings']>[number]>();
  for (const f of r.findings ?? []) {
    unique.set(`${f.scanner}\u0000${f.packageName}\u0000${f.vulnerabilityId}`, f);
  }
  const rows = [...unique.values()].map((f) => [
    r.id,
    `pkg:${f.packageName}`,
    f.vulnerabilityId,
    f.scanner,
    f.installedVersion,
    f.fixedVersion ?? null,
    f.suppressed ? 'suppressed' : 'open',
    seenAt,
    seenAt,
    f.severity,
    f.cvssScore ?? null,
    f.title ?? null,
  ]);
  await insertMany(
    tx,
    'finding',
    [
      'device_id',
      'product_key',
      'cve_id',
      'source',
      'version',
      'fixed_in',
      'status',
      'first_detected',
      'last_detected',
      'scanner_severity',
      'scanner_cvss',
      'scanner_title',
    ],
    rows,
    `ON CONFLICT (device_id, product_key, cve_id, source) DO UPDATE SET version = excluded.version, fixed_in = excluded.fixed_in,
       status = excluded.status, fixed_at = NULL, last_detected = excluded.last_detected, scanner_severity = excluded.scanner_severity,
       scanner_cvss = excluded.scanner_cvss, scanner_title = excluded.scanner_title`
  );
  await tx.run(
    'CREATE TEMP TABLE IF NOT EXISTS report_finding_key (source TEXT NOT NULL, product_key TEXT NOT NULL, cve_id TEXT NOT NULL, PRIMARY KEY (source, product_key, cve_id))'
  );
  await tx.run('DELETE FROM report_finding_key');
  await insertMany(
    tx,
    'report_finding_key',
    ['source', 'product_key', 'cve_id'],
    rows.map((row) => [row[3], row[1], row[2]])
  );
  await tx.run(
    `UPDATE finding SET status = 'fixed', fixed_at = ? WHERE device_id = ? AND source <> 'nvd' AND status <> 'fixed'
       AND NOT EXISTS (SELECT 1 FROM report_finding_key k WHERE k.source = finding.source
         AND k.product_key = finding.product_key AND k.cve_id = finding.cve_id)`,
    [seenAt, r.id]
  );
}
