import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { from, type Observable } from 'rxjs';
import { jsonRequest } from './tvmService';

interface Route {
  path: string;
  url: string;
  headers?: Array<{ name: string; content: string }>;
}

export interface ProxySettings {
  /** `instanceSettings.url`, e.g. /api/datasources/proxy/uid/tvm */
  instanceUrl: string;
  /** The data source's plugin.json, whose routes the proxy applies. */
  pluginJson: { routes?: Route[] };
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

export interface ProxiedRequest {
  method: string;
  /** What reached the service: path and query. */
  url: string;
  headers: Record<string, string>;
}

/** `{{ .JsonData.apiUrl }}` and `{{ .SecureJsonData.apiKey }}`, as Grafana renders route templates. */
function render(template: string, settings: ProxySettings): string {
  return template.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_m, scope: string, key: string) =>
    String((scope === 'JsonData' ? settings.jsonData[key] : settings.secureJsonData[key]) ?? '')
  );
}

/** Query parameters as Grafana's backendSrv serializes them: arrays repeat the key, undefined is left out. */
function serialize(params: BackendSrvRequest['params']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null) {
        search.append(key, String(v));
      }
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A `BackendSrv` whose `fetch` does what Grafana's data source proxy does for this plugin: a request to
 * `${instanceUrl}/<route.path>/…` goes to the route's URL plus the rest of the path, with the route's headers
 * (the API key) added on the way; the service's status and JSON come back as Grafana's fetch returns them.
 * Every forwarded request is recorded, so tests can assert what reached the service.
 */
export function grafanaProxy(settings: ProxySettings): { backendSrv: BackendSrv; forwarded: ProxiedRequest[] } {
  const forwarded: ProxiedRequest[] = [];
  const fetch = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> =>
    from(
      (async (): Promise<FetchResponse<T>> => {
        const route = (settings.pluginJson.routes ?? []).find((r) =>
          options.url.startsWith(`${settings.instanceUrl}/${r.path}/`)
        );
        if (!route) {
          throw fetchError(404, 'Not Found', { message: `no plugin route matches ${options.url}` }, options);
        }
        const rest = options.url.slice(`${settings.instanceUrl}/${route.path}`.length);
        const target = `${render(route.url, settings).replace(/\/+$/, '')}${rest}${serialize(options.params)}`;
        const headers = Object.fromEntries((route.headers ?? []).map((h) => [h.name, render(h.content, settings)]));
        const method = options.method ?? 'GET';
        let res;
        try {
          res = await jsonRequest<T>(target, method, headers, options.data);
        } catch (err) {
          // Grafana's proxy answers 502 when it cannot connect to the route's URL.
          throw fetchError(502, 'Bad Gateway', { message: `Bad Gateway: ${(err as Error).message}` }, options);
        }
        const url = new URL(target);
        forwarded.push({ method, url: url.pathname + url.search, headers });
        if (res.status >= 400) {
          throw fetchError(res.status, res.statusText, res.body, options);
        }
        return {
          data: res.body,
          status: res.status,
          statusText: res.statusText,
          ok: true,
          // jsdom has no Headers; the data source never reads them.
          headers: {} as unknown as Headers,
          redirected: false,
          type: 'basic',
          url: options.url,
          config: options,
        };
      })()
    );
  return { backendSrv: { fetch } as unknown as BackendSrv, forwarded };
}

function fetchError(status: number, statusText: string, data: unknown, config: BackendSrvRequest): FetchError {
  return { status, statusText, data, config };
}
