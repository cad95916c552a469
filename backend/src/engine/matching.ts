import { buildTargetCpe, parseCpe, type ParsedCpe } from '../domain/cpe';
import { criterionMatches, evaluateConfigurations } from '../domain/nvdMatch';
import type { Configuration, ProductIdentity } from '../domain/types';
import { insertMany, type Queryable, type SqlValue } from '../store/db';
import { candidateCves, type CandidateCve } from '../store/knowledgeRepo';

export interface SoftwareVersionRow {
  id: number;
  part: string;
  vendor: string;
  product: string;
  version: string;
  sw_edition: string;
  target_sw: string;
  update_: string;
}

export function identityOf(row: SoftwareVersionRow): ProductIdentity {
  return {
    part: row.part as ProductIdentity['part'],
    vendor: row.vendor,
    product: row.product,
    swEdition: row.sw_edition,
    targetSw: row.target_sw,
    update: row.update_,
  };
}

export function targetOf(row: SoftwareVersionRow): ParsedCpe {
  return buildTargetCpe(identityOf(row), row.version);
}

/** Every vulnerable criterion of the CVE that names this software version, AND configurations included. */
function vulnerableCriterionMatches(configurations: Configuration[], target: ParsedCpe) {
  for (const config of configurations) {
    for (const node of config.nodes) {
      for (const c of node.cpeMatch) {
        if (c.vulnerable && criterionMatches(c, target)) {
          return c;
        }
      }
    }
  }
  return null;
}

export interface VersionMatch {
  cveId: string;
  criteria: string;
  fixedIn: string | null;
  /** Only an AND configuration with a platform (an OS, another product) names it: decided per device. */
  needsPlatform: boolean;
}

/**
 * Matches one distinct software version against its candidate CVEs. A match that holds whatever the
 * device is (an OR configuration) is final here; one that needs a platform is kept as conditional and
 * decided per device by `platformMatches`.
 */
export function matchVersion(row: SoftwareVersionRow, candidates: readonly CandidateCve[]): VersionMatch[] {
  const target = targetOf(row);
  const out: VersionMatch[] = [];
  for (const cve of candidates) {
    const unconditional = evaluateConfigurations(cve.configurations, target, []);
    if (unconditional && !unconditional.viaPlatform) {
      out.push({
        cveId: cve.id,
        criteria: unconditional.criteria,
        fixedIn: unconditional.fixedIn ?? null,
        needsPlatform: false,
      });
      continue;
    }
    const c = vulnerableCriterionMatches(cve.configurations, target);
    if (c) {
      out.push({ cveId: cve.id, criteria: c.criteria, fixedIn: c.versionEndExcluding ?? null, needsPlatform: true });
    }
  }
  return out;
}

const SV_COLUMNS = 'id, part, vendor, product, version, sw_edition, target_sw, update_';

/**
 * Matches software versions against the knowledge: `ids` (e.g. the versions a report introduced), or
 * every version of the products the given CVEs name (after those CVEs changed). Replaces the stored
 * matches of exactly the (version, CVE) pairs it evaluated.
 */
export async function matchSoftwareVersions(
  tx: Queryable,
  scope: { softwareVersionIds: number[] } | { cveIds: string[] },
  now: string
): Promise<{ evaluated: number; matches: number }> {
  const candidateCache = new Map<string, CandidateCve[]>();
  const candidatesFor = async (vendor: string, product: string) => {
    const key = `${vendor}\u0000${product}`;
    let c = candidateCache.get(key);
    if (!c) {
      c = await candidateCves(tx, vendor, product);
      candidateCache.set(key, c);
    }
    return c;
  };

  let rows: SoftwareVersionRow[];
  let cveFilter: Set<string> | null = null;
  if ('softwareVersionIds' in scope) {
    rows = [];
    for (let i = 0; i < scope.softwareVersionIds.length; i += 500) {
      const ids = scope.softwareVersionIds.slice(i, i + 500);
      rows.push(
        ...(await tx.all<SoftwareVersionRow>(
          `SELECT ${SV_COLUMNS} FROM software_version WHERE id IN (${ids.map(() => '?').join(',')})`,
          ids
        ))
      );
    }
    if (rows.length > 0) {
      for (let i = 0; i < rows.length; i += 500) {
        const ids = rows.slice(i, i + 500).map((r) => r.id);
        await tx.run(
          `DELETE FROM software_version_cve WHERE software_version_id IN (${ids.map(() => '?').join(',')})`,
          ids
        );
      }
    }
  } else {
    if (scope.cveIds.length === 0) {
      return { evaluated: 0, matches: 0 };
    }
    cveFilter = new Set(scope.cveIds);
    rows = [];
    const seen = new Set<number>();
    for (let i = 0; i < scope.cveIds.length; i += 500) {
      const ids = scope.cveIds.slice(i, i + 500);
      const ph = ids.map(() => '?').join(',');
      await tx.run(`DELETE FROM software_version_cve WHERE cve_id IN (${ph})`, ids);
      const found = await tx.all<SoftwareVersionRow>(
        `SELECT DISTINCT ${SV_COLUMNS.split(', ')
          .map((c) => `sv.${c}`)
          .join(', ')} FROM software_version sv JOIN cve_product p ON p.vendor = sv.vendor AND p.product = sv.product
         WHERE p.cve_id IN (${ph})`,
        ids
      );
      for (const r of found) {
        if (!seen.has(r.id)) {
          seen.add(r.id);
          rows.push(r);
        }
      }
    }
  }

  const out: SqlValue[][] = [];
  for (const row of rows) {
    let candidates = await candidatesFor(row.vendor, row.product);
    if (cveFilter) {
      const filter = cveFilter;
      candidates = candidates.filter((c) => filter.has(c.id));
    }
    for (const m of matchVersion(row, candidates)) {
      out.push([row.id, m.cveId, m.criteria, m.fixedIn, m.needsPlatform ? 1 : 0]);
    }
  }
  await insertMany(
    tx,
    'software_version_cve',
    ['software_version_id', 'cve_id', 'criteria', 'fixed_in', 'needs_platform'],
    out,
    'ON CONFLICT DO NOTHING'
  );
  for (let i = 0; i < rows.length; i += 500) {
    const ids = rows.slice(i, i + 500).map((r) => r.id);
    await tx.run(`UPDATE software_version SET matched_at = ? WHERE id IN (${ids.map(() => '?').join(',')})`, [
      now,
      ...ids,
    ]);
  }
  return { evaluated: rows.length, matches: out.length };
}

/**
 * The CPEs that describe a device as a platform: its operating system, from the reported platform
 * name, as NVD's platform criteria name them. An unknown OS gives none (the matcher then cannot rule a
 * platform out).
 */
export function osPlatformCpes(osPlatform: string | null | undefined, osVersion?: string | null): ParsedCpe[] {
  const p = (osPlatform ?? '').toLowerCase();
  const cpes: string[] = [];
  if (p.startsWith('windows')) {
    cpes.push('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*');
    const m = /^windows(\d+)$/.exec(p.replace(/[^a-z0-9]/g, ''));
    if (m) {
      cpes.push(`cpe:2.3:o:microsoft:windows_${m[1]}:${osVersion ? escapeVersion(osVersion) : '-'}:*:*:*:*:*:*:*`);
    }
    if (p.includes('server')) {
      cpes.push('cpe:2.3:o:microsoft:windows_server:-:*:*:*:*:*:*:*');
    }
  } else if (p === 'macos' || p === 'mac os' || p === 'osx' || p === 'darwin' || p.startsWith('macos')) {
    cpes.push('cpe:2.3:o:apple:macos:-:*:*:*:*:*:*:*', 'cpe:2.3:o:apple:mac_os_x:-:*:*:*:*:*:*:*');
  } else if (p === 'linux' || p.length > 0) {
    cpes.push('cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*');
  }
  return cpes.map((c) => parseCpe(c)).filter((c): c is ParsedCpe => c !== null);
}

function escapeVersion(v: string): string {
  return v.replace(/[^A-Za-z0-9._-]/g, (ch) => `\\${ch}`);
}

/** Decides a conditional (AND-configuration) match for one device, given its platform CPEs. */
export function platformMatches(configurations: Configuration[], target: ParsedCpe, platform: ParsedCpe[]): boolean {
  return evaluateConfigurations(configurations, target, platform) !== null;
}
