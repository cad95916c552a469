import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Combobox, type ComboboxOption, MultiCombobox } from '@grafana/ui';
import type { TvmDataSource } from '../datasource';
import { splitList } from '../interpolation';
import type { TvmVariableQuery } from '../types';

/** The dashboard's variables as `$name` options: any picker accepts a variable instead of a value. */
export function variableOptions(datasource: TvmDataSource): Array<ComboboxOption<string>> {
  let variables: Array<{ name: string; label?: string }> = [];
  try {
    variables = datasource.templateSrv.getVariables();
  } catch {
    // Outside a dashboard (the data source settings page) there are no variables.
  }
  return variables.map((v) => ({
    label: `$${v.name}`,
    value: `$${v.name}`,
    description: v.label ? `Variable: ${v.label}` : 'Dashboard variable',
  }));
}

/**
 * Options read from the service once per picker (the menu opens often), filtered by what is typed, with the
 * dashboard's variables first. A failed request shows no values; typing a custom value still works.
 */
export function useServiceOptions(
  datasource: TvmDataSource,
  query: TvmVariableQuery
): (input: string) => Promise<Array<ComboboxOption<string>>> {
  const cache = useRef<Promise<Array<ComboboxOption<string>>> | undefined>(undefined);
  const key = `${query.kind}|${query.deviceGroup ?? ''}`;
  const cachedKey = useRef(key);
  return useCallback(
    async (input: string) => {
      if (!cache.current || cachedKey.current !== key) {
        cachedKey.current = key;
        cache.current = datasource
          .metricFindValues(query)
          .then((values) =>
            values.map((v) => ({
              label: String(v.text),
              value: String(v.value ?? v.text),
              description: v.value !== undefined && String(v.value) !== String(v.text) ? String(v.value) : undefined,
            }))
          )
          .catch(() => []);
      }
      const needle = input.trim().toLowerCase();
      const all = [...variableOptions(datasource), ...(await cache.current)];
      return needle ? all.filter((o) => `${o.label ?? ''} ${o.value}`.toLowerCase().includes(needle)) : all;
    },
    // `query` is described by `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [datasource, key]
  );
}

interface SinglePickerProps {
  datasource: TvmDataSource;
  value: string | undefined;
  onChange: (value: string) => void;
  kind: TvmVariableQuery['kind'];
  deviceGroup?: string;
  placeholder: string;
  testId: string;
  id?: string;
  width?: number;
}

/** One value from the service (a device group, a device, a product), a variable, or anything typed. */
export function ServicePicker({
  datasource,
  value,
  onChange,
  kind,
  deviceGroup,
  placeholder,
  testId,
  id,
  width,
}: SinglePickerProps) {
  const options = useServiceOptions(datasource, { kind, deviceGroup });
  return (
    <Combobox<string>
      id={id}
      data-testid={testId}
      options={options}
      value={value ? value : null}
      placeholder={placeholder}
      width={width ?? 40}
      createCustomValue
      isClearable
      onChange={(option) => onChange(option?.value ?? '')}
    />
  );
}

interface MultiPickerProps {
  datasource: TvmDataSource;
  /** Comma-separated values, as the query model stores them. */
  value: string | undefined;
  onChange: (value: string) => void;
  options: ReadonlyArray<string | ComboboxOption<string>>;
  placeholder: string;
  testId: string;
  id?: string;
  width?: number;
}

/** Several values of a fixed list (severities, levels …) or variables; stored as a comma-separated string. */
export function MultiValuePicker({
  datasource,
  value,
  onChange,
  options,
  placeholder,
  testId,
  id,
  width,
}: MultiPickerProps) {
  const all = useMemo(
    () => [...options.map((o) => (typeof o === 'string' ? { label: o, value: o } : o)), ...variableOptions(datasource)],
    [options, datasource]
  );
  return (
    <MultiCombobox<string>
      id={id}
      data-testid={testId}
      options={all}
      value={splitList(value ?? '')}
      placeholder={placeholder}
      width="auto"
      minWidth={width ?? 30}
      maxWidth={80}
      createCustomValue
      isClearable
      onChange={(selected) => onChange(selected.map((o) => o.value).join(','))}
    />
  );
}

interface DeviceGroupPickerProps {
  datasource: TvmDataSource;
  value: string | undefined;
  onChange: (value: string) => void;
  testId: string;
  id?: string;
}

/** Device groups: several of the service's groups, or variables such as $group; empty means every group. */
export function DeviceGroupPicker({ datasource, value, onChange, testId, id }: DeviceGroupPickerProps) {
  const [groups, setGroups] = useState<string[]>([]);
  useEffect(() => {
    // A handful of names: loaded once when the editor opens.
    let live = true;
    datasource
      .metricFindValues({ kind: 'deviceGroups' })
      .then((values) => live && setGroups(values.map((v) => String(v.value ?? v.text))))
      .catch(() => live && setGroups([]));
    return () => {
      live = false;
    };
  }, [datasource]);
  return (
    <MultiValuePicker
      id={id}
      datasource={datasource}
      testId={testId}
      options={groups}
      placeholder="All device groups"
      value={value}
      onChange={onChange}
    />
  );
}
