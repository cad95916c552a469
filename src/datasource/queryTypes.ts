import { QUERY_TYPES, type QueryType, type TvmQuery } from './types';

/** The options a query type takes; the query editor shows exactly these. */
export type QueryOption =
  | 'deviceGroup'
  | 'scoreBreakdown'
  | 'secureBreakdown'
  | 'category'
  | 'remediationType'
  | 'recommendationStatus'
  | 'onlyVulnerable'
  | 'severity'
  | 'knownExploitedOnly'
  | 'exposureLevel'
  | 'osPlatform'
  | 'onlyExposed'
  | 'recommendationId'
  | 'softwareId'
  | 'cveId'
  | 'deviceId'
  | 'breakdownLevel'
  | 'taskStatus'
  | 'exceptionStatus'
  | 'eventTypes'
  | 'limit'
  | 'sort'
  | 'search'
  | 'filter'
  | 'dimension';

/** An id a query type cannot run without. */
export type RequiredId = 'recommendationId' | 'softwareId' | 'cveId' | 'deviceId';

export interface QueryTypeInfo {
  label: string;
  description: string;
  group: 'Scores' | 'Lists' | 'Details' | 'Remediation' | 'Timeline';
  options: readonly QueryOption[];
  required?: RequiredId;
  /**
   * A list the service filters, sorts and pages itself (OData `$filter`, `$orderby`, `$top`). The other lists are
   * small sub-resources the service returns whole; the data source sorts, searches and limits them.
   */
  odata?: boolean;
}

const LIST = ['limit', 'sort', 'search', 'filter'] as const;
const SUB_LIST = ['limit', 'sort', 'search'] as const;

export const QUERY_TYPE_INFO: Record<QueryType, QueryTypeInfo> = {
  exposureScore: {
    label: 'Exposure score',
    description: 'Current exposure score (0-100) of the organization, or one row per device group',
    group: 'Scores',
    options: ['deviceGroup', 'scoreBreakdown'],
  },
  exposureScoreHistory: {
    label: 'Exposure score history',
    description: 'Exposure score and devices per level over the dashboard time range',
    group: 'Scores',
    options: ['deviceGroup', 'scoreBreakdown'],
  },
  secureScore: {
    label: 'Secure score',
    description: 'Secure score for devices: points, maximum and percent, overall or per category',
    group: 'Scores',
    options: ['deviceGroup', 'secureBreakdown'],
  },
  secureScoreHistory: {
    label: 'Secure score history',
    description: 'Secure score over the dashboard time range',
    group: 'Scores',
    options: ['deviceGroup'],
  },
  exposureDistribution: {
    label: 'Device exposure distribution',
    description: 'Devices per exposure level (None, Low, Medium, High), for the organization or per device group',
    group: 'Scores',
    options: ['deviceGroup', 'scoreBreakdown'],
  },
  vulnerableDevicesReport: {
    label: 'Vulnerable devices report',
    description: 'Vulnerable devices by severity, exploitability or vulnerability age',
    group: 'Scores',
    options: ['deviceGroup', 'dimension'],
  },
  recommendations: {
    label: 'Security recommendations',
    description: 'Recommendations ordered by impact, with weaknesses, exposed devices and status',
    group: 'Lists',
    options: ['deviceGroup', 'category', 'remediationType', 'recommendationStatus', ...LIST],
    odata: true,
  },
  software: {
    label: 'Software inventory',
    description: 'Installed software products with weaknesses, exposed and installed devices',
    group: 'Lists',
    options: ['deviceGroup', 'onlyVulnerable', ...LIST],
    odata: true,
  },
  vulnerabilities: {
    label: 'Weaknesses',
    description: 'CVEs exposing devices, with CVSS, EPSS and known exploitation',
    group: 'Lists',
    options: ['deviceGroup', 'severity', 'knownExploitedOnly', ...LIST],
    odata: true,
  },
  devices: {
    label: 'Devices',
    description: 'Devices with exposure score and level, OS, group and open vulnerabilities',
    group: 'Lists',
    options: ['deviceGroup', 'exposureLevel', 'osPlatform', 'onlyExposed', ...LIST],
    odata: true,
  },
  recommendationDevices: {
    label: 'Recommendation: exposed devices',
    description: 'Devices a recommendation applies to',
    group: 'Details',
    options: ['deviceGroup', 'recommendationId', ...SUB_LIST],
    required: 'recommendationId',
  },
  recommendationVulnerabilities: {
    label: 'Recommendation: weaknesses',
    description: 'CVEs a software recommendation remediates (none for a configuration change)',
    group: 'Details',
    options: ['deviceGroup', 'recommendationId', ...SUB_LIST],
    required: 'recommendationId',
  },
  recommendationSoftware: {
    label: 'Recommendation: software',
    description: 'The product a software recommendation updates, one row (none for a configuration change)',
    group: 'Details',
    options: ['deviceGroup', 'recommendationId', ...SUB_LIST],
    required: 'recommendationId',
  },
  softwareVersions: {
    label: 'Software: versions',
    description: 'Installed versions of a product, with installations and vulnerabilities',
    group: 'Details',
    options: ['deviceGroup', 'softwareId', ...SUB_LIST],
    required: 'softwareId',
  },
  softwareDevices: {
    label: 'Software: installed devices',
    description: 'Devices that have a product installed',
    group: 'Details',
    options: ['deviceGroup', 'softwareId', ...SUB_LIST],
    required: 'softwareId',
  },
  softwareVulnerabilities: {
    label: 'Software: weaknesses',
    description: 'CVEs of a product',
    group: 'Details',
    options: ['deviceGroup', 'softwareId', ...SUB_LIST],
    required: 'softwareId',
  },
  vulnerabilityDevices: {
    label: 'CVE: exposed devices',
    description: 'Devices exposed to a CVE',
    group: 'Details',
    options: ['deviceGroup', 'cveId', ...SUB_LIST],
    required: 'cveId',
  },
  deviceSoftware: {
    label: 'Device: installed software',
    description: 'Software installed on a device, with its weaknesses',
    group: 'Details',
    options: ['deviceId', ...SUB_LIST],
    required: 'deviceId',
  },
  deviceVulnerabilities: {
    label: 'Device: weaknesses',
    description: 'Open CVEs on a device',
    group: 'Details',
    options: ['deviceId', ...SUB_LIST],
    required: 'deviceId',
  },
  deviceRecommendations: {
    label: 'Device: recommendations',
    description: 'Recommendations that apply to a device',
    group: 'Details',
    options: ['deviceId', ...SUB_LIST],
    required: 'deviceId',
  },
  deviceExposureBreakdown: {
    label: 'Device: exposure breakdown',
    description: "Why a device scores what it scores: each product's or finding's contribution",
    group: 'Details',
    options: ['deviceId', 'breakdownLevel'],
    required: 'deviceId',
  },
  remediationActivities: {
    label: 'Remediation activities',
    description: 'Remediation activities with due date, priority, status and progress',
    group: 'Remediation',
    options: ['deviceGroup', 'taskStatus', ...LIST],
    odata: true,
  },
  remediationSla: {
    label: 'Remediation SLA',
    description: 'Activities past due and due soon, completions per week, mean time to remediate',
    group: 'Remediation',
    options: ['deviceGroup'],
  },
  exceptions: {
    label: 'Exceptions',
    description: 'Exceptions for recommendations and CVEs, with justification, scope and expiry',
    group: 'Remediation',
    options: ['deviceGroup', 'exceptionStatus', ...LIST],
    odata: true,
  },
  events: {
    label: 'Events',
    description: 'The event timeline inside the dashboard time range (new CVEs, known exploitation, score changes …)',
    group: 'Timeline',
    options: ['eventTypes', 'limit'],
  },
};

export function isQueryType(value: unknown): value is QueryType {
  return typeof value === 'string' && (QUERY_TYPES as readonly string[]).includes(value);
}

export function takesOption(queryType: QueryType, option: QueryOption): boolean {
  return QUERY_TYPE_INFO[queryType].options.includes(option);
}

/** Rows a list returns when the query sets no limit, and the most it may ask for. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10000;

export const REQUIRED_LABEL: Record<RequiredId, string> = {
  recommendationId: 'a recommendation id',
  softwareId: 'a software id',
  cveId: 'a CVE id',
  deviceId: 'a device id',
};

/**
 * What keeps a query from running, in words for the query editor; undefined when it can run.
 * Template variables count as values: they are checked once interpolated.
 */
export function queryProblem(query: Partial<TvmQuery> | undefined): string | undefined {
  if (!query || !isQueryType(query.queryType)) {
    return 'Choose a query type.';
  }
  const info = QUERY_TYPE_INFO[query.queryType];
  const values = query as Record<string, unknown>;
  if (info.required) {
    const id = values[info.required];
    if (typeof id !== 'string' || id.trim() === '') {
      return `Enter ${REQUIRED_LABEL[info.required]} (or a variable such as $${variableHint(info.required)}).`;
    }
  }
  const limit = values.limit;
  if (
    limit !== undefined &&
    limit !== null &&
    (!Number.isInteger(limit) || Number(limit) < 1 || Number(limit) > MAX_LIMIT)
  ) {
    return `The limit must be a whole number from 1 to ${MAX_LIMIT.toLocaleString('en-US')}.`;
  }
  const direction = values.orderDirection;
  if (direction !== undefined && direction !== 'asc' && direction !== 'desc') {
    return 'The sort direction must be ascending or descending.';
  }
  return undefined;
}

export function isValid(query: Partial<TvmQuery> | undefined): query is TvmQuery {
  return queryProblem(query) === undefined;
}

function variableHint(id: RequiredId): string {
  return { recommendationId: 'recommendation', softwareId: 'software', cveId: 'cve', deviceId: 'device' }[id];
}
