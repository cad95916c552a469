import React, { type ChangeEvent } from 'react';
import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import {
  Alert,
  Combobox,
  type ComboboxOption,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  Input,
  RadioButtonGroup,
  Stack,
} from '@grafana/ui';
import type { TvmDataSource } from '../datasource';
import { listColumns } from '../lists';
import { MAX_LIMIT, QUERY_TYPE_INFO, queryProblem, type QueryOption, takesOption } from '../queryTypes';
import {
  DEFAULT_QUERY,
  EVENT_TYPES,
  EXPOSURE_LEVELS,
  QUERY_TYPES,
  type QueryType,
  RECOMMENDATION_CATEGORIES,
  REMEDIATION_TYPES,
  REPORT_DIMENSIONS,
  SEVERITIES,
  type TvmDataSourceOptions,
  type TvmQuery,
} from '../types';
import { DeviceGroupPicker, MultiValuePicker, ServicePicker } from './pickers';
import { tvmTestIds } from './testIds';

type Props = QueryEditorProps<TvmDataSource, TvmQuery, TvmDataSourceOptions>;
type AnyQuery = TvmQuery & Record<string, unknown>;

const LABEL_WIDTH = 18;

const TYPE_OPTIONS: Array<ComboboxOption<QueryType>> = QUERY_TYPES.map((t) => ({
  value: t,
  label: QUERY_TYPE_INFO[t].label,
  description: QUERY_TYPE_INFO[t].description,
  group: QUERY_TYPE_INFO[t].group,
}));

const radio = <T extends string>(entries: Array<[T, string]>): Array<SelectableValue<T>> =>
  entries.map(([value, label]) => ({ value, label }));

const SCORE_BREAKDOWNS = radio([
  ['organization', 'Organization'],
  ['deviceGroup', 'Per device group'],
]);
const SECURE_BREAKDOWNS = radio([
  ['overall', 'Overall'],
  ['category', 'Per category'],
]);
const DIMENSIONS = radio(REPORT_DIMENSIONS.map((d) => [d, d.charAt(0).toUpperCase() + d.slice(1)]));
const LEVELS = radio([
  ['product', 'Per product'],
  ['finding', 'Per finding'],
]);
const DIRECTIONS = radio([
  ['asc', 'Ascending'],
  ['desc', 'Descending'],
]);
const STATUS_OPTIONS: Partial<Record<QueryOption, string[]>> = {
  recommendationStatus: ['Active', 'Exception'],
  taskStatus: ['Active', 'Completed', 'Canceled'],
  exceptionStatus: ['InEffect', 'Expired', 'Canceled', 'Resurfaced'],
};

/** Options that survive a change of query type: the scope, and the id when the new type needs the same one. */
export function switchQueryType(query: TvmQuery, queryType: QueryType): TvmQuery {
  const { refId, datasource, hide, key, deviceGroup } = query as AnyQuery;
  const next: Record<string, unknown> = { refId, datasource, hide, key, queryType };
  if (deviceGroup && takesOption(queryType, 'deviceGroup')) {
    next.deviceGroup = deviceGroup;
  }
  const required = QUERY_TYPE_INFO[queryType].required;
  if (required && (query as AnyQuery)[required]) {
    next[required] = (query as AnyQuery)[required];
  }
  for (const option of ['limit', 'search'] as const) {
    if ((query as AnyQuery)[option] !== undefined && takesOption(queryType, option)) {
      next[option] = (query as AnyQuery)[option];
    }
  }
  return Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as unknown as TvmQuery;
}

/**
 * The query editor: a query type, then only the options that type takes. Pickers accept dashboard variables
 * ($group, $device …) and typed values as well as what the service lists.
 */
export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const q = { ...DEFAULT_QUERY, ...query } as AnyQuery;
  const type = (QUERY_TYPES as readonly string[]).includes(q.queryType) ? q.queryType : DEFAULT_QUERY.queryType!;
  const has = (option: QueryOption) => takesOption(type, option);
  const problem = queryProblem(q);
  const columns = listColumns(type).map((c) => ({ label: c, value: c }));

  const change = (patch: Record<string, unknown>, run = true) => {
    const next = { ...q, ...patch } as AnyQuery;
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') {
        delete next[k];
      }
    }
    onChange(next);
    if (run && !queryProblem(next)) {
      onRunQuery();
    }
  };
  const text = (key: string) => ({
    value: String(q[key] ?? ''),
    onChange: (e: ChangeEvent<HTMLInputElement>) => change({ [key]: e.currentTarget.value }, false),
    // Text runs on blur, not on every key stroke.
    onBlur: () => !queryProblem(q) && onRunQuery(),
  });
  const status = (['recommendationStatus', 'taskStatus', 'exceptionStatus'] as const).find(has);

  return (
    <Stack direction="column" gap={0} data-testid={tvmTestIds.query.editor}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={LABEL_WIDTH} tooltip={QUERY_TYPE_INFO[type].description}>
          <Combobox<QueryType>
            id="tvm-query-type"
            data-testid={tvmTestIds.query.queryType}
            options={TYPE_OPTIONS}
            value={type}
            width={40}
            onChange={(option) => {
              onChange(switchQueryType(q, option.value));
              if (!queryProblem(switchQueryType(q, option.value))) {
                onRunQuery();
              }
            }}
          />
        </InlineField>
        {has('deviceGroup') && (
          <InlineField
            label="Device group"
            labelWidth={LABEL_WIDTH}
            tooltip="Device groups to scope to, or a variable such as $group. Empty or All: every group."
          >
            <DeviceGroupPicker
              id="tvm-query-device-group"
              testId={tvmTestIds.query.deviceGroup}
              datasource={datasource}
              value={q.deviceGroup}
              onChange={(v) => change({ deviceGroup: v })}
            />
          </InlineField>
        )}
      </InlineFieldRow>

      <InlineFieldRow>
        {has('scoreBreakdown') && (
          <InlineField label="Breakdown" labelWidth={LABEL_WIDTH}>
            <RadioButtonGroup
              data-testid={tvmTestIds.query.breakdown}
              options={SCORE_BREAKDOWNS}
              value={(q.breakdown as string) ?? 'organization'}
              onChange={(v) => change({ breakdown: v })}
            />
          </InlineField>
        )}
        {has('secureBreakdown') && (
          <InlineField label="Breakdown" labelWidth={LABEL_WIDTH}>
            <RadioButtonGroup
              data-testid={tvmTestIds.query.breakdown}
              options={SECURE_BREAKDOWNS}
              value={(q.breakdown as string) ?? 'overall'}
              onChange={(v) => change({ breakdown: v })}
            />
          </InlineField>
        )}
        {has('dimension') && (
          <InlineField label="Dimension" labelWidth={LABEL_WIDTH}>
            <RadioButtonGroup
              data-testid={tvmTestIds.query.dimension}
              options={DIMENSIONS}
              value={(q.dimension as string) ?? 'severity'}
              onChange={(v) => change({ dimension: v })}
            />
          </InlineField>
        )}
        {has('breakdownLevel') && (
          <InlineField label="Level" labelWidth={LABEL_WIDTH}>
            <RadioButtonGroup
              data-testid={tvmTestIds.query.level}
              options={LEVELS}
              value={(q.level as string) ?? 'product'}
              onChange={(v) => change({ level: v })}
            />
          </InlineField>
        )}
        {has('recommendationId') && (
          <InlineField
            label="Recommendation"
            labelWidth={LABEL_WIDTH}
            tooltip="A recommendation id, or $recommendation"
            required
          >
            <Input
              id="tvm-query-recommendation-id"
              data-testid={tvmTestIds.query.recommendationId}
              width={40}
              placeholder="$recommendation"
              {...text('recommendationId')}
            />
          </InlineField>
        )}
        {has('cveId') && (
          <InlineField label="CVE" labelWidth={LABEL_WIDTH} tooltip="A CVE id such as CVE-2024-3094, or $cve" required>
            <Input
              id="tvm-query-cve-id"
              data-testid={tvmTestIds.query.cveId}
              width={30}
              placeholder="$cve"
              {...text('cveId')}
            />
          </InlineField>
        )}
        {has('softwareId') && (
          <InlineField
            label="Software"
            labelWidth={LABEL_WIDTH}
            tooltip="A product of the inventory, or $software"
            required
          >
            <ServicePicker
              id="tvm-query-software-id"
              datasource={datasource}
              kind="software"
              value={q.softwareId as string}
              placeholder="$software"
              testId={tvmTestIds.query.softwareId}
              onChange={(v) => change({ softwareId: v })}
            />
          </InlineField>
        )}
        {has('deviceId') && (
          <InlineField label="Device" labelWidth={LABEL_WIDTH} tooltip="A device, or $device" required>
            <ServicePicker
              id="tvm-query-device-id"
              datasource={datasource}
              kind="devices"
              value={q.deviceId as string}
              placeholder="$device"
              testId={tvmTestIds.query.deviceId}
              onChange={(v) => change({ deviceId: v })}
            />
          </InlineField>
        )}
        {has('category') && (
          <InlineField label="Category" labelWidth={LABEL_WIDTH}>
            <MultiValuePicker
              id="tvm-query-category"
              datasource={datasource}
              testId={tvmTestIds.query.category}
              options={RECOMMENDATION_CATEGORIES}
              placeholder="Any category"
              value={q.category as string}
              onChange={(v) => change({ category: v })}
            />
          </InlineField>
        )}
        {has('remediationType') && (
          <InlineField label="Remediation type" labelWidth={LABEL_WIDTH}>
            <MultiValuePicker
              id="tvm-query-remediation-type"
              datasource={datasource}
              testId={tvmTestIds.query.remediationType}
              options={REMEDIATION_TYPES}
              placeholder="Any type"
              value={q.remediationType as string}
              onChange={(v) => change({ remediationType: v })}
            />
          </InlineField>
        )}
        {status && (
          <InlineField label="Status" labelWidth={LABEL_WIDTH}>
            <MultiValuePicker
              id="tvm-query-status"
              datasource={datasource}
              testId={tvmTestIds.query.status}
              options={STATUS_OPTIONS[status] ?? []}
              placeholder="Any status"
              value={q.status as string}
              onChange={(v) => change({ status: v })}
            />
          </InlineField>
        )}
        {has('severity') && (
          <InlineField label="Severity" labelWidth={LABEL_WIDTH}>
            <MultiValuePicker
              id="tvm-query-severity"
              datasource={datasource}
              testId={tvmTestIds.query.severity}
              options={SEVERITIES}
              placeholder="Any severity"
              value={q.severity as string}
              onChange={(v) => change({ severity: v })}
            />
          </InlineField>
        )}
        {has('exposureLevel') && (
          <InlineField label="Exposure level" labelWidth={LABEL_WIDTH}>
            <MultiValuePicker
              id="tvm-query-exposure-level"
              datasource={datasource}
              testId={tvmTestIds.query.exposureLevel}
              options={EXPOSURE_LEVELS}
              placeholder="Any level"
              value={q.exposureLevel as string}
              onChange={(v) => change({ exposureLevel: v })}
            />
          </InlineField>
        )}
        {has('osPlatform') && (
          <InlineField label="OS platform" labelWidth={LABEL_WIDTH}>
            <ServicePicker
              id="tvm-query-os-platform"
              datasource={datasource}
              kind="osPlatforms"
              deviceGroup={q.deviceGroup}
              value={q.osPlatform as string}
              placeholder="Any platform"
              testId={tvmTestIds.query.osPlatform}
              width={30}
              onChange={(v) => change({ osPlatform: v })}
            />
          </InlineField>
        )}
        {has('onlyVulnerable') && (
          <InlineField label="Only vulnerable" labelWidth={LABEL_WIDTH} tooltip="Only software with weaknesses">
            <InlineSwitch
              data-testid={tvmTestIds.query.onlyVulnerable}
              value={Boolean(q.onlyVulnerable)}
              onChange={(e) => change({ onlyVulnerable: e.currentTarget.checked || undefined })}
            />
          </InlineField>
        )}
        {has('knownExploitedOnly') && (
          <InlineField label="Known exploited" labelWidth={LABEL_WIDTH} tooltip="Only CVEs in the CISA KEV catalog">
            <InlineSwitch
              data-testid={tvmTestIds.query.knownExploitedOnly}
              value={Boolean(q.knownExploitedOnly)}
              onChange={(e) => change({ knownExploitedOnly: e.currentTarget.checked || undefined })}
            />
          </InlineField>
        )}
        {has('onlyExposed') && (
          <InlineField
            label="Only exposed"
            labelWidth={LABEL_WIDTH}
            tooltip="Only devices with at least one open vulnerability"
          >
            <InlineSwitch
              data-testid={tvmTestIds.query.onlyExposed}
              value={Boolean(q.onlyExposed)}
              onChange={(e) => change({ onlyExposed: e.currentTarget.checked || undefined })}
            />
          </InlineField>
        )}
        {has('eventTypes') && (
          <InlineField label="Event types" labelWidth={LABEL_WIDTH}>
            <MultiValuePicker
              id="tvm-query-event-types"
              datasource={datasource}
              testId={tvmTestIds.query.eventTypes}
              options={EVENT_TYPES}
              placeholder="Every event type"
              value={((q.eventTypes as string[] | undefined) ?? []).join(',')}
              onChange={(v) => change({ eventTypes: v ? v.split(',') : undefined })}
            />
          </InlineField>
        )}
      </InlineFieldRow>

      {(has('limit') || has('sort') || has('search')) && (
        <InlineFieldRow>
          {has('limit') && (
            <InlineField
              label="Limit"
              labelWidth={LABEL_WIDTH}
              tooltip={`Rows to return (default 100, at most ${MAX_LIMIT.toLocaleString('en-US')})`}
            >
              <Input
                id="tvm-query-limit"
                data-testid={tvmTestIds.query.limit}
                type="number"
                min={1}
                max={MAX_LIMIT}
                width={12}
                placeholder="100"
                value={q.limit === undefined ? '' : String(q.limit)}
                onChange={(e: ChangeEvent<HTMLInputElement>) =>
                  change({ limit: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value) }, false)
                }
                onBlur={() => !queryProblem(q) && onRunQuery()}
              />
            </InlineField>
          )}
          {has('sort') && (
            <>
              <InlineField
                label="Sort by"
                labelWidth={LABEL_WIDTH}
                tooltip="A field of the rows; empty: the service's order (by impact or exposure)"
              >
                <Combobox<string>
                  id="tvm-query-order-by"
                  data-testid={tvmTestIds.query.orderBy}
                  options={columns}
                  value={(q.orderBy as string) || null}
                  placeholder="Default order"
                  width={30}
                  createCustomValue
                  isClearable
                  onChange={(option) => change({ orderBy: option?.value })}
                />
              </InlineField>
              <RadioButtonGroup
                data-testid={tvmTestIds.query.orderDirection}
                options={DIRECTIONS}
                value={(q.orderDirection as string) ?? 'asc'}
                onChange={(v) => change({ orderDirection: v })}
              />
            </>
          )}
          {has('search') && (
            <InlineField
              label="Search"
              labelWidth={LABEL_WIDTH}
              tooltip="Text to look for in the name (case-insensitive)"
            >
              <Input
                id="tvm-query-search"
                data-testid={tvmTestIds.query.search}
                width={30}
                placeholder="e.g. chrome"
                {...text('search')}
              />
            </InlineField>
          )}
        </InlineFieldRow>
      )}

      {has('filter') && (
        <InlineFieldRow>
          <InlineField
            label="OData filter"
            labelWidth={LABEL_WIDTH}
            grow
            tooltip="Added to the filters above, e.g. exposedMachinesCount gt 10 and publicExploit eq true. Use ${var:singlequote} for variables inside literals."
          >
            <Input
              id="tvm-query-filter"
              data-testid={tvmTestIds.query.filter}
              placeholder="cvssV3 ge 9 and knownExploited eq true"
              {...text('filter')}
            />
          </InlineField>
        </InlineFieldRow>
      )}

      {problem && (
        <Alert severity="info" title="Query not run" data-testid={tvmTestIds.query.problem}>
          {problem}
        </Alert>
      )}
    </Stack>
  );
}
