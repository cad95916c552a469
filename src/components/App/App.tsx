import React from 'react';
import { css } from '@emotion/css';
import { AppRootProps, GrafanaTheme2 } from '@grafana/data';
import { Alert, TextLink, useStyles2 } from '@grafana/ui';
import { testIds } from '../testIds';

/** The app's landing page: what the app is and where its data comes from. */
function App(_props: AppRootProps) {
  const s = useStyles2(getStyles);
  return (
    <div data-testid={testIds.app.container} className={s.page}>
      <h2>Threat &amp; vulnerability management</h2>
      <p>
        Exposure score, secure score, security recommendations, software inventory and weaknesses of your fleet,
        computed by the TVM service from NVD, CISA KEV and FIRST EPSS.
      </p>
      <Alert severity="info" title="Connect the TVM service">
        Add a <code>seed-tvm-datasource</code> data source pointing at the service (default{' '}
        <code>http://localhost:8080</code>), or use the provisioning files shipped with the plugin. See the{' '}
        <TextLink href="https://github.com/seed/grafana-tvm#readme" external>
          README
        </TextLink>
        .
      </Alert>
    </div>
  );
}

export default App;

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2), maxWidth: 960 }),
});
