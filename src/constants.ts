/**
 * Names that the app, the data source, the panels, the dashboards and the provisioning files share.
 * Dashboards link to each other by these uids, so they never change once released.
 */
export const PLUGIN_IDS = {
  app: 'seed-tvm-app',
  datasource: 'seed-tvm-datasource',
  exposureScorePanel: 'seed-exposurescore-panel',
  secureScorePanel: 'seed-securescore-panel',
  deviceExposurePanel: 'seed-deviceexposure-panel',
} as const;

/** The uid the provisioned TVM data source gets (provisioning/datasources/tvm.yaml). */
export const PROVISIONED_DATASOURCE_UID = 'tvm';

/** The route in the data source's plugin.json that Grafana's proxy forwards to the service. */
export const PROXY_ROUTE = 'tvm';

export const DASHBOARD_UIDS = {
  overview: 'tvm-overview',
  recommendations: 'tvm-recommendations',
  remediation: 'tvm-remediation',
  softwareInventory: 'tvm-software-inventory',
  software: 'tvm-software',
  weaknesses: 'tvm-weaknesses',
  devices: 'tvm-devices',
  device: 'tvm-device',
  events: 'tvm-events',
  wall: 'tvm-wall',
} as const;

export type DashboardKey = keyof typeof DASHBOARD_UIDS;

/**
 * Template variable names used by every dashboard; data links carry them from one dashboard to the next.
 * `group` is the device-group filter (multi-value, "All" = no scope).
 */
export const VARIABLES = {
  group: 'group',
  os: 'os',
  severity: 'severity',
  device: 'device',
  software: 'software',
  cve: 'cve',
  recommendation: 'recommendation',
  level: 'level',
  category: 'category',
} as const;

/** Exposure level bands (DESIGN §5): low 0-29, medium 30-69, high 70-100. */
export const EXPOSURE_THRESHOLDS = { medium: 30, high: 70 } as const;
