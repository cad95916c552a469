import { lastValueFrom, Observable } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';

/** Query parameters as Grafana serializes them: arrays repeat the key, null/undefined are left out. */
export function serializeParams(params: Record<string, unknown> | undefined): string {
  if (!params) {
    return '';
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === undefined || v === null) {
        continue;
      }
      const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(s)}`);
    }
  }
  return parts.join('&');
}

async function readBody(res: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  if (responseType === 'blob') {
    return res.blob();
  }
  if (responseType === 'arraybuffer') {
    return res.arrayBuffer();
  }
  const text = await res.text();
  if (responseType === 'text' || !text) {
    return text;
  }
  try {
    return JSON.parse(text);
  } catch {
    // Grafana hands non-JSON bodies over as text rather than failing the request.
    return text;
  }
}

/**
 * A `fetch`-based BackendSrv with Grafana's observable contract: one `FetchResponse` then complete, or a
 * `FetchError` ({status, data, config}) for non-2xx answers; a newer request with the same `requestId`
 * cancels the older one; unsubscribing aborts.
 */
export class HarnessBackendSrv implements BackendSrv {
  private inFlight = new Map<string, AbortController>();

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      if (options.requestId) {
        this.inFlight.get(options.requestId)?.abort();
        this.inFlight.set(options.requestId, controller);
      }
      options.abortSignal?.addEventListener('abort', () => controller.abort());
      const query = serializeParams(options.params);
      const base = options.url.startsWith('http') ? options.url : new URL(options.url, document.baseURI).href;
      const url = query ? `${base}${base.includes('?') ? '&' : '?'}${query}` : base;
      const headers = new Headers(options.headers ?? {});
      let body: BodyInit | undefined;
      const data = options.data;
      if (data !== undefined && data !== null) {
        if (
          typeof data === 'string' ||
          data instanceof Blob ||
          data instanceof FormData ||
          data instanceof ArrayBuffer
        ) {
          body = data;
        } else {
          body = JSON.stringify(data);
          if (!headers.has('Content-Type')) {
            headers.set('Content-Type', 'application/json');
          }
        }
      }
      if (!headers.has('Accept')) {
        headers.set('Accept', 'application/json, text/plain, */*');
      }
      const fail = (err: FetchError) => subscriber.error(err);
      fetch(url, {
        method: options.method ?? 'GET',
        headers,
        body,
        signal: controller.signal,
        credentials: options.credentials ?? 'same-origin',
      })
        .then(async (res) => {
          const payload = await readBody(res, options.responseType);
          if (!res.ok) {
            const message =
              payload && typeof payload === 'object' && 'message' in payload
                ? String((payload as { message: unknown }).message)
                : res.statusText;
            fail({ status: res.status, statusText: res.statusText, data: payload, message, config: options });
            return;
          }
          subscriber.next({
            data: payload as T,
            status: res.status,
            statusText: res.statusText,
            ok: res.ok,
            headers: res.headers,
            redirected: res.redirected,
            type: res.type,
            url: res.url,
            config: options,
          });
          subscriber.complete();
        })
        .catch((err: Error) => {
          if (controller.signal.aborted) {
            fail({ status: -1, statusText: 'Request was aborted', cancelled: true, data: null, config: options });
          } else {
            fail({ status: 0, statusText: err.message, message: err.message, data: null, config: options });
          }
        })
        .finally(() => {
          if (options.requestId && this.inFlight.get(options.requestId) === controller) {
            this.inFlight.delete(options.requestId);
          }
        });
      return () => controller.abort();
    });
  }

  async datasourceRequest<T = unknown>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(this.fetch<T>(options));
  }

  async request<T = unknown>(options: BackendSrvRequest): Promise<T> {
    return (await this.datasourceRequest<T>(options)).data;
  }

  get<T = unknown>(url: string, params?: unknown, requestId?: string, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, params: params as Record<string, unknown>, requestId });
  }

  delete<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, method: 'DELETE', data });
  }

  post<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, method: 'POST', data });
  }

  patch<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, method: 'PATCH', data });
  }

  put<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, method: 'PUT', data });
  }

  chunked(): Observable<FetchResponse<Uint8Array | undefined>> {
    return new Observable((s) => s.error(new Error('harness: chunked (streaming) requests are not emulated')));
  }
}
