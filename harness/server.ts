import express, { type Request, type Response } from 'express';
import fs from 'fs';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import { matchRoute, routeHeaders, routeTarget, type DataSourceInstance, type PluginRoute } from './proxy';
import { BUILD_DIR, DASHBOARDS_DIR, DIST_DIR, REPO_ROOT } from './paths';
import type { BootData, DashboardSummary, PluginMetaLite } from './host/boot';

/** Where Grafana serves an app plugin's files; nested plugins live below it. */
const APP_ASSETS = '/public/plugins';
export const DATASOURCE_UID = 'tvm';
const DATASOURCE_PROXY = `/api/datasources/proxy/uid/${DATASOURCE_UID}`;

/** Grafana's own fonts are not in any npm package: metric-compatible system fonts stand in for them. */
const FONT_SUBSTITUTES: Record<string, string[]> = {
  inter: [
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  ],
  roboto: [
    '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  ],
};
const SPINNER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 3a9 9 0 1 0 9 9" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/></svg>';
const ICONS_DIR = path.join(REPO_ROOT, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons');

/** The Grafana version the harness stands in for: the @grafana/runtime the plugin is built against. */
const BUILD_INFO = {
  version:
    readJsonSafe(path.join(REPO_ROOT, 'node_modules', '@grafana', 'runtime', 'package.json'))?.version ?? 'unknown',
  edition: 'Open Source',
  env: 'production',
};

function readJsonSafe(file: string): { version?: string } | undefined {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

export interface HarnessServerOptions {
  /** The TVM service the data source proxy forwards to, and the key the route injects. */
  service: { url: string; apiKey: string };
  distDir?: string;
  buildDir?: string;
  dashboardsDir?: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Every plugin.json in the build (the app and its nested plugins), as Grafana lists them. */
export function discoverPlugins(distDir: string): PluginMetaLite[] {
  const appJson = path.join(distDir, 'plugin.json');
  if (!fs.existsSync(appJson) || !fs.existsSync(path.join(distDir, 'module.js'))) {
    throw new Error(`${distDir} holds no built plugin: run \`npm run build:plugin\` first`);
  }
  const app = readJson<PluginMetaLite>(appJson);
  const found: PluginMetaLite[] = [];
  const visit = (dir: string, rel: string) => {
    const pj = path.join(dir, 'plugin.json');
    if (fs.existsSync(pj)) {
      const meta = readJson<PluginMetaLite>(pj);
      const baseUrl = `${APP_ASSETS.slice(1)}/${app.id}${rel ? `/${rel}` : ''}`;
      const logos = meta.info?.logos;
      found.push({
        ...meta,
        baseUrl,
        module: fs.existsSync(path.join(dir, 'module.js')) ? `${baseUrl}/module.js` : undefined,
        info: {
          ...meta.info,
          logos: logos && { small: `${baseUrl}/${logos.small}`, large: `${baseUrl}/${logos.large}` },
        },
      });
    }
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !['dashboards', 'img'].includes(entry.name)) {
        visit(path.join(dir, entry.name), rel ? `${rel}/${entry.name}` : entry.name);
      }
    }
  };
  visit(distDir, '');
  return found;
}

export function listDashboards(dashboardsDir: string): Array<DashboardSummary & { file: string }> {
  if (!fs.existsSync(dashboardsDir)) {
    return [];
  }
  return fs
    .readdirSync(dashboardsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const file = path.join(dashboardsDir, f);
      const json = readJson<{ uid?: string; title?: string; panels?: unknown; schemaVersion?: number }>(file);
      // Other JSON in the folder (a tsconfig.json) is not a dashboard.
      if (!Array.isArray(json.panels) && json.schemaVersion === undefined) {
        return [];
      }
      if (!json.uid) {
        throw new Error(`${file} has no uid: Grafana cannot address it`);
      }
      return [{ uid: json.uid, title: json.title ?? json.uid, key: f.replace(/\.json$/, ''), file }];
    });
}

function hostPage(boot: BootData): string {
  // `<` escaped so dashboard text cannot close the script element.
  const json = JSON.stringify(boot).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<base href="/">
<title>TVM · Grafana plugin harness</title>
<link rel="icon" href="${boot.plugins[0]?.info?.logos?.small ?? ''}">
<link rel="stylesheet" href="/harness/host.css">
<style>html, body { margin: 0; }</style>
<script>
window.__harnessBoot = ${json};
// What Grafana's index.html gives @grafana/runtime's config before any module runs; ?theme= picks the theme.
window.grafanaBootData = {
  assets: { dark: '', light: '' },
  settings: { appSubUrl: '', buildInfo: ${JSON.stringify(BUILD_INFO)}, featureToggles: {} },
  user: { theme: new URLSearchParams(location.search).get('theme') === 'light' ? 'light' : 'dark', timezone: 'browser', orgId: 1, isSignedIn: true, orgRole: 'Admin', isGrafanaAdmin: true },
  navTree: [],
};
</script>
</head>
<body>
<div id="root"></div>
<script src="/harness/host.js"></script>
</body>
</html>`;
}

/**
 * The harness web server: plays the parts of Grafana a plugin touches. It serves the host page for
 * Grafana's URLs (`/d/<uid>/<slug>`, `/a/<app>`, `/plugins/<app>`), the plugin build at Grafana's asset
 * path, Grafana's icons and (substitute) fonts, the dashboards, and the data source proxy.
 */
export function createHarnessApp(opts: HarnessServerOptions): express.Express {
  const distDir = opts.distDir ?? DIST_DIR;
  const buildDir = opts.buildDir ?? BUILD_DIR;
  const dashboardsDir = opts.dashboardsDir ?? DASHBOARDS_DIR;
  const plugins = discoverPlugins(distDir);
  const app = plugins.find((p) => p.type === 'app')!;
  const dsMeta = plugins.find((p) => p.type === 'datasource');
  if (!fs.existsSync(path.join(buildDir, 'host.js'))) {
    throw new Error(`${buildDir}/host.js is missing: build the host page first (harness/build.ts)`);
  }
  const instance: DataSourceInstance = {
    uid: DATASOURCE_UID,
    jsonData: { apiUrl: opts.service.url },
    secureJsonData: { apiKey: opts.service.apiKey },
  };

  const server = express();
  server.disable('x-powered-by');

  const page = (req: Request, res: Response) => {
    const boot: BootData = {
      plugins,
      dashboards: listDashboards(dashboardsDir).map(({ uid, title, key }) => ({ uid, title, key })),
      datasource: dsMeta
        ? {
            id: 1,
            uid: DATASOURCE_UID,
            name: 'TVM',
            type: dsMeta.id,
            url: DATASOURCE_PROXY,
            access: 'proxy',
            jsonData: instance.jsonData,
            // What Grafana tells the browser about secrets: that they are set, never their value.
            secureJsonFields: Object.fromEntries(Object.keys(instance.secureJsonData).map((k) => [k, true])),
            readOnly: true,
          }
        : undefined,
    };
    res.type('html').send(hostPage(boot));
  };
  server.get(['/', '/d/:uid', '/d/:uid/:slug', '/harness/editors'], page);
  server.get([`/a/${app.id}`, `/a/${app.id}/*rest`, `/plugins/${app.id}`], page);

  server.get('/harness/api/dashboards/:uid', (req, res) => {
    const found = listDashboards(dashboardsDir).find((d) => d.uid === req.params.uid);
    if (!found) {
      res.status(404).json({ message: `no dashboard with uid ${req.params.uid} in ${dashboardsDir}` });
      return;
    }
    res.type('json').send(fs.readFileSync(found.file));
  });

  server.use('/harness', express.static(buildDir, { fallthrough: false, maxAge: '1h' }));
  server.use(`${APP_ASSETS}/${app.id}`, express.static(distDir, { fallthrough: false }));
  // Grafana ships a spinner icon of its own that @grafana/ui's package lacks; the harness draws one.
  server.get('/public/build/img/icons/unicons/spinner.svg', (_req, res) => {
    res.type('image/svg+xml').send(SPINNER_SVG);
  });
  server.use('/public/build/img/icons', express.static(ICONS_DIR, { fallthrough: false, maxAge: '1h' }));
  server.get('/public/fonts/:family/:file', (req, res) => {
    const font = (FONT_SUBSTITUTES[String(req.params.family)] ?? []).find((f) => fs.existsSync(f));
    if (!font) {
      res.status(404).json({
        message: `no substitute for Grafana's ${req.params.family} font: install fonts-liberation (Debian) or fonts-dejavu`,
      });
      return;
    }
    res.type('font/ttf').set('Cache-Control', 'max-age=3600').sendFile(font);
  });

  if (dsMeta) {
    const routes = (dsMeta as { routes?: PluginRoute[] }).routes ?? [];
    const proxyBody = express.raw({ type: () => true, limit: '50mb' });
    server.all(`${DATASOURCE_PROXY}/*rest`, proxyBody, async (req, res) => {
      const proxyPath = (req.params as { rest: string[] }).rest.join('/');
      const route = matchRoute(routes, proxyPath, req.method);
      if (!route) {
        res.status(404).json({ message: `no route of ${dsMeta.id}'s plugin.json matches ${proxyPath}` });
        return;
      }
      const search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      try {
        const target = routeTarget(route, proxyPath, search, instance);
        const headers: Record<string, string> = {};
        for (const name of ['accept', 'content-type', 'accept-language']) {
          const v = req.headers[name];
          if (typeof v === 'string') {
            headers[name] = v;
          }
        }
        // The browser's cookies and Authorization never pass the proxy; the route's headers are added.
        Object.assign(headers, routeHeaders(route, instance));
        const hasBody = !['GET', 'HEAD'].includes(req.method) && Buffer.isBuffer(req.body) && req.body.length > 0;
        const upstream = await fetch(target, {
          method: req.method,
          headers,
          body: hasBody ? new Uint8Array(req.body as Buffer) : undefined,
        });
        res.status(upstream.status);
        for (const name of ['content-type', 'content-disposition', 'cache-control']) {
          const v = upstream.headers.get(name);
          if (v) {
            res.set(name, v);
          }
        }
        res.send(Buffer.from(await upstream.arrayBuffer()));
      } catch (err) {
        // What Grafana answers when the upstream cannot be reached.
        res.status(502).json({ message: 'Bad Gateway', error: (err as Error).message });
      }
    });
  }

  server.all('/api/*rest', (req, res) => {
    res.status(404).json({ message: `harness: Grafana API ${req.method} ${req.path} is not emulated` });
  });
  server.use((req, res) => {
    res.status(404).json({ message: `harness: nothing at ${req.path}` });
  });
  return server;
}

export async function listen(app: express.Express, port = 0, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.on('error', reject);
  });
}

export function serverUrl(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
