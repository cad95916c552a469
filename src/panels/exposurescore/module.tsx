import { FieldConfigProperty, PanelPlugin } from '@grafana/data';
import { MAX_DECIMALS } from '../shared/format';
import { ExposureScorePanel } from './ExposureScorePanel';
import { DEFAULT_OPTIONS, DEFAULT_THRESHOLDS, type ExposureScoreOptions } from './types';

export const plugin = new PanelPlugin<ExposureScoreOptions>(ExposureScorePanel)
  .setPanelOptions((builder) =>
    builder
      .addBooleanSwitch({
        path: 'showBand',
        name: 'Level scale',
        description: 'The low / medium / high scale with a marker at the score. Bands come from the thresholds.',
        defaultValue: DEFAULT_OPTIONS.showBand,
        category: ['Exposure score'],
      })
      .addBooleanSwitch({
        path: 'showTrend',
        name: 'Trend',
        description: 'The score over the time range; needs an "Exposure score history" query.',
        defaultValue: DEFAULT_OPTIONS.showTrend,
        category: ['Exposure score'],
      })
      .addBooleanSwitch({
        path: 'showChange',
        name: 'Change',
        description: 'The change since the start of the time range (lower is better).',
        defaultValue: DEFAULT_OPTIONS.showChange,
        category: ['Exposure score'],
      })
      .addNumberInput({
        path: 'decimals',
        name: 'Decimals',
        description: 'Decimals of the score and its change.',
        defaultValue: DEFAULT_OPTIONS.decimals,
        settings: { min: 0, max: MAX_DECIMALS, integer: true },
        category: ['Exposure score'],
      })
      .addTextInput({
        path: 'linkText',
        name: 'Link text',
        description: 'Leave empty to hide the link.',
        defaultValue: DEFAULT_OPTIONS.linkText,
        category: ['Link'],
      })
      .addTextInput({
        path: 'linkUrl',
        name: 'Link URL',
        description: 'Dashboard variables and ${__url_time_range} are interpolated.',
        defaultValue: DEFAULT_OPTIONS.linkUrl,
        category: ['Link'],
        showIf: (options) => Boolean(options.linkText?.trim()),
      })
  )
  .useFieldConfig({
    // The score is a plain 0–100 number: unit, range and decimals are fixed by the product, colour by level.
    standardOptions: {
      [FieldConfigProperty.Thresholds]: { defaultValue: DEFAULT_THRESHOLDS },
    },
    disableStandardOptions: [
      FieldConfigProperty.Unit,
      FieldConfigProperty.Min,
      FieldConfigProperty.Max,
      FieldConfigProperty.FieldMinMax,
      FieldConfigProperty.Decimals,
      FieldConfigProperty.DisplayName,
      FieldConfigProperty.NoValue,
      FieldConfigProperty.Color,
      FieldConfigProperty.Mappings,
      FieldConfigProperty.Filterable,
      FieldConfigProperty.Actions,
    ],
  });
