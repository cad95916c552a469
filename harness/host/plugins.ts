import {
  type AppPlugin,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourcePlugin,
  type DataSourceRef,
  type PanelPlugin,
  type PluginMeta,
} from '@grafana/data';
import type { DataSourceSrv } from '@grafana/runtime';
import { loadPluginModule } from './amd';
import type { BootData, PluginMetaLite } from './boot';
import type { HarnessTemplateSrv } from './templateSrv';

async function importPlugin<T>(meta: PluginMetaLite): Promise<T> {
  if (!meta.module) {
    throw new Error(`plugin ${meta.id} has no module.js in the build`);
  }
  const exports = await loadPluginModule(meta.module);
  const plugin = exports.plugin as (T & { meta?: unknown }) | undefined;
  if (!plugin) {
    throw new Error(`${meta.module} does not export \`plugin\` (Grafana requires \`export const plugin = …\`)`);
  }
  // Grafana attaches the plugin.json it loaded the module for.
  plugin.meta = meta;
  return plugin;
}

/** The plugins of the build, loaded on demand the way Grafana's plugin loader does. */
export class PluginRegistry {
  private panels = new Map<string, Promise<PanelPlugin>>();
  private dsPlugin?: Promise<DataSourcePlugin<any>>;
  private dsInstance?: Promise<DataSourceApi>;

  constructor(private boot: BootData) {}

  meta(id: string): PluginMetaLite | undefined {
    return this.boot.plugins.find((p) => p.id === id);
  }

  byType(type: string): PluginMetaLite[] {
    return this.boot.plugins.filter((p) => p.type === type);
  }

  async app(): Promise<AppPlugin> {
    const meta = this.byType('app')[0];
    const plugin = await importPlugin<AppPlugin>(meta);
    plugin.init(meta as unknown as PluginMeta as never);
    return plugin;
  }

  /** A panel plugin of the build, or undefined for types the build does not contain (Grafana's core panels). */
  panel(type: string): Promise<PanelPlugin> | undefined {
    const meta = this.boot.plugins.find((p) => p.type === 'panel' && p.id === type);
    if (!meta) {
      return undefined;
    }
    let p = this.panels.get(type);
    if (!p) {
      p = importPlugin<PanelPlugin>(meta);
      this.panels.set(type, p);
    }
    return p;
  }

  dataSourcePlugin(): Promise<DataSourcePlugin<any>> {
    const meta = this.byType('datasource')[0];
    if (!meta) {
      return Promise.reject(new Error('the build contains no data source plugin'));
    }
    this.dsPlugin ??= importPlugin<DataSourcePlugin<any>>(meta);
    return this.dsPlugin;
  }

  instanceSettings(): DataSourceInstanceSettings {
    const ds = this.boot.datasource;
    const meta = this.byType('datasource')[0];
    if (!ds || !meta) {
      throw new Error('the build contains no data source plugin');
    }
    return { ...ds, meta: meta as unknown as DataSourceInstanceSettings['meta'] } as DataSourceInstanceSettings;
  }

  /** The provisioned data source: `new plugin.DataSourceClass(instanceSettings)`, as Grafana creates it. */
  dataSource(): Promise<DataSourceApi> {
    this.dsInstance ??= this.dataSourcePlugin().then((plugin) => {
      const settings = this.instanceSettings();
      const instance = new plugin.DataSourceClass(settings);
      instance.components = plugin.components;
      instance.meta = settings.meta;
      return instance;
    });
    return this.dsInstance;
  }
}

/** Grafana's data source service for one provisioned data source, resolving refs by uid, name or type. */
export function createDataSourceSrv(plugins: PluginRegistry, templateSrv: HarnessTemplateSrv): DataSourceSrv {
  const matches = (ref: DataSourceRef | string | null | undefined): boolean => {
    const settings = plugins.instanceSettings();
    if (ref === null || ref === undefined) {
      return true;
    }
    const raw = typeof ref === 'string' ? ref : (ref.uid ?? ref.type ?? '');
    const key = templateSrv.replace(raw);
    return (
      [settings.uid, settings.name, settings.type].includes(key) ||
      (typeof ref !== 'string' && ref.type === settings.type && !ref.uid)
    );
  };
  return {
    async get(ref) {
      if (!matches(ref)) {
        throw new Error(
          `data source ${JSON.stringify(ref)} was not found: the harness provisions only uid ${plugins.instanceSettings().uid}`
        );
      }
      return plugins.dataSource();
    },
    getInstanceSettings(ref) {
      return matches(ref) ? plugins.instanceSettings() : undefined;
    },
    getList() {
      return [plugins.instanceSettings()];
    },
    async reload() {},
    registerRuntimeDataSource() {
      throw new Error('harness: runtime data sources are not emulated');
    },
  };
}
