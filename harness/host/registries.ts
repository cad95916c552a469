import React from 'react';
import {
  booleanOverrideProcessor,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldConfigProperty,
  FieldType,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  standardTransformers,
  standardTransformersRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  ThresholdsMode,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
  type DataTransformerInfo,
  type Field,
  type FieldConfigPropertyItem,
  type TransformerRegistryItem,
} from '@grafana/data';

/** The harness renders no options pane: property editors exist only to satisfy the registry's shape. */
const NoEditor = () => React.createElement(React.Fragment);
const always = () => true;
const numeric = (f: Field) => f.type === FieldType.number;

function item(
  id: string,
  process: FieldConfigPropertyItem['process'],
  extra: Partial<FieldConfigPropertyItem> = {}
): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    editor: NoEditor,
    override: NoEditor,
    process,
    shouldApply: always,
    ...extra,
  };
}

/**
 * The standard field options Grafana registers at start (units, min/max, decimals, thresholds, mappings,
 * colour, links, no-value text, display name): without them `applyFieldOverrides` ignores both defaults
 * and overrides. Ids, processors and defaults are Grafana's.
 */
function standardFieldConfigs(): FieldConfigPropertyItem[] {
  return [
    item(FieldConfigProperty.DisplayName, displayNameOverrideProcessor),
    item(FieldConfigProperty.Unit, unitOverrideProcessor),
    item(FieldConfigProperty.FieldMinMax, booleanOverrideProcessor, { shouldApply: numeric }),
    item(FieldConfigProperty.Min, numberOverrideProcessor, { shouldApply: numeric }),
    item(FieldConfigProperty.Max, numberOverrideProcessor, { shouldApply: numeric }),
    item(FieldConfigProperty.Decimals, numberOverrideProcessor, { shouldApply: numeric }),
    item(FieldConfigProperty.Thresholds, thresholdsOverrideProcessor, {
      defaultValue: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
    }),
    item(FieldConfigProperty.Mappings, valueMappingsOverrideProcessor, { defaultValue: [] }),
    item(FieldConfigProperty.Color, identityOverrideProcessor, {
      settings: { byValueSupport: true, bySeriesSupport: true, preferThresholdsMode: true },
    }),
    item(FieldConfigProperty.NoValue, stringOverrideProcessor),
    item(FieldConfigProperty.Links, dataLinksOverrideProcessor, { defaultValue: [] }),
    item(FieldConfigProperty.Actions, identityOverrideProcessor, { defaultValue: [] }),
    item(FieldConfigProperty.Filterable, booleanOverrideProcessor, { hideFromDefaults: true }),
  ];
}

/** The option editor ids the options builders (`addBooleanSwitch`, `addRadio`, …) look up. */
const OPTION_EDITORS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
  'links',
  'mappings',
  'thresholds',
  'stats-picker',
  'fieldColor',
  'interval',
];

/** Grafana registers these at start; plugins and transformations look them up by id. */
export function initRegistries(): void {
  standardEditorsRegistry.setInit(() => OPTION_EDITORS.map((id) => ({ id, name: id, editor: NoEditor })));
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
  // `standardTransformers` lists some transformers twice under deprecated aliases; the registry wants one each.
  const transformers = new Map<string, DataTransformerInfo>();
  for (const t of Object.values(standardTransformers as Record<string, DataTransformerInfo>)) {
    transformers.set(t.id, t);
  }
  standardTransformersRegistry.setInit(() =>
    [...transformers.values()].map((t): TransformerRegistryItem => ({
      id: t.id,
      name: t.name,
      description: t.description,
      defaultOptions: t.defaultOptions,
      editor: NoEditor,
      imageDark: '',
      imageLight: '',
      transformation: () => Promise.resolve(t),
    }))
  );
}
