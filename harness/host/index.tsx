import React from 'react';
import { createRoot } from 'react-dom/client';
import { css } from '@emotion/css';
import { createTheme, EventBusSrv, locationUtil, ThemeContext, type GrafanaTheme2 } from '@grafana/data';
import {
  config,
  locationService,
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setTemplateSrv,
} from '@grafana/runtime';
import { GlobalStyles, useStyles2 } from '@grafana/ui';
import { installAmdLoader } from './amd';
import { HarnessBackendSrv } from './backendSrv';
import type { BootData } from './boot';
import { DashboardPage, type DashboardRuntime } from './dashboardPage';
import { createDataSourceSrv, PluginRegistry } from './plugins';
import { PluginPages } from './pluginPages';
import { initRegistries } from './registries';
import { expectPanels, reportError, resetStatus } from './status';
import { HarnessTemplateSrv } from './templateSrv';

declare global {
  interface Window {
    __harnessBoot: BootData;
  }
}

const boot = window.__harnessBoot;
const params = new URLSearchParams(window.location.search);
// Grafana's own URL parameter for the theme (the page's boot data carries it to config.theme2 too).
const theme = createTheme({ colors: { mode: params.get('theme') === 'light' ? 'light' : 'dark' } });

function setUpGrafanaRuntime(): DashboardRuntime {
  installAmdLoader();
  initRegistries();
  const templateContext = { timeZone: 'browser', dashboard: undefined as { uid: string; title: string } | undefined };
  const templateSrv = new HarnessTemplateSrv(templateContext);
  const plugins = new PluginRegistry(boot);
  const dsSrv = createDataSourceSrv(plugins, templateSrv);
  setBackendSrv(new HarnessBackendSrv());
  setTemplateSrv(templateSrv);
  setDataSourceSrv(dsSrv);
  setAppEvents(new EventBusSrv());
  // Pages are built from the URL: a navigation inside the app (a panel's drill-down) loads the new page.
  locationService.getHistory().listen(() => window.location.reload());
  locationUtil.initialize({
    config: config as never,
    getTimeRangeForUrl: () => templateSrv.timeRangeForUrl(),
    getVariablesUrlParams: () => templateSrv.variablesForUrl(),
  });
  return {
    plugins,
    dsSrv,
    templateSrv,
    setTimeZoneAndDashboard(timeZone, dashboard) {
      templateContext.timeZone = timeZone;
      templateContext.dashboard = dashboard;
    },
  };
}

function IndexPage() {
  const s = useStyles2(getStyles);
  React.useEffect(() => expectPanels(0), []);
  const app = boot.plugins.find((p) => p.type === 'app');
  return (
    <div className={s.index}>
      <h1>TVM plugin harness</h1>
      <p>
        The built plugin (<code>dist/</code>) loaded the way Grafana loads it, against a running TVM service. Core
        Grafana panels are approximated and say so.
      </p>
      <h3>Dashboards</h3>
      <ul>
        {boot.dashboards.map((d) => (
          <li key={d.uid}>
            <a href={`/d/${d.uid}/${d.key}`}>{d.title}</a> · <a href={`/d/${d.uid}/${d.key}?theme=light`}>light</a> ·{' '}
            <a href={`/d/${d.uid}/${d.key}?kiosk`}>kiosk</a>
          </li>
        ))}
      </ul>
      <h3>Plugin pages</h3>
      <ul>
        <li>
          <a href="/harness/editors">Data source editors and app pages</a>
        </li>
        {app && (
          <li>
            <a href={`/a/${app.id}`}>App page</a>
          </li>
        )}
      </ul>
    </div>
  );
}

function NotFound({ path }: { path: string }) {
  React.useEffect(() => {
    reportError(`harness: no page at ${path}`);
    expectPanels(0);
  }, [path]);
  return <div style={{ padding: 24 }}>No page at {path}</div>;
}

function route(runtime: DashboardRuntime): React.ReactElement {
  const path = window.location.pathname;
  const app = boot.plugins.find((p) => p.type === 'app');
  const dashboard = /^\/d\/([^/]+)/.exec(path);
  if (dashboard) {
    resetStatus(`dashboard:${dashboard[1]}`);
    return <DashboardPage uid={decodeURIComponent(dashboard[1])} runtime={runtime} />;
  }
  if (path === '/harness/editors' || (app && (path.startsWith(`/a/${app.id}`) || path === `/plugins/${app.id}`))) {
    resetStatus('plugin-pages');
    return <PluginPages registry={runtime.plugins} />;
  }
  if (path === '/') {
    resetStatus('index');
    return <IndexPage />;
  }
  resetStatus(`unknown:${path}`);
  return <NotFound path={path} />;
}

const getStyles = (t: GrafanaTheme2) => ({
  index: css({ padding: t.spacing(4), minHeight: '100vh', background: t.colors.background.canvas }),
});

const runtime = setUpGrafanaRuntime();
createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    {route(runtime)}
  </ThemeContext.Provider>
);
