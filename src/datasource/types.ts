import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/**
 * The TVM query model: one discriminated union on `queryType`, one member per dataset of the service.
 * Every string field may hold template variables (`$group`, `${device}`); the data source interpolates
 * them, multi-value ones as comma-separated lists.
 */
export const QUERY_TYPES = [
  'exposureScore',
  'exposureScoreHistory',
  'secureScore',
  'secureScoreHistory',
  'exposureDistribution',
  'recommendations',
  'recommendationDevices',
  'recommendationVulnerabilities',
  'recommendationSoftware',
  'software',
  'softwareVersions',
  'softwareDevices',
  'softwareVulnerabilities',
  'vulnerabilities',
  'vulnerabilityDevices',
  'devices',
  'deviceSoftware',
  'deviceVulnerabilities',
  'deviceRecommendations',
  'deviceExposureBreakdown',
  'remediationActivities',
  'remediationSla',
  'exceptions',
  'events',
  'vulnerableDevicesReport',
] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

export const EXPOSURE_LEVELS = ['None', 'Low', 'Medium', 'High'] as const;
export type ExposureLevel = (typeof EXPOSURE_LEVELS)[number];

export const SEVERITIES = ['Critical', 'High', 'Medium', 'Low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RECOMMENDATION_CATEGORIES = ['Application', 'OS', 'Network', 'Accounts', 'SecurityControls'] as const;
export type RecommendationCategory = (typeof RECOMMENDATION_CATEGORIES)[number];

export const REMEDIATION_TYPES = ['ConfigurationChange', 'Update', 'Upgrade', 'Uninstall'] as const;
export type RemediationType = (typeof REMEDIATION_TYPES)[number];

export const EVENT_TYPES = [
  'NewVulnerability',
  'KnownExploited',
  'EpssIncrease',
  'NewConfigurationAssessment',
  'ExposureScoreChange',
  'RemediationCompleted',
  'ExceptionExpired',
  'ExceptionResurfaced',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const REPORT_DIMENSIONS = ['severity', 'exploitability', 'age'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** Fields every query has. */
export interface TvmQueryCommon extends DataQuery {
  /** Device groups to scope to (`rbacGroupName`); a variable such as `$group`; empty or "All" = every group. */
  deviceGroup?: string;
}

/** List options for the query types that return rows. */
export interface ListOptions {
  /** Rows to return (`$top`); the data source applies a default of 100 and a ceiling of 10,000. */
  limit?: number;
  /** Field to sort by (`$orderby`), one of the frame's field names. */
  orderBy?: string;
  orderDirection?: 'asc' | 'desc';
  /** An OData `$filter` expression added to the filters the other options produce. */
  filter?: string;
  /** Case-insensitive text to look for in the row's name (`contains(name, …)`). */
  search?: string;
}

type Query<T extends QueryType, Extra = {}> = TvmQueryCommon & { queryType: T } & Extra;

export type ExposureScoreQuery = Query<'exposureScore', { breakdown?: 'organization' | 'deviceGroup' }>;
export type ExposureScoreHistoryQuery = Query<'exposureScoreHistory', { breakdown?: 'organization' | 'deviceGroup' }>;
export type SecureScoreQuery = Query<'secureScore', { breakdown?: 'overall' | 'category' }>;
export type SecureScoreHistoryQuery = Query<'secureScoreHistory'>;
export type ExposureDistributionQuery = Query<'exposureDistribution', { breakdown?: 'organization' | 'deviceGroup' }>;
export type RecommendationsQuery = Query<
  'recommendations',
  ListOptions & {
    category?: string;
    remediationType?: string;
    status?: 'Active' | 'Exception' | '';
  }
>;
export type RecommendationDevicesQuery = Query<'recommendationDevices', ListOptions & { recommendationId: string }>;
export type RecommendationVulnerabilitiesQuery = Query<
  'recommendationVulnerabilities',
  ListOptions & { recommendationId: string }
>;
/** The product a software recommendation updates: one row, none for a configuration change. */
export type RecommendationSoftwareQuery = Query<'recommendationSoftware', ListOptions & { recommendationId: string }>;
export type SoftwareQuery = Query<'software', ListOptions & { onlyVulnerable?: boolean }>;
export type SoftwareVersionsQuery = Query<'softwareVersions', ListOptions & { softwareId: string }>;
export type SoftwareDevicesQuery = Query<'softwareDevices', ListOptions & { softwareId: string }>;
export type SoftwareVulnerabilitiesQuery = Query<'softwareVulnerabilities', ListOptions & { softwareId: string }>;
export type VulnerabilitiesQuery = Query<
  'vulnerabilities',
  ListOptions & { severity?: string; knownExploitedOnly?: boolean }
>;
export type VulnerabilityDevicesQuery = Query<'vulnerabilityDevices', ListOptions & { cveId: string }>;
export type DevicesQuery = Query<
  'devices',
  ListOptions & { exposureLevel?: string; osPlatform?: string; onlyExposed?: boolean }
>;
export type DeviceSoftwareQuery = Query<'deviceSoftware', ListOptions & { deviceId: string }>;
export type DeviceVulnerabilitiesQuery = Query<'deviceVulnerabilities', ListOptions & { deviceId: string }>;
export type DeviceRecommendationsQuery = Query<'deviceRecommendations', ListOptions & { deviceId: string }>;
export type DeviceExposureBreakdownQuery = Query<
  'deviceExposureBreakdown',
  { deviceId: string; level?: 'product' | 'finding' }
>;
export type RemediationActivitiesQuery = Query<'remediationActivities', ListOptions & { status?: string }>;
export type RemediationSlaQuery = Query<'remediationSla'>;
export type ExceptionsQuery = Query<'exceptions', ListOptions & { status?: string }>;
/**
 * Events inside the dashboard's time range. `format: 'annotations'` (what annotation queries use) returns the
 * fields Grafana turns into annotations: time, title, text, tags, color.
 */
export type EventsQuery = Query<
  'events',
  { eventTypes?: EventType[]; limit?: number; format?: 'table' | 'annotations' }
>;
export type VulnerableDevicesReportQuery = Query<'vulnerableDevicesReport', { dimension?: ReportDimension }>;

export type TvmQuery =
  | ExposureScoreQuery
  | ExposureScoreHistoryQuery
  | SecureScoreQuery
  | SecureScoreHistoryQuery
  | ExposureDistributionQuery
  | RecommendationsQuery
  | RecommendationDevicesQuery
  | RecommendationVulnerabilitiesQuery
  | RecommendationSoftwareQuery
  | SoftwareQuery
  | SoftwareVersionsQuery
  | SoftwareDevicesQuery
  | SoftwareVulnerabilitiesQuery
  | VulnerabilitiesQuery
  | VulnerabilityDevicesQuery
  | DevicesQuery
  | DeviceSoftwareQuery
  | DeviceVulnerabilitiesQuery
  | DeviceRecommendationsQuery
  | DeviceExposureBreakdownQuery
  | RemediationActivitiesQuery
  | RemediationSlaQuery
  | ExceptionsQuery
  | EventsQuery
  | VulnerableDevicesReportQuery;

export type QueryOfType<T extends QueryType> = Extract<TvmQuery, { queryType: T }>;

export const DEFAULT_QUERY: Partial<TvmQuery> = { queryType: 'exposureScore' };

/** What a variable of this data source lists. */
export const VARIABLE_KINDS = ['deviceGroups', 'osPlatforms', 'severities', 'devices', 'software'] as const;
export type VariableKind = (typeof VARIABLE_KINDS)[number];
export interface TvmVariableQuery {
  kind: VariableKind;
  /** Device-group scope for `devices` and `software` (may hold `$group`). */
  deviceGroup?: string;
}

/** Data source settings visible to the browser: never a secret. */
export interface TvmDataSourceOptions extends DataSourceJsonData {
  /** Base URL of the TVM service as Grafana's server reaches it, e.g. http://tvm:8080. */
  apiUrl?: string;
}

/** Encrypted by Grafana, injected by the plugin.json route, never sent to the browser. */
export interface TvmSecureJsonData {
  apiKey?: string;
}
