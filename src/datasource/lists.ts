import {
  type Column,
  DISTRIBUTION_COLUMNS,
  EXCEPTION_COLUMNS,
  MACHINE_COLUMNS,
  MACHINE_REF_COLUMNS,
  MACHINE_SOFTWARE_COLUMNS,
  RECOMMENDATION_COLUMNS,
  SOFTWARE_COLUMNS,
  TASK_COLUMNS,
  VULNERABILITY_COLUMNS,
} from './columns';
import { anyOf } from './odata';
import { splitList } from './interpolation';
import type { QueryOfType, QueryType, TvmQuery } from './types';

/** How a list query type reads its rows. */
export interface ListSpec<T extends QueryType = QueryType> {
  /** The endpoint, under /api. */
  path: (query: QueryOfType<T>) => string;
  columns: Column[];
  /** The frame's name. */
  name: string;
  /** Fields the search text is looked for in. */
  searchFields: string[];
  /** The typed options as OData conditions (lists the service filters). */
  filters?: (query: QueryOfType<T>) => Array<string | undefined>;
  /** The service's `$top` ceiling for this list. */
  pageMax?: number;
  /** The endpoint answers one entity, not `{ value: [...] }`: it is the only row. */
  entity?: boolean;
}

const id = (value: string) => encodeURIComponent(value);
const values = (text: string | undefined) => (text ? splitList(text) : undefined);

/**
 * Exposure levels as the service names them. Grafana interpolates `${__data.fields.level}` in a data link with
 * the displayed text, so a link from the "No data" slice or cell arrives as "No data", not "None".
 */
const exposureLevels = (text: string | undefined) =>
  values(text)?.map((level) => (/^no\s*data$/i.test(level.trim()) ? 'None' : level));

/** Lists the service filters, sorts and pages (OData). */
export const ODATA_LISTS: { [T in QueryType]?: ListSpec<T> } = {
  recommendations: {
    path: () => '/recommendations',
    columns: RECOMMENDATION_COLUMNS,
    name: 'Security recommendations',
    searchFields: ['recommendationName', 'productName'],
    filters: (q) => [
      anyOf('recommendationCategory', values(q.category)),
      anyOf('remediationType', values(q.remediationType)),
      anyOf('status', values(q.status)),
    ],
  },
  software: {
    path: () => '/Software',
    columns: SOFTWARE_COLUMNS,
    name: 'Software inventory',
    searchFields: ['displayName', 'name', 'vendor'],
    filters: (q) => [q.onlyVulnerable ? 'weaknesses gt 0' : undefined],
  },
  vulnerabilities: {
    path: () => '/vulnerabilities',
    columns: VULNERABILITY_COLUMNS,
    name: 'Weaknesses',
    searchFields: ['id', 'name', 'description'],
    filters: (q) => [
      anyOf('severity', values(q.severity)),
      q.knownExploitedOnly ? 'knownExploited eq true' : undefined,
    ],
    pageMax: 8000,
  },
  devices: {
    path: () => '/machines',
    columns: MACHINE_COLUMNS,
    name: 'Devices',
    searchFields: ['computerDnsName'],
    filters: (q) => [
      anyOf('exposureLevel', exposureLevels(q.exposureLevel)),
      anyOf('osPlatform', values(q.osPlatform)),
      // Defender's "exposed device": one with at least one open vulnerability.
      q.onlyExposed ? 'vulnerabilities gt 0' : undefined,
    ],
  },
  remediationActivities: {
    path: () => '/remediationTasks',
    columns: TASK_COLUMNS,
    name: 'Remediation activities',
    searchFields: ['title', 'relatedComponent'],
    filters: (q) => [anyOf('status', values(q.status))],
  },
  exceptions: {
    path: () => '/exceptions',
    columns: EXCEPTION_COLUMNS,
    name: 'Exceptions',
    searchFields: ['title'],
    filters: (q) => [anyOf('status', values(q.status))],
  },
};

/** Sub-resources the service returns whole: the data source searches, sorts and limits them. */
export const SUB_LISTS: { [T in QueryType]?: ListSpec<T> } = {
  recommendationDevices: {
    path: (q) => `/recommendations/${id(q.recommendationId)}/machineReferences`,
    columns: MACHINE_REF_COLUMNS,
    name: 'Exposed devices',
    searchFields: ['computerDnsName'],
  },
  recommendationVulnerabilities: {
    path: (q) => `/recommendations/${id(q.recommendationId)}/vulnerabilities`,
    columns: VULNERABILITY_COLUMNS,
    name: 'Weaknesses',
    searchFields: ['id', 'name', 'description'],
  },
  recommendationSoftware: {
    path: (q) => `/recommendations/${id(q.recommendationId)}/software`,
    columns: SOFTWARE_COLUMNS,
    name: 'Software',
    searchFields: ['displayName', 'name', 'vendor'],
    entity: true,
  },
  softwareVersions: {
    path: (q) => `/Software/${id(q.softwareId)}/distributions`,
    columns: DISTRIBUTION_COLUMNS,
    name: 'Installed versions',
    searchFields: ['version'],
  },
  softwareDevices: {
    path: (q) => `/Software/${id(q.softwareId)}/machineReferences`,
    columns: MACHINE_REF_COLUMNS,
    name: 'Installed devices',
    searchFields: ['computerDnsName'],
  },
  softwareVulnerabilities: {
    path: (q) => `/Software/${id(q.softwareId)}/vulnerabilities`,
    columns: VULNERABILITY_COLUMNS,
    name: 'Weaknesses',
    searchFields: ['id', 'name', 'description'],
  },
  vulnerabilityDevices: {
    path: (q) => `/vulnerabilities/${id(q.cveId)}/machineReferences`,
    columns: MACHINE_REF_COLUMNS,
    name: 'Exposed devices',
    searchFields: ['computerDnsName'],
  },
  deviceSoftware: {
    path: (q) => `/machines/${id(q.deviceId)}/software`,
    columns: MACHINE_SOFTWARE_COLUMNS,
    name: 'Installed software',
    searchFields: ['displayName', 'name', 'vendor'],
  },
  deviceVulnerabilities: {
    path: (q) => `/machines/${id(q.deviceId)}/vulnerabilities`,
    columns: VULNERABILITY_COLUMNS,
    name: 'Weaknesses',
    searchFields: ['id', 'name', 'description'],
  },
  deviceRecommendations: {
    path: (q) => `/machines/${id(q.deviceId)}/recommendations`,
    columns: RECOMMENDATION_COLUMNS,
    name: 'Security recommendations',
    searchFields: ['recommendationName', 'productName'],
  },
};

export function listSpec(query: TvmQuery): { spec: ListSpec; odata: boolean } | undefined {
  const odata = ODATA_LISTS[query.queryType] as ListSpec | undefined;
  if (odata) {
    return { spec: odata, odata: true };
  }
  const sub = SUB_LISTS[query.queryType] as ListSpec | undefined;
  return sub ? { spec: sub, odata: false } : undefined;
}

/** The columns of a query type's rows (for the editor's sort field), or none for frames that are not lists. */
export function listColumns(queryType: QueryType): string[] {
  const spec = (ODATA_LISTS[queryType] ?? SUB_LISTS[queryType]) as ListSpec | undefined;
  return spec ? spec.columns.map((c) => c.name) : [];
}

type Row = Record<string, unknown>;

/** Search, sort and limit rows on this side, for the sub-resources. */
export function refineRows(
  rows: Row[],
  options: { searchFields: string[]; search?: string; orderBy?: string; direction?: 'asc' | 'desc' }
): Row[] {
  const needle = options.search?.trim().toLowerCase();
  let out = needle
    ? rows.filter((r) =>
        options.searchFields.some((f) =>
          String(r[f] ?? '')
            .toLowerCase()
            .includes(needle)
        )
      )
    : [...rows];
  const key = options.orderBy;
  if (key) {
    const sign = options.direction === 'desc' ? -1 : 1;
    out = out.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      // Missing values last whatever the direction: a sorted table should not open on blanks.
      if (x === null || x === undefined) {
        return y === null || y === undefined ? 0 : 1;
      }
      if (y === null || y === undefined) {
        return -1;
      }
      if (typeof x === 'number' && typeof y === 'number') {
        return sign * (x - y);
      }
      return sign * String(x).localeCompare(String(y), undefined, { numeric: true, sensitivity: 'base' });
    });
  }
  return out;
}
