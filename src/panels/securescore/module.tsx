import { FieldColorModeId, FieldConfigProperty, PanelPlugin, ThresholdsMode } from '@grafana/data';
import { MAX_DECIMALS } from '../shared/format';
import { SecureScorePanel } from './SecureScorePanel';
import { DEFAULT_BAR_COLOR, DEFAULT_OPTIONS, type SecureScoreOptions } from './types';

export const plugin = new PanelPlugin<SecureScoreOptions>(SecureScorePanel)
  .setPanelOptions((builder) =>
    builder
      .addBooleanSwitch({
        path: 'showCategories',
        name: 'Category bars',
        description: 'One bar per configuration category; needs a "Secure score" query broken down by category.',
        defaultValue: DEFAULT_OPTIONS.showCategories,
        category: ['Secure score'],
      })
      .addBooleanSwitch({
        path: 'showTrend',
        name: 'Trend',
        description: 'The score over the time range; needs a "Secure score history" query.',
        defaultValue: DEFAULT_OPTIONS.showTrend,
        category: ['Secure score'],
      })
      .addBooleanSwitch({
        path: 'showChange',
        name: 'Change',
        description: 'The change in points since the start of the time range (higher is better).',
        defaultValue: DEFAULT_OPTIONS.showChange,
        category: ['Secure score'],
      })
      .addNumberInput({
        path: 'decimals',
        name: 'Decimals',
        description: 'Decimals of the percentages.',
        defaultValue: DEFAULT_OPTIONS.decimals,
        settings: { min: 0, max: MAX_DECIMALS, integer: true },
        category: ['Secure score'],
      })
      .addTextInput({
        path: 'categoryUrl',
        name: 'Category link URL',
        description:
          'Opened by a click on a category bar. ${category} is the category (Application, OS, Network, Accounts, SecurityControls); dashboard variables and ${__url_time_range} are interpolated. Empty = no links.',
        defaultValue: DEFAULT_OPTIONS.categoryUrl,
        category: ['Link'],
      })
  )
  .useFieldConfig({
    // The colour scheme applies to the category bars (by their percent); Defender's blue unless changed.
    standardOptions: {
      [FieldConfigProperty.Color]: {
        defaultValue: { mode: FieldColorModeId.Fixed, fixedColor: DEFAULT_BAR_COLOR },
      },
      [FieldConfigProperty.Thresholds]: {
        defaultValue: {
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'red' },
            { value: 50, color: 'orange' },
            { value: 80, color: 'green' },
          ],
        },
      },
    },
    disableStandardOptions: [
      FieldConfigProperty.Unit,
      FieldConfigProperty.Min,
      FieldConfigProperty.Max,
      FieldConfigProperty.FieldMinMax,
      FieldConfigProperty.Decimals,
      FieldConfigProperty.DisplayName,
      FieldConfigProperty.NoValue,
      FieldConfigProperty.Mappings,
      FieldConfigProperty.Filterable,
      FieldConfigProperty.Actions,
    ],
  });
