/**
 * How each field of the TVM data frames is shown, per entity. Field names are the service's API
 * property names (backend/src/api/openapi.ts SCHEMAS), which the data source keeps as frame field names.
 */
import type { ExceptionStatus } from '../../backend/src/domain/exceptions';
import { EXPOSURE_THRESHOLDS } from '../../src/constants';
import {
  fixedColor,
  rangeMap,
  steps,
  thresholdColor,
  valueMap,
  type Column,
  type FieldStyle,
} from './grafana';

const GREY = '#8e8e8e';

// ------------------------------------------------------------------------------------ shared styles

/** Exposure score 0–100: low green, medium (30) orange, high (70) red. */
export const EXPOSURE_SCORE_STEPS = steps(
  'green',
  [EXPOSURE_THRESHOLDS.medium, 'orange'],
  [EXPOSURE_THRESHOLDS.high, 'red']
);

export const LEVEL_MAPPING = valueMap({
  None: { text: 'No data', color: GREY },
  Low: { text: 'Low', color: 'green' },
  Medium: { text: 'Medium', color: 'orange' },
  High: { text: 'High', color: 'red' },
});

export const SEVERITY_MAPPING = valueMap({
  Critical: { color: 'dark-red' },
  High: { color: 'red' },
  Medium: { color: 'orange' },
  Low: { color: 'yellow' },
  Unknown: { color: GREY },
});

const exposureScore: FieldStyle = {
  displayName: 'Exposure score',
  unit: 'none',
  decimals: 0,
  min: 0,
  max: 100,
  thresholds: EXPOSURE_SCORE_STEPS,
  color: thresholdColor,
  cell: { type: 'gauge', mode: 'basic', valueDisplayMode: 'text' },
  width: 130,
  // A device that has not reported (exposure level "No data") has no score.
  noValue: '—',
};

const level = (displayName: string): FieldStyle => ({
  displayName,
  mappings: [LEVEL_MAPPING],
  color: thresholdColor,
  cell: { type: 'color-background', mode: 'basic' },
  width: 110,
});

const severity: FieldStyle = {
  displayName: 'Severity',
  mappings: [SEVERITY_MAPPING],
  color: thresholdColor,
  cell: { type: 'color-background', mode: 'basic' },
  width: 90,
};

/** A yes/no threat flag: says so in colour when true, stays quiet when false. */
const flag = (displayName: string, yes: string, color: string, description?: string): FieldStyle => ({
  displayName,
  ...(description ? { description } : {}),
  mappings: [valueMap({ true: { text: yes, color }, false: { text: '' } })],
  color: thresholdColor,
  cell: { type: 'color-text' },
  align: 'center',
  width: 80,
});

/*
 * Column widths fit their header on one line (Inter 14 px: about 7.2 px a character, plus 14 px of padding
 * and 20 px for the sort arrow of a sorted column), so no header loses its end even where Grafana does not
 * wrap headers.
 */
const count = (displayName: string, width = 100): FieldStyle => ({ displayName, unit: 'none', decimals: 0, width });
const date = (displayName: string, width = 120): FieldStyle => ({ displayName, unit: 'time:YYYY-MM-DD', width });
const ago = (displayName: string, width = 130): FieldStyle => ({ displayName, unit: 'dateTimeFromNow', width });
const textCol = (displayName: string, width?: number): FieldStyle => ({ displayName, ...(width ? { width } : {}) });
const hidden: FieldStyle = { hidden: true };

const impact = (displayName: string, color: string, description: string): FieldStyle => ({
  displayName,
  description,
  unit: 'none',
  decimals: 2,
  min: 0,
  // No natural maximum: the bar is relative to the largest impact in the list.
  fieldMinMax: true,
  color: fixedColor(color),
  cell: { type: 'gauge', mode: 'basic', valueDisplayMode: 'text' },
  width: 140,
});

const epss: FieldStyle = {
  displayName: 'EPSS',
  description: 'FIRST EPSS: probability of exploitation activity in the next 30 days.',
  unit: 'percentunit',
  decimals: 1,
  min: 0,
  max: 1,
  thresholds: steps('text', [0.1, 'orange'], [0.5, 'red']),
  color: thresholdColor,
  cell: { type: 'color-text' },
  width: 70,
};

const cvss: FieldStyle = {
  displayName: 'CVSS',
  unit: 'none',
  decimals: 1,
  thresholds: steps('yellow', [4, 'orange'], [7, 'red'], [9, 'dark-red']),
  color: thresholdColor,
  cell: { type: 'color-text' },
  width: 72,
};

/** Column lists are written as `field: style` maps, in display order. */
export function columns(spec: Record<string, FieldStyle>): Column[] {
  return Object.entries(spec).map(([field, style]) => ({ field, ...style }));
}

/** Adds data links (and any other style) to some columns of a list. */
export function withStyle(cols: Column[], extra: Record<string, FieldStyle>): Column[] {
  for (const name of Object.keys(extra)) {
    if (!cols.some((c) => c.field === name)) {
      throw new Error(`withStyle: no column ${name} among ${cols.map((c) => c.field).join(', ')}`);
    }
  }
  return cols.map((c) => (extra[c.field] ? { ...c, ...extra[c.field] } : c));
}

// --------------------------------------------------------------------------------- recommendations

export const REMEDIATION_TYPE_MAPPING = valueMap({
  Update: { text: 'Software update' },
  Upgrade: { text: 'Software upgrade' },
  Uninstall: { text: 'Software uninstall' },
  ConfigurationChange: { text: 'Configuration change' },
});

export const CATEGORY_MAPPING = valueMap({
  Application: { text: 'Application' },
  OS: { text: 'Operating system' },
  Network: { text: 'Network' },
  Accounts: { text: 'Accounts' },
  SecurityControls: { text: 'Security controls' },
});

export const recommendation = {
  name: { displayName: 'Security recommendation', minWidth: 260 } satisfies FieldStyle,
  category: { displayName: 'Category', mappings: [CATEGORY_MAPPING], width: 130 } satisfies FieldStyle,
  relatedComponent: textCol('Related component', 170),
  weaknesses: count('Weaknesses', 100),
  knownExploited: flag(
    'KEV',
    'Yes',
    'red',
    'Known exploited: a CVE it fixes is in the CISA Known Exploited Vulnerabilities catalog.'
  ),
  publicExploit: flag('Exploit', 'Public', 'orange', 'A public exploit exists for a CVE it fixes.'),
  activeAlert: flag('Alert', 'Active', 'red', 'A device it applies to has an active alert.'),
  exposedMachinesCount: count('Exposed devices', 125),
  totalMachineCount: count('Installed on', 100),
  exposedMachinesCountAfterExceptions: count('Exposed (after exceptions)', 130),
  statusDetail: {
    displayName: 'Status',
    mappings: [
      valueMap({
        Active: { text: 'Active' },
        PartialException: { text: 'Partial exception', color: 'blue' },
        FullException: { text: 'Full exception', color: 'purple' },
      }),
    ],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 130,
  } satisfies FieldStyle,
  remediationType: {
    displayName: 'Remediation type',
    mappings: [REMEDIATION_TYPE_MAPPING],
    width: 160,
  } satisfies FieldStyle,
  activeRemediationTasks: {
    ...count('Activities', 90),
    description: 'Active remediation activities for it.',
  } satisfies FieldStyle,
  exposureImpact: impact(
    'Exposure impact',
    'orange',
    'How much the exposure score drops when this recommendation is remediated.'
  ),
  exposureImpactAfterExceptions: impact(
    'Impact (after exceptions)',
    'orange',
    'Exposure impact once third-party-control and alternate-mitigation exceptions are counted.'
  ),
  configScoreImpact: {
    ...impact(
      'Secure score impact',
      'green',
      'Points the secure score for devices gains when this configuration is fixed.'
    ),
    width: 145,
  } satisfies FieldStyle,
  tags: textCol('Tags', 160),
};

// ---------------------------------------------------------------------------------------- software

export const software = {
  displayName: { displayName: 'Software', minWidth: 200 } satisfies FieldStyle,
  vendor: textCol('Vendor', 140),
  versions: { ...count('Versions', 90), description: 'Installed versions.' } satisfies FieldStyle,
  installedMachines: count('Installed on', 100),
  exposedMachines: count('Exposed devices', 125),
  weaknesses: { ...count('Weaknesses', 100), noValue: 'Not available' } satisfies FieldStyle,
  knownExploited: recommendation.knownExploited,
  publicExploit: recommendation.publicExploit,
  activeAlert: recommendation.activeAlert,
  impactScore: impact('Exposure impact', 'orange', 'How much the exposure score drops when every device is patched.'),
  supported: {
    displayName: 'Assessment',
    description: 'Not supported: no CPE or package identity, so no vulnerabilities can be matched.',
    mappings: [valueMap({ true: { text: 'Supported' }, false: { text: 'Not supported', color: 'orange' } })],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 120,
  } satisfies FieldStyle,
  version: textCol('Version', 140),
  lastSeen: ago('Last seen'),
};

/** A product key (`a:vendor:product:edition`) read as "product (vendor)". */

// ---------------------------------------------------------------------------------- vulnerabilities

export const vulnerability = {
  id: { displayName: 'CVE', width: 140 } satisfies FieldStyle,
  severity,
  cvssV3: cvss,
  epss,
  knownExploited: flag(
    'KEV',
    'Yes',
    'red',
    'Known exploited: listed in the CISA Known Exploited Vulnerabilities catalog.'
  ),
  publicExploit: flag('Exploit', 'Public', 'orange', 'A public exploit is known.'),
  // The flexible column of CVE lists: it takes the width the fixed ones leave.
  relatedSoftware: { displayName: 'Related software', minWidth: 150 } satisfies FieldStyle,
  exposedMachines: count('Exposed devices', 125),
  ageDays: { ...count('Age (days)', 90) } satisfies FieldStyle,
  publishedOn: date('Published'),
  updatedOn: date('Updated'),
  kevDueDate: date('KEV due date', 110),
  description: { displayName: 'Description', wrapText: true, minWidth: 400 } satisfies FieldStyle,
  productVersion: textCol('Version', 120),
  fixedIn: { ...textCol('Fixed in', 120), noValue: 'No fix known' } satisfies FieldStyle,
  firstDetected: date('First detected'),
};

// ------------------------------------------------------------------------------------------ devices

export const machine = {
  computerDnsName: { displayName: 'Device', minWidth: 200 } satisfies FieldStyle,
  exposureScore,
  exposureLevel: level('Exposure level'),
  riskScore: {
    displayName: 'Risk level',
    mappings: [
      valueMap({
        None: { text: 'No known risks', color: GREY },
        Informational: { color: 'blue' },
        Low: { color: 'green' },
        Medium: { color: 'orange' },
        High: { color: 'red' },
      }),
    ],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 110,
  } satisfies FieldStyle,
  osPlatform: textCol('OS platform', 110),
  version: textCol('OS version', 130),
  rbacGroupName: textCol('Device group', 130),
  deviceValue: {
    displayName: 'Device value',
    mappings: [valueMap({ High: { color: 'purple' }, Normal: { color: 'text' }, Low: { color: GREY } })],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 100,
  } satisfies FieldStyle,
  internetFacing: { ...flag('Internet facing', 'Yes', 'orange'), width: 110 },
  vulnerabilities: count('Vulnerabilities', 105),
  knownExploitedVulnerabilities: {
    ...count('KEV CVEs', 90),
    description: 'Open CVEs listed in the CISA Known Exploited Vulnerabilities catalog.',
    thresholds: steps('text', [1, 'red']),
    color: thresholdColor,
    cell: { type: 'color-text' },
  } satisfies FieldStyle,
  healthStatus: textCol('Health', 90),
  lastSeen: ago('Last seen', 120),
  machineTags: textCol('Tags', 160),
};

// ------------------------------------------------------------------------------------- remediation

export const PRIORITY_MAPPING = valueMap({
  High: { color: 'red' },
  Medium: { color: 'orange' },
  Low: { color: 'green' },
});

export const remediation = {
  title: { displayName: 'Remediation activity', minWidth: 240 } satisfies FieldStyle,
  relatedComponent: textCol('Related component', 160),
  type: { displayName: 'Remediation type', mappings: [REMEDIATION_TYPE_MAPPING], width: 150 } satisfies FieldStyle,
  priority: {
    displayName: 'Priority',
    mappings: [PRIORITY_MAPPING],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 90,
  } satisfies FieldStyle,
  status: {
    displayName: 'Status',
    mappings: [valueMap({ Active: { color: 'blue' }, Completed: { color: 'green' }, Canceled: { color: GREY } })],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 100,
  } satisfies FieldStyle,
  progressPercent: {
    displayName: 'Progress',
    description: 'Fixed devices of the target devices.',
    unit: 'percent',
    decimals: 0,
    min: 0,
    max: 100,
    color: fixedColor('green'),
    cell: { type: 'gauge', mode: 'basic', valueDisplayMode: 'text' },
    width: 140,
  } satisfies FieldStyle,
  targetDevices: count('Target devices', 110),
  fixedDevices: count('Fixed devices', 100),
  exposedDevices: count('Still exposed', 100),
  dueOn: date('Due date', 110),
  overdue: flag('Overdue', 'Overdue', 'red'),
  createdOn: date('Created on', 110),
  requesterEmail: { ...textCol('Created by', 180), noValue: 'N/A' } satisfies FieldStyle,
  completerEmail: { ...textCol('Completed by', 160), noValue: '—' } satisfies FieldStyle,
  completionMethod: {
    // Defender's wording: "System confirmation" when every target device got fixed.
    displayName: 'Completion',
    mappings: [valueMap({ Automatic: { text: 'System confirmation' }, Manual: { text: 'Marked complete' } })],
    noValue: '—',
    width: 150,
  } satisfies FieldStyle,
  deliveryStatus: textCol('Ticket', 110),
};

export const exception = {
  title: { displayName: 'Exception for', minWidth: 240 } satisfies FieldStyle,
  type: {
    displayName: 'Type',
    mappings: [valueMap({ Recommendation: { text: 'Recommendation' }, Cve: { text: 'CVE' } })],
    width: 120,
  } satisfies FieldStyle,
  justification: {
    displayName: 'Justification',
    mappings: [
      valueMap({
        ThirdPartyControl: { text: 'Third party control' },
        AlternateMitigation: { text: 'Alternate mitigation' },
        RiskAccepted: { text: 'Risk accepted' },
        PlannedRemediation: { text: 'Planned remediation (grace)' },
        NoSecurityUpdate: { text: 'CVE with no patch' },
      }),
    ],
    width: 190,
  } satisfies FieldStyle,
  scope: textCol('Scope', 110),
  rbacGroupNames: { ...textCol('Device groups', 170), noValue: 'All (global)' } satisfies FieldStyle,
  status: {
    displayName: 'Status',
    mappings: [
      valueMap({
        InEffect: { text: 'In effect', color: 'blue' },
        Expired: { text: 'Expired', color: GREY },
        Canceled: { text: 'Canceled', color: GREY },
        // Voided because the exposure it covered got worse: the risk is back.
        Resurfaced: { text: 'Resurfaced', color: 'orange' },
      } satisfies Record<ExceptionStatus, { text: string; color: string }>),
    ],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 100,
  } satisfies FieldStyle,
  scoreEffect: {
    displayName: 'Score effect',
    description: 'Third party control and alternate mitigation count as mitigated; the others change no score.',
    mappings: [valueMap({ Mitigated: { text: 'Counts as mitigated', color: 'green' }, None: { text: 'None' } })],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 160,
  } satisfies FieldStyle,
  createdBy: textCol('Created by', 150),
  createdOn: date('Created on', 110),
  expiresOn: date('Expires on', 110),
  recommendationId: { ...textCol('Recommendation', 200), noValue: '—' } satisfies FieldStyle,
  cveId: { ...textCol('CVE', 140), noValue: '—' } satisfies FieldStyle,
};

// ------------------------------------------------------------------------------------------- events

export const EVENT_TYPE_MAPPING = valueMap({
  NewVulnerability: { text: 'New vulnerability', color: 'orange' },
  KnownExploited: { text: 'Known exploited', color: 'red' },
  EpssIncrease: { text: 'EPSS increase', color: 'orange' },
  NewConfigurationAssessment: { text: 'New configuration assessment', color: 'blue' },
  ExposureScoreChange: { text: 'Exposure score change', color: 'purple' },
  RemediationCompleted: { text: 'Remediation completed', color: 'green' },
  ExceptionExpired: { text: 'Exception expired', color: GREY },
  ExceptionResurfaced: { text: 'Exception resurfaced', color: 'orange' },
});

export const event = {
  time: { displayName: 'Date', unit: 'time:YYYY-MM-DD HH:mm', width: 150 } satisfies FieldStyle,
  type: {
    displayName: 'Type',
    mappings: [EVENT_TYPE_MAPPING],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 190,
  } satisfies FieldStyle,
  title: { displayName: 'Event', minWidth: 280 } satisfies FieldStyle,
  cveId: { ...textCol('CVE', 140), noValue: '—' } satisfies FieldStyle,
  productKey: {
    displayName: 'Related component',
    width: 180,
    noValue: '—',
  } satisfies FieldStyle,
  // Defender's "Originally/Currently impacted devices (#, %)", with headers short enough for one line.
  originallyImpactedDevices: {
    ...count('Impacted then', 110),
    description: 'Originally impacted devices: devices impacted when the event happened.',
  } satisfies FieldStyle,
  originallyImpactedPercent: {
    displayName: '% then',
    description: 'Originally impacted devices as a share of all devices.',
    unit: 'percent',
    decimals: 1,
    width: 75,
  } satisfies FieldStyle,
  currentlyImpactedDevices: {
    ...count('Impacted now', 110),
    description: 'Currently impacted devices: devices still impacted now.',
    noValue: '—',
  } satisfies FieldStyle,
  currentlyImpactedPercent: {
    displayName: '% now',
    description: 'Currently impacted devices as a share of all devices.',
    unit: 'percent',
    decimals: 1,
    width: 75,
    noValue: '—',
  } satisfies FieldStyle,
  scoreChange: {
    displayName: 'Score trend',
    description: 'Change of the exposure score across the event: up is worse.',
    unit: 'none',
    decimals: 1,
    thresholds: steps('green', [-0.05, 'text'], [0.05, 'red']),
    // Most events move the score by less than the one decimal shown: say so rather than print 0.0.
    mappings: [rangeMap(-0.05, 0.05, 'No change')],
    color: thresholdColor,
    cell: { type: 'color-text' },
    width: 100,
    noValue: '—',
  } satisfies FieldStyle,
};

export { hidden };
