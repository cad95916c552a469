import React from 'react';
import { css } from '@emotion/css';
import { AppRootProps, GrafanaTheme2 } from '@grafana/data';
import { Alert, Card, TextLink, useStyles2 } from '@grafana/ui';
import { DASHBOARD_UIDS, PROVISIONED_DATASOURCE_UID } from '../../constants';
import { testIds } from '../testIds';

/** What each bundled dashboard answers; the app's navigation lists the same dashboards. */
const DASHBOARDS: Array<{ uid: string; title: string; description: string }> = [
  {
    uid: DASHBOARD_UIDS.overview,
    title: 'TVM dashboard',
    description:
      'Exposure and secure scores, device exposure, top recommendations, software, remediation, devices and events.',
  },
  {
    uid: DASHBOARD_UIDS.recommendations,
    title: 'Security recommendations',
    description: 'What to fix first, ordered by how much it lowers the exposure score.',
  },
  {
    uid: DASHBOARD_UIDS.remediation,
    title: 'Remediation',
    description: 'Remediation activities, exceptions and SLA figures.',
  },
  {
    uid: DASHBOARD_UIDS.softwareInventory,
    title: 'Software inventory',
    description: 'Every product installed in the fleet, its weaknesses and exposed devices.',
  },
  {
    uid: DASHBOARD_UIDS.weaknesses,
    title: 'Weaknesses',
    description: 'CVEs found on devices, with CVSS, EPSS and CISA KEV status.',
  },
  { uid: DASHBOARD_UIDS.devices, title: 'Devices', description: 'Devices by exposure level, OS and group.' },
  {
    uid: DASHBOARD_UIDS.events,
    title: 'Event timeline',
    description: 'New vulnerabilities, newly exploited CVEs and score changes over time.',
  },
  {
    uid: DASHBOARD_UIDS.wall,
    title: 'Wall display',
    description: 'Large-type kiosk view for NOC screens; add ?kiosk to the URL.',
  },
];

/** The app's landing page: what the app is, where its data comes from, and the way into each dashboard. */
function App(_props: AppRootProps) {
  const s = useStyles2(getStyles);
  return (
    <div data-testid={testIds.app.container} className={s.page}>
      <h2>Threat &amp; vulnerability management</h2>
      <p>
        Exposure score, secure score, security recommendations, software inventory and weaknesses of your fleet,
        computed by the TVM service from device inventories, NVD, CISA KEV and FIRST EPSS.
      </p>
      <ul className={s.list}>
        {DASHBOARDS.map((d) => (
          <li key={d.uid} data-testid={testIds.app.dashboardLink}>
            <Card href={`/d/${d.uid}`}>
              <Card.Heading>{d.title}</Card.Heading>
              <Card.Description>{d.description}</Card.Description>
            </Card>
          </li>
        ))}
      </ul>
      <Alert severity="info" title="No data?">
        The dashboards read the <code>TVM</code> data source (uid <code>{PROVISIONED_DATASOURCE_UID}</code>). Point it
        at the service (default <code>http://localhost:8080</code>) with an API key, then use <em>Save &amp; test</em>.
        See the{' '}
        <TextLink href="https://github.com/seed/grafana-tvm#connecting-an-existing-grafana" external>
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
  list: css({ listStyle: 'none', display: 'grid', gap: theme.spacing(1), marginBottom: theme.spacing(2) }),
});
