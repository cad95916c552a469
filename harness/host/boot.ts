/** What the harness server puts in the page for the host, like Grafana's bootData. */

export interface PluginMetaLite {
  id: string;
  type: 'app' | 'datasource' | 'panel' | string;
  name: string;
  info: {
    version?: string;
    logos?: { small: string; large: string };
    [key: string]: unknown;
  };
  /** Where Grafana serves the plugin's files (no leading slash, as Grafana writes it). */
  baseUrl: string;
  /** The plugin's module.js URL, when it has one. */
  module?: string;
  [key: string]: unknown;
}

export interface DashboardSummary {
  uid: string;
  title: string;
  /** File name without .json under dashboards/. */
  key: string;
}

export interface DataSourceSettingsLite {
  id: number;
  uid: string;
  name: string;
  type: string;
  url: string;
  access: 'proxy';
  jsonData: Record<string, unknown>;
  secureJsonFields: Record<string, boolean>;
  readOnly: boolean;
}

export interface BootData {
  plugins: PluginMetaLite[];
  dashboards: DashboardSummary[];
  datasource?: DataSourceSettingsLite;
}

/** What the page reports to the screenshot runner (`window.__harness`). */
export interface PanelReport {
  id: number | string;
  title: string;
  type: string;
  /** Loading | Done | Error | Collapsed (inside a collapsed row: Grafana does not render it either). */
  state: string;
  /** Rows over all frames after transformations. */
  rows: number;
  frames: number;
  error?: string;
  /** The panel designs its own empty state (a `noValue` text, or it runs no queries). */
  designedEmpty?: boolean;
  annotations?: number;
  /** The data links of the first row (what a click on the first row opens), for the runner's click-through. */
  links?: string[];
  notes?: string[];
}

export interface HarnessStatus {
  page: string;
  done: boolean;
  panels: PanelReport[];
  /** Problems outside any panel: variables, annotations, plugin loading. */
  errors: string[];
}
