import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow, Stack } from '@grafana/ui';
import type { TvmDataSource } from '../datasource';
import { type TvmDataSourceOptions, type TvmQuery, VARIABLE_KINDS, type VariableKind } from '../types';
import type { TvmVariableDataQuery } from '../variables';
import { DeviceGroupPicker } from './pickers';
import { tvmTestIds } from './testIds';

type Props = QueryEditorProps<TvmDataSource, TvmQuery, TvmDataSourceOptions, TvmVariableDataQuery>;

const KIND_INFO: Record<VariableKind, { label: string; description: string; scoped: boolean }> = {
  deviceGroups: { label: 'Device groups', description: 'Every device group with devices', scoped: false },
  osPlatforms: { label: 'OS platforms', description: 'The OS platforms of the devices', scoped: true },
  severities: { label: 'Severities', description: 'Critical, High, Medium, Low', scoped: false },
  devices: { label: 'Devices', description: 'Devices by name; the value is the device id', scoped: true },
  software: {
    label: 'Software',
    description: 'Installed products by name; the value is the software id',
    scoped: true,
  },
};

const KIND_OPTIONS: Array<ComboboxOption<VariableKind>> = VARIABLE_KINDS.map((k) => ({
  value: k,
  label: KIND_INFO[k].label,
  description: KIND_INFO[k].description,
}));

/** What a TVM variable lists, and for devices, software and OS platforms, in which device groups. */
export function VariableQueryEditor({ query, onChange, datasource }: Props) {
  const kind: VariableKind = VARIABLE_KINDS.includes(query?.kind) ? query.kind : 'deviceGroups';
  const refId = query?.refId || 'TvmVariableQuery';
  return (
    <Stack direction="column" gap={0}>
      <InlineFieldRow>
        <InlineField label="Values" labelWidth={16} tooltip={KIND_INFO[kind].description}>
          <Combobox<VariableKind>
            id="tvm-variable-kind"
            data-testid={tvmTestIds.variable.kind}
            options={KIND_OPTIONS}
            value={kind}
            width={30}
            onChange={(option) =>
              onChange({
                refId,
                kind: option.value,
                ...(KIND_INFO[option.value].scoped && query?.deviceGroup ? { deviceGroup: query.deviceGroup } : {}),
              })
            }
          />
        </InlineField>
      </InlineFieldRow>
      {KIND_INFO[kind].scoped && (
        <InlineFieldRow>
          <InlineField
            label="Device group"
            labelWidth={16}
            tooltip="Only values in these device groups; a variable such as $group chains this variable to it."
          >
            <DeviceGroupPicker
              id="tvm-variable-device-group"
              testId={tvmTestIds.variable.deviceGroup}
              datasource={datasource}
              value={query?.deviceGroup}
              onChange={(deviceGroup) => onChange({ refId, kind, ...(deviceGroup ? { deviceGroup } : {}) })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
    </Stack>
  );
}
