/**
 * Grafana's data source proxy for plugin routes (`/api/datasources/proxy/uid/<uid>/<route path>/...`):
 * the route of the data source's plugin.json whose `path` prefixes the request path is applied, its `url`
 * and `headers` rendered from the instance's `jsonData` and decrypted `secureJsonData`, so the secret is
 * added on the server and never reaches the browser.
 */

export interface PluginRoute {
  path: string;
  url?: string;
  method?: string;
  headers?: Array<{ name: string; content: string }>;
  urlParams?: Array<{ name: string; content: string }>;
}

export interface DataSourceInstance {
  uid: string;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

const TEMPLATE = /\{\{\s*\.(JsonData|SecureJsonData)\.([A-Za-z0-9_]+)\s*\}\}/g;

/** Renders the `{{ .JsonData.x }}` / `{{ .SecureJsonData.x }}` placeholders Grafana supports in routes. */
export function renderRouteTemplate(template: string, ds: DataSourceInstance): string {
  const rendered = template.replace(TEMPLATE, (_m, scope: string, key: string) => {
    const source: Record<string, unknown> = scope === 'JsonData' ? ds.jsonData : ds.secureJsonData;
    const value = source[key];
    if (value === undefined || value === null || value === '') {
      throw new Error(`route template ${template} needs ${scope}.${key}, which data source ${ds.uid} does not set`);
    }
    return String(value);
  });
  if (rendered.includes('{{')) {
    throw new Error(`route template ${template} uses a placeholder the harness does not render`);
  }
  return rendered;
}

const clean = (p: string) => p.replace(/^\/+/, '');

/** The first route whose path prefixes the proxied path and whose method allows the request, like Grafana. */
export function matchRoute(routes: PluginRoute[], proxyPath: string, method: string): PluginRoute | undefined {
  const wanted = clean(proxyPath);
  return routes.find(
    (r) =>
      (!r.method || r.method === '*' || r.method.toUpperCase() === method.toUpperCase()) &&
      wanted.startsWith(clean(r.path))
  );
}

/** The service URL a proxied request goes to: the route's URL joined with what follows the route path. */
export function routeTarget(route: PluginRoute, proxyPath: string, search: string, ds: DataSourceInstance): URL {
  if (!route.url) {
    throw new Error(`route ${route.path} has no url`);
  }
  const target = new URL(renderRouteTemplate(route.url, ds));
  const rest = clean(proxyPath).slice(clean(route.path).length).replace(/^\/+/, '');
  if (rest) {
    target.pathname = `${target.pathname.replace(/\/+$/, '')}/${rest}`;
  }
  // The browser's query string goes through untouched (OData expressions included); route params are added.
  const extra = (route.urlParams ?? [])
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(renderRouteTemplate(p.content, ds))}`)
    .join('&');
  const query = search.replace(/^\?/, '');
  target.search = [query, extra].filter(Boolean).join('&');
  return target;
}

export function routeHeaders(route: PluginRoute, ds: DataSourceInstance): Record<string, string> {
  return Object.fromEntries((route.headers ?? []).map((h) => [h.name, renderRouteTemplate(h.content, ds)]));
}
