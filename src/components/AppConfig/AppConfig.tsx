import React, { useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, FieldSet, Stack, useStyles2 } from '@grafana/ui';
import { PROVISIONED_DATASOURCE_UID } from '../../constants';
import { testIds } from '../testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<{}>> {}

/**
 * The app itself holds no settings: the service URL and key belong to the TVM data source, where Grafana's
 * proxy injects the key server-side. This page enables the app and points there.
 */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const s = useStyles2(getStyles);
  const { enabled, pinned } = plugin.meta;
  const [error, setError] = useState<string | undefined>();

  const setEnabled = async (value: boolean) => {
    setError(undefined);
    try {
      await updatePlugin(plugin.meta.id, { enabled: value, pinned: value ? pinned : false, jsonData: {} });
      // Grafana reads plugin settings at page load; a reload is the supported way to apply them.
      window.location.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Grafana refused the change; check that you are an admin.');
    }
  };

  return (
    <div className={s.page}>
      <FieldSet label="Threat & vulnerability management">
        <p>
          The connection to the TVM service (its URL and API key) is set on the <strong>TVM</strong> data source. A
          provisioned data source has the uid <code>{PROVISIONED_DATASOURCE_UID}</code>;{' '}
          <a className={s.link} href={`/connections/datasources/edit/${PROVISIONED_DATASOURCE_UID}`}>
            open its settings
          </a>{' '}
          or add a new <code>TVM</code> data source.
        </p>
        {error && (
          <Alert severity="error" title="Could not update the app">
            {error}
          </Alert>
        )}
        <Stack gap={1}>
          {enabled ? (
            <Button variant="destructive" data-testid={testIds.appConfig.disable} onClick={() => setEnabled(false)}>
              Disable
            </Button>
          ) : (
            <Button data-testid={testIds.appConfig.enable} onClick={() => setEnabled(true)}>
              Enable
            </Button>
          )}
        </Stack>
      </FieldSet>
    </div>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 720, '& p': { marginBottom: theme.spacing(2) } }),
  // A plain anchor: Grafana routes /connections itself, and TextLink needs the app router context.
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});

const updatePlugin = async (pluginId: string, data: Partial<PluginMeta>) =>
  lastValueFrom(getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data }));
