/**
 * Drill-down links between the TVM dashboards. Every link keeps the device-group filter and the time
 * range, so a click never silently widens or shifts what the user was looking at.
 */
import { DASHBOARD_UIDS, VARIABLES, type DashboardKey } from '../../src/constants';
import { slugify, type DataLink } from './grafana';

/** Dashboard titles; the app's plugin.json names its dashboard includes the same way. */
export const TITLES: Record<DashboardKey, string> = {
  overview: 'TVM dashboard',
  recommendations: 'Security recommendations',
  remediation: 'Remediation',
  softwareInventory: 'Software inventory',
  software: 'Software',
  weaknesses: 'Weaknesses',
  devices: 'Devices',
  device: 'Device',
  events: 'Event timeline',
  wall: 'Wall display',
};

export const KEEP_GROUP = `\${${VARIABLES.group}:queryparam}`;
export const KEEP_TIME = '${__url_time_range}';

export function dashboardPath(key: DashboardKey): string {
  return `/d/${DASHBOARD_UIDS[key]}/${slugify(TITLES[key])}`;
}

/** `/d/<uid>/<slug>?var-a=…&var-group=…&from=…&to=…` */
export function dashboardUrl(key: DashboardKey, vars: Record<string, string> = {}): string {
  const params = Object.entries(vars).map(([name, value]) => `var-${name}=${value}`);
  return `${dashboardPath(key)}?${[...params, KEEP_GROUP, KEEP_TIME].join('&')}`;
}

/** The value of another field of the clicked row. */
export const rowField = (name: string) => `\${__data.fields.${name}}`;

export const drill = {
  device: (idField = 'id'): DataLink => ({
    title: 'Open device page',
    url: dashboardUrl('device', { [VARIABLES.device]: rowField(idField) }),
  }),
  software: (idField = 'id'): DataLink => ({
    title: 'Open software page',
    url: dashboardUrl('software', { [VARIABLES.software]: rowField(idField) }),
  }),
  cve: (idField = 'id'): DataLink => ({
    title: 'Show this CVE and its exposed devices',
    url: dashboardUrl('weaknesses', { [VARIABLES.cve]: rowField(idField) }),
  }),
  recommendation: (idField = 'id'): DataLink => ({
    title: 'Open recommendation',
    url: dashboardUrl('recommendations', { [VARIABLES.recommendation]: rowField(idField) }),
  }),
};
