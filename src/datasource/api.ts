import { type FetchError, getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { PROXY_ROUTE } from '../constants';

export type Params = Record<string, string | number | boolean | undefined>;

/** A failed request to the service, with a message that says what to do about it. */
export class TvmRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly kind: 'unreachable' | 'unauthorized' | 'service'
  ) {
    super(message);
  }
}

/** Statuses with which Grafana's proxy says it got no answer from the service (or the browser none from Grafana). */
const UNREACHABLE = new Set([0, 502, 504]);

/**
 * Every request goes through Grafana's data source proxy: `${instanceSettings.url}/tvm/...` is forwarded to the
 * route of plugin.json, which adds `Authorization: Bearer <key>` on Grafana's server. The key never reaches the
 * browser.
 */
export class TvmApi {
  constructor(
    /** `instanceSettings.url`: the proxy URL of this data source (`/api/datasources/proxy/uid/<uid>`). */
    private readonly proxyUrl: string,
    /** The service URL as configured, for messages only. */
    private readonly apiUrl: string
  ) {}

  /** GET `/tvm<path>` (`path` starts with `/api/` or is `/health`). */
  async get<T>(path: string, params: Params = {}, requestId?: string): Promise<T> {
    const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<T>({
          url: `${this.proxyUrl}/${PROXY_ROUTE}${path}`,
          method: 'GET',
          params: defined,
          requestId,
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return response.data;
    } catch (err) {
      throw this.explain(err, path);
    }
  }

  private explain(err: unknown, path: string): TvmRequestError {
    if (err instanceof TvmRequestError) {
      return err;
    }
    const where = this.apiUrl || '(no URL configured)';
    if (!isFetchError(err) || UNREACHABLE.has(err.status)) {
      const detail = isFetchError(err) ? statusText(err) : err instanceof Error ? err.message : String(err);
      return new TvmRequestError(
        `Grafana could not reach the TVM service at ${where}: check the URL in the data source settings (as Grafana's server reaches it, e.g. http://tvm:8080) and that the service is running${detail ? ` (${detail})` : ''}.`,
        isFetchError(err) ? err.status : undefined,
        'unreachable'
      );
    }
    if (err.status === 401 || err.status === 403) {
      return new TvmRequestError(
        `The TVM service at ${where} refused the API key (${statusText(err)}${serviceMessage(err) ? `: ${serviceMessage(err)}` : ''}). Enter a token with the read scope in the data source settings and save.`,
        err.status,
        'unauthorized'
      );
    }
    const message = serviceMessage(err);
    return new TvmRequestError(
      message ? `TVM service: ${message}` : `TVM service answered ${statusText(err)} to GET ${path}.`,
      err.status,
      'service'
    );
  }
}

function statusText(err: FetchError): string {
  return [err.status || undefined, err.statusText].filter(Boolean).join(' ');
}

/** The service's JSON error `{error: {code, message, target}}`, or Grafana's `{message}`. */
function serviceMessage(err: FetchError): string | undefined {
  const data = err.data as { error?: { message?: unknown }; message?: unknown } | undefined;
  if (typeof data?.error?.message === 'string') {
    return data.error.message;
  }
  return typeof data?.message === 'string' ? data.message : undefined;
}
