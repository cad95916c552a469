import type { ParsedCpe } from '../domain/cpe';
import type { Configuration } from '../domain/types';
import { insertMany, type Queryable, type SqlValue } from '../store/db';
import { osPlatformCpes, platformMatches, targetOf, type SoftwareVersionRow } from './matching';

export interface FindingSyncResult {
  opened: number;
  closed: number;
}

/**
 * Brings the NVD findings of the devices in scope (all devices when `deviceIds` is null) in line
 * with what they have installed and what the knowledge says, set-based:
 * desired = installed software ⋈ matched CVEs (+ the AND-configuration matches their platform allows);
 * new desired rows open (or reopen) a finding, open findings no longer desired are closed as fixed.
 */
/** Fills the temporary `scope_device` table that scoped statements join or filter on. */
export async function setDeviceScope(tx: Queryable, deviceIds: readonly string[]): Promise<void> {
  await tx.run('CREATE TEMP TABLE IF NOT EXISTS scope_device (id TEXT PRIMARY KEY)');
  await tx.run('DELETE FROM scope_device');
  await insertMany(
    tx,
    'scope_device',
    ['id'],
    deviceIds.map((id) => [id]),
    'ON CONFLICT DO NOTHING'
  );
}

export async function syncFindings(
  tx: Queryable,
  deviceIds: readonly string[] | null,
  now: string
): Promise<FindingSyncResult> {
  await tx.run(
    'CREATE TEMP TABLE IF NOT EXISTS desired_finding (device_id TEXT NOT NULL, product_key TEXT NOT NULL, cve_id TEXT NOT NULL, version TEXT NOT NULL, fixed_in TEXT, PRIMARY KEY (device_id, product_key, cve_id))'
  );
  await tx.run('DELETE FROM desired_finding');
  if (deviceIds) {
    if (deviceIds.length === 0) {
      return { opened: 0, closed: 0 };
    }
    await setDeviceScope(tx, deviceIds);
  }
  const inScope = deviceIds ? 'AND ds.device_id IN (SELECT id FROM scope_device)' : '';

  await tx.run(
    `INSERT INTO desired_finding (device_id, product_key, cve_id, version, fixed_in)
     SELECT ds.device_id, ds.product_key, m.cve_id, MAX(ds.version), MAX(m.fixed_in)
     FROM device_software ds JOIN software_version_cve m ON m.software_version_id = ds.software_version_id
     WHERE ds.uninstalled_at IS NULL AND m.needs_platform = 0 ${inScope}
     GROUP BY ds.device_id, ds.product_key, m.cve_id`
  );
  await addPlatformMatches(tx, inScope);

  const opened = await tx.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM desired_finding d WHERE NOT EXISTS (
       SELECT 1 FROM finding f WHERE f.device_id = d.device_id AND f.product_key = d.product_key AND f.cve_id = d.cve_id
         AND f.source = 'nvd' AND f.status = 'open')`
  );
  await tx.run(
    `INSERT INTO finding (device_id, product_key, cve_id, source, version, fixed_in, status, first_detected, last_detected)
     SELECT device_id, product_key, cve_id, 'nvd', version, fixed_in, 'open', ?, ? FROM desired_finding WHERE 1 = 1
     ON CONFLICT (device_id, product_key, cve_id, source) DO UPDATE SET
       version = excluded.version, fixed_in = excluded.fixed_in, status = 'open', fixed_at = NULL,
       last_detected = excluded.last_detected`,
    [now, now]
  );
  // Scoped, the scope drives the loop (by primary key) instead of a scan of every open finding.
  const stale = deviceIds
    ? `(device_id, product_key, cve_id, source) IN (SELECT f.device_id, f.product_key, f.cve_id, f.source
         FROM scope_device s CROSS JOIN finding f WHERE f.device_id = s.id AND f.source = 'nvd' AND f.status = 'open'
           AND NOT EXISTS (SELECT 1 FROM desired_finding d WHERE d.device_id = f.device_id
             AND d.product_key = f.product_key AND d.cve_id = f.cve_id))`
    : `source = 'nvd' AND status = 'open' AND NOT EXISTS (SELECT 1 FROM desired_finding d WHERE d.device_id = finding.device_id
         AND d.product_key = finding.product_key AND d.cve_id = finding.cve_id)`;
  const closed = await tx.run(`UPDATE finding SET status = 'fixed', fixed_at = ? WHERE ${stale}`, [now]);
  return { opened: Number(opened?.n ?? 0), closed: closed.changes };
}

/** AND-configuration matches, decided per device against its OS and its other installed products. */
async function addPlatformMatches(tx: Queryable, inScope: string): Promise<void> {
  const rows = await tx.all<
    SoftwareVersionRow & {
      device_id: string;
      product_key: string;
      dev_version: string;
      cve_id: string;
      fixed_in: string | null;
    }
  >(
    `SELECT ds.device_id, ds.product_key, ds.version AS dev_version, m.cve_id, m.fixed_in,
            sv.id, sv.part, sv.vendor, sv.product, sv.version, sv.sw_edition, sv.target_sw, sv.update_
     FROM device_software ds JOIN software_version_cve m ON m.software_version_id = ds.software_version_id
     JOIN software_version sv ON sv.id = ds.software_version_id
     WHERE ds.uninstalled_at IS NULL AND m.needs_platform = 1 ${inScope}
     ORDER BY ds.device_id`
  );
  if (rows.length === 0) {
    return;
  }
  const configCache = new Map<string, Configuration[]>();
  const platformCache = new Map<string, ParsedCpe[]>();
  const out: SqlValue[][] = [];
  for (const r of rows) {
    let configs = configCache.get(r.cve_id);
    if (!configs) {
      const c = await tx.get<{ configurations: string }>('SELECT configurations FROM cve WHERE id = ?', [r.cve_id]);
      configs = c ? (JSON.parse(c.configurations) as Configuration[]) : [];
      configCache.set(r.cve_id, configs);
    }
    let platform = platformCache.get(r.device_id);
    if (!platform) {
      platform = await devicePlatform(tx, r.device_id);
      platformCache.set(r.device_id, platform);
    }
    if (platformMatches(configs, targetOf(r), platform)) {
      out.push([r.device_id, r.product_key, r.cve_id, r.dev_version, r.fixed_in]);
    }
  }
  await insertMany(
    tx,
    'desired_finding',
    ['device_id', 'product_key', 'cve_id', 'version', 'fixed_in'],
    out,
    'ON CONFLICT DO NOTHING'
  );
}

async function devicePlatform(tx: Queryable, deviceId: string): Promise<ParsedCpe[]> {
  const device = await tx.get<{ os_platform: string | null; os_version: string | null }>(
    'SELECT os_platform, os_version FROM device WHERE id = ?',
    [deviceId]
  );
  const installed = await tx.all<SoftwareVersionRow>(
    `SELECT sv.id, sv.part, sv.vendor, sv.product, sv.version, sv.sw_edition, sv.target_sw, sv.update_
     FROM device_software ds JOIN software_version sv ON sv.id = ds.software_version_id
     WHERE ds.device_id = ? AND ds.uninstalled_at IS NULL`,
    [deviceId]
  );
  return [...osPlatformCpes(device?.os_platform, device?.os_version), ...installed.map(targetOf)];
}
