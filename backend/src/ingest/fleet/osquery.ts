import { identifySoftware, identityToCpe, type CpeRuleSet } from '../../domain/normalizer';
import type { DeviceReport, SoftwareItem } from '../deviceReport';
import {
  clip,
  defaultReportId,
  ImportFormatError,
  type ImportOptions,
  isObject,
  isoDate,
  type JsonObject,
  osPlatformOf,
  SoftwareList,
  str,
  usableVersion,
} from './common';

/**
 * osquery installed-software results → a native device report.
 *
 * Accepted shapes (values are strings, unknown columns are ignored):
 * - rows: `osqueryi --json` output (an array of rows) or `{ rows: [...] }`;
 * - osqueryd result logs, one JSON object per line (or already parsed, one object or an array):
 *   differential `{name, hostIdentifier, unixTime, columns, action: added|removed}`,
 *   snapshot `{name, hostIdentifier, unixTime, snapshot: [...]}` and batch `{diffResults: {added, removed}}`.
 *   Events are applied in order per query name (a snapshot replaces that query's rows), so a log
 *   replayed from its start gives the current inventory.
 *
 * Tables: `programs` (Windows), `deb_packages`, `rpm_packages`, `apps` (macOS), recognised by their
 * columns or forced with `table`. `os_version` and `system_info` rows, when present, give the OS and
 * the host name. With `rules`, each row is identified while its osquery context (table, publisher,
 * bundle id) is at hand: identified items carry the CPE vendor/product and a CPE with the version NVD
 * uses; others keep their raw name and stay "not supported" downstream.
 */

export const OSQUERY_SOFTWARE_TABLES = ['programs', 'deb_packages', 'rpm_packages', 'apps'] as const;
export type OsquerySoftwareTable = (typeof OSQUERY_SOFTWARE_TABLES)[number];
export type OsqueryTable = OsquerySoftwareTable | 'os_version' | 'system_info';

export interface OsqueryImportOptions extends ImportOptions {
  /** Force the table of rows whose columns do not say it. */
  table?: OsquerySoftwareTable;
  /** Name→CPE rules; without them items are left raw for the engine to identify. */
  rules?: CpeRuleSet;
  /** Linux distro for package URLs, e.g. "ubuntu-18.04" or "centos-6" (else from os_version rows). */
  distro?: string;
}

type Row = Record<string, string>;

/** Which osquery table a row comes from, from its columns; null if it cannot tell. */
export function detectOsqueryTable(row: Record<string, unknown>): OsqueryTable | null {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(row, k);
  if (has('bundle_identifier') || has('bundle_short_version') || has('bundle_executable')) {
    return 'apps';
  }
  if (has('release') && (has('epoch') || has('sha1') || has('package_group') || has('install_time'))) {
    return 'rpm_packages';
  }
  if (has('maintainer') || has('admindir') || (has('revision') && has('status'))) {
    return 'deb_packages';
  }
  if (has('publisher') || has('identifying_number') || has('uninstall_string') || has('install_location')) {
    return 'programs';
  }
  if (has('platform') && (has('major') || has('codename') || has('platform_like')) && has('name')) {
    return 'os_version';
  }
  if (has('hostname') && (has('uuid') || has('cpu_brand') || has('computer_name'))) {
    return 'system_info';
  }
  return null;
}

interface ResultEvent {
  query: string;
  kind: 'snapshot' | 'added' | 'removed';
  rows: Row[];
  where: string;
  host?: string;
  time?: string;
  hostname?: string;
}

function toRow(v: unknown, where: string): Row {
  if (!isObject(v)) {
    throw new ImportFormatError('a row must be an object of column values', where);
  }
  const row: Row = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') {
      row[k] = val;
    } else if (typeof val === 'number' || typeof val === 'boolean') {
      row[k] = String(val);
    }
  }
  return row;
}

function rowsOf(v: unknown, where: string): Row[] {
  if (!Array.isArray(v)) {
    throw new ImportFormatError('must be an array of rows', where);
  }
  return v.map((r, i) => toRow(r, `${where}[${i}]`));
}

function isLogLine(v: unknown): boolean {
  return isObject(v) && ('columns' in v || 'snapshot' in v || 'diffResults' in v);
}

function logEvents(line: JsonObject, where: string): ResultEvent[] {
  const query = str(line.name) ?? '(unnamed query)';
  const base = {
    query,
    where,
    host: str(line.hostIdentifier),
    time: isoDate(line.unixTime) ?? isoDate(line.calendarTime),
    hostname: isObject(line.decorations) ? str(line.decorations.hostname) : undefined,
  };
  if ('snapshot' in line) {
    return [{ ...base, kind: 'snapshot', rows: rowsOf(line.snapshot, `${where}.snapshot`) }];
  }
  if ('diffResults' in line) {
    const d = line.diffResults;
    if (!isObject(d)) {
      throw new ImportFormatError('diffResults must be an object {added, removed}', where);
    }
    return [
      {
        ...base,
        kind: 'removed',
        rows: d.removed === undefined ? [] : rowsOf(d.removed, `${where}.diffResults.removed`),
      },
      { ...base, kind: 'added', rows: d.added === undefined ? [] : rowsOf(d.added, `${where}.diffResults.added`) },
    ];
  }
  const action = str(line.action) ?? 'added';
  if (action !== 'added' && action !== 'removed' && action !== 'snapshot') {
    throw new ImportFormatError(`unknown action "${action}" (expected added, removed or snapshot)`, where);
  }
  const row = toRow(line.columns, `${where}.columns`);
  return [{ ...base, kind: action === 'removed' ? 'removed' : 'added', rows: [row] }];
}

/** Turns any accepted input shape into ordered result events. */
export function osqueryEvents(input: unknown): ResultEvent[] {
  if (typeof input === 'string') {
    const text = input.trim();
    if (!text) {
      throw new ImportFormatError('osquery input is empty');
    }
    let whole: unknown;
    let parsedWhole = false;
    try {
      whole = JSON.parse(text);
      parsedWhole = true;
    } catch {
      // not one JSON document: newline-delimited log lines
    }
    if (parsedWhole) {
      return isLogLine(whole) ? logEvents(whole as JsonObject, 'line 1') : osqueryEvents(whole);
    }
    const events: ResultEvent[] = [];
    text.split(/\r?\n/).forEach((l, i) => {
      const line = l.trim();
      if (!line) {
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (e) {
        throw new ImportFormatError(`invalid JSON (${(e as Error).message})`, `line ${i + 1}`);
      }
      if (!isLogLine(parsed)) {
        throw new ImportFormatError(
          'not an osquery result log line (expected columns, snapshot or diffResults)',
          `line ${i + 1}`
        );
      }
      events.push(...logEvents(parsed as JsonObject, `line ${i + 1}`));
    });
    return events;
  }
  if (Array.isArray(input)) {
    if (input.length > 0 && input.every(isLogLine)) {
      return input.flatMap((l, i) => logEvents(l as JsonObject, `[${i}]`));
    }
    return [{ query: '(rows)', kind: 'snapshot', rows: rowsOf(input, 'rows'), where: 'rows' }];
  }
  if (isObject(input)) {
    if (isLogLine(input)) {
      return logEvents(input, '(result)');
    }
    if ('rows' in input) {
      return [{ query: '(rows)', kind: 'snapshot', rows: rowsOf(input.rows, 'rows'), where: 'rows' }];
    }
  }
  throw new ImportFormatError(
    'not osquery results: expected an array of rows, {rows: [...]}, or result log lines with columns/snapshot/diffResults'
  );
}

function rowKey(row: Row): string {
  return JSON.stringify(
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k]])
  );
}

/** dpkg status "want flag status": packages removed with their config kept are not installed. */
function debInstalled(status: string | undefined): boolean {
  if (!status) {
    return true;
  }
  const state = status.trim().split(/\s+/).pop() ?? '';
  return state !== 'config-files' && state !== 'not-installed';
}

function rpmVersion(row: Row): string {
  const epoch = str(row.epoch);
  const version = str(row.version) ?? '';
  const release = str(row.release);
  const e = epoch && epoch !== '0' && epoch !== '(none)' ? `${epoch}:` : '';
  return `${e}${version}${release ? `-${release}` : ''}`;
}

function distroPurl(table: 'deb_packages' | 'rpm_packages', row: Row, distro: string | undefined): string | undefined {
  if (!distro) {
    return undefined;
  }
  const ns = distro.split('-')[0].toLowerCase();
  const name = str(row.name);
  if (!ns || !name) {
    return undefined;
  }
  let epoch: string | undefined;
  let version: string;
  if (table === 'rpm_packages') {
    const e = str(row.epoch);
    epoch = e && e !== '0' && e !== '(none)' ? e : undefined;
    const release = str(row.release);
    version = `${str(row.version) ?? ''}${release ? `-${release}` : ''}`;
  } else {
    const full = str(row.version) ?? '';
    const m = /^(\d+):(.*)$/.exec(full);
    epoch = m ? m[1] : undefined;
    version = m ? m[2] : full;
  }
  if (!version) {
    return undefined;
  }
  const q = [`arch=${encodeURIComponent(str(row.arch) ?? '')}`];
  if (epoch) {
    q.push(`epoch=${epoch}`);
  }
  q.push(`distro=${encodeURIComponent(distro)}`);
  const type = table === 'rpm_packages' ? 'rpm' : 'deb';
  return `pkg:${type}/${encodeURIComponent(ns)}/${encodeURIComponent(name)}@${encodeURIComponent(version)}?${q.join('&')}`;
}

interface RawItem {
  item: SoftwareItem;
  bundleId?: string;
}

function rowToItem(table: OsquerySoftwareTable, row: Row, where: string, distro: string | undefined): RawItem | null {
  const rawName = str(row.name);
  if (!rawName) {
    throw new ImportFormatError('name missing', where);
  }
  switch (table) {
    case 'programs':
      return {
        item: {
          name: rawName,
          version: str(row.version) ?? '',
          publisher: str(row.publisher),
          source: 'programs',
        },
      };
    case 'deb_packages':
      if (!debInstalled(row.status)) {
        return null;
      }
      return {
        item: {
          name: rawName,
          version: str(row.version) ?? '',
          arch: str(row.arch),
          purl: distroPurl('deb_packages', row, distro),
          source: 'deb_packages',
        },
      };
    case 'rpm_packages':
      return {
        item: {
          name: rawName,
          version: rpmVersion(row),
          arch: str(row.arch),
          purl: distroPurl('rpm_packages', row, distro),
          source: 'rpm_packages',
        },
      };
    case 'apps': {
      const name = rawName.replace(/\.app$/i, '') || rawName;
      const display = str(row.display_name) ?? str(row.bundle_name);
      return {
        item: {
          name,
          displayName: display && display !== name ? display : undefined,
          version: str(row.bundle_short_version) ?? str(row.bundle_version) ?? '',
          source: 'apps',
        },
        bundleId: str(row.bundle_identifier),
      };
    }
  }
}

function finishItem(raw: RawItem, rules: CpeRuleSet | undefined): SoftwareItem {
  const it = raw.item;
  const base: SoftwareItem = {
    name: clip(it.name, 512)!,
    version: it.version,
    source: it.source,
  };
  const publisher = clip(it.publisher, 512);
  if (publisher) {
    base.publisher = publisher;
  }
  const arch = clip(it.arch, 64);
  if (arch) {
    base.arch = arch;
  }
  if (it.purl) {
    base.purl = it.purl;
  }
  const display = clip(it.displayName, 512);
  if (display) {
    base.displayName = display;
  }
  if (!rules) {
    return base;
  }
  const r = identifySoftware({ ...it, bundleId: raw.bundleId }, rules);
  if ('unsupported' in r) {
    return base;
  }
  const id = r.identity;
  const out: SoftwareItem = {
    ...base,
    vendor: clip(id.vendor, 128),
    name: clip(id.product, 512)!,
    displayName: clip(it.displayName ?? it.name, 512),
    cpe: identityToCpe(id, r.version),
  };
  if (id.swEdition) {
    out.edition = clip(id.swEdition, 64);
  }
  return out;
}

function osFromVersionRow(row: Row): { osPlatform?: string; osVersion?: string; distro?: string } {
  const platform = (str(row.platform) ?? '').toLowerCase();
  const name = str(row.name);
  const version = str(row.version);
  if (platform === 'windows') {
    const m = /Windows (Server )?(\d+)/i.exec(name ?? '');
    const osPlatform = m ? `Windows${m[1] ? 'Server' : ''}${m[2]}` : 'Windows';
    return { osPlatform, osVersion: clip(version ?? name, 128) };
  }
  if (platform === 'darwin') {
    return { osPlatform: 'macOS', osVersion: clip(version, 128) };
  }
  const linuxish =
    osPlatformOf(platform) ?? osPlatformOf(str(row.platform_like)?.split(/\s+/)[0]) ?? (platform ? 'Linux' : undefined);
  const numeric = /^\d+(\.\d+)*/.exec(version ?? '')?.[0];
  return {
    osPlatform: linuxish,
    osVersion: clip([platform || name, version].filter(Boolean).join(' '), 128),
    distro: platform && numeric ? `${platform}-${numeric}` : undefined,
  };
}

/** osquery results (see module doc) → a device report (validated shape; run deviceReportSchema to be sure). */
export function osqueryToDeviceReport(input: unknown, opts: OsqueryImportOptions = {}): DeviceReport {
  const events = osqueryEvents(input);
  const state = new Map<string, Map<string, Row>>();
  const wheres = new Map<string, string>();
  const hosts = new Set<string>();
  let lastSeen: string | undefined;
  let decoratedHostname: string | undefined;

  for (const ev of events) {
    if (ev.host) {
      hosts.add(ev.host);
    }
    if (ev.time && (!lastSeen || ev.time > lastSeen)) {
      lastSeen = ev.time;
    }
    decoratedHostname ??= ev.hostname;
    let rows = state.get(ev.query);
    if (!rows || ev.kind === 'snapshot') {
      rows = new Map();
      state.set(ev.query, rows);
      wheres.set(ev.query, ev.where);
    }
    for (const row of ev.rows) {
      if (ev.kind === 'removed') {
        rows.delete(rowKey(row));
      } else {
        rows.set(rowKey(row), row);
      }
    }
  }
  if (hosts.size > 1) {
    throw new ImportFormatError(
      `results of ${hosts.size} hosts (${[...hosts].slice(0, 5).join(', ')}): a device report holds one host; split the log by hostIdentifier`
    );
  }

  let os: ReturnType<typeof osFromVersionRow> = {};
  let hostname: string | undefined;
  const tables: Array<{ query: string; table: OsquerySoftwareTable; rows: Row[] }> = [];
  const unknownQueries: string[] = [];
  for (const [query, rowMap] of state) {
    const rows = [...rowMap.values()];
    if (!rows.length) {
      continue;
    }
    const detected = detectOsqueryTable(rows[0]);
    if (detected === 'os_version') {
      os = osFromVersionRow(rows[0]);
      continue;
    }
    if (detected === 'system_info') {
      hostname = str(rows[0].hostname);
      continue;
    }
    const table = opts.table ?? detected;
    if (!table) {
      unknownQueries.push(`${query} (columns: ${Object.keys(rows[0]).slice(0, 8).join(', ')})`);
      continue;
    }
    tables.push({ query, table, rows });
  }
  if (unknownQueries.length) {
    const msg = `cannot tell the osquery table of ${unknownQueries.join('; ')}: pass the table option (programs, deb_packages, rpm_packages, apps)`;
    if (!tables.length) {
      throw new ImportFormatError(msg);
    }
    opts.onWarning?.(`${msg}; those rows were left out`);
  }

  const host = [...hosts][0];
  const deviceId = opts.deviceId ?? opts.deviceName ?? host ?? hostname;
  if (!deviceId) {
    throw new ImportFormatError('no device id: the rows carry no hostIdentifier; pass deviceName (or deviceId)');
  }
  const distro = opts.distro ?? os.distro;
  const software = new SoftwareList();
  for (const t of tables) {
    const where = wheres.get(t.query) ?? 'rows';
    t.rows.forEach((row, i) => {
      const at = `${where}[${i}]`;
      const raw = rowToItem(t.table, row, at, distro);
      if (!raw) {
        return;
      }
      const version = usableVersion(raw.item.version);
      if (version === null) {
        opts.onWarning?.(`${at}: version of "${raw.item.name}" is not a usable version string; row left out`);
        return;
      }
      raw.item.version = version;
      software.add(finishItem(raw, opts.rules));
    });
  }

  const report: DeviceReport = {
    reportId: opts.reportId ?? defaultReportId('osquery', input, deviceId),
    id: deviceId,
    machineTags: [],
    software: software.items,
  };
  const dns = clip(
    opts.deviceName ?? hostname ?? decoratedHostname ?? (host && !/^[0-9a-f-]{32,36}$/i.test(host) ? host : undefined),
    253
  );
  if (dns) {
    report.computerDnsName = dns;
  }
  const platform = opts.osPlatform ?? os.osPlatform ?? platformOfTables(tables.map((t) => t.table));
  if (platform) {
    report.osPlatform = platform;
  }
  if (os.osVersion) {
    report.osVersion = os.osVersion;
  }
  if (lastSeen) {
    report.lastSeen = lastSeen;
  }
  if (opts.rbacGroupName) {
    report.rbacGroupName = opts.rbacGroupName;
  }
  return report;
}

function platformOfTables(tables: OsquerySoftwareTable[]): string | undefined {
  if (tables.includes('programs')) {
    return 'Windows';
  }
  if (tables.includes('apps')) {
    return 'macOS';
  }
  if (tables.includes('deb_packages') || tables.includes('rpm_packages')) {
    return 'Linux';
  }
  return undefined;
}
