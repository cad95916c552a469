import { FieldConfigProperty, PanelPlugin } from '@grafana/data';
import { DeviceExposurePanel } from './DeviceExposurePanel';
import { DEFAULT_OPTIONS, type DeviceExposureOptions, type LegendPlacement } from './types';

const placements: Array<{ value: LegendPlacement; label: string }> = [
  { value: 'right', label: 'Right' },
  { value: 'bottom', label: 'Bottom' },
  { value: 'hidden', label: 'Hidden' },
];

export const plugin = new PanelPlugin<DeviceExposureOptions>(DeviceExposurePanel)
  .setPanelOptions((builder) =>
    builder
      .addRadio({
        path: 'legendPlacement',
        name: 'Legend',
        description: 'Where the counts per level go; a legend that would crush the doughnut moves below it or hides.',
        defaultValue: DEFAULT_OPTIONS.legendPlacement,
        settings: { options: placements },
        category: ['Device exposure'],
      })
      .addBooleanSwitch({
        path: 'showNoData',
        name: 'Devices without data',
        description: 'Count inactive devices and devices with an unsupported OS as a "No data" slice.',
        defaultValue: DEFAULT_OPTIONS.showNoData,
        category: ['Device exposure'],
      })
      .addTextInput({
        path: 'levelUrl',
        name: 'Level link URL',
        description:
          'Opened by a click on a slice or legend entry. ${level} is the level (None, Low, Medium, High); dashboard variables and ${__url_time_range} are interpolated. Empty = no links.',
        defaultValue: DEFAULT_OPTIONS.levelUrl,
        category: ['Link'],
      })
  )
  .useFieldConfig({
    // Colours per level can be changed with value mappings on the `level` field; nothing else applies to counts.
    disableStandardOptions: [
      FieldConfigProperty.Unit,
      FieldConfigProperty.Min,
      FieldConfigProperty.Max,
      FieldConfigProperty.FieldMinMax,
      FieldConfigProperty.Decimals,
      FieldConfigProperty.DisplayName,
      FieldConfigProperty.NoValue,
      FieldConfigProperty.Thresholds,
      FieldConfigProperty.Color,
      FieldConfigProperty.Links,
      FieldConfigProperty.Filterable,
      FieldConfigProperty.Actions,
    ],
  });
