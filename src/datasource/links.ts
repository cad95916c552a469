import type { DataLink } from '@grafana/data';
import { DASHBOARD_UIDS, VARIABLES } from '../constants';

/**
 * Data links from rows to the detail dashboards. Each carries the device-group selection and the time range
 * along, so a drill-down shows the same scope and period as the dashboard it came from.
 */
const CARRY = `\${${VARIABLES.group}:queryparam}&\${__url_time_range}`;

function link(title: string, dashboard: keyof typeof DASHBOARD_UIDS, slug: string, variable: string, field: string) {
  return {
    title,
    url: `/d/${DASHBOARD_UIDS[dashboard]}/${slug}?var-${variable}=\${__data.fields.${field}}&${CARRY}`,
  };
}

export const deviceLink = (field = 'id'): DataLink =>
  link('Open device ${__data.fields.' + field + '}', 'device', 'device', VARIABLES.device, field);

export const softwareLink = (field = 'id'): DataLink =>
  link('Open software ${__data.fields.' + field + '}', 'software', 'software', VARIABLES.software, field);

export const recommendationLink = (field = 'id'): DataLink =>
  link('Open recommendation', 'recommendations', 'security-recommendations', VARIABLES.recommendation, field);

export const cveLink = (field = 'id'): DataLink =>
  link('Open ${__data.fields.' + field + '}', 'weaknesses', 'weaknesses', VARIABLES.cve, field);

/** Devices at one exposure level (a slice of the distribution). */
export const devicesAtLevelLink = (field = 'level'): DataLink =>
  link('Devices with ${__data.fields.' + field + '} exposure', 'devices', 'devices', VARIABLES.level, field);

/** Recommendations of a secure-score category. */
export const categoryLink = (field = 'category'): DataLink =>
  link(
    'Recommendations for ${__data.fields.' + field + '}',
    'recommendations',
    'security-recommendations',
    VARIABLES.category,
    field
  );

/** The TVM dashboard scoped to one device group (replaces the group selection instead of carrying it). */
export const groupLink = (field = 'rbacGroupName'): DataLink => ({
  title: 'TVM dashboard for ${__data.fields.' + field + '}',
  url: `/d/${DASHBOARD_UIDS.overview}/tvm-dashboard?var-${VARIABLES.group}=\${__data.fields.${field}}&\${__url_time_range}`,
});
