import React, { type ReactElement } from 'react';
import {
  applyFieldOverrides,
  createTheme,
  type DataFrame,
  dataLinksOverrideProcessor,
  EventBusSrv,
  FieldConfigProperty,
  type FieldConfigPropertyItem,
  type FieldConfigSource,
  getDefaultTimeRange,
  identityOverrideProcessor,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  type PanelProps,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  thresholdsOverrideProcessor,
  type TimeRange,
  valueMappingsOverrideProcessor,
} from '@grafana/data';
import { ThemeContext } from '@grafana/ui';

/**
 * Test support for the panels (imported by tests and by screenshot pages, never by a module): Grafana
 * registers its option editors and field-config processors at start-up; outside Grafana a panel plugin's
 * defaults and `applyFieldOverrides` need stand-ins for them.
 */

let registered = false;

/** Registers minimal stand-ins of Grafana's standard option editors and field-config properties (once). */
export function registerStandardOptions(): void {
  if (registered) {
    return;
  }
  registered = true;
  const noEditor = () => null;
  standardEditorsRegistry.setInit(() =>
    ['boolean', 'number', 'text', 'radio', 'select', 'slider', 'color', 'unit'].map((id) => ({
      id,
      name: id,
      editor: noEditor,
    }))
  );
  const processors: Partial<Record<FieldConfigProperty, FieldConfigPropertyItem['process']>> = {
    [FieldConfigProperty.Thresholds]: thresholdsOverrideProcessor,
    [FieldConfigProperty.Links]: dataLinksOverrideProcessor,
    [FieldConfigProperty.Mappings]: valueMappingsOverrideProcessor,
  };
  standardFieldConfigEditorRegistry.setInit(() =>
    Object.values(FieldConfigProperty).map((id) => ({
      id,
      path: id,
      name: id,
      process: processors[id] ?? identityOverrideProcessor,
      shouldApply: () => true,
      override: noEditor,
      editor: noEditor,
    }))
  );
}

export type ThemeMode = 'dark' | 'light';

export interface PanelPropsInput<T> {
  plugin: PanelPlugin<T>;
  frames: DataFrame[];
  options?: Partial<T>;
  /** Field config of the dashboard panel; merged over the plugin's defaults. */
  fieldConfig?: Partial<FieldConfigSource>;
  width?: number;
  height?: number;
  mode?: ThemeMode;
  state?: LoadingState;
  timeRange?: TimeRange;
  replaceVariables?: PanelProps<T>['replaceVariables'];
}

/**
 * Props as Grafana passes them: frames run through `applyFieldOverrides` with the plugin's field config,
 * so thresholds, colours, display processors and data links behave as in a dashboard.
 */
export function panelProps<T>(input: PanelPropsInput<T>): PanelProps<T> {
  registerStandardOptions();
  const theme = createTheme({ colors: { mode: input.mode ?? 'dark' } });
  const defaults = input.plugin.fieldConfigDefaults;
  const fieldConfig: FieldConfigSource = {
    defaults: { ...defaults.defaults, ...input.fieldConfig?.defaults },
    overrides: input.fieldConfig?.overrides ?? [],
  };
  const replaceVariables = input.replaceVariables ?? ((value: string) => value);
  const timeRange = input.timeRange ?? getDefaultTimeRange();
  const series = applyFieldOverrides({
    data: input.frames,
    fieldConfig,
    fieldConfigRegistry: input.plugin.fieldConfigRegistry,
    replaceVariables,
    theme,
    timeZone: 'utc',
  });
  const data: PanelData = { state: input.state ?? LoadingState.Done, series, timeRange };
  return {
    id: 1,
    data,
    timeRange,
    timeZone: 'utc',
    options: { ...(input.plugin.defaults as T), ...input.options },
    fieldConfig,
    transparent: false,
    width: input.width ?? 480,
    height: input.height ?? 280,
    renderCounter: 0,
    title: 'Panel',
    eventBus: new EventBusSrv(),
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables,
    onChangeTimeRange: () => {},
  };
}

/** Wraps a panel in the theme Grafana would provide. */
export function withTheme(ui: ReactElement, mode: ThemeMode = 'dark'): ReactElement {
  return <ThemeContext.Provider value={createTheme({ colors: { mode } })}>{ui}</ThemeContext.Provider>;
}
