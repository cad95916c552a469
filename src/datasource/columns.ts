import {
  type DataLink,
  type FieldConfig,
  FieldType,
  MappingType,
  type ThresholdsConfig,
  ThresholdsMode,
  type ValueMapping,
} from '@grafana/data';
import { EXPOSURE_THRESHOLDS } from '../constants';
import { categoryLink, cveLink, deviceLink, devicesAtLevelLink, recommendationLink, softwareLink } from './links';

/**
 * The columns of each entity the service returns, under the API's property names, in the order a table shows
 * them. Declaring them (instead of reading the first row) gives every list the same fields, types and units
 * whether it has rows or not, so panels and transformations never see a field appear or change type.
 */
export interface Column {
  name: string;
  type: FieldType;
  config: FieldConfig;
  /** How a nested value (an array of objects) becomes one cell. */
  format?: (value: unknown) => string | null;
}

export function col(name: string, type: FieldType, displayName: string, config: Partial<FieldConfig> = {}): Column {
  return { name, type, config: { displayName, ...config } };
}

/**
 * Software ids (`vendor-_-product`) as people read them: "google-_-chrome" → "Google Chrome",
 * "git-scm-_-git" → "Git" (a vendor that merely repeats the product is dropped).
 */
export function softwareTitle(id: string): string {
  const [vendor, product] = id.includes('-_-') ? id.split('-_-', 2) : ['', id];
  const words = (s: string) => s.split(/[_\s]+/).filter(Boolean);
  const title = (w: string[]) => w.map((x) => x[0].toUpperCase() + x.slice(1)).join(' ');
  const productWords = words(product);
  const vendorWords = words(vendor.replace(/-/g, ' '));
  const key = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  const repeats =
    vendorWords.length === 0 || key(product).startsWith(key(vendor)) || key(product).startsWith(key(vendorWords[0]));
  return title(repeats ? productWords : [...vendorWords, ...productWords]);
}

/**
 * A product key (`a:vendor:product:edition` or `pkg:name`) as a product name: "a:google:chrome:" →
 * "Google Chrome". Only for columns no link reads: the key itself is what the API filters on.
 */
export function productKeyTitle(key: string): string {
  if (key.startsWith('pkg:')) {
    return key.slice(4);
  }
  const [, vendor = '', product = '', edition = ''] = key.split(':');
  if (!product) {
    return key;
  }
  const title = softwareTitle(`${vendor}-_-${product}`);
  return edition ? `${title} (${edition.replace(/_/g, ' ')})` : title;
}

const productKeyTitles = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? productKeyTitle(value) : null;

const softwareTitles = (value: unknown): string | null =>
  Array.isArray(value) ? value.map((id) => softwareTitle(String(id))).join(', ') : null;

// ------------------------------------------------------------------------------------------- field configs

/** Exposure: low is good. Bands of DESIGN §5: Low 0-29, Medium 30-69, High 70-100. */
export const EXPOSURE_SCORE_THRESHOLDS: ThresholdsConfig = {
  mode: ThresholdsMode.Absolute,
  steps: [
    { value: -Infinity, color: 'green' },
    { value: EXPOSURE_THRESHOLDS.medium, color: 'orange' },
    { value: EXPOSURE_THRESHOLDS.high, color: 'red' },
  ],
};

/** Secure score: the inverse, a low percentage of compliant configuration is the bad case. */
export const SECURE_SCORE_THRESHOLDS: ThresholdsConfig = {
  mode: ThresholdsMode.Absolute,
  steps: [
    { value: -Infinity, color: 'red' },
    { value: EXPOSURE_THRESHOLDS.medium, color: 'orange' },
    { value: EXPOSURE_THRESHOLDS.high, color: 'green' },
  ],
};

/** CVSS v3 qualitative ratings: Low from 0.1, Medium from 4, High from 7, Critical from 9. */
const CVSS_THRESHOLDS: ThresholdsConfig = {
  mode: ThresholdsMode.Absolute,
  steps: [
    { value: -Infinity, color: 'green' },
    { value: 4, color: 'yellow' },
    { value: 7, color: 'orange' },
    { value: 9, color: 'red' },
  ],
};

const NO_DATA_COLOR = '#8e8e8e';

export function textMappings(entries: Record<string, { text?: string; color?: string }>): ValueMapping[] {
  return [
    {
      type: MappingType.ValueToText,
      options: Object.fromEntries(Object.entries(entries).map(([k, v], index) => [k, { ...v, index }])),
    },
  ];
}

export const LEVEL_MAPPINGS = textMappings({
  None: { text: 'No data', color: NO_DATA_COLOR },
  Low: { color: 'green' },
  Medium: { color: 'orange' },
  High: { color: 'red' },
});

const SEVERITY_MAPPINGS = textMappings({
  Critical: { color: 'dark-red' },
  High: { color: 'red' },
  Medium: { color: 'orange' },
  Low: { color: 'yellow' },
  Unknown: { color: NO_DATA_COLOR },
});

export const CATEGORY_MAPPINGS = textMappings({ SecurityControls: { text: 'Security controls' } });

export const exposureScoreConfig: Partial<FieldConfig> = {
  unit: 'none',
  min: 0,
  max: 100,
  thresholds: EXPOSURE_SCORE_THRESHOLDS,
};
export const securePercentConfig: Partial<FieldConfig> = {
  unit: 'percent',
  min: 0,
  max: 100,
  thresholds: SECURE_SCORE_THRESHOLDS,
};
const percentConfig: Partial<FieldConfig> = { unit: 'percent', min: 0, max: 100 };
const epssConfig: Partial<FieldConfig> = { unit: 'percentunit', min: 0, max: 1, decimals: 1 };
const count: Partial<FieldConfig> = { unit: 'none', decimals: 0 };
const withLinks = (links: DataLink[]): Partial<FieldConfig> => ({ links });

// --------------------------------------------------------------------------------------------- entities

const { string, number, boolean, time } = {
  string: FieldType.string,
  number: FieldType.number,
  boolean: FieldType.boolean,
  time: FieldType.time,
};

export const RECOMMENDATION_COLUMNS: Column[] = [
  col('id', string, 'Id', withLinks([recommendationLink()])),
  col('recommendationName', string, 'Security recommendation', withLinks([recommendationLink()])),
  col('productName', string, 'Product'),
  col('vendor', string, 'Vendor'),
  col('recommendedVersion', string, 'Recommended version'),
  col('recommendedProgram', string, 'Recommended program'),
  col('recommendedVendor', string, 'Recommended vendor'),
  col('recommendationCategory', string, 'Category', { mappings: CATEGORY_MAPPINGS }),
  col('subCategory', string, 'Subcategory'),
  col('remediationType', string, 'Remediation type'),
  col('relatedComponent', string, 'Related component'),
  col('weaknesses', number, 'Weaknesses', count),
  col('exposedMachinesCount', number, 'Exposed devices', count),
  col('totalMachineCount', number, 'Total devices', count),
  col('exposedMachinesCountAfterExceptions', number, 'Exposed devices after exceptions', count),
  col('exposedCriticalDevices', number, 'Exposed critical devices', count),
  col('nonProductivityImpactedAssets', number, 'Devices without productivity impact', count),
  col('exposureImpact', number, 'Exposure impact', { unit: 'none', decimals: 2 }),
  col('exposureImpactAfterExceptions', number, 'Exposure impact after exceptions', { unit: 'none', decimals: 2 }),
  col('configScoreImpact', number, 'Secure score impact', { unit: 'none', decimals: 2 }),
  col('configScoreImpactAfterExceptions', number, 'Secure score impact after exceptions', {
    unit: 'none',
    decimals: 2,
  }),
  col('severityScore', number, 'Severity score', { unit: 'none', min: 0, max: 10, thresholds: CVSS_THRESHOLDS }),
  col('publicExploit', boolean, 'Public exploit'),
  col('activeAlert', boolean, 'Active alert'),
  col('knownExploited', boolean, 'Known exploited'),
  col('highEpss', boolean, 'High EPSS'),
  col('maxEpss', number, 'Highest EPSS', epssConfig),
  col('associatedThreats', string, 'Threats'),
  col('status', string, 'Status'),
  col('statusDetail', string, 'Status detail'),
  col('exceptionIds', string, 'Exceptions'),
  col('activeRemediationTasks', number, 'Active remediation activities', count),
  col('tags', string, 'Tags'),
  { ...col('productKey', string, 'Product'), format: productKeyTitles },
  col('checkId', string, 'Configuration check'),
  col('note', string, 'Note'),
];

export const VULNERABILITY_COLUMNS: Column[] = [
  col('id', string, 'CVE', withLinks([cveLink()])),
  col('name', string, 'Name'),
  col('description', string, 'Description'),
  col('severity', string, 'Severity', { mappings: SEVERITY_MAPPINGS }),
  col('cvssV3', number, 'CVSS', { unit: 'none', min: 0, max: 10, decimals: 1, thresholds: CVSS_THRESHOLDS }),
  col('cvssVector', string, 'CVSS vector'),
  col('cvssVersion', string, 'CVSS version'),
  col('epss', number, 'EPSS', epssConfig),
  col('epssPercentile', number, 'EPSS percentile', epssConfig),
  col('exposedMachines', number, 'Exposed devices', count),
  col('publishedOn', time, 'Published'),
  col('updatedOn', time, 'Updated'),
  col('ageDays', number, 'Age', { unit: 'd', decimals: 0 }),
  col('publicExploit', boolean, 'Public exploit'),
  col('exploitVerified', boolean, 'Exploit verified'),
  col('exploitInKit', boolean, 'Exploit in kit'),
  col('exploitTypes', string, 'Exploit types'),
  col('exploitUris', string, 'Exploit links'),
  col('knownExploited', boolean, 'Known exploited (CISA KEV)'),
  col('kevDateAdded', time, 'Added to KEV'),
  col('kevDueDate', time, 'KEV due date'),
  col('knownRansomwareCampaignUse', boolean, 'Used by ransomware'),
  col('cveSupportability', string, 'Supportability'),
  col('vulnStatus', string, 'NVD status'),
  col('cwes', string, 'CWEs'),
  { ...col('relatedSoftware', string, 'Related software'), format: softwareTitles },
  col('productVersion', string, 'Installed version'),
  col('fixedIn', string, 'Fixed in'),
  col('firstDetected', time, 'First detected'),
  col('detectionSource', string, 'Detection source'),
];

export const SOFTWARE_COLUMNS: Column[] = [
  col('id', string, 'Id', withLinks([softwareLink()])),
  col('displayName', string, 'Software', withLinks([softwareLink()])),
  col('name', string, 'Name'),
  col('vendor', string, 'Vendor'),
  col('weaknesses', number, 'Weaknesses', count),
  col('exposedMachines', number, 'Exposed devices', count),
  col('installedMachines', number, 'Installed on', count),
  col('versions', number, 'Versions', count),
  col('impactScore', number, 'Impact', { unit: 'none', decimals: 2 }),
  col('publicExploit', boolean, 'Public exploit'),
  col('activeAlert', boolean, 'Active alert'),
  col('knownExploited', boolean, 'Known exploited'),
  col('supported', boolean, 'Supported'),
  col('productKey', string, 'Product key'),
];

export const DISTRIBUTION_COLUMNS: Column[] = [
  col('version', string, 'Version'),
  col('installations', number, 'Installations', count),
  col('vulnerabilities', number, 'Vulnerabilities', count),
];

export const MACHINE_REF_COLUMNS: Column[] = [
  col('id', string, 'Id', withLinks([deviceLink()])),
  col('computerDnsName', string, 'Device', withLinks([deviceLink()])),
  col('osPlatform', string, 'OS platform'),
  col('rbacGroupName', string, 'Device group'),
];

/** Devices (`/api/machines`). */
export const MACHINE_COLUMNS: Column[] = [
  col('id', string, 'Id', withLinks([deviceLink()])),
  col('computerDnsName', string, 'Device', withLinks([deviceLink()])),
  col('exposureScore', number, 'Exposure score', exposureScoreConfig),
  col('exposureLevel', string, 'Exposure level', { mappings: LEVEL_MAPPINGS }),
  col('riskScore', string, 'Risk level'),
  col('osPlatform', string, 'OS platform'),
  col('version', string, 'OS version'),
  col('osArchitecture', string, 'OS architecture'),
  col('rbacGroupName', string, 'Device group'),
  col('rbacGroupId', string, 'Device group id'),
  col('machineTags', string, 'Tags'),
  col('deviceValue', string, 'Device value'),
  col('internetFacing', boolean, 'Internet facing'),
  col('healthStatus', string, 'Health'),
  col('vulnerabilities', number, 'Vulnerabilities', count),
  col('criticalVulnerabilities', number, 'Critical', count),
  col('highVulnerabilities', number, 'High', count),
  col('mediumVulnerabilities', number, 'Medium', count),
  col('lowVulnerabilities', number, 'Low', count),
  col('knownExploitedVulnerabilities', number, 'Known exploited', count),
  col('firstSeen', time, 'First seen'),
  col('lastSeen', time, 'Last seen'),
];

export const MACHINE_SOFTWARE_COLUMNS: Column[] = [
  col('id', string, 'Id', withLinks([softwareLink()])),
  col('displayName', string, 'Software', withLinks([softwareLink()])),
  col('name', string, 'Name'),
  col('vendor', string, 'Vendor'),
  col('version', string, 'Version'),
  col('weaknesses', number, 'Weaknesses', count),
  col('supported', boolean, 'Supported'),
  col('unsupportedReason', string, 'Why not supported'),
  col('firstSeen', time, 'First seen'),
  col('lastSeen', time, 'Last seen'),
];

const groupsCell = (value: unknown): string | null =>
  Array.isArray(value)
    ? value
        .map((g: { rbacGroupName?: unknown; status?: unknown }) =>
          g && typeof g === 'object' ? `${String(g.rbacGroupName ?? '')} (${String(g.status ?? '')})` : String(g)
        )
        .join(', ')
    : null;

export const TASK_COLUMNS: Column[] = [
  col('id', string, 'Id'),
  col('title', string, 'Remediation activity', withLinks([recommendationLink('recommendationId')])),
  col('description', string, 'Description'),
  col('category', string, 'Category'),
  col('type', string, 'Remediation type'),
  col('relatedComponent', string, 'Related component'),
  col('recommendationId', string, 'Recommendation', withLinks([recommendationLink('recommendationId')])),
  col('productId', string, 'Software', withLinks([softwareLink('productId')])),
  col('vendorId', string, 'Vendor'),
  col('nameId', string, 'Product'),
  col('recommendedVersion', string, 'Recommended version'),
  col('recommendedVendor', string, 'Recommended vendor'),
  col('recommendedProgram', string, 'Recommended program'),
  col('scid', string, 'Configuration check'),
  col('priority', string, 'Priority'),
  col('status', string, 'Status'),
  col('overdue', boolean, 'Overdue'),
  col('dueOn', time, 'Due'),
  col('createdOn', time, 'Created'),
  col('statusLastModifiedOn', time, 'Status changed'),
  col('requesterId', string, 'Requested by'),
  col('requesterEmail', string, 'Requester email'),
  col('requesterNotes', string, 'Notes'),
  col('targetDevices', number, 'Target devices', count),
  col('fixedDevices', number, 'Fixed devices', count),
  col('exposedDevices', number, 'Exposed devices', count),
  col('progressPercent', number, 'Progress', percentConfig),
  col('rbacGroupNames', string, 'Device groups'),
  col('allDeviceGroups', boolean, 'All device groups'),
  col('productivityImpactRemediationType', string, 'Productivity impact'),
  col('completionMethod', string, 'Completion method'),
  col('completerId', string, 'Completed by'),
  col('completerEmail', string, 'Completer email'),
  col('completedOn', time, 'Completed'),
  col('statusComment', string, 'Status comment'),
  col('deliveryStatus', string, 'Ticket status'),
  col('deliveryAttempts', number, 'Ticket attempts', count),
  col('deliveryLastError', string, 'Ticket error'),
  col('deliveryLastAttemptOn', time, 'Last ticket attempt'),
  col('deliveredOn', time, 'Ticket delivered'),
  col('deliveryDevicesSent', number, 'Devices in ticket', count),
];

export const EXCEPTION_COLUMNS: Column[] = [
  col('id', string, 'Id'),
  col('title', string, 'Exception'),
  col('type', string, 'Type'),
  col('recommendationId', string, 'Recommendation', withLinks([recommendationLink('recommendationId')])),
  col('cveId', string, 'CVE', withLinks([cveLink('cveId')])),
  { ...col('productKey', string, 'Product'), format: productKeyTitles },
  col('checkId', string, 'Configuration check'),
  col('justification', string, 'Justification'),
  col('context', string, 'Context'),
  col('scope', string, 'Scope'),
  col('rbacGroupNames', string, 'Device groups'),
  { ...col('groups', string, 'Group status'), format: groupsCell },
  col('status', string, 'Status'),
  col('suspended', boolean, 'Suspended'),
  col('suspendedBy', string, 'Suspended by'),
  col('effective', boolean, 'In effect'),
  col('scoreEffect', string, 'Score effect'),
  col('createdOn', time, 'Created'),
  col('createdBy', string, 'Created by'),
  col('createdByEmail', string, 'Creator email'),
  col('expiresOn', time, 'Expires'),
  col('canceledOn', time, 'Canceled'),
  col('canceledBy', string, 'Canceled by'),
  col('resurfacedOn', time, 'Resurfaced'),
  col('exposedDevicesAtCreation', number, 'Exposed devices at creation', count),
];

export const EVENT_COLUMNS: Column[] = [
  col('time', time, 'Time'),
  col('type', string, 'Event'),
  col('title', string, 'Title'),
  col('cveId', string, 'CVE', withLinks([cveLink('cveId')])),
  { ...col('productKey', string, 'Product'), format: productKeyTitles },
  col('checkId', string, 'Configuration check'),
  col('cves', string, 'CVEs'),
  col('originallyImpactedDevices', number, 'Originally impacted devices', count),
  col('originallyImpactedPercent', number, 'Originally impacted', percentConfig),
  col('currentlyImpactedDevices', number, 'Currently impacted devices', count),
  col('currentlyImpactedPercent', number, 'Currently impacted', percentConfig),
  col('scoreBefore', number, 'Score before', exposureScoreConfig),
  col('scoreAfter', number, 'Score after', exposureScoreConfig),
  col('detail', string, 'Detail'),
  col('id', string, 'Id'),
];

export const BREAKDOWN_PRODUCT_COLUMNS: Column[] = [
  { ...col('productKey', string, 'Product'), format: productKeyTitles },
  col('cveCount', number, 'CVEs', count),
  col('contribution', number, 'Contribution', { unit: 'none', decimals: 2 }),
  col('scoreWithout', number, 'Score without it', exposureScoreConfig),
];

/** A finding's `signals` object is flattened into its own columns (cvss, severity, …). */
export const BREAKDOWN_FINDING_COLUMNS: Column[] = [
  col('cveId', string, 'CVE', withLinks([cveLink('cveId')])),
  { ...col('productKey', string, 'Product'), format: productKeyTitles },
  col('risk', number, 'Risk', { unit: 'percentunit', min: 0, max: 1, decimals: 1 }),
  col('mitigated', boolean, 'Mitigated'),
  col('cvss', number, 'CVSS', { unit: 'none', min: 0, max: 10, decimals: 1, thresholds: CVSS_THRESHOLDS }),
  col('severity', string, 'Severity', { mappings: SEVERITY_MAPPINGS }),
  col('knownExploited', boolean, 'Known exploited'),
  col('knownRansomware', boolean, 'Used by ransomware'),
  col('epss', number, 'EPSS', epssConfig),
  col('publicExploit', boolean, 'Public exploit'),
];

/** Devices per exposure level: a slice links to the device list at that level. */
export const DISTRIBUTION_LEVEL_COLUMNS: Column[] = [
  col('level', string, 'Exposure level', { mappings: LEVEL_MAPPINGS, links: [devicesAtLevelLink()] }),
  col('devices', number, 'Devices', { ...count, links: [devicesAtLevelLink()] }),
];

export const SECURE_CATEGORY_COLUMNS: Column[] = [
  col('category', string, 'Category', { mappings: CATEGORY_MAPPINGS, links: [categoryLink()] }),
  col('score', number, 'Secure score', { unit: 'none', min: 0, decimals: 2 }),
  col('maxScore', number, 'Maximum', { unit: 'none', min: 0, decimals: 2 }),
  col('percent', number, 'Secure score %', { ...securePercentConfig, links: [categoryLink()] }),
];

/** Turns `camelCase` into "Camel case" for a property the service added after these lists were written. */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
