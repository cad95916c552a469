import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { BrowserRouter } from 'react-router-dom';
import {
  CoreApp,
  getDefaultTimeRange,
  PluginType,
  type AppPlugin,
  type DataSourceApi,
  type DataSourcePlugin,
  type DataSourceSettings,
  type GrafanaTheme2,
} from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { QUERY_TYPES } from '../../src/datasource/types';
import type { PluginRegistry } from './plugins';
import { expectPanels, reportError, reportPanel } from './status';

/** Renders one editor or page; reports it done after it mounted, or its crash. */
function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  const s = useStyles2(getStyles);
  useEffect(() => {
    reportPanel({ id, title, type: 'editor', state: 'Done', rows: 0, frames: 0, designedEmpty: true });
  }, [id, title]);
  return (
    <section className={s.section} data-testid={`harness-section-${id}`}>
      <h3 className={s.sectionTitle}>{title}</h3>
      <Boundary id={id} title={title}>
        {children}
      </Boundary>
    </section>
  );
}

class Boundary extends React.Component<{ id: string; title: string; children: React.ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error) {
    reportPanel({
      id: this.props.id,
      title: this.props.title,
      type: 'editor',
      state: 'Error',
      rows: 0,
      frames: 0,
      error: error.message,
    });
  }
  override render() {
    return this.state.error ? (
      <div style={{ color: 'red' }}>Crashed: {this.state.error.message}</div>
    ) : (
      this.props.children
    );
  }
}

function instanceToSettings(registry: PluginRegistry): DataSourceSettings {
  const inst = registry.instanceSettings();
  return {
    id: inst.id ?? 1,
    uid: inst.uid,
    orgId: 1,
    name: inst.name,
    type: inst.type,
    typeName: inst.meta.name,
    typeLogoUrl: inst.meta.info.logos.small,
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: inst.jsonData,
    secureJsonFields: { apiKey: true },
    readOnly: false,
    withCredentials: false,
  };
}

/**
 * The data source's config, query, variable and annotation editors, and the app's pages, each rendered
 * once with the props Grafana gives them, so a crash or a console error in any of them fails the harness.
 */
export function PluginPages({ registry }: { registry: PluginRegistry }) {
  const s = useStyles2(getStyles);
  const [loaded, setLoaded] = useState<{ dsPlugin: DataSourcePlugin<any>; ds: DataSourceApi; app: AppPlugin }>();
  const [settings, setSettings] = useState<DataSourceSettings>();
  useEffect(() => {
    Promise.all([registry.dataSourcePlugin(), registry.dataSource(), registry.app()])
      .then(([dsPlugin, ds, app]) => {
        setLoaded({ dsPlugin, ds, app });
        setSettings(instanceToSettings(registry));
      })
      .catch((err: Error) => {
        reportError(err.message);
        expectPanels(0);
      });
  }, [registry]);
  useEffect(() => {
    if (loaded) {
      const { dsPlugin, ds, app } = loaded;
      const count =
        (dsPlugin.components.ConfigEditor ? 1 : 0) +
        (dsPlugin.components.QueryEditor ? QUERY_TYPES.length : 0) +
        (ds.variables && 'editor' in ds.variables ? 1 : 0) +
        (ds.annotations?.QueryEditor ? 1 : 0) +
        (app.root ? 1 : 0) +
        (app.configPages?.length ?? 0);
      expectPanels(count);
    }
  }, [loaded]);
  if (!loaded || !settings) {
    return <div className={s.page}>Loading plugins…</div>;
  }
  const { dsPlugin, ds, app } = loaded;
  const { ConfigEditor, QueryEditor } = dsPlugin.components;
  const range = getDefaultTimeRange();
  const VariableEditor =
    ds.variables && 'editor' in ds.variables ? (ds.variables.editor as React.ComponentType<any>) : undefined;
  const AnnotationEditor = ds.annotations?.QueryEditor as React.ComponentType<any> | undefined;
  const appMeta = registry.byType('app')[0];
  return (
    <div className={s.page}>
      <h2>Plugin pages and editors</h2>
      {ConfigEditor && (
        <Section id="config-editor" title={`${ds.meta.name}: data source settings (ConfigEditor)`}>
          <ConfigEditor options={settings} onOptionsChange={setSettings} />
        </Section>
      )}
      {QueryEditor &&
        QUERY_TYPES.map((queryType) => (
          <Section key={queryType} id={`query-editor:${queryType}`} title={`QueryEditor: ${queryType}`}>
            <QueryEditorHost editor={QueryEditor} ds={ds} queryType={queryType} range={range} />
          </Section>
        ))}
      {VariableEditor && (
        <Section id="variable-editor" title="Variable query editor">
          <VariableEditor
            datasource={ds}
            query={{ refId: 'variable-query', kind: 'deviceGroups' }}
            onChange={() => {}}
            onRunQuery={() => {}}
            range={range}
          />
        </Section>
      )}
      {AnnotationEditor && (
        <Section id="annotation-editor" title="Annotation query editor">
          <AnnotationEditor
            datasource={ds}
            query={{ refId: 'Anno', queryType: 'events' }}
            onChange={() => {}}
            onRunQuery={() => {}}
            range={range}
            app={CoreApp.Dashboard}
          />
        </Section>
      )}
      {app.root && (
        <Section id="app-root" title={`${appMeta.name}: app page`}>
          <BrowserRouter>
            <app.root
              meta={{ ...appMeta, type: PluginType.app, enabled: true, jsonData: {} } as never}
              basename={`/a/${appMeta.id}`}
              path={`/a/${appMeta.id}`}
              query={{}}
              onNavChanged={() => {}}
            />
          </BrowserRouter>
        </Section>
      )}
      {(app.configPages ?? []).map((page) => (
        <Section key={page.id} id={`app-config:${page.id}`} title={`${appMeta.name}: ${page.title} page`}>
          <page.body plugin={app} query={{}} />
        </Section>
      ))}
    </div>
  );
}

function QueryEditorHost({
  editor: Editor,
  ds,
  queryType,
  range,
}: {
  editor: React.ComponentType<any>;
  ds: DataSourceApi;
  queryType: string;
  range: ReturnType<typeof getDefaultTimeRange>;
}) {
  const [query, setQuery] = useState(() => ({ ...ds.getDefaultQuery?.(CoreApp.Dashboard), refId: 'A', queryType }));
  return (
    <Editor
      datasource={ds}
      query={query}
      onChange={setQuery}
      onRunQuery={() => {}}
      range={range}
      app={CoreApp.Dashboard}
    />
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(3), background: theme.colors.background.canvas, minHeight: '100vh' }),
  section: css({
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  sectionTitle: css({ fontSize: theme.typography.h5.fontSize, color: theme.colors.text.secondary }),
});
