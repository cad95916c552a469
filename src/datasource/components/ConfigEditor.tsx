import React, { type ChangeEvent } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, Input, SecretInput, Stack, Text } from '@grafana/ui';
import type { TvmDataSourceOptions, TvmSecureJsonData } from '../types';
import { tvmTestIds } from './testIds';

type Props = DataSourcePluginOptionsEditorProps<TvmDataSourceOptions, TvmSecureJsonData>;

/** Why a service URL cannot work, or undefined when it can (an empty one is reported by "Save & test"). */
export function apiUrlProblem(url: string): string | undefined {
  const value = url.trim();
  if (value === '') {
    return undefined;
  }
  if (!/^https?:\/\/[^\s/?#]+/i.test(value)) {
    return 'Enter an http:// or https:// URL, such as http://tvm:8080.';
  }
  if (/[?#]/.test(value)) {
    return 'Enter the base URL of the service, without a query or fragment.';
  }
  return undefined;
}

/**
 * The connection: the service URL as Grafana's server reaches it, and the API key. The key is kept in
 * `secureJsonData` (encrypted by Grafana, never sent back to the browser) and added to every request by the
 * data source proxy route in plugin.json as `Authorization: Bearer <key>`.
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const apiUrl = options.jsonData.apiUrl ?? '';
  const problem = apiUrlProblem(apiUrl);

  const setApiUrl = (value: string) =>
    onOptionsChange({ ...options, jsonData: { ...options.jsonData, apiUrl: value } });

  return (
    <Stack direction="column" gap={2}>
      <Text element="p" color="secondary">
        Grafana&apos;s server calls the TVM service for this data source; the browser only talks to Grafana.
      </Text>
      <Field
        label="TVM service URL"
        description="Base URL of the service as Grafana's server reaches it, e.g. http://tvm:8080 in docker compose or http://localhost:8080."
        invalid={Boolean(problem)}
        error={problem}
        required
      >
        <Input
          id="tvm-config-api-url"
          data-testid={tvmTestIds.config.apiUrl}
          value={apiUrl}
          placeholder="http://tvm:8080"
          width={60}
          onChange={(e: ChangeEvent<HTMLInputElement>) => setApiUrl(e.currentTarget.value)}
          // A trailing slash would double the slash in every proxied path.
          onBlur={() => setApiUrl(apiUrl.trim().replace(/\/+$/, ''))}
        />
      </Field>
      <Field
        label="API key"
        description="A token with the read scope (TVM_ADMIN_TOKEN or one created for Grafana). Grafana stores it encrypted and sends it as Authorization: Bearer <key>; it never reaches the browser."
      >
        <SecretInput
          id="tvm-config-api-key"
          data-testid={tvmTestIds.config.apiKey}
          isConfigured={Boolean(options.secureJsonFields?.apiKey)}
          value={options.secureJsonData?.apiKey ?? ''}
          placeholder="Token with the read scope"
          width={60}
          onChange={(e: ChangeEvent<HTMLInputElement>) =>
            onOptionsChange({
              ...options,
              secureJsonData: { ...options.secureJsonData, apiKey: e.currentTarget.value },
            })
          }
          onReset={() =>
            onOptionsChange({
              ...options,
              secureJsonFields: { ...options.secureJsonFields, apiKey: false },
              secureJsonData: { ...options.secureJsonData, apiKey: '' },
            })
          }
        />
      </Field>
    </Stack>
  );
}
